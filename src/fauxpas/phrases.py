"""Phrase matching on token hashes, with the parsing of terms cached on disk.

Rule packs list thousands of terms. Tokenising them with spaCy on every start cost about half a
second, most of a pre-commit hook's budget, and spaCy's PhraseMatcher needs a Doc per term.
Here a term is parsed once per machine: its tokens' LOWER and LEMMA hashes (spaCy's own string
hashes, so they compare directly with a Doc's arrays) are kept in a small JSON cache, keyed by
the spaCy version and the tokenizer/lemma settings. Matching walks the post's tokens once and
looks each up in a dict of first-token hashes, as PhraseMatcher does.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

CACHE_VERSION = 1


class PhraseIndex:
    """Phrases (tuples of token hashes) under string keys; all matches, overlapping included.

    One-token phrases are looked up by their token, longer ones by their first two tokens, so
    a common first word ("the", "our") does not make every position compare hundreds of phrases.
    """

    def __init__(self) -> None:
        self.single: dict[int, list[str]] = {}
        self.pairs: dict[tuple[int, int], list[tuple[tuple[int, ...], str]]] = {}
        self.size = 0

    def add(self, key: str, phrases: Iterable[tuple[int, ...]]) -> None:
        for phrase in phrases:
            if not phrase:
                continue
            if len(phrase) == 1:
                self.single.setdefault(phrase[0], []).append(key)
            else:
                self.pairs.setdefault((phrase[0], phrase[1]), []).append((phrase, key))
            self.size += 1

    def __len__(self) -> int:
        return self.size

    def matches(self, hashes: list[int]) -> list[tuple[str, int, int]]:
        found = []
        single, pairs = self.single, self.pairs
        n = len(hashes)
        for i in range(n):
            keys = single.get(hashes[i])
            if keys is not None:
                found.extend((key, i, i + 1) for key in keys)
            if i + 1 < n:
                candidates = pairs.get((hashes[i], hashes[i + 1]))
                if candidates is not None:
                    for phrase, key in candidates:
                        length = len(phrase)
                        if length == 2 or (i + length <= n and tuple(hashes[i:i + length]) == phrase):
                            found.append((key, i, i + length))
        return found


def cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "fauxpas"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


class TermParser:
    """Term -> (LOWER hashes, LEMMA hashes), parsed with the pipeline once and remembered."""

    def __init__(self, nlp: Any, settings: str):
        self.nlp = nlp
        self.terms: dict[str, list[list[int]]] = {}
        self.dirty = False
        fingerprint = hashlib.sha256(settings.encode()).hexdigest()[:16]
        folder = cache_dir()
        self.path = folder / f"terms-v{CACHE_VERSION}-{fingerprint}.json" if folder else None
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self.terms = {k: v for k, v in data.items()
                                  if isinstance(v, list) and len(v) == 2 and all(isinstance(x, list) for x in v)}
            except (OSError, ValueError):
                self.terms = {}

    def hashes(self, term: str, lemma: bool) -> tuple[int, ...]:
        key = term.lower()
        entry = self.terms.get(key)
        if entry is None:
            doc = self.nlp.make_doc(key)
            doc = self.nlp.get_pipe("fauxpas_lemmas")(doc)
            entry = [[t.lower for t in doc], [t.lemma for t in doc]]
            self.terms[key] = entry
            self.dirty = True
        return tuple(entry[1] if lemma else entry[0])

    def save(self) -> None:
        """Write the cache atomically; a failure only means parsing again next time."""
        if not self.dirty or self.path is None:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self.terms, out, separators=(",", ":"))
            os.replace(temporary, self.path)
            self.dirty = False
        except OSError:
            pass
