"""The exceptions fauxpas raises. The library never prints or exits; the CLI maps these to exit code 2.

    FauxpasError                 anything the user can fix: catch this at the edge
     +-- InputError              a draft or calendar that cannot be read (names the file and line)
     +-- ConfigError             a configuration file or option that is wrong
     +-- RuleError               a rule pack that does not validate (names the file and line)
     +-- UsageError              a wrong combination of options, an unknown rule id in --select
"""

from __future__ import annotations


class FauxpasError(Exception):
    """Base class: a problem the user can fix. ``str()`` is one line naming the file where known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(FauxpasError):
    """A draft, calendar or image that cannot be read: missing, binary, not UTF-8, too large, malformed."""


class ConfigError(FauxpasError):
    """A configuration file (``.fauxpas.yaml``, ``[tool.fauxpas]``) or option value that is wrong."""


class RuleError(FauxpasError):
    """A rule or lexicon that does not validate: unknown key, bad pattern, regex that does not compile."""


class UsageError(FauxpasError):
    """Options that do not fit together, or name something that does not exist (a rule id, a format)."""
