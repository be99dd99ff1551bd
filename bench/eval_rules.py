"""Rules alone on the labelled corpus: per-category recall on blunders, and how many OK posts
(and hard negatives) get a warn/block verdict. Usage:

    python bench/eval_rules.py [corpus/posts] [--category C] [--show-misses N] [--show-fp N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from fauxpas.linter import Linter
from fauxpas.models import Post, Source


def load(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[1] / "corpus" / "posts"))
    parser.add_argument("--category", action="append")
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--show-fp", type=int, default=0)
    args = parser.parse_args()
    rows = load(Path(args.corpus))
    posts = [
        Post(text=r["text"], account=r.get("account"), platform=r.get("platform"),
             scheduled_at=datetime.fromisoformat(r["scheduled_at"]) if r.get("scheduled_at") else None,
             id=r["id"], source=Source(r["id"]))
        for r in rows
    ]
    linter = Linter(use_classifier=False)  # rules (and analyzers) alone; `fauxpas evaluate` covers the model
    start = time.perf_counter()
    reports = list(linter.check_many(posts))
    elapsed = time.perf_counter() - start
    hit, total, right_cat = Counter(), Counter(), Counter()
    fp, ok_total = Counter(), Counter()
    misses, fps = defaultdict(list), defaultdict(list)
    for row, report in zip(rows, reports):
        cat = row.get("category") or "plain"
        flagged = report.verdict != "pass"
        if row["label"] == "blunder":
            total[cat] += 1
            if flagged:
                hit[cat] += 1
                if any(f.category == cat for f in report.findings):
                    right_cat[cat] += 1
            else:
                misses[cat].append(row["text"])
        else:
            ok_total[cat] += 1
            if flagged:
                fp[cat] += 1
                fps[cat].append((row["text"], [f.rule for f in report.findings]))
    cats = args.category or sorted(set(total) | set(ok_total))
    print(f"{'category':24} {'recall':>7} {'right-cat':>9} {'n':>5} | {'ok flagged':>10} {'n':>5}")
    for cat in cats:
        n, k = total[cat], ok_total[cat]
        r = f"{hit[cat] / n:.2f}" if n else "-"
        rc = f"{right_cat[cat] / n:.2f}" if n else "-"
        f = f"{fp[cat] / k:.2f}" if k else "-"
        print(f"{cat:24} {r:>7} {rc:>9} {n:>5} | {f:>10} {k:>5}")
    all_b, all_ok = sum(total.values()), sum(ok_total.values())
    print(f"{'ALL':24} {sum(hit.values()) / max(1, all_b):7.2f} {sum(right_cat.values()) / max(1, all_b):9.2f} {all_b:5} | "
          f"{sum(fp.values()) / max(1, all_ok):10.2f} {all_ok:5}")
    print(f"{len(posts)} posts in {elapsed:.2f}s ({len(posts) / elapsed:.0f} posts/s)", file=sys.stderr)
    for cat in cats:
        for text in misses[cat][: args.show_misses]:
            print(f"MISS [{cat}] {text}")
        for text, rules in fps[cat][: args.show_fp]:
            print(f"FP   [{cat}] {rules} {text}")


if __name__ == "__main__":
    main()
