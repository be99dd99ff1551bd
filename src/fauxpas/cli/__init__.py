"""The command line: a thin Typer layer over the library. One module per command.

The library raises; this layer prints one line per error and picks the exit code:
0 nothing blocks, 1 a post is ``block`` (or over ``--fail-on``), 2 usage, configuration or
input error. ``--debug`` shows tracebacks instead.
"""

from __future__ import annotations

import sys

import typer

from fauxpas.cli import check as check_cmd
from fauxpas.cli import lsp as lsp_cmd
from fauxpas.cli import media as media_cmd
from fauxpas.cli import model as model_cmd
from fauxpas.cli import profile as profile_cmd
from fauxpas.cli import review as review_cmd
from fauxpas.cli import rules as rules_cmd
from fauxpas.cli.common import command_group, state
from fauxpas.errors import FauxpasError

app = command_group("fauxpas", "A pre-publication risk linter for social media posts.")


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors.")) -> None:
    state.debug = debug


check_cmd.register(app)
rules_cmd.register(app)
model_cmd.register(app)
media_cmd.register(app)
lsp_cmd.register(app)
review_cmd.register(app)
profile_cmd.register(app)


def main() -> None:
    """Console entry point: run the app, turning library errors into one line and exit code 2."""
    import gc

    # A command builds a large, long-lived heap (pipeline, rules, indexes) and then allocates in
    # bursts per post; collecting every 700 allocations walked that heap again and again. Cycles
    # are still collected, a hundred times less often (see fauxpas.gcpause).
    gc.set_threshold(70_000, 10, 10)
    state.debug = "--debug" in sys.argv[1:]
    try:
        app()
    except FauxpasError as error:
        if state.debug:
            raise
        print(f"fauxpas: error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line unless debugging
        if state.debug:
            raise
        print(f"fauxpas: internal error: {type(error).__name__}: {error} (run with --debug for details)", file=sys.stderr)
        sys.exit(2)
