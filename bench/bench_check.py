"""Benchmarks for the core and the classifier, run by hand, not by the test suite:

- rules-only throughput on 10,000 posts: target >= 3,000 posts/s on a 2-core machine;
- one draft, cold `fauxpas check` wall time: target <= 1.0 s;
- the classifier and similar-case lookup: target <= 0.3 ms per post in batch, and <= 0.3 s
  added to a cold check (measured as cold check with and without `classifier: false`).

Usage: python bench/bench_check.py [--posts 10000] [--cold-runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "corpus" / "posts").glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def throughput(n: int, workers: int, classifier: bool = False) -> float:
    from fauxpas.linter import Linter
    from fauxpas.models import Post, Source

    rows = corpus_texts()
    posts = [Post(text=rows[i % len(rows)]["text"], platform=rows[i % len(rows)].get("platform"),
                  account=rows[i % len(rows)].get("account"), id=str(i), source=Source("bench")) for i in range(n)]
    linter = Linter(use_classifier=classifier)
    linter.preload()  # pipeline built, rules compiled, their data and the model loaded
    list(linter.check_many(posts[:50]))  # warm
    start = time.perf_counter()
    if workers > 1:
        from fauxpas.parallel import check_parallel

        reports = list(check_parallel(linter, posts, workers))
    else:
        reports = list(linter.check_many(posts))
    elapsed = time.perf_counter() - start
    assert len(reports) == n
    return n / elapsed


def cold_start(runs: int, classifier: bool = True) -> list[float]:
    exe = Path(sys.executable).parent / "fauxpas"
    with tempfile.TemporaryDirectory() as tmp:
        if not classifier:
            (Path(tmp) / ".fauxpas.yaml").write_text("classifier: false\n", encoding="utf-8")
        draft = Path(tmp) / "draft.md"
        draft.write_text("Stay safe as the storm rolls in, everyone. Our stores close at 4pm today.\n", encoding="utf-8")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([str(exe), "check", str(draft)], capture_output=True, cwd=tmp, check=False)
            times.append(time.perf_counter() - start)
    return times


def bytecode_note() -> str:
    """Cold starts depend on whether fauxpas's modules have bytecode: an editable install has
    none until Python may write it (not under PYTHONDONTWRITEBYTECODE) or compileall runs."""
    import importlib.util

    import fauxpas

    cached = importlib.util.cache_from_source(fauxpas.__file__)
    return "" if Path(cached).is_file() else " (no bytecode for fauxpas: run `python -m compileall -q src`, as the README does)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    rate = throughput(args.posts, args.workers)
    print(f"rules-only throughput: {rate:,.0f} posts/s on {args.posts:,} posts (workers={args.workers}; target >= 3,000)")
    with_model = throughput(args.posts, args.workers, classifier=True)
    added = (1 / with_model - 1 / rate) * 1000
    print(f"with classifier + similar case: {with_model:,.0f} posts/s, adding {added:.3f} ms per post (target <= 0.3 ms)")
    rules_only = cold_start(args.cold_runs, classifier=False)
    full = cold_start(args.cold_runs, classifier=True)
    print(f"cold `fauxpas check` one draft, rules only: median {statistics.median(rules_only):.2f} s (target <= 1.0 s){bytecode_note()}")
    print(f"cold `fauxpas check` one draft, with classifier: median {statistics.median(full):.2f} s, "
          f"loading the model adds {statistics.median(full) - statistics.median(rules_only):.2f} s (target <= 0.3 s)")


if __name__ == "__main__":
    main()
