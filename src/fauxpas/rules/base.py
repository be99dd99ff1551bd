"""What every rule shares: the common YAML keys, their validation, and the Rule base class.

A rule type subclasses :class:`Rule`, declares its own keys in ``OPTIONS`` and implements
``compile`` (once per process, may use spaCy) and ``run`` (per post, only matches). Filtering that
is the same for every type (accounts, exceptions, quotes, negation, allow-lists, suppression) is
done once, by the linter, not by each type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from fauxpas.errors import RuleError
from fauxpas.models import ACCOUNTS, CATEGORIES, PLATFORMS, SEVERITIES

if TYPE_CHECKING:  # pragma: no cover
    from fauxpas.view import PostView

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCOPES = ("text", "alt_text", "image_text")
SENSITIVE_CATEGORIES = ("privacy-leak", "secret-leak")


@dataclass(frozen=True)
class Hit:
    """One match of a rule in one text: a character range and optional details for the message."""

    start: int | None
    end: int | None
    values: dict[str, str] = field(default_factory=dict)
    confidence: float | None = None  # overrides the rule's confidence for this hit
    also: tuple[tuple[int, int], ...] = ()  # other ranges the hit rests on (a co-occurrence's far term)


@dataclass(frozen=True)
class Example:
    """A must-flag or must-pass example: text plus the context the rule depends on."""

    text: str
    account: str | None = None
    platform: str | None = None
    scheduled_at: datetime | None = None


@dataclass
class RuleSpec:
    """The keys every rule has, validated."""

    id: str
    category: str
    severity: str
    type: str
    message: str
    why: str
    path: str
    line: int
    pack: str
    suggestion: str | None = None
    fix: str | None = None
    scope: tuple[str, ...] = ("text", "image_text")
    accounts: tuple[str, ...] = ACCOUNTS
    platforms: tuple[str, ...] = ()
    confidence: float = 1.0
    exceptions: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    skip_quoted: bool = False
    skip_reported: bool = False
    skip_negated: bool = False
    mask: bool = False
    source: tuple[str, ...] = ()
    flag_examples: tuple[Example, ...] = ()
    pass_examples: tuple[Example, ...] = ()


class Validator:
    """Validates one mapping of a rule file and raises RuleError naming file and line."""

    def __init__(self, data: Any, path: str, line: int):
        self.data = data
        self.path = path
        self.line = line

    def fail(self, message: str, key: str | None = None) -> RuleError:
        line = self.data.line_of(key) if key is not None and hasattr(self.data, "line_of") else self.line
        return RuleError(message, self.path, line)

    def str(self, key: str, required: bool = True, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing required key '{key}'")
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string", key)
        return value.strip()

    def choice(self, key: str, choices: Iterable[str], required: bool = True, default: str | None = None) -> str:
        value = self.str(key, required, default)
        options = tuple(choices)
        if value not in options:
            raise self.fail(f"'{key}' is '{value}', expected one of: {', '.join(options)}", key)
        return value

    def str_list(self, key: str, default: Iterable[str] = (), choices: Iterable[str] | None = None) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return tuple(default)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"'{key}' must be a string or a list of strings", key)
        items = tuple(v.strip() for v in value)
        if choices is not None:
            allowed = tuple(choices)
            for item in items:
                if item not in allowed:
                    raise self.fail(f"'{key}' has '{item}', expected any of: {', '.join(allowed)}", key)
        return items

    def number(self, key: str, default: float | None = None, low: float | None = None, high: float | None = None) -> float | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"'{key}' must be a number", key)
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(f"'{key}' must be between {low} and {high}", key)
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false", key)
        return value

    def no_unknown_keys(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                hint = _closest(str(key), allowed_set)
                raise self.fail(f"unknown key '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""), str(key))


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return found[0] if found else None


COMMON_KEYS = (
    "id", "category", "severity", "type", "message", "why", "suggestion", "fix", "scope", "accounts",
    "platforms", "confidence", "exceptions", "unless", "skip_quoted", "skip_reported", "skip_negated",
    "mask", "source", "examples",
)


def parse_spec(v: Validator, pack: str) -> RuleSpec:
    rule_id = v.str("id")
    assert rule_id is not None
    if not ID_PATTERN.match(rule_id):
        raise v.fail(f"rule id '{rule_id}' must be kebab-case (a-z, 0-9, dashes)", "id")
    category = v.choice("category", CATEGORIES)
    spec = RuleSpec(
        id=rule_id,
        category=category,
        severity=v.choice("severity", SEVERITIES),
        type=v.str("type") or "",
        message=v.str("message") or "",
        why=v.str("why") or "",
        path=v.path,
        line=v.line,
        pack=pack,
        suggestion=v.str("suggestion", required=False),
        fix=_fix(v),
        scope=v.str_list("scope", ("text", "image_text"), SCOPES),
        accounts=v.str_list("accounts", ACCOUNTS, ACCOUNTS),
        platforms=v.str_list("platforms", (), PLATFORMS),
        confidence=float(v.number("confidence", 1.0, 0.0, 1.0) or 0.0),
        exceptions=tuple(t.lower() for t in v.str_list("exceptions")),
        unless=tuple(t.lower() for t in v.str_list("unless")),
        skip_quoted=v.bool("skip_quoted"),
        skip_reported=v.bool("skip_reported"),
        skip_negated=v.bool("skip_negated"),
        mask=v.bool("mask", category in SENSITIVE_CATEGORIES),
        source=v.str_list("source"),
    )
    spec.flag_examples, spec.pass_examples = _examples(v)
    return spec


def _fix(v: Validator) -> str | None:
    value = v.data.get("fix")
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"replace"} or not isinstance(value["replace"], str):
        raise v.fail("'fix' must be a mapping with one key 'replace' (the safe replacement text)", "fix")
    return value["replace"]


def _examples(v: Validator) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    data = v.data.get("examples")
    if not isinstance(data, dict):
        raise v.fail("missing 'examples' with 'flag' and 'pass' lists (at least two of each)", "examples")
    ev = Validator(data, v.path, v.data.line_of("examples"))
    ev.no_unknown_keys(("flag", "pass"))
    result = []
    for kind in ("flag", "pass"):
        items = data.get(kind)
        if not isinstance(items, list) or len(items) < 2:
            raise ev.fail(f"examples.{kind} must list at least two examples", kind)
        parsed = []
        for index, item in enumerate(items):
            line = items.line_of(index) if hasattr(items, "line_of") else ev.line
            parsed.append(_example(item, v.path, line))
        result.append(tuple(parsed))
    return result[0], result[1]


def _example(item: Any, path: str, line: int) -> Example:
    if isinstance(item, str):
        return Example(item)
    if not isinstance(item, dict):
        raise RuleError("an example must be a string or a mapping with 'text'", path, line)
    xv = Validator(item, path, line)
    xv.no_unknown_keys(("text", "account", "platform", "scheduled_at"))
    when = item.get("scheduled_at")
    if when is not None:
        from fauxpas.timeparse import parse_datetime

        try:
            when = parse_datetime(when)
        except ValueError as error:
            raise xv.fail(str(error), "scheduled_at") from None
    return Example(
        text=xv.str("text") or "",
        account=xv.choice("account", ACCOUNTS, required=False, default="brand") if "account" in item else None,
        platform=xv.choice("platform", PLATFORMS, required=False) if "platform" in item else None,
        scheduled_at=when,
    )


class CompileContext:
    """What a rule type may use to compile: the pipeline, shared matchers and data files."""

    def __init__(self, nlp: Any, validate: bool = False):
        self.nlp = nlp
        self.validate = validate
        self._phrase: dict[str, Any] = {}
        self._pending_phrases: list[tuple[str, str, list[str]]] = []
        self._regex_patterns: list[str] = []
        self.regex_set: Any = None

    def add_regex(self, pattern: str) -> int:
        """Add a pattern to the shared RE2 filter; returns its index. Raises if RE2 rejects it."""
        if self.regex_set is None:
            import re2

            self.regex_set = re2.Filter()
        from fauxpas.rules.types.regex import re2_options

        index = self.regex_set.Add(pattern.encode("utf-8"), re2_options(False))
        self._regex_patterns.append(pattern)
        return index

    def finish(self) -> None:
        """Compile what all rules registered (called once after every rule's ``compile``).

        The regex prefilter is RE2's FilteredRE2: it extracts the literal strings each pattern
        needs and only runs the patterns whose literals occur. With hundreds of patterns it is
        about fifteen times faster than an RE2::Set, whose DFA thrashes at that size. Each
        pattern is compiled once, here; rules run the filter's own compiled patterns.

        The phrase indexes are read from the per-machine cache when the same terms were indexed
        before (see :mod:`fauxpas.phrases`), else built and saved.
        """
        if self.regex_set is not None:
            self.regex_set.Compile()
        if self._pending_phrases:
            self._phrase = self._phrase_indexes()
            self._pending_phrases = []

    def _phrase_indexes(self) -> dict[str, Any]:
        import hashlib
        import json

        import spacy

        from fauxpas import phrases
        from fauxpas.nlp import LEMMA_OVERRIDES, SOCIAL_TOKEN_PATTERN

        settings = f"{spacy.__version__}|{SOCIAL_TOKEN_PATTERN}|{sorted(LEMMA_OVERRIDES.items())}"
        fingerprint = hashlib.sha256(json.dumps([settings, self._pending_phrases]).encode("utf-8")).hexdigest()
        indexes = phrases.load_indexes(fingerprint)
        if indexes is not None:
            return indexes
        terms = phrases.TermParser(self.nlp, settings)
        indexes = {}
        for attr, key, items in self._pending_phrases:
            index = indexes.setdefault(attr, phrases.PhraseIndex())
            index.add(key, (terms.hashes(term, attr == "LEMMA") for term in items))
        terms.save()
        phrases.save_indexes(fingerprint, indexes)
        return indexes

    def add_phrases(self, key: str, terms: Iterable[str], attr: str) -> None:
        """Register terms under ``key`` in the shared phrase index for ``attr`` (LOWER or LEMMA);
        the indexes are built in :meth:`finish`."""
        self._pending_phrases.append((attr, key, list(terms)))

    @property
    def phrase_matchers(self) -> dict[str, Any]:
        return self._phrase


class Rule:
    """Base class of every rule type. Subclasses set ``TYPE`` and ``OPTIONS`` and implement
    ``parse`` (validate type-specific keys, no spaCy), ``compile`` and ``run``."""

    TYPE: ClassVar[str] = ""
    OPTIONS: ClassVar[tuple[str, ...]] = ()
    needs_schedule: ClassVar[bool] = False

    def __init__(self, spec: RuleSpec, data: Any, lexicons: "LexiconLookup"):
        self.spec = spec
        self.lexicons = lexicons
        self.v = Validator(data, spec.path, spec.line)
        self.parse(self.v)

    # -- to implement ---------------------------------------------------------------------------
    def parse(self, v: Validator) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def compile(self, ctx: CompileContext) -> None:
        """Build matchers. Called once per process, lazily, before the first ``run``."""

    def link(self, ctx: CompileContext) -> None:
        """Called after every rule compiled and shared structures were finished."""

    def run(self, view: "PostView") -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def triggers(self) -> list[tuple[str, Any]] | None:
        """Matcher keys that must have matched for ``run`` to find anything, so the linter can
        skip this rule cheaply: ("phrase", key) or ("regex", set index).
        None means "always run" (metrics, hashtag readings)."""
        return None

    def preload(self) -> None:
        """Load now what ``run`` would load on first use (a word-frequency table, say), so that
        processes forked for a large calendar inherit it instead of each loading its own."""

    # -- shared helpers -------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.spec.id

    def terms(self, v: Validator, data: Any = None, key_prefix: str = "") -> tuple[str, ...]:
        """Terms from ``terms:`` and ``lexicon:`` (a name or list of names of lexicon files)."""
        data = v.data if data is None else data
        sub = Validator(data, v.path, getattr(data, "line", v.line))
        terms = list(sub.str_list("terms"))
        for name in sub.str_list("lexicon"):
            terms.extend(self.lexicons.get(name, sub.fail(f"unknown lexicon '{name}'", "lexicon")))
        if not terms:
            raise sub.fail(f"{key_prefix}needs 'terms' or 'lexicon'")
        seen: dict[str, None] = {}
        for term in terms:
            seen.setdefault(term.strip(), None)
        return tuple(t for t in seen if t)


class LexiconLookup:
    """Finds lexicon files (``lexicons/NAME.txt``) in a pack's folder, then in the shipped rules."""

    def __init__(self, dirs: list[Path]):
        self.dirs = dirs
        self._cache: dict[str, tuple[str, ...]] = {}

    def get(self, name: str, missing: Exception) -> tuple[str, ...]:
        if name in self._cache:
            return self._cache[name]
        if not re.match(r"^[a-z0-9][a-z0-9_-]*$", name):
            raise missing
        for folder in self.dirs:
            path = folder / f"{name}.txt"
            if path.is_file():
                terms = tuple(read_lexicon(path))
                self._cache[name] = terms
                return terms
        raise missing


def read_lexicon(path: Path) -> list[str]:
    """One term per line; blank lines skipped. ``# `` (hash and space) starts a comment, at the
    start of a line or after a term, so that hashtag terms such as ``#whyistayed`` stay terms.
    Sources go in the header comment."""
    terms = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line == "#" or line.startswith("# "):
            continue
        line = line.split(" # ", 1)[0].strip()
        if line:
            terms.append(line)
    return terms

