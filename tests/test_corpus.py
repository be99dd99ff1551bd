"""The corpus of known blunders: schema, counts per category, case references, no near-duplicates."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from fauxpas.models import ACCOUNTS, CATEGORIES, PLATFORMS, TEXT_CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "corpus" / "posts"
CASES = ROOT / "corpus" / "cases"
CASE_KEYS = {"id", "title", "year", "date", "organisation", "organisation_type", "platform", "categories",
             "what_happened", "aftermath", "lesson", "sourcing", "sources"}


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    rows = []
    for path in sorted(POSTS.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                row["_where"] = f"{path.name}:{number}"
                rows.append(row)
    return rows


@pytest.fixture(scope="module")
def cases() -> dict[str, dict]:
    found = {}
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem, path
        found[data["id"]] = data
    return found


def test_cases_schema_and_count(cases):
    assert len(cases) >= 50
    for case_id, case in cases.items():
        missing = CASE_KEYS - set(case)
        assert not missing, f"{case_id} misses {missing}"
        assert case["categories"] and set(case["categories"]) <= set(CATEGORIES), case_id
        assert case["sources"] and case["lesson"].strip(), case_id
        assert case["sourcing"] in ("adequate", "thin")
    assert sum(c["sourcing"] == "adequate" for c in cases.values()) >= 50


def test_posts_schema(posts):
    ids = Counter(p["id"] for p in posts)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for p in posts:
        where = p["_where"]
        assert p["label"] in ("blunder", "ok"), where
        assert isinstance(p["text"], str) and p["text"].strip(), where
        assert p["account"] in ACCOUNTS and p["platform"] in PLATFORMS, where
        if p["label"] == "blunder":
            assert p["category"] in TEXT_CATEGORIES, where
        else:
            assert p["category"] is None or p["category"] in TEXT_CATEGORIES, where
        words = len(p["text"].split())
        # A one-word "post" is a real placeholder blunder (a search typed into the compose box).
        shortest = 1 if p["category"] == "placeholder" and p["label"] == "blunder" else 3
        assert shortest <= words <= 60, f"{where}: {words} words"


def test_counts_per_category_and_hard_negatives(posts):
    blunders = Counter(p["category"] for p in posts if p["label"] == "blunder")
    for category in TEXT_CATEGORIES:
        assert blunders[category] >= 80, f"{category}: {blunders[category]} blunders"
    ok = [p for p in posts if p["label"] == "ok"]
    assert len(posts) >= 2500 and len(ok) >= 1000
    hard = [p for p in ok if p["category"]]
    assert len(hard) / len(ok) >= 0.40


def test_case_references_resolve(posts, cases):
    referenced = [p for p in posts if p.get("case")]
    assert referenced
    unknown = [(p["_where"], p["case"]) for p in referenced if p["case"] not in cases]
    assert not unknown


def test_near_duplicates_under_one_percent(posts):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([p["text"] for p in posts])
    sims = cosine_similarity(matrix, dense_output=False).tocoo()
    pairs = [(posts[i]["_where"], posts[j]["_where"]) for i, j, v in zip(sims.row, sims.col, sims.data) if i < j and v >= 0.9]
    assert len(pairs) <= 0.01 * len(posts), pairs[:10]
