"""Per-domain engines written once and shared by generators, step spaces and verifiers:
constraint solving, exact arithmetic and algebra, logic formulas, code operations.

Imports ``core`` only; nothing here knows about tasks, search or the pipeline.
"""
