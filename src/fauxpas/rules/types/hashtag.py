"""``type: hashtag-segmentation`` — a run-together hashtag that reads another way.

    lexicon: hashtag-misreadings      # words that must not appear in any plausible reading
    mode: alternative                 # alternative (default) | ambiguous
    min_zipf: 3.0                     # how common a word must be to count as a word
    min_length: 6
    extra_words: 2                    # alternative readings may have this many more words
    margin: 3.0                       # ambiguous: readings within this log10 probability of the best

``alternative``: some split into real words (at most ``extra_words`` more than the likeliest)
contains a listed term (#susanalbumparty -> "sus anal bum party"; #kidsnaptime -> "kidnap time").
Terms may be several words ("white power"). ``ambiguous``: the tag contains a listed term (e.g.
"dead") and splits into two different plausible readings, so who is meant is unclear
(#nowthatchersdead). CamelCase tags state their own reading and are not flagged.
"""

from __future__ import annotations

from typing import Iterable

from fauxpas.rules.base import Hit, Rule, Validator
from fauxpas.segment import camel_words, readings, word_zipf
from fauxpas.view import PostView


class HashtagSegmentationRule(Rule):
    TYPE = "hashtag-segmentation"
    OPTIONS = ("terms", "lexicon", "mode", "min_zipf", "min_length", "margin", "extra_words")

    def parse(self, v: Validator) -> None:
        self.listed = frozenset(t.lower() for t in self.terms(v))
        self.single_words = frozenset(w for t in self.listed for w in t.split())
        self._compact_of = {t: t.replace(" ", "") for t in self.listed}  # "white power" -> "whitepower"
        self._compact = tuple(sorted(set(self._compact_of.values())))
        self.mode = v.choice("mode", ("alternative", "ambiguous"), required=False, default="alternative")
        self.min_zipf = float(v.number("min_zipf", 3.0, 0.0, 8.0) or 3.0)
        self.min_length = int(v.number("min_length", 6, 2, 40) or 6)
        self.margin = float(v.number("margin", 3.0, 0.0, 30.0) or 3.0)
        self.extra_words = int(v.number("extra_words", 2, 0, 10) or 0)

    def preload(self) -> None:
        word_zipf("the")

    def run(self, view: PostView) -> Iterable[Hit]:
        hits = []
        for offset, hashtag in view.hashtags:
            found = self._misreading(hashtag[1:])
            if found:
                hits.append(Hit(offset, offset + len(hashtag), {"match": hashtag, "reading": " ".join(found)}))
        return hits

    def _misreading(self, tag: str) -> tuple[str, ...] | None:
        """The hidden reading of a tag, or None; cached per tag, because a calendar repeats its
        hashtags and even the cheap tests (CamelCase, a listed term inside) run on every post."""
        cache = self.__dict__.setdefault("_cache", {})
        found = cache.get(tag, False)
        if found is False:
            if len(cache) > 50_000:
                cache.clear()
            body = tag.lower()
            if len(tag) < self.min_length or camel_words(tag) is not None or not any(term in body for term in self._compact):
                found = None
            else:
                found = self._find_misreading(body)
            cache[tag] = found
        return found

    def _find_misreading(self, body: str) -> tuple[str, ...] | None:
        options = readings(body, self.min_zipf, self.single_words)
        if not options:
            return None
        best_score, best = options[0]
        if self.mode == "alternative":
            if self._has_term(best):
                return None  # the tag says the word outright: other rules judge that, not a misreading
            straddling = self._straddling(body, best)
            if straddling:
                return straddling
            # A split into real words that the intended reading hides ("expert sex change"),
            # unless the term sits inside one intended word (#Sussex, #Middlesex are places).
            inside_words = [t for t in self.listed if any(self._compact_of[t] in w for w in best)]
            for _, words in options[1:]:
                if len(words) <= len(best) + self.extra_words and self._has_term(words, exclude=inside_words):
                    return words
            return None
        # ambiguous: the likeliest reading has a listed term, and so does another likely reading
        # that splits the rest differently ("now thatcher's dead" / "now that cher's dead")
        if not self._has_term(best):
            return None
        for score, words in options[1:]:
            if score >= best_score - self.margin and self._has_term(words):
                return words
        return None

    def _has_term(self, words: tuple[str, ...], exclude: Iterable[str] = ()) -> bool:
        joined = " " + " ".join(words) + " "
        return any(f" {term} " in joined for term in self.listed if term not in exclude)

    def _straddling(self, body: str, best: tuple[str, ...]) -> tuple[str, ...] | None:
        """A listed term that runs across a word boundary of the intended reading
        ("susan|album" hides "anal"): the eye finds it even when no full re-split exists."""
        boundaries, offset = set(), 0
        for word in best[:-1]:
            offset += len(word)
            boundaries.add(offset)
        for term in self.listed:
            compact = self._compact_of[term]
            if len(compact) < 3:
                continue
            start = body.find(compact)
            while start != -1:
                end = start + len(compact)
                if any(start < b < end for b in boundaries):
                    return (body[:start], term, body[end:]) if start else (term, body[end:])
                start = body.find(compact, start + 1)
        return None
