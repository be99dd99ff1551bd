"""Language-server latency (issue 6 targets), run by hand:

- after a change to a 300-word draft, diagnostics are published within 50 ms p95 once the
  server is warm (debounce excluded: the server runs with --debounce 0);
- server start to first diagnostics <= 2 s.

Usage: python bench/bench_lsp.py [--changes 60]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import LspClient  # noqa: E402

PARAGRAPH = (
    "Our spring menu lands this week, and the team has spent months getting it right. Expect bright salads, "
    "slow-roasted lamb, a new sourdough from our bakery partners and a lemon tart we are a little too proud of. "
    "Book a table for Thursday or Friday and the first drink is on us. Thanks to every farmer and grower who made it possible. "
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=60)
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "fauxpas"
    words = (PARAGRAPH * 6).split()[:300]
    text = " ".join(words) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "draft.md"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        start = time.perf_counter()
        client = LspClient([str(exe), "lsp", "--debounce", "0"], cwd=tmp)
        client.request("initialize", {"processId": None, "rootUri": Path(tmp).as_uri(), "capabilities": {}}, timeout=60)
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        client.diagnostics(uri, version=1, timeout=60)
        first = time.perf_counter() - start
        latencies = []
        for version in range(2, args.changes + 2):
            changed = text.replace("Thursday", f"Thursday {version}")
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [{"text": changed}]})
            client.diagnostics(uri, version=version, timeout=30)
            latencies.append((time.perf_counter() - sent) * 1000)
        client.close()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"server start to first diagnostics: {first:.2f} s (target <= 2 s)")
    print(f"diagnostics after a change to a 300-word draft: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms over {len(latencies)} changes (target p95 <= 50 ms)")


if __name__ == "__main__":
    main()
