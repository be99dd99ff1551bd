"""The phrase index and its per-machine cache: what is read back is what was built, and a
broken or foreign cache file is rebuilt, never trusted."""

from __future__ import annotations

import pytest

from fauxpas import phrases
from fauxpas.phrases import PhraseIndex


def build() -> dict[str, PhraseIndex]:
    lower = PhraseIndex()
    lower.add("a", [(1,), (2, 3), (2, 3, 4), (18446744073709551615,)])
    lower.add("b", [(2,), (2, 3, 9)])
    lemma = PhraseIndex()
    lemma.add("c::wake::LEMMA", [(7, 8)])
    return {"LOWER": lower, "LEMMA": lemma}


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "fauxpas"


def test_saved_indexes_read_back_the_same(cache_home):
    built = build()
    phrases.save_indexes("f" * 64, built)
    loaded = phrases.load_indexes("f" * 64)
    assert loaded is not None and set(loaded) == {"LOWER", "LEMMA"}
    for attr, index in built.items():
        assert loaded[attr].single == index.single
        assert loaded[attr].pairs == index.pairs
        assert len(loaded[attr]) == len(index)
    tokens = [5, 2, 3, 4, 1, 18446744073709551615]
    assert sorted(loaded["LOWER"].matches(tokens)) == sorted(built["LOWER"].matches(tokens))
    assert ("a", 1, 4) in loaded["LOWER"].matches(tokens)


def test_broken_or_missing_cache_is_rebuilt(cache_home):
    assert phrases.load_indexes("0" * 64) is None
    phrases.save_indexes("e" * 64, build())
    path = phrases.index_cache_path("e" * 64)
    path.write_bytes(path.read_bytes()[:200])  # truncated
    assert phrases.load_indexes("e" * 64) is None
    path.write_bytes(b"not an npz file at all")
    assert phrases.load_indexes("e" * 64) is None


def test_only_the_newest_index_files_are_kept(cache_home):
    import os

    for n in range(phrases.KEEP_INDEX_FILES + 3):
        fingerprint = f"{n:02d}".ljust(64, "0")
        phrases.save_indexes(fingerprint, build())
        os.utime(phrases.index_cache_path(fingerprint), (n, n))
    kept = sorted(p.name for p in cache_home.glob("phrases-*.npz"))
    assert len(kept) == phrases.KEEP_INDEX_FILES


def test_rules_compile_the_same_from_the_cache(cache_home):
    from fauxpas import Linter, Post

    text = "Three people died in the storm; our storm sale starts now #PrayForTexas"
    cold = Linter(use_classifier=False, analyzers=[])
    first = [f.rule for f in cold.check(Post(text=text)).findings]
    assert list(cache_home.glob("phrases-*.npz")), "the indexes were saved"
    from fauxpas.rules.loader import load_rules

    warm = Linter(rules=load_rules([]), use_classifier=False, analyzers=[])
    assert [f.rule for f in warm.check(Post(text=text)).findings] == first
    assert first
