"""Content calendars: one post per row, in CSV, JSON Lines, JSON (a list), YAML (a list) or XLSX
(the first sheet, with a header row).

Column names are matched case-insensitively with the usual aliases (DESIGN.md section 3). A row
that cannot be read is reported as an error naming the file and line, and the other rows are
still checked.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from fauxpas.errors import InputError
from fauxpas.models import ACCOUNTS, Post, Source
from fauxpas.sources.draft import decode
from fauxpas.sources.fields import normalise_platform, split_list
from fauxpas.timeparse import parse_datetime
from fauxpas.yamlio import error_line, error_text, load_with_lines

CALENDAR_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".yaml", ".yml", ".xlsx"}
MAX_CALENDAR_BYTES = 64 * 1024 * 1024
# XLSX is a zip of XML: cap the file, what it unpacks to, and the rows read (a "zip bomb" or a
# sheet with a million empty formatted rows must not exhaust memory or time).
MAX_XLSX_BYTES = 32 * 1024 * 1024
MAX_XLSX_UNPACKED = 512 * 1024 * 1024
MAX_XLSX_ROWS = 200_000
MAX_TEXT_CHARS = 100_000

ALIASES = {
    "text": ("text", "message", "copy", "caption", "content", "body", "post", "post_text", "tweet"),
    "id": ("id", "post_id", "uid"),
    "platform": ("platform", "network", "channel", "social_network"),
    "account": ("account", "account_type"),
    "scheduled_at": ("scheduled_at", "publish_at", "send_at", "scheduled", "publish_time", "datetime", "scheduled_for"),
    "date": ("date", "publish_date", "day"),
    "time": ("time", "publish_time_of_day", "hour"),
    "images": ("images", "image", "media", "media_url", "media_urls", "image_url"),
    "alt_text": ("alt_text", "alt", "alt_texts", "image_alt"),
    "links": ("links", "link", "url", "urls"),
    "ignore": ("ignore", "fauxpas_ignore"),
}
_LOOKUP = {alias: field for field, aliases in ALIASES.items() for alias in aliases}


def _key(header: Any) -> str:
    return re.sub(r"[\s\-/]+", "_", str(header).strip().lower())


def canonical(row: dict[str, Any]) -> dict[str, Any]:
    """Map a row's columns onto our field names (first alias present wins)."""
    result: dict[str, Any] = {}
    for header, value in row.items():
        field = _LOOKUP.get(_key(header))
        if field and field not in result:
            result[field] = value
    return result


def read_calendar(path: Path, name: str) -> tuple[list[Post], list[InputError]]:
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        limit = MAX_XLSX_BYTES if suffix == ".xlsx" else MAX_CALENDAR_BYTES
        if size > limit:
            raise InputError(f"file is {size // (1024 * 1024)} MiB, over the {limit // (1024 * 1024)} MiB limit", name)
        text = "" if suffix == ".xlsx" else decode(path.read_bytes(), name)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", name) from None
    if suffix == ".xlsx":
        rows: Iterator[Row | InputError] = _xlsx_rows(path, name)
    else:
        rows = {
            ".csv": _csv_rows, ".tsv": _csv_rows, ".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows,
            ".json": _json_rows, ".yaml": _yaml_rows, ".yml": _yaml_rows,
        }[suffix](text, name)
    posts: list[Post] = []
    errors: list[InputError] = []
    base_dir = path.parent
    for item in rows:
        if isinstance(item, InputError):
            errors.append(item)
            continue
        number, line, row = item
        try:
            posts.append(row_to_post(row, name, number, line, base_dir))
        except InputError as error:
            errors.append(error)
    return posts, errors


Row = tuple[int, int, dict[str, Any]]


def _csv_rows(text: str, name: str) -> Iterator[Row | InputError]:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        # The sniffer only sees the first 8 KiB: with no doubled quote in it, it guesses
        # doublequote=False and a later "Say ""hi""" cell breaks its row. Spreadsheets always
        # escape quotes by doubling them.
        if dialect.quotechar == '"' and not dialect.escapechar:
            dialect.doublequote = True
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as error:
        yield InputError(f"malformed CSV header: {error}", name, 1)
        return
    if not any(_LOOKUP.get(_key(h)) == "text" for h in header):
        yield InputError(f"no text column (expected one of: {', '.join(ALIASES['text'])})", name, 1)
        return
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield InputError(f"malformed CSV row: {error}", name, line)
            # csv cannot resynchronise after a broken quote: the rest of the file is unreadable
            return
        if not values or all(not v.strip() for v in values):
            continue
        number += 1
        if len(values) > len(header):
            yield InputError(f"row has {len(values)} fields but the header has {len(header)}", name, line)
            continue
        yield number, line, dict(zip(header, values))


def _jsonl_rows(text: str, name: str) -> Iterator[Row | InputError]:
    number = 0
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        number += 1
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError(f"invalid JSON: {error.msg} (column {error.colno})", name, line_number)
            continue
        if not isinstance(row, dict):
            yield InputError("each line must be a JSON object", name, line_number)
            continue
        yield number, line_number, row


