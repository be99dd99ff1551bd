"""One renderer per output format, behind one table (as ruff does)."""

from __future__ import annotations

from typing import Callable

from fauxpas.models import Report
from fauxpas.output.json import render_json
from fauxpas.output.text import render_text

RENDERERS: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json}

__all__ = ["RENDERERS", "render_json", "render_text"]
