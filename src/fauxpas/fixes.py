"""``fauxpas check --fix`` and ``--diff``: one mechanism for the fixes that rules and analyzers
declare safe, applied to files with care (or only shown, with ``--diff``).

* Images with metadata: a cleaned copy ``name.clean.jpg`` next to the original (orientation
  applied to the pixels, every metadata block removed, verified by reopening). With
  ``in_place`` the original is replaced, after a backup ``name.jpg.bak``.
* Drafts: text edits gathered from every finding that declares one — tracking parameters
  removed from links (every other byte of the URL kept) and a rule's declared replacement
  (``fix: {replace: ...}`` in its YAML) for the span it flagged. All edits of a file are applied
  together; the file is written atomically (temporary file + rename) after a backup
  ``name.md.bak``, and only if it still holds what was checked.

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
    diffs: list[str] = field(default_factory=list)  # with dry_run: unified diffs and planned writes

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


def apply_fixes(posts: Iterable[PostReport], in_place: bool = False, dry_run: bool = False) -> FixReport:
    """Apply (or, with ``dry_run``, only describe: ``report.diffs``) every declared fix."""
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
                if dry_run:
                    report.diffs.append(f"would write a copy of {ref} without its metadata")
                else:
                    _fix_image(ref, in_place, report)
    drafts: dict[str, list[PostReport]] = {}
    for post in posts:
        if any(_declares_text_fix(f) for f in post.findings):
            drafts.setdefault(post.post.source.path, []).append(post)
    for path, checked in drafts.items():
        _fix_draft(Path(path), checked, report, dry_run)
    return report


def _declares_text_fix(finding) -> bool:
    if finding.rule == "tracking-parameters":
        return bool(finding.fix)
    return finding.fix is not None and finding.start is not None and finding.origin == "rule"


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


# -- text edits in drafts -----------------------------------------------------------------------
def _fix_draft(path: Path, checked: list[PostReport], report: FixReport, dry_run: bool = False) -> None:
    from fauxpas.sources.draft import DRAFT_SUFFIXES, parse_draft

    name = str(path)
    if path.suffix.lower() not in DRAFT_SUFFIXES:
        report.errors.append(InputError("text fixes are only applied to drafts (.md, .txt), not calendars; "
                                        "edit the rows by hand", name))
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
    edits = tracking_edits(body_text, checked) + replacement_edits(body_text, checked)
    new_text = apply_edits(body_text, edits)
    if not edits or new_text == body_text:
        return
    links = sum(1 for e in edits if e[3] == "link")
    replaced = len(edits) - links
    what = ", ".join(part for part in (
        f"removed tracking parameters from {links} link{'s' if links != 1 else ''}" if links else "",
        f"applied {replaced} declared replacement{'s' if replaced != 1 else ''}" if replaced else "") if part)
    if dry_run:
        import difflib

        report.diffs.append("".join(difflib.unified_diff(body_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                                         fromfile=f"a/{name}", tofile=f"b/{name}")))
        return
    data = (("\ufeff" if bom else "") + new_text).encode("utf-8")
    try:
        backup = write_atomic(path, data, expected=raw)
    except InputError as error:
        report.errors.append(error)
        return
    report.done.append(FixResult(name, what, name, str(backup), changed_input=True))


Edit = tuple[int, int, str, str]  # start, end (offsets in the file's text), new text, kind


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (later ones first, so offsets stay valid); overlaps are skipped."""
    last = len(text) + 1
    for start, end, new, _ in sorted(edits, key=lambda e: e[0], reverse=True):
        if end > last:
            continue
        text = text[:start] + new + text[end:]
        last = start
    return text


def replacement_edits(text: str, checked: list[PostReport]) -> list[Edit]:
    """A rule's declared replacement for each span it flagged (``fix: {replace: ...}``)."""
    edits: list[Edit] = []
    for post in checked:
        first = _line_offset(text, post.post.source.line) + post.post.source.column_offset
        for finding in post.findings:
            if finding.rule == "tracking-parameters" or not _declares_text_fix(finding):
                continue
            start, end = first + finding.start, first + finding.end
            if text[start:end] == post.post.text[finding.start:finding.end]:
                edits.append((start, end, finding.fix, "replace"))
    return edits


def strip_tracking(text: str, checked: list[PostReport]) -> tuple[str, int]:
    """``text`` with tracking parameters removed from every link in it; (new text, links changed)."""
    edits = tracking_edits(text, checked)
    return apply_edits(text, edits), len(edits)


def tracking_edits(text: str, checked: list[PostReport]) -> list[Edit]:
    """Edits that remove tracking parameters from the reported links, byte for byte otherwise."""
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
    edits: list[Edit] = []
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
            edits.append((start, start + len(url), cleaned, "link"))
    return edits


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
