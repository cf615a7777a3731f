"""Running untrusted code: bubblewrap isolation, the warm worker pool and the rlimit fallback.

Below generators, solvers and verifiers (all of which run generated or model-written code), above
``core`` only. ``runner`` runs one program in a fresh sandbox; ``pool`` keeps warm sandboxed
workers (``worker`` is the program they run).
"""
