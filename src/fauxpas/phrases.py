"""Phrase matching on token hashes, with the parsing of terms cached on disk.

Rule packs list thousands of terms. Tokenising them with spaCy on every start cost about half a
second, most of a pre-commit hook's budget, and spaCy's PhraseMatcher needs a Doc per term.
Here a term is parsed once per machine: its tokens' LOWER and LEMMA hashes (spaCy's own string
hashes, so they compare directly with a Doc's arrays) are kept in a small JSON cache, keyed by
the spaCy version and the tokenizer/lemma settings. Matching walks the post's tokens once and
looks each up in a dict of first-token hashes, as PhraseMatcher does.

The finished indexes of a whole rule set are cached too (:func:`load_indexes`), keyed by every
term the rules registered: on a cold start, reading them back as arrays is several times
cheaper than reading the term cache and assembling the indexes term by term.
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

    def to_arrays(self, prefix: str, keys: dict[str, int]) -> dict[str, Any]:
        """The index as flat arrays (key numbers index ``keys``), for :func:`save_indexes`."""
        import numpy as np

        single = [(h, keys.setdefault(k, len(keys))) for h, names in self.single.items() for k in names]
        pairs = [(phrase, keys.setdefault(k, len(keys))) for entries in self.pairs.values() for phrase, k in entries]
        return {
            f"{prefix}single_hash": np.array([h for h, _ in single], dtype=np.uint64),
            f"{prefix}single_key": np.array([k for _, k in single], dtype=np.int64),
            f"{prefix}pair_length": np.array([len(p) for p, _ in pairs], dtype=np.int64),
            f"{prefix}pair_key": np.array([k for _, k in pairs], dtype=np.int64),
            f"{prefix}pair_tokens": np.array([h for p, _ in pairs for h in p], dtype=np.uint64),
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str, keys: list[str]) -> "PhraseIndex":
        index = cls()
        single = index.single
        for h, k in zip(arrays[f"{prefix}single_hash"].tolist(), arrays[f"{prefix}single_key"].tolist()):
            single.setdefault(h, []).append(keys[k])
        tokens = arrays[f"{prefix}pair_tokens"].tolist()
        at = 0
        pairs = index.pairs
        for length, k in zip(arrays[f"{prefix}pair_length"].tolist(), arrays[f"{prefix}pair_key"].tolist()):
            phrase = tuple(tokens[at:at + length])
            at += length
            pairs.setdefault(phrase[:2], []).append((phrase, keys[k]))
        if at != len(tokens):
            raise ValueError("phrase index arrays do not add up")
        index.size = sum(map(len, single.values())) + sum(map(len, pairs.values()))
        return index

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


INDEX_CACHE_VERSION = 1
KEEP_INDEX_FILES = 32  # one per rule set in use (built-in, each project's packs); older ones go


def index_cache_path(fingerprint: str) -> Path | None:
    folder = cache_dir()
    return folder / f"phrases-v{INDEX_CACHE_VERSION}-{fingerprint[:32]}.npz" if folder else None


def load_indexes(fingerprint: str) -> dict[str, PhraseIndex] | None:
    """The indexes saved under ``fingerprint``, or None (missing, unreadable, foreign: rebuild).
    Arrays only (``allow_pickle=False``): a cache file is never code."""
    path = index_cache_path(fingerprint)
    if path is None or not path.is_file():
        return None
    import zipfile

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        keys = bytes(arrays.pop("keys")).decode("utf-8").split("\n")
        attrs = [a for a in bytes(arrays.pop("attrs")).decode("utf-8").split("\n") if a]
        return {attr: PhraseIndex.from_arrays(arrays, f"{attr}:", keys) for attr in attrs}
    except (OSError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile):
        return None


def save_indexes(fingerprint: str, indexes: dict[str, PhraseIndex]) -> None:
    """Write atomically and keep only the newest few index files; a failure only means
    building the indexes again next time."""
    path = index_cache_path(fingerprint)
    if path is None:
        return
    import numpy as np

    keys: dict[str, int] = {}
    arrays: dict[str, Any] = {}
    for attr, index in indexes.items():
        arrays.update(index.to_arrays(f"{attr}:", keys))
    arrays["keys"] = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
    arrays["attrs"] = np.frombuffer("\n".join(indexes).encode("utf-8"), dtype=np.uint8)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)
        os.replace(temporary, path)
        older = sorted(path.parent.glob(f"phrases-v{INDEX_CACHE_VERSION}-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[KEEP_INDEX_FILES:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


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
