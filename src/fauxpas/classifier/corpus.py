"""Reading the corpus (labelled posts and documented cases) and fingerprinting it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fauxpas.errors import InputError
from fauxpas.models import Post, Source
from fauxpas.yamlio import safe_load


@dataclass
class Case:
    id: str
    title: str
    year: int | None
    lesson: str
    text: str  # what happened + lesson, for similarity


def corpus_root() -> Path:
    from fauxpas.paths import _REPO

    return _REPO / "corpus"


def read_posts(path: Path) -> list[dict[str, Any]]:
    """Labelled posts from a folder of JSONL files or one JSONL file."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    rows = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"invalid JSON: {error.msg}", str(file), number) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("label") not in ("blunder", "ok"):
                raise InputError("each line needs 'text' and 'label' (blunder or ok)", str(file), number)
            rows.append(row)
    if not rows:
        raise InputError("no labelled posts found", str(path))
    return rows


def read_cases(folder: Path) -> dict[str, Case]:
    cases = {}
    for file in sorted(folder.glob("*.yaml")):
        data = safe_load(file.read_text(encoding="utf-8"))
        cases[data["id"]] = Case(
            id=data["id"], title=data["title"], year=data.get("year"), lesson=" ".join(data["lesson"].split()),
            text=f"{data['title']}. {data['what_happened']} {data['lesson']}",
        )
    return cases


def row_to_post(row: dict[str, Any]) -> Post:
    when = row.get("scheduled_at")
    return Post(text=row["text"], id=str(row.get("id", "")), account=row.get("account"), platform=row.get("platform"),
                scheduled_at=datetime.fromisoformat(when) if when else None, source=Source(str(row.get("id", "corpus"))))


def corpus_hash(root: Path) -> str:
    """sha256 over every post and case file (name and bytes), in a stable order."""
    digest = hashlib.sha256()
    for file in sorted([*(root / "posts").glob("*.jsonl"), *(root / "cases").glob("*.yaml")]):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()
