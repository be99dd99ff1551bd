"""A regular expression compiled on first use.

Rule data builds large alternations of literal terms (greeting cues, holiday names, place hints,
event keywords). Compiling one costs milliseconds, a few dozen cost a tenth of every cold start,
and a check of one draft without a schedule never runs most of them.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands in for ``re.compile(source, flags)``: any attribute (``search``, ``finditer``,
    ``pattern`` ...) compiles the expression once and is read from the compiled pattern."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source[:40]!r}{'...' if len(self.source) > 40 else ''})"
