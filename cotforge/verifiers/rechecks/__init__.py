"""Independent re-checks of gold answers, one module per domain.

Each module registers ``RECHECKS.decorator(task)`` functions taking a ``Problem`` and
returning ``None`` when a second route (another solver, brute force, differentiation,
an exhaustive uniqueness count) agrees with the stored gold answer, or a short message
saying how it disagrees. They must not call the generator's own construction code.
"""
