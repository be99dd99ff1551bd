"""Benchmark of ``fauxpas review`` on a large content calendar, run by hand, not by the tests.

Generates a 10,000-post CSV calendar (texts from corpus/posts with links added, four platforms,
scheduled over about five months at all hours, so every schedule check has work: watch hours,
sensitive dates, a crisis freeze, duplicates and bursts; no images, so no OCR; offline), then
times the whole command as a user runs it:

    fauxpas review calendar.csv --workers 2 --profile profile.yaml --freeze freeze.yaml --format json -o out.json

Targets (issue 5): <= 10 s wall time on 2 cores with --workers 2, and <= 600 MB memory. Memory
is the largest resident set of any process of the run (the command and its worker processes),
from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured in a fresh process per run.

Usage: python bench/bench_review.py [--posts 10000] [--workers 2] [--runs 3] [--format json]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("x", "instagram", "linkedin", "facebook")
LINKS = ("https://lumenbake.example/menu", "https://lumenbake.example/sale?utm_source=x&utm_medium=social",
         "https://bit.ly/3abcXYZ", "https://docs.google.com/document/d/1a2b3c/edit", "https://example.org/news/bread")

PROFILE = """name: Bench bakery
account: brand
timezone: Europe/London
watch:
  - days: [mon, tue, wed, thu, fri]
    hours: "08:00-18:00"
  - days: [sat, sun]
    hours: "10:00-14:00"
correction_window: 2h
"""

FREEZE = """- name: Riverside shooting
  from: 2027-06-14
  to: 2027-06-18
  keywords: [shooting, shooter, gunman, victims]
"""


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus" / "posts").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def write_calendar(path: Path, n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    texts = corpus_texts()
    start = datetime(2027, 5, 1, 0, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "scheduled_at", "platform", "text", "links"])
        for i in range(n):
            text = texts[i % len(texts)]
            if i >= len(texts):  # later rounds: the same copy reworded a little, as calendars reuse copy
                text = f"{text} {rng.choice(['Week ' + str(i // 700), 'Round ' + str(i // len(texts)), '#bakery', ''])}".strip()
            link = rng.choice(LINKS) if rng.random() < 0.5 else ""
            if link and rng.random() < 0.5:
                text = f"{text} {link}"
                link = ""
            when = start + timedelta(minutes=rng.randrange(0, 160 * 24 * 60, 5))
            writer.writerow([f"b{i:05d}", when.isoformat(timespec="minutes"), rng.choice(PLATFORMS), text, link])


def run_once(folder: Path, workers: int, output_format: str) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system, all processes), max RSS in MB and exit code of
    one review, measured from a fresh child."""
    exe = Path(sys.executable).parent / "fauxpas"
    out = folder / f"out.{output_format}"
    command = [str(exe), "review", str(folder / "calendar.csv"), "--workers", str(workers), "--profile",
               str(folder / "profile.yaml"), "--freeze", str(folder / "freeze.yaml"), "--format", output_format, "-o", str(out)]
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
        "wall = time.perf_counter() - t\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    wall, cpu, rss, code = result.stdout.split()
    return float(wall), float(cpu), float(rss), int(code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", default="json", choices=("json", "csv", "html", "table"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_calendar(folder / "calendar.csv", args.posts)
        (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
        (folder / "freeze.yaml").write_text(FREEZE, encoding="utf-8")
        runs = [run_once(folder, args.workers, args.format) for _ in range(args.runs)]
        walls = [w for w, _, _, _ in runs]
        cpus = [c for _, c, _, _ in runs]
        rss = max(r for _, _, r, _ in runs)
        codes = {c for _, _, _, c in runs}
        if codes - {0, 1}:
            raise SystemExit(f"review failed with exit code {codes}")
        out = folder / f"out.{args.format}"
        if args.format == "json":
            data = json.loads(out.read_text(encoding="utf-8"))
            print(f"summary: {data['summary']}; schedule findings: {data['schedule']['findings']}")
        print(f"review of {args.posts:,} posts, --workers {args.workers}, --format {args.format}: "
              f"median {statistics.median(walls):.2f} s wall (runs: {', '.join(f'{w:.2f}' for w in walls)}; target <= 10 s), "
              f"{statistics.median(cpus):.1f} s CPU in all processes, max RSS {rss:.0f} MB (target <= 600 MB)")
        print("(wall time depends on what else runs on the machine: CPU time / 2 is the wall time of an idle 2-core machine)")


if __name__ == "__main__":
    main()
