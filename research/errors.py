"""The package's own error types.

A ``UserError`` is a mistake in something the user wrote (a config, an input
file, a command-line value). The CLI prints its message as one line and exits
with code 2. Anything else is a bug and keeps its traceback.
"""


class UserError(Exception):
    """A user mistake: one readable line naming the file, key or value."""


class DataError(UserError):
    """Input data that cannot be loaded (missing file, no body text, bad JSON)."""


class ConfigError(UserError):
    """A config file or override that is missing, malformed or invalid."""


class UnknownName(ConfigError, ValueError):
    """A name no registry holds (a system, checker, task or backend). A ValueError too, so that config
    validators report it under the key that names it."""
