"""PostView: one text of one post, parsed once, with the lookups every rule type shares.

The linter builds a view per analysed text (the post body, its alt text, text read from an
image); rule types only read from it. Matchers shared by all rules run once per view, lazily.
"""

from __future__ import annotations

import bisect

import regex
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from fauxpas.models import Post
    from fauxpas.rules.base import CompileContext

HASHTAG = regex.compile(r"(?<![\w#＃&/])[#＃][\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*")
WORD = regex.compile(r"[#@$]?[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*")
QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb", "\u201e": "\u201c"}
NEGATIONS = frozenset({"not", "n't", "n’t", "no", "never", "without", "nobody", "none", "neither", "nor", "nothing", "zero", "cannot"})
# Inflected forms only: "tell us your story" and "ask us anything" are invitations, not reports.
REPORTING_FORMS = frozenset({
    "said", "says", "told", "tells", "called", "calls", "claimed", "claims", "wrote", "writes", "tweeted",
    "tweets", "posted", "accused", "accuses", "asked", "asks", "alleged", "alleges", "reported", "reports", "quoted",
})
# "Don't miss", "don't forget", "never miss": imperatives that negate nothing that follows.
NEGATION_FALSE_FRIENDS = frozenset({"miss", "forget", "wait", "hesitate", "worry", "delay"})


class PostView:
    """A parsed text and its context (account, platform, schedule)."""

    def __init__(self, text: str, doc: Any, post: "Post", field: str, account: str, platform: str | None,
                 ctx: "CompileContext | None"):
        self.text = text
        self.doc = doc
        self.post = post
        self.field = field
        self.account = account
        self.platform = platform
        self.ctx = ctx

    @property
    def scheduled_at(self) -> datetime | None:
        return self.post.scheduled_at

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    # -- shared matchers ------------------------------------------------------------------------
    @cached_property
    def token_hashes(self) -> dict[str, list[int]]:
        """The LOWER and LEMMA string hashes of the tokens, read from the Doc once."""
        if not len(self.doc):
            return {"LOWER": [], "LEMMA": []}
        from spacy.attrs import LEMMA, LOWER

        array = self.doc.to_array([LOWER, LEMMA])
        return {"LOWER": array[:, 0].tolist(), "LEMMA": array[:, 1].tolist()}

    @cached_property
    def _phrase_matches(self) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {}
        if self.ctx is None or not self.ctx.phrase_matchers:
            return found
        columns = self.token_hashes
        for attr, index in self.ctx.phrase_matchers.items():
            for key, start, end in index.matches(columns[attr]):
                found.setdefault(key, []).append((start, end))
        return found

    @cached_property
    def utf8(self) -> bytes:
        """The text as UTF-8: RE2 runs on bytes (its Python wrapper converts str to bytes and
        back on every call, which costs more than the search itself on non-ASCII text)."""
        return self.text.encode("utf-8")

    def char_offset(self, byte_offset: int) -> int:
        if len(self.utf8) == len(self.text):
            return byte_offset
        return len(self.utf8[:byte_offset].decode("utf-8", errors="ignore"))

    @cached_property
    def regex_candidates(self) -> set[int] | None:
        """Indices of the shared regex prefilter that match somewhere in this text (None: none)."""
        if self.ctx is None or self.ctx.regex_set is None:
            return None
        return set(self.ctx.regex_set.Match(self.utf8, False) or ())

    def matched_keys(self) -> list[tuple[str, Any]]:
        """Every matcher key that matched this text, in the form rules declare as triggers."""
        keys: list[tuple[str, Any]] = [("phrase", k) for k in self._phrase_matches]
        keys += [("regex", i) for i in (self.regex_candidates or ())]
        return keys

    def phrase_matches(self, key: str) -> list[tuple[int, int]]:
        """Token ranges where the phrase set registered under ``key`` matched."""
        return self._phrase_matches.get(key, [])

    @cached_property
    def word_sets(self) -> dict[str, set[str]]:
        """Lower-case forms and lemmas present in the text, for cheap prefilters."""
        strings = self.doc.vocab.strings
        columns = self.token_hashes
        return {"lower": {strings[h] for h in set(columns["LOWER"])},
                "lemma": {strings[h] for h in set(columns["LEMMA"])}}

    def char_range(self, start_token: int, end_token: int) -> tuple[int, int]:
        span = self.doc[start_token:end_token]
        return span.start_char, span.end_char

    # -- positions ------------------------------------------------------------------------------
    @cached_property
    def _token_starts(self) -> list[int]:
        from spacy.attrs import IDX

        return self.doc.to_array(IDX).tolist() if len(self.doc) else []

    def token_at(self, char: int) -> int:
        """Index of the token containing (or just before) character offset ``char``."""
        return max(0, bisect.bisect_right(self._token_starts, char) - 1)

    @cached_property
    def hashtags(self) -> list[tuple[int, str]]:
        """(offset, text) of each #hashtag, found on the text (cheaper than walking tokens)."""
        return [(m.start(), m.group()) for m in HASHTAG.finditer(self.text)]

    @cached_property
    def word_count(self) -> int:
        return len(WORD.findall(self.text))

    # -- context guards -------------------------------------------------------------------------
    @cached_property
    def quoted_ranges(self) -> list[tuple[int, int]]:
        """Character ranges inside quotation marks or Markdown blockquotes."""
        ranges: list[tuple[int, int]] = []
        text = self.text
        i = 0
        while i < len(text):
            ch = text[i]
            close = QUOTE_PAIRS.get(ch)
            if close and (i == 0 or not text[i - 1].isalnum()):
                j = text.find(close, i + 1)
                if j != -1 and j - i < 600:
                    ranges.append((i, j + 1))
                    i = j + 1
                    continue
            elif ch == "'" and (i == 0 or text[i - 1] in " \t\n(:"):
                j = i + 1
                while True:
                    j = text.find("'", j)
                    if j == -1 or j + 1 >= len(text) or not text[j + 1].isalnum():
                        break
                    j += 1
                if j != -1 and j - i < 300:
                    ranges.append((i, j + 1))
                    i = j + 1
                    continue
            i += 1
        offset = 0
        for line in text.splitlines(keepends=True):
            if line.lstrip().startswith(">"):
                ranges.append((offset, offset + len(line)))
            offset += len(line)
        return ranges

    def is_quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quoted_ranges)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        from fauxpas.nlp import mark_sentences

        return [sent.start for sent in mark_sentences(self.doc).sents] if len(self.doc) else [0]

    def sentence(self, token: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence that contains token index ``token``."""
        starts = self._sentence_starts
        at = max(0, bisect.bisect_right(starts, token) - 1)
        return starts[at], starts[at + 1] if at + 1 < len(starts) else len(self.doc)

    def sentence_chars(self, char: int) -> tuple[int, int]:
        """Character range of the sentence that contains character offset ``char``."""
        start, end = self.sentence(self.token_at(char))
        return self.char_range(start, end)

    def is_reported(self, start: int) -> bool:
        """The match follows a reporting verb in its sentence ("a customer told us we were ...")."""
        index = self.token_at(start)
        sent_start = self.sentence(index)[0]
        return any(t.lower_ in REPORTING_FORMS for t in self.doc[sent_start:index])

    def is_negated(self, start: int, window: int = 3) -> bool:
        index = self.token_at(start)
        sent_start = self.sentence(index)[0]
        doc = self.doc
        for i in range(max(sent_start, index - window), index):
            if doc[i].lower_ in NEGATIONS:
                following = doc[i + 1:index + 1]
                if not any(t.lemma_ in NEGATION_FALSE_FRIENDS for t in following):
                    return True
        return False
