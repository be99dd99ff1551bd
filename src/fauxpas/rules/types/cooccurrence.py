"""``type: cooccurrence`` — a term from set A and a term from set B near each other.

    a: {lexicon: disaster-terms, match_on: lemma}
    b: {lexicon: promotion-terms}
    within: 12            # tokens apart, or "sentence", or "post"

This is the shape of most tragedy-exploitation blunders: a disaster word plus a sales word.
The finding spans both terms when they are close, and reports both in the message as {a} and {b}.
``exceptions`` apply to both terms (with ``within: post`` the finding points at the a-term only).
"""

from __future__ import annotations

from typing import Iterable

from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.rules.types.phrase import ATTRS, add_phrases
from fauxpas.view import PostView


class CooccurrenceRule(Rule):
    TYPE = "cooccurrence"
    OPTIONS = ("a", "b", "within")

    def parse(self, v: Validator) -> None:
        self.sets = {}
        for side in ("a", "b"):
            data = v.data.get(side)
            if not isinstance(data, dict):
                raise v.fail(f"'{side}' must be a mapping with 'terms' and/or 'lexicon'", side)
            sub = Validator(data, v.path, v.data.line_of(side))
            sub.no_unknown_keys(("terms", "lexicon", "match_on"))
            match_on = sub.choice("match_on", ATTRS, required=False, default="lower")
            self.sets[side] = (self.terms(sub, data, f"'{side}' "), match_on)
        within = v.data.get("within", "sentence")
        if within not in ("sentence", "post") and (isinstance(within, bool) or not isinstance(within, int) or within < 1):
            raise v.fail("'within' must be a number of tokens, 'sentence' or 'post'", "within")
        self.within = within

    def compile(self, ctx: CompileContext) -> None:
        for side, (terms, match_on) in self.sets.items():
            add_phrases(ctx, f"{self.id}::{side}", terms, match_on)

    def triggers(self) -> list[tuple[str, str]]:
        return [("phrase", f"{self.id}::a")]

    def run(self, view: PostView) -> Iterable[Hit]:
        a_matches = view.phrase_matches(f"{self.id}::a")
        if not a_matches:
            return []
        b_matches = view.phrase_matches(f"{self.id}::b")
        if not b_matches:
            return []
        hits = []
        for a_start, a_end in a_matches:
            best = None
            for b_start, b_end in b_matches:
                if b_start < a_end and a_start < b_end:
                    continue  # the same words: not two different ideas
                gap = max(b_start - a_end, a_start - b_end)
                if isinstance(self.within, int):
                    ok = gap <= self.within
                elif self.within == "sentence":
                    ok = view.sentence(a_start)[0] == view.sentence(b_start)[0]
                else:
                    ok = True
                if ok and (best is None or gap < best[0]):
                    best = (gap, b_start, b_end)
            if best is None:
                continue
            _, b_start, b_end = best
            a_chars = view.char_range(a_start, a_end)
            b_chars = view.char_range(b_start, b_end)
            values = {"a": view.text[a_chars[0]:a_chars[1]], "b": view.text[b_chars[0]:b_chars[1]]}
            values["match"] = f"{values['a']} … {values['b']}"
            if self.within == "post":
                hits.append(Hit(a_chars[0], a_chars[1], values, also=(b_chars,)))
            else:
                hits.append(Hit(min(a_chars[0], b_chars[0]), max(a_chars[1], b_chars[1]), values))
        return hits
