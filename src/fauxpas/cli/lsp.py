"""``fauxpas lsp``: start the language server on stdio (for Neovim, VS Code, Helix...)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command("lsp")(lsp)


def lsp(
    debounce: float = typer.Option(0.25, "--debounce", help="Seconds to wait after a change before checking."),
) -> None:
    """Run the fauxpas language server over standard input and output."""
    from fauxpas.lsp import serve

    serve(debounce)
