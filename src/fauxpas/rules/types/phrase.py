"""``type: phrase`` — a list of words or phrases, matched on lower-case text or on lemmas.

    terms: [tsunami, "mass shooting"]   # and/or
    lexicon: disaster-terms             # rules/lexicons/disaster-terms.txt
    match_on: lemma                     # lower (default) | lemma: "died" matches "die"

All phrase rules share one phrase index per attribute (fauxpas.phrases: PhraseMatcher's
algorithm on spaCy's token hashes, with the parsing of terms cached), so a post is scanned once.
"""

from __future__ import annotations

from typing import Iterable

from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.view import PostView

ATTRS = {"lower": "LOWER", "lemma": "LEMMA"}


def add_phrases(ctx: CompileContext, key: str, terms: Iterable[str], match_on: str) -> None:
    """Register ``terms`` in the shared phrase index under ``key`` (used by other types too)."""
    ctx.add_phrases(key, terms, ATTRS[match_on])


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