def _json_rows(text: str, name: str) -> Iterator[Row | InputError]:
    decoder = json.JSONDecoder()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputError(f"invalid JSON: {error.msg}", name, error.lineno)
        return
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        data = data["posts"]
    if not isinstance(data, list):
        yield InputError("a JSON calendar must be a list of post objects", name, 1)
        return
    # Find each element's line by decoding the array element by element.
    lines = []
    index = text.index("[") + 1 if "[" in text else 0
    for _ in data:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        lines.append(text.count("\n", 0, index) + 1)
        try:
            _, index = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            break
    for number, row in enumerate(data, 1):
        line = lines[number - 1] if number - 1 < len(lines) else 1
        if not isinstance(row, dict):
            yield InputError("each element must be a post object", name, line)
            continue
        yield number, line, row


def _yaml_rows(text: str, name: str) -> Iterator[Row | InputError]:
    try:
        data = load_with_lines(text)
    except yaml.YAMLError as error:
        yield InputError(error_text(error), name, error_line(error))
        return
    if isinstance(data, dict) and isinstance(data.get("posts"), list):
        data = data["posts"]
    if not isinstance(data, list):
        yield InputError("a YAML calendar must be a list of posts", name, 1)
        return
    for number, row in enumerate(data, 1):
        line = data.line_of(number - 1) if hasattr(data, "line_of") else 1
        if not isinstance(row, dict):
            yield InputError("each item must be a mapping with a text", name, line)
            continue
        yield number, line, row


def _xlsx_rows(path: Path, name: str) -> Iterator[Row | InputError]:
    """Rows of the first sheet, keyed by the header row (the first row with any value).

    Opened read-only with cached formula values (``data_only``): a formula that was never
    calculated reads as empty. Dates come from the cells as datetimes. ``line`` is the sheet's
    row number, as the spreadsheet shows it.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        yield InputError("not an XLSX workbook (not a zip archive); save it as .xlsx from the spreadsheet program", name)
        return
    if unpacked > MAX_XLSX_UNPACKED:
        yield InputError(f"workbook unpacks to {unpacked // (1024 * 1024)} MiB, over the "
                         f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MiB limit", name)
        return
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency
        yield InputError("reading .xlsx needs the openpyxl package (pip install openpyxl)", name)
        return
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        yield InputError(f"cannot open workbook: {type(error).__name__}: {error}", name)
        return
    try:
        if not workbook.worksheets:
            yield InputError("workbook has no sheets", name)
            return
        sheet = workbook.worksheets[0]
        header: list[str | None] | None = None
        number = 0
        for line, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            if line > MAX_XLSX_ROWS:
                yield InputError(f"sheet '{sheet.title}' has more than {MAX_XLSX_ROWS:,} rows; only those were read", name, line)
                return
            if not cells or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if header is None:
                header = [None if c is None else str(c).strip() for c in cells]
                if not any(h and _LOOKUP.get(_key(h)) == "text" for h in header):
                    yield InputError(f"sheet '{sheet.title}': no text column in the header row "
                                     f"(expected one of: {', '.join(ALIASES['text'])})", name, line)
                    return
                continue
            number += 1
            row: dict[str, Any] = {}
            bad = None
            for column, (title, value) in enumerate(zip(header, cells), 1):
                if not title:
                    continue
                if isinstance(value, str) and value in _XLSX_ERRORS:
                    if _LOOKUP.get(_key(title)) is not None:
                        bad = f"row {number}: cell {_column_letter(column)}{line} ({title}) holds the error {value}"
                        break
                    continue
                row[title] = _xlsx_value(value)
            if bad:
                yield InputError(bad, name, line)
                continue
            yield number, line, row
    finally:
        workbook.close()


_XLSX_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}


def _xlsx_value(value: Any) -> Any:
    """Spreadsheet numbers as people typed them: 12.0 -> "12" (ids), other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row_to_post(row: dict[str, Any], name: str, number: int, line: int, base_dir: Path | None = None) -> Post:
    fields = canonical(row)
    text = fields.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise InputError(f"row {number} has no text", name, line)
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"row {number} text is over {MAX_TEXT_CHARS} characters", name, line)
    post = Post(text=text, id=str(fields.get("id") or f"{Path(name).stem}:{number}"), source=Source(name, line, number))
    if fields.get("platform") not in (None, ""):
        post.platform = normalise_platform(str(fields["platform"]))
    if fields.get("account") not in (None, ""):
        account = str(fields["account"]).strip().lower()
        if account not in ACCOUNTS:
            raise InputError(f"row {number}: account must be one of {', '.join(ACCOUNTS)}, not '{account}'", name, line)
        post.account = account
    when, day, clock = fields.get("scheduled_at"), fields.get("date"), fields.get("time")
    try:
        if when not in (None, ""):
            post.scheduled_at = parse_datetime(when)
        elif day not in (None, ""):
            post.scheduled_at = parse_datetime(day, clock)
    except ValueError as error:
        raise InputError(f"row {number}: {error}", name, line) from None
    post.images = [str(base_dir / i) if base_dir and not re.match(r"^[a-z]+://", i, re.I) and not Path(i).is_absolute() else i
                   for i in split_list(fields.get("images"))]
    post.alt_text = split_list(fields.get("alt_text"), separator="|") if isinstance(fields.get("alt_text"), str) else split_list(fields.get("alt_text"))
    post.links = split_list(fields.get("links"))
    post.ignore = split_list(fields.get("ignore"), separator=",;")
    return post
