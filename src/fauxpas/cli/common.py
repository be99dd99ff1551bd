"""What the commands share: process state (--debug), option parsing, printing errors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Iterable

from fauxpas.errors import UsageError


@dataclass
class _State:
    debug: bool = False


state = _State()


def split_names(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--select a,b --select c`` -> ('a', 'b', 'c')."""
    names: list[str] = []
    for value in values or ():
        names.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(names)


def use_colour(mode: str, stream=sys.stdout) -> bool:
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def choice(value: str | None, options: Iterable[str], option: str) -> str | None:
    if value is None:
        return None
    options = tuple(options)
    if value not in options:
        raise UsageError(f"{option} must be one of: {', '.join(options)} (got '{value}')")
    return value


def print_errors(errors: Iterable[Exception]) -> None:
    """One line per error; with --debug, the traceback of each as well."""
    for error in errors:
        if state.debug and error.__traceback__ is not None:
            import traceback

            traceback.print_exception(error, file=sys.stderr)
        print(f"fauxpas: error: {error}", file=sys.stderr)
