"""cotforge: forge verified chain-of-thought training data."""

from cotforge import plugins as _plugins  # noqa: F401 - tells core's registries where cotforge's own tasks, spaces, ... live
