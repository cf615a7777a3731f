"""The online environment: problems as plain rows, an endless de-duplicated stream mixing tasks,
a curriculum over levels, and adapters for RL trainers."""
