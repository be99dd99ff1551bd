"""Lookalike domains: does a link's domain imitate one of the account's own domains?

Four signals, compared at the registrable-domain level (``login.acme.com`` -> ``acme.com``):
punycode that decodes to a homoglyph of an own domain (``xn--pple-43d.com`` = Cyrillic ``аpple``),
a label that mixes scripts, an ASCII skeleton equal to an own domain once look-alike characters
are folded (``examp1e.com``, ``rnicrosoft.com``, whole-script Cyrillic ``аррӏе.com``), and a small
edit distance (``exannple.com``, ``acme-corp.com`` for ``acmecorp.com``). The skeleton table is a
small hand-made subset of Unicode's confusables (UTS #39) aimed at Latin look-alikes; research
notes section 7 explain why a package's table alone misses whole-script spoofs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters that render like Latin letters or digits (Cyrillic, Greek, Armenian, fullwidth
# and mathematical forms are folded by NFKC first).
HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "ӏ": "l",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ь": "b", "п": "n", "г": "r", "ո": "n", "ս": "u", "հ": "h", "օ": "o", "ց": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ζ": "z",
    # Latin with marks that are easy to miss
    "ı": "i", "ȷ": "j", "ł": "l", "ɡ": "g", "ɑ": "a", "ƅ": "b", "ɩ": "i", "ʏ": "y", "ꞁ": "l",
}
# ASCII sequences that read as another letter in most fonts; applied after HOMOGLYPHS.
ASCII_FOLDS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("3", "e"),
               ("5", "s"), ("7", "t"), ("-", ""), ("_", ""))


def skeleton(label: str) -> str:
    """An ASCII form of ``label`` in which look-alikes coincide ('ехаmр1е' and 'example' -> 'exarnple'...)."""
    text = unicodedata.normalize("NFKC", label.lower())
    out = []
    for ch in text:
        ch = HOMOGLYPHS.get(ch, ch)
        if ord(ch) > 127:
            decomposed = unicodedata.normalize("NFD", ch)
            base = decomposed[0] if decomposed and ord(decomposed[0]) < 128 else ch
            ch = base
        out.append(ch)
    text = "".join(out)
    for a, b in ASCII_FOLDS:
        text = text.replace(a, b)
    return text


def scripts(label: str) -> set[str]:
    """Writing systems used by the letters of ``label`` (digits and '-' count for none)."""
    found = set()
    for ch in label:
        if ch.isascii():
            if ch.isalpha():
                found.add("LATIN")
            continue
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        found.add(name.split(" ")[0] if name else "UNKNOWN")
    return found


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class Lookalike:
    own: str       # the own domain it imitates
    how: str       # punycode homoglyph | mixed scripts | look-alike characters | spelling | different ending | subdomain


@dataclass(frozen=True)
class OwnDomain:
    domain: str    # registrable, ASCII
    label: str     # unicode label before the suffix ("acme")
    suffix: str
    skeleton: str


class LookalikeChecker:
    """Compares domains with a fixed set of own domains (prepared once)."""

    def __init__(self, own: list[OwnDomain]):
        self.own = own
        self.own_names = {o.domain for o in own}

    @lru_cache(maxsize=4096)
    def check(self, domain: str, label: str, suffix: str, unicode_label: str, subdomain: str) -> Lookalike | None:
        """``domain`` registrable ASCII; ``label`` its ASCII label; ``unicode_label`` decoded punycode."""
        if not self.own or domain in self.own_names:
            return None
        sk = skeleton(unicode_label)
        non_ascii = not unicode_label.isascii()
        for own in self.own:
            if sk == own.skeleton and unicode_label != own.label:
                if non_ascii:
                    how = "mixed scripts" if len(scripts(unicode_label)) > 1 else "punycode homoglyph"
                else:
                    how = "look-alike characters"
                return Lookalike(own.domain, how)
            if unicode_label == own.label and suffix != own.suffix:
                return Lookalike(own.domain, "different ending")
            if len(own.label) >= 5 and unicode_label != own.label:
                limit = 1 if len(own.label) < 9 else 2
                close = distance(sk, own.skeleton, limit) <= limit or distance(unicode_label, own.label, limit) <= limit
                if not close and len(own.label) >= 7:
                    from difflib import SequenceMatcher

                    close = SequenceMatcher(None, sk, own.skeleton).ratio() >= 0.8
                if close:
                    return Lookalike(own.domain, "spelling")
        if subdomain:
            labels = subdomain.split(".")
            for own in self.own:
                own_first = own.domain.split(".")[0]
                # "acme.com.evil.net", "acme-com.evil.net": the own name dressed as a subdomain.
                joined = ".".join(labels)
                if own.domain in joined or joined.endswith(own_first + "-" + own.suffix.replace(".", "-")):
                    return Lookalike(own.domain, "subdomain")
        return None
