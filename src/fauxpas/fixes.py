"""``fauxpas check --fix``: the mechanical fixes, applied to files with care.

* Images with metadata: a cleaned copy ``name.clean.jpg`` next to the original (orientation
  applied to the pixels, every metadata block removed, verified by reopening). With
  ``in_place`` the original is replaced, after a backup ``name.jpg.bak``.
* Drafts with tracking parameters in links: the parameters are removed and every other byte of
  the file stays as it was; the file is written atomically (temporary file + rename) after a
  backup ``name.md.bak``, and only if it still holds what was checked.

Nothing here prints: the results say what was done, the CLI reports them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from fauxpas.errors import InputError
from fauxpas.models import PostReport

REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


@dataclass
class FixResult:
    path: str
    action: str                 # what was done, in words
    written: str | None = None  # the file written
    backup: str | None = None
    changed_input: bool = False  # an input of the check changed (re-check to see what remains)


@dataclass
class FixReport:
    done: list[FixResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def changed_inputs(self) -> bool:
        return any(r.changed_input for r in self.done)


def backup_path(path: Path) -> Path:
    """``name.ext.bak``, or ``name.ext.bak.N`` when an older backup exists (never overwritten)."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate


def apply_fixes(posts: Iterable[PostReport], in_place: bool = False) -> FixReport:
    posts = list(posts)
    report = FixReport()
    seen_images: set[str] = set()
    for post in posts:
        for ref in post.post.images:
            if not ref or REMOTE.match(ref):
                continue
            key = os.path.abspath(ref)
            if key in seen_images:
                continue
            seen_images.add(key)
            if any(f.category == "image-metadata" and f.origin == "image" for f in post.findings):
                _fix_image(ref, in_place, report)
    drafts: dict[str, list[PostReport]] = {}
    for post in posts:
        if any(f.rule == "tracking-parameters" and f.fix for f in post.findings):
            drafts.setdefault(post.post.source.path, []).append(post)
    for path, checked in drafts.items():
        _fix_links(Path(path), checked, report)
    return report


# -- images -------------------------------------------------------------------------------------
def _fix_image(ref: str, in_place: bool, report: FixReport) -> None:
    from fauxpas.analyzers.imagefile import clean_copy, inspect
    from fauxpas.analyzers.images import clean_name

    try:
        facts = inspect(ref)
    except InputError as error:
        report.errors.append(error)
        return
    if not facts.has_metadata and facts.orientation == 1:
        return
    source = Path(ref)
    try:
        if in_place:
            backup = backup_path(source)
            shutil.copy2(source, backup)
            tmp = source.with_name(f".{source.name}.fauxpas-clean{source.suffix}")
            removed = clean_copy(source, tmp)
            os.replace(tmp, source)
            report.done.append(FixResult(ref, "removed " + ", ".join(removed), str(source), str(backup), changed_input=True))
        else:
            target = clean_name(ref)
            removed = clean_copy(source, target)
            report.done.append(FixResult(ref, "removed " + ", ".join(removed), target))
    except InputError as error:
        report.errors.append(error)
    except OSError as error:
        report.errors.append(InputError(f"could not write the cleaned image: {error.strerror or error}", ref))


# -- links in drafts ----------------------------------------------------------------------------
def _fix_links(path: Path, checked: list[PostReport], report: FixReport) -> None:
    from fauxpas.sources.draft import DRAFT_SUFFIXES, parse_draft

    name = str(path)
    if path.suffix.lower() not in DRAFT_SUFFIXES:
        report.errors.append(InputError("tracking parameters are only removed from drafts (.md, .txt), not calendars; "
                                        "edit the links there by hand", name))
        return
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        report.errors.append(InputError(f"cannot read for --fix: {error}", name))
        return
    bom = text.startswith("\ufeff")
    body_text = text[1:] if bom else text
    # The file must still be what was checked.
    try:
        current = parse_draft(body_text, name, base_dir=path.parent)
    except InputError as error:
        report.errors.append(error)
        return
    if any(current.text != post.post.text for post in checked):
        report.errors.append(InputError("changed since it was checked; not fixed (run the check again)", name))
        return
    new_text, count = strip_tracking(body_text, checked)
    if count == 0 or new_text == body_text:
        return
    data = (("\ufeff" if bom else "") + new_text).encode("utf-8")
    try:
        backup = write_atomic(path, data, expected=raw)
    except InputError as error:
        report.errors.append(error)
        return
    report.done.append(FixResult(name, f"removed tracking parameters from {count} link{'s' if count != 1 else ''}",
                                 name, str(backup), changed_input=True))


def strip_tracking(text: str, checked: list[PostReport]) -> tuple[str, int]:
    """``text`` with tracking parameters removed from every link in it; (new text, links changed)."""
    from fauxpas.analyzers.links import parse_host, tracking_params
    from fauxpas.analyzers.urls import find_links, split, strip_params

    spans: dict[int, str] = {}
    for post in checked:
        first = _line_offset(text, post.post.source.line) + post.post.source.column_offset
        # Links of the front matter (``links:``) are reported without a position: fix them there.
        if any(f.rule == "tracking-parameters" and f.start is None for f in post.findings):
            for link in find_links(text[:first]):
                spans[link.start] = link.url  # type: ignore[index]
        # Links in the text: exactly those reported (not examples in comments or code blocks).
        for finding in post.findings:
            if finding.rule == "tracking-parameters" and finding.start is not None:
                url = post.post.text[finding.start:finding.end]
                # every occurrence in the checked text (comments and code are blanked out there)
                index = post.post.text.find(url)
                while index != -1:
                    at = first + index
                    if text[at:at + len(url)] == url:
                        spans[at] = url
                    index = post.post.text.find(url, index + len(url))
    changed = 0
    for start in sorted(spans, reverse=True):
        url = spans[start]
        parts = split(url)
        if parts is None or not parts.query or not parts.host:
            continue
        names = [n for n in _names(parts.query)]
        found = tracking_params(names, parse_host(parts.host).registrable)
        if not found:
            continue
        drop = {n.lower() for n, _ in found}
        cleaned = strip_params(url, lambda n: n.lower() in drop)
        if cleaned != url:
            text = text[:start] + cleaned + text[start + len(url):]
            changed += 1
    return text, changed


def _names(query: str) -> list[str]:
    from fauxpas.analyzers.urls import query_names

    return query_names(query)


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        nl = text.find("\n", offset)
        if nl == -1:
            return len(text)
        offset = nl + 1
    return offset


def write_atomic(path: Path, data: bytes, expected: bytes) -> Path:
    """Replace ``path`` with ``data`` if it still holds ``expected``; keep a backup. Returns the backup."""
    name = str(path)
    backup = backup_path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".fauxpas", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        shutil.copymode(path, tmp)
        if path.read_bytes() != expected:
            raise InputError("changed while it was being fixed; not fixed", name)
        shutil.copy2(path, backup)
        os.replace(tmp, path)
    except OSError as error:
        raise InputError(f"could not write the fixed file: {error.strerror or error}", name) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return backup
