"""``type: token-pattern`` — spaCy Matcher patterns written in YAML, for phrases with slots.

    patterns:
      - [{LOWER: {IN: [limited, flash]}}, {LOWER: "sale"}, {OP: "?"}, {LEMMA: "storm"}]

Patterns are validated by spaCy's own schema when compiled; an invalid one is a RuleError that
names the file and line.
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
        self.patterns = [[_plain(token) for token in pattern] for pattern in patterns]
        self._pattern_lines = [patterns.line_of(i) if hasattr(patterns, "line_of") else v.line for i in range(len(patterns))]

    def compile(self, ctx: CompileContext) -> None:
        matcher = ctx.token_matcher()
        for pattern, line in zip(self.patterns, self._pattern_lines):
            try:
                matcher.add(self.id, [pattern])
            except Exception as error:  # spaCy raises ValueError/MatchPatternError with details
                first = str(error).strip().splitlines()
                detail = " ".join(x.strip() for x in first[:6] if x.strip() and not set(x.strip()) <= set("="))
                raise RuleError(f"invalid token pattern: {detail}", self.spec.path, line) from None

    def triggers(self) -> list[tuple[str, str]]:
        return [("token", self.id)]

    def run(self, view: PostView) -> Iterable[Hit]:
        hits = []
        for start, end in view.token_matches(self.id):
            a, b = view.char_range(start, end)
            hits.append(Hit(a, b, {"match": view.text[a:b]}))
        return hits


def _plain(value):  # LineDict/LineList -> dict/list, as spaCy's schema expects plain types
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
