"""``type: token-pattern`` — spaCy Matcher patterns written in YAML, for phrases with slots.

    patterns:
      - [{LOWER: {IN: [limited, flash]}}, {LOWER: "sale"}, {OP: "?"}, {LEMMA: "storm"}]
      - [{LOWER: {LEXICON: cause-movement-terms}}, {OP: "*"}, {LOWER: "sale"}]

``{LEXICON: name}`` stands for ``{IN: [...]}`` with the one-word terms of a lexicon file, so a
word list is kept in one place.

Patterns are validated by spaCy's own schema when compiled; an invalid one is a RuleError that
names the file and line.

spaCy's Matcher costs time per pattern and token, so each rule has its own Matcher and runs it
only when, for at least one pattern, every required token (not optional) that names a literal
LOWER/LEMMA/ORTH/TEXT value, an IN list or a REGEX has some word in the post that fits it.
"""

from __future__ import annotations

from typing import Iterable

from fauxpas.errors import RuleError
from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.view import PostView


class TokenPatternRule(Rule):
    TYPE = "token-pattern"
    OPTIONS = ("patterns",)

    def parse(self, v: Validator) -> None:
        patterns = v.data.get("patterns")
        if not isinstance(patterns, list) or not patterns:
            raise v.fail("'patterns' must be a list of token patterns (each a list of token dicts)", "patterns")
        for index, pattern in enumerate(patterns):
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
                line = patterns.line_of(index) if hasattr(patterns, "line_of") else v.line
                raise RuleError("each pattern must be a non-empty list of token dicts", v.path, line)
        self.patterns = [[self._expand(_plain(token), v) for token in pattern] for pattern in patterns]
        self._pattern_lines = [patterns.line_of(i) if hasattr(patterns, "line_of") else v.line for i in range(len(patterns))]

    def _expand(self, token: dict, v: Validator) -> dict:
        """Replace {LEXICON: name} with {IN: one-word terms of that lexicon}, and read YAML
        numbers in string lists as text ({LOWER: {IN: [24, 7]}} means the words "24" and "7")."""
        for key, value in list(token.items()):
            if key in _LITERAL_ATTRS and isinstance(value, dict):
                for op in ("IN", "NOT_IN"):
                    if isinstance(value.get(op), list) and any(isinstance(x, bool) for x in value[op]):
                        raise v.fail(f"{key} {op} has true/false: YAML reads bare yes/no/on/off/true/false as booleans; quote them", "patterns")
                    if isinstance(value.get(op), list):
                        value[op] = [str(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x for x in value[op]]
            if isinstance(value, dict) and set(value) == {"LEXICON"}:
                name = value["LEXICON"]
                terms = self.lexicons.get(str(name), v.fail(f"unknown lexicon '{name}'", "patterns"))
                token[key] = {"IN": sorted({t.lower() for t in terms if " " not in t.strip()})}
        return token

    def compile(self, ctx: CompileContext) -> None:
        from spacy.matcher import Matcher

        # spaCy's schema validation costs a millisecond a pattern; the shipped packs are validated
        # by the test suite, user packs on every load.
        matcher = Matcher(ctx.nlp.vocab, validate=self.spec.pack != "builtin" or ctx.validate)
        self.matcher = matcher
        shared: dict[tuple, tuple] = {}
        self.requirements = [tuple(shared.setdefault(r[2], r[:2]) for r in _requirements(p)) for p in self.patterns]
        self.always = any(not r for r in self.requirements)
        # Wake-up words: for every pattern, its smallest literal requirement; a post without any of
        # them cannot match, and the linter does not even ask (see triggers()).
        self.wake: dict[str, set[str]] = {"LOWER": set(), "LEMMA": set()}
        self.wake_always = False
        for requirements in self.requirements:
            literal = [r for r in requirements if isinstance(r[1], frozenset)]
            if not literal:
                self.wake_always = True
                break
            attr, values = min(literal, key=_commonness)
            self.wake["LEMMA" if attr == "lemma" else "LOWER"].update(values)
        if not self.wake_always:
            for attr, words in self.wake.items():
                if words:
                    ctx.add_phrases(f"{self.id}::wake::{attr}", sorted(words), attr)
        for pattern, line in zip(self.patterns, self._pattern_lines):
            try:
                matcher.add(self.id, [pattern])
            except Exception as error:  # spaCy raises ValueError/MatchPatternError with details
                first = str(error).strip().splitlines()
                detail = " ".join(x.strip() for x in first[:6] if x.strip() and not set(x.strip()) <= set("="))
                raise RuleError(f"invalid token pattern: {detail}", self.spec.path, line) from None

    def triggers(self) -> list[tuple[str, str]] | None:
        if self.wake_always:
            return None
        return [("phrase", f"{self.id}::wake::{attr}") for attr, words in self.wake.items() if words]

    def possible(self, view: PostView) -> bool:
        if self.always:
            return True
        words = view.word_sets
        known: dict[int, bool] = {}

        def present(requirement: tuple) -> bool:
            key = id(requirement)
            if key not in known:
                attr, values = requirement
                if isinstance(values, frozenset):
                    known[key] = not values.isdisjoint(words[attr])
                else:
                    known[key] = values.present(words[attr])
            return known[key]

        return any(all(present(r) for r in requirements) for requirements in self.requirements)

    def run(self, view: PostView) -> Iterable[Hit]:
        if not self.possible(view):
            return []
        hits = []
        for _, start, end in self.matcher(view.doc):
            a, b = view.char_range(start, end)
            hits.append(Hit(a, b, {"match": view.text[a:b]}))
        return hits


_LITERAL_ATTRS = {"LOWER": "lower", "LEMMA": "lemma", "ORTH": "lower", "TEXT": "lower", "NORM": "lower"}


def _commonness(requirement: tuple) -> tuple[int, int]:
    """How often a requirement's words occur in ordinary text: stop words wake a rule on almost
    every post, so the wake-up words are chosen among the others where a pattern has any."""
    from spacy.lang.en.stop_words import STOP_WORDS

    values = requirement[1]
    return sum(1 for v in values if v in STOP_WORDS or len(v) <= 2), len(values)


def _requirements(pattern: list[dict]) -> list[tuple]:
    """(attribute, values or word test, key) for each required token that names what it matches."""
    found = []
    for token in pattern:
        if token.get("OP") in ("?", "*", "!"):
            continue
        for key, attr in _LITERAL_ATTRS.items():
            value = token.get(key)
            if isinstance(value, str):
                found.append((attr, frozenset({value.lower()}), (attr, value.lower())))
            elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                values = frozenset(v.lower() for v in value["IN"])
                found.append((attr, values, (attr, values)))
            elif isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str):
                test = _WordTest.of(value["REGEX"], on_lower_case=key in ("LOWER", "LEMMA"))
                if test is None:
                    continue
                found.append((attr, test, (attr, "re", test.prefix, value["REGEX"] if test.regex else None)))
            else:
                continue
            break
    return found


