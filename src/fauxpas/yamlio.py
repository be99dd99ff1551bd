"""Safe YAML loading that remembers line numbers, so validation errors can name file and line.

Everything goes through ``yaml.safe_load``'s machinery (libyaml's CSafeLoader when available):
untrusted rule packs, calendars and front matter can never construct Python objects.
"""

from __future__ import annotations

from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    """A sequence that knows its line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain values", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        if isinstance(key, str):
            result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_all_with_lines(text: str, cache: bool = False) -> list[Any]:
    """Parse every YAML document in ``text``; mappings and lists carry their line numbers.

    Raises ``yaml.YAMLError`` (with a mark) on malformed YAML; callers turn it into their own error.
    With ``cache``, the parsed result is kept as JSON in the user's cache folder under the text's
    sha256 (PyYAML builds every scalar in Python: the shipped rule packs took a quarter of a
    second to parse on every start). JSON holds data only, so a cache entry can never run code.
    """
    if cache:
        cached = _cache_read(text)
        if cached is not None:
            return cached
    documents = [doc for doc in yaml.load_all(text, Loader=_LineLoader) if doc is not None]
    if cache:
        _cache_write(text, documents)
    return documents


def _cache_path(text: str) -> Any:
    import hashlib

    from fauxpas.phrases import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"yaml-v1-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}.json"


def _encode(value: Any) -> Any:
    if isinstance(value, LineDict):
        return {"d": [[k, _encode(v)] for k, v in value.items()], "l": value.line, "k": getattr(value, "key_lines", {})}
    if isinstance(value, LineList):
        return {"s": [_encode(v) for v in value], "l": value.line, "i": getattr(value, "item_lines", [])}
    if isinstance(value, dict):
        return {"d": [[k, _encode(v)] for k, v in value.items()], "l": 0, "k": {}}
    if isinstance(value, list):
        return {"s": [_encode(v) for v in value], "l": 0, "i": []}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return {"v": value}
    return {"v": str(value)}  # dates and other scalars are not expected in rule packs


def _decode(value: dict[str, Any]) -> Any:
    if "d" in value:
        result = LineDict((k, _decode(v)) for k, v in value["d"])
        result.line, result.key_lines = value["l"], value["k"]
        return result
    if "s" in value:
        items = LineList(_decode(v) for v in value["s"])
        items.line, items.item_lines = value["l"], value["i"]
        return items
    return value["v"]


def _cache_read(text: str) -> list[Any] | None:
    import json

    path = _cache_path(text)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [_decode(doc) for doc in data]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cache_write(text: str, documents: list[Any]) -> None:
    import json
    import os
    import tempfile

    path = _cache_path(text)
    if path is None:
        return
    try:
        payload = json.dumps([_encode(doc) for doc in documents], separators=(",", ":"))
    except (TypeError, ValueError):
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(payload)
        os.replace(temporary, path)
    except OSError:
        pass


def load_with_lines(text: str) -> Any:
    return yaml.load(text, Loader=_LineLoader)


def safe_load(text: str) -> Any:
    """Plain, fast, safe parse (no line numbers)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def error_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"invalid YAML: {problem}"


def read_user_file(path: Any, what: str, error: type) -> str:
    """The text of a small UTF-8 file a person wrote (configuration, profile, freeze list), or
    ``error`` with one line naming the file: what every such loader needs before parsing."""
    name = str(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as problem:
        raise error(f"cannot read {what}: {problem.strerror}", name) from None
    except UnicodeDecodeError:
        raise error(f"{what} is not valid UTF-8", name) from None
