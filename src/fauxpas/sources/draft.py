"""Markdown and plain-text drafts: optional YAML front matter, then the post's text.

Markup that is not post text is blanked out with spaces (same length, newlines kept), so every
character offset still points at the right line and column of the file: HTML comments (where
suppression comments live) and fenced code blocks. Markdown images contribute their paths and
alt text to the post.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from fauxpas.errors import InputError
from fauxpas.models import ACCOUNTS, Post, Source, Suppression
from fauxpas.sources.fields import normalise_platform, split_list
from fauxpas.timeparse import parse_datetime
from fauxpas.yamlio import error_line, error_text, load_with_lines

DRAFT_SUFFIXES = {".md", ".markdown", ".mdx", ".txt", ".text"}
MAX_DRAFT_BYTES = 1024 * 1024
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
SUPPRESSION = re.compile(r"^\s*fauxpas:\s*(ignore-file|ignore)\b\s*(?:\[([^\]]*)\])?\s*(.*?)\s*$", re.S)
FENCE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$", re.S | re.M)
IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def read_text_file(path: Path, name: str, limit: int = MAX_DRAFT_BYTES) -> str:
    """Read a text file, refusing directories, huge files, binary data and invalid UTF-8."""
    try:
        if path.is_dir():
            raise InputError("is a directory", name)
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {size // 1024} KiB, over the {limit // 1024} KiB limit for one draft", name)
        data = path.read_bytes()
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", name) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file, not a text draft", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {error.start}); save the file as UTF-8", name, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def parse_draft(text: str, name: str, base_dir: Path | None = None) -> Post:
    """A Post from a draft's text. Raises InputError for broken front matter."""
    meta: dict[str, Any] = {}
    body_start = 0
    match = FRONT_MATTER.match(text)
    if match:
        body_start = match.end()
        try:
            loaded = load_with_lines(match.group(1)) if match.group(1).strip() else {}
        except yaml.YAMLError as error:
            line = error_line(error)
            raise InputError(f"broken front matter: {error_text(error)}", name, (line + 1) if line else 1) from None
        if not isinstance(loaded, dict):
            raise InputError("front matter must be a mapping of keys (key: value)", name, 2)
        meta = loaded
    elif text.startswith("---\n") or text.startswith("---\r\n"):
        raise InputError("front matter is not closed: add a line '---' after it", name, 1)
    first_line = text.count("\n", 0, body_start) + 1
    body = text[body_start:]
    body, suppressions = _blank_markup(body)
    images, alts = _images(body)
    post = Post(text=body, id=str(Path(name).with_suffix("")) if name != "<stdin>" else "stdin", source=Source(name, first_line))
    _apply_meta(post, meta, name, base_dir)
    post.images = post.images or [_resolve(i, base_dir) for i in images]
    post.alt_text = post.alt_text or [a for a in alts if a.strip()]
    post.suppressions = suppressions
    return post


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _blank_markup(body: str) -> tuple[str, list[Suppression]]:
    suppressions: list[Suppression] = []
    for m in FENCE.finditer(body):
        body = _blank(body, m.start(), m.end())
    for m in list(COMMENT.finditer(body)):
        directive = SUPPRESSION.match(m.group(1))
        if directive:
            kind, rules, reason = directive.groups()
            ids = frozenset(r.strip() for r in (rules or "").split(",") if r.strip())
            if kind == "ignore-file":
                start, end = 0, len(body)
            else:
                start = m.end()
                rest = body[start:]
                offset = len(rest) - len(rest.lstrip())
                stop = PARAGRAPH_END.search(rest, offset)
                end = start + (stop.start() if stop else len(rest))
            suppressions.append(Suppression(ids, start, end, reason))
        body = _blank(body, m.start(), m.end())
    return body, suppressions


def _images(body: str) -> tuple[list[str], list[str]]:
    images, alts = [], []
    for m in IMAGE.finditer(body):
        alts.append(m.group(1))
        images.append(m.group(2))
    return images, alts


def _resolve(ref: str, base_dir: Path | None) -> str:
    if re.match(r"^[a-z]+://", ref, re.I) or base_dir is None or Path(ref).is_absolute():
        return ref
    return str(base_dir / ref)


FRONT_KEYS = {"platform", "account", "id", "images", "image", "alt_text", "alt", "scheduled_at", "ignore", "links"}


def _apply_meta(post: Post, meta: dict[str, Any], name: str, base_dir: Path | None) -> None:
    def line(key: str) -> int:
        return (meta.line_of(key) + 1) if hasattr(meta, "line_of") else 1

    if "id" in meta and meta["id"] is not None:
        post.id = str(meta["id"])
    if meta.get("platform") is not None:
        post.platform = normalise_platform(str(meta["platform"]))
        if post.platform is None:
            raise InputError(f"unknown platform '{meta['platform']}'", name, line("platform"))
    if meta.get("account") is not None:
        account = str(meta["account"]).strip().lower()
        if account not in ACCOUNTS:
            raise InputError(f"account must be one of: {', '.join(ACCOUNTS)}", name, line("account"))
        post.account = account
    if meta.get("scheduled_at") is not None:
        try:
            post.scheduled_at = parse_datetime(meta["scheduled_at"])
        except ValueError as error:
            raise InputError(str(error), name, line("scheduled_at")) from None
    images = split_list(meta.get("images", meta.get("image")))
    post.images = [_resolve(i, base_dir) for i in images]
    post.alt_text = split_list(meta.get("alt_text", meta.get("alt")), separator=None)
    post.links = split_list(meta.get("links"))
    post.ignore = split_list(meta.get("ignore"), separator=",;")
