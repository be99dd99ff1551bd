"""What the commands share: process state (--debug), option parsing, printing errors."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from fauxpas.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import typer


@dataclass
class _State:
    debug: bool = False


state = _State()


def command_group(name: str, help: str) -> typer.Typer:
    """A Typer app (the root command or a group such as ``profile``) with fauxpas's settings:
    help when called bare, no shell-completion commands, plain help text, and tracebacks left
    to ``main`` (one line unless --debug)."""
    import typer

    return typer.Typer(name=name, help=help, add_completion=False, no_args_is_help=True,
                       pretty_exceptions_enable=False, rich_markup_mode=None)


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
