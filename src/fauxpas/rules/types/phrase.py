"""``type: phrase`` — a list of words or phrases, matched on lower-case text or on lemmas.

    terms: [tsunami, "mass shooting"]   # and/or
    lexicon: disaster-terms             # rules/lexicons/disaster-terms.txt
    match_on: lemma                     # lower (default) | lemma: "died" matches "die"

All phrase rules share one spaCy PhraseMatcher per attribute, so a post is scanned once.
"""

from __future__ import annotations

from typing import Iterable

from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.view import PostView

ATTRS = {"lower": "LOWER", "lemma": "LEMMA"}


def add_phrases(ctx: CompileContext, key: str, terms: Iterable[str], match_on: str) -> None:
    """Register ``terms`` in the shared matcher under ``key`` (used by other types too)."""
    attr = ATTRS[match_on]
    ctx.phrase_matcher(attr).add(key, [ctx.term_doc(term, attr) for term in terms])


def phrase_hits(view: PostView, key: str) -> list[Hit]:
    hits = []
    for start, end in view.phrase_matches(key):
        a, b = view.char_range(start, end)
        hits.append(Hit(a, b, {"match": view.text[a:b]}))
    return hits


class PhraseRule(Rule):
    TYPE = "phrase"
    OPTIONS = ("terms", "lexicon", "match_on")

    def parse(self, v: Validator) -> None:
        self.match_on = v.choice("match_on", ATTRS, required=False, default="lower")
        self.phrases = self.terms(v)

    def compile(self, ctx: CompileContext) -> None:
        add_phrases(ctx, self.id, self.phrases, self.match_on)

    def run(self, view: PostView) -> Iterable[Hit]:
        return phrase_hits(view, self.id)

    def triggers(self) -> list[tuple[str, str]]:
        return [("phrase", self.id)]
