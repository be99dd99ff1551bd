"""Word segmentation of run-together hashtags, with word frequencies from ``wordfreq``.

``#susanalbumparty`` was meant as "susan album party" and read as something else. To find such
readings we enumerate every way to split the tag into real words (Zipf frequency at or above a
threshold), score each reading by its word frequencies, and let rules ask whether a plausible
reading contains a listed term. wordfreq is imported only when a hashtag needs splitting.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

# Short words are where false readings hide ("es sex life" in #essexlife): only real ones count.
SHORT_WORDS = {
    "a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no",
    "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we",
}
MAX_LENGTH = 40
MAX_READINGS = 64


@lru_cache(maxsize=1)
def _zipf():
    from wordfreq import zipf_frequency

    return zipf_frequency


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "best")


@lru_cache(maxsize=200_000)
def word_zipf(word: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in English.

    Splitting one tag asks for every substring (a 15-letter tag has 120), and
    ``zipf_frequency`` tokenises each first, which made a new hashtag cost milliseconds. A plain
    lower-case ASCII word is its own single token, so it is looked up in wordfreq's table
    directly, rounded as wordfreq rounds (three significant digits, then hundredths of a Zipf);
    anything else goes through ``zipf_frequency``.
    """
    if word.isascii() and word.isalpha() and word.islower():
        frequency = _frequencies().get(word)
        if not frequency:
            return 0.0
        frequency = round(frequency, math.floor(-math.log10(frequency)) + 3)
        return round(math.log10(frequency) + 9, 2)
    return _zipf()(word, "en")


def camel_words(tag: str) -> list[str] | None:
    """The author's own split when the tag uses CamelCase (#SusanBoyleAlbumParty), else None."""
    if tag.islower() or tag.isupper():
        return None
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", tag)
    return [p.lower() for p in parts] if len(parts) > 1 else None


def readings(body: str, min_zipf: float, required: frozenset[str] = frozenset()) -> list[tuple[float, tuple[str, ...]]]:
    """Every split of ``body`` into known words, best first, as (score, words).

    A word counts when its Zipf frequency is at least ``min_zipf`` (or it is in ``required``,
    the listed terms, which may be rarer); a known word plus "s" counts too (hashtags drop the
    apostrophe: "thatchers" is "thatcher's"). Score: the reading's log10 probability under a
    unigram model (sum of Zipf - 9), so fewer, commoner words win: "therapist" beats "the rapist".
    """
    body = body.lower()
    if not body.isalpha() or len(body) > MAX_LENGTH:
        return []
    n = len(body)

    @lru_cache(maxsize=None)
    def known(word: str) -> float | None:
        if len(word) <= 2 and word not in SHORT_WORDS:
            return None
        zipf = word_zipf(word)
        if word in required and zipf > 0:
            return max(zipf, min_zipf)
        if zipf >= min_zipf and (len(word) > 2 or zipf >= 4.5):
            return zipf
        if len(word) > 3 and word.endswith("s"):
            base = word_zipf(word[:-1])
            if base >= min_zipf:
                return base - 0.3
        return None

    @lru_cache(maxsize=None)
    def splits(start: int) -> list[tuple[str, ...]]:
        if start == n:
            return [()]
        found: list[tuple[str, ...]] = []
        for end in range(n, start, -1):
            word = body[start:end]
            if known(word) is None:
                continue
            for rest in splits(end):
                found.append((word,) + rest)
                if len(found) >= MAX_READINGS:
                    return found
        return found

    scored = []
    for words in splits(0):
        score = sum((known(w) or 0.0) - 9.0 for w in words)
        scored.append((score, words))
    scored.sort(key=lambda item: -item[0])
    return scored
