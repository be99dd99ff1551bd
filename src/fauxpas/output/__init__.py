"""One renderer per output format, behind one table (as ruff does)."""

from __future__ import annotations

from typing import Callable

from fauxpas.output.concise import render_concise
from fauxpas.output.github import render_github
from fauxpas.output.json import render_json
from fauxpas.output.sarif import render_sarif
from fauxpas.output.text import render_text

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "concise": render_concise,
    "github": render_github,
    "sarif": render_sarif,
}

__all__ = ["RENDERERS", "render_concise", "render_github", "render_json", "render_sarif", "render_text"]