class _WordTest:
    """A test that some word of the post can match a token's REGEX: the regex itself where it
    runs on the lower-case form (LOWER, LEMMA), and first the literal start every match must
    have ("#" for a hashtag pattern), so only those words are searched. For TEXT/ORTH regexes,
    which see the capitals, only the (lower-cased) literal start can be tested."""

    def __init__(self, prefix: str, regex: "re.Pattern[str] | None"):
        self.prefix = prefix
        self.regex = regex

    @classmethod
    def of(cls, pattern: str, on_lower_case: bool) -> "_WordTest | None":
        import re

        prefix = literal_prefix(pattern).lower()
        regex = re.compile(pattern) if on_lower_case else None
        return cls(prefix, regex) if prefix or regex is not None else None

    def present(self, words: set[str]) -> bool:
        prefix, regex = self.prefix, self.regex
        if regex is None:
            return any(word.startswith(prefix) for word in words)
        return any(regex.search(word) for word in words if word.startswith(prefix))


def literal_prefix(pattern: str) -> str:
    """The literal text every match of an anchored regex starts with ("^#Ask[A-Z]" -> "#Ask";
    "^#(?:pray|rip)" -> "#"; unanchored or not literal -> ""). Alternatives at the top level
    share their common start. Conservative: a shorter prefix is always safe."""
    import os
    import re

    pattern = re.sub(r"^(?:\(\?[aiLmsux]+\))+", "", pattern)
    prefixes = []
    for alternative in _top_level_alternatives(pattern):
        if not alternative.startswith("^"):
            return ""
        out, i = [], 1
        while i < len(alternative):
            ch = alternative[i]
            if ch == "\\" and i + 1 < len(alternative) and alternative[i + 1] in "#@$.-_&%/:":
                literal, step = alternative[i + 1], 2
            elif ch.isalnum() or ch in "#@_&%/:":
                literal, step = ch, 1
            else:
                break
            following = alternative[i + step:i + step + 1]
            if following in ("?", "*", "{"):
                break  # the character is optional
            out.append(literal)
            if following == "+":
                break  # repeated: what follows is not at a fixed place
            i += step
        prefixes.append("".join(out))
    return os.path.commonprefix(prefixes) if prefixes else ""


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1  # "[]...]": a literal ] first in a class
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _plain(value):  # LineDict/LineList -> dict/list, as spaCy's schema expects plain types
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
