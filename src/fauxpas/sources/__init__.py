"""Reading posts from where people write them: Markdown/text drafts, calendars, stdin.

``load(path)`` returns the posts it could read and an error for each part it could not (a bad
file, a malformed row), so one bad input never stops the others from being checked.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from fauxpas.errors import InputError
from fauxpas.models import Post, Source
from fauxpas.sources.calendar import CALENDAR_SUFFIXES, read_calendar
from fauxpas.sources.draft import DRAFT_SUFFIXES, parse_draft, read_text_file

# Pictures given directly as inputs (the same list the image checks accept or explain).
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif", ".mpo"}

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", "site-packages"}


def iter_files(path: Path) -> Iterator[Path]:
    """The file itself, or the drafts found by walking a directory (hidden and tool folders skipped)."""
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                candidate = Path(root) / name
                if candidate.suffix.lower() in DRAFT_SUFFIXES and not name.startswith("."):
                    yield candidate
    else:
        yield path


def load(path: Path, display: str | None = None) -> tuple[list[Post], list[InputError]]:
    """Posts in one file (a draft or a calendar), with the errors of the parts that failed."""
    name = display or str(path)
    if not path.exists():
        return [], [InputError("no such file or directory", name)]
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES and path.is_file():
        # `fauxpas check photo.jpg`: a post with that image and no text (the image checks read it).
        return [Post(text="", id=str(path.with_suffix("")), images=[str(path)], source=Source(name))], []
    try:
        if suffix in CALENDAR_SUFFIXES:
            return read_calendar(path, name)
        text = read_text_file(path, name)
        return [parse_draft(text, name, base_dir=path.parent)], []
    except InputError as error:
        return [], [error]


def from_text(text: str, name: str = "<stdin>") -> Post:
    """A post from editor text (``--stdin``); ``name`` decides how it is read and reported."""
    return parse_draft(text, name, base_dir=Path(name).parent if name != "<stdin>" else Path.cwd())


__all__ = ["CALENDAR_SUFFIXES", "DRAFT_SUFFIXES", "from_text", "iter_files", "load"]
