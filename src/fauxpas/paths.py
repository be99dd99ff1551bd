"""Where shipped data lives: inside the installed package (``fauxpas/_data``) or, in a source
checkout or editable install, at the repository's top level (``rules/``, ``models/``, ``corpus/``)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def _find(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _REPO / name


def rules_dir() -> Path:
    return _find("rules")


def models_dir() -> Path:
    return _find("models")
