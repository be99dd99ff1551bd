"""Report near-duplicate post pairs (TF-IDF cosine >= 0.9) across corpus/posts/*.jsonl.

Usage: python corpus/tools/near_dupes.py [FILE_OR_DIR ...]
"""
import json
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

paths = [Path(p) for p in sys.argv[1:]] or [Path(__file__).resolve().parents[1] / "posts"]
files = [f for p in paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
rows = []
for f in files:
    for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((f"{f.name}:{n}", json.loads(line)))
texts = [r["text"] for _, r in rows]
matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
sims = cosine_similarity(matrix, dense_output=False).tocoo()
pairs = [(i, j, v) for i, j, v in zip(sims.row, sims.col, sims.data) if i < j and v >= 0.9]
for i, j, v in sorted(pairs, key=lambda p: -p[2]):
    print(f"{v:.2f}  {rows[i][0]} | {rows[j][0]}\n      {texts[i]}\n      {texts[j]}")
print(f"{len(rows)} posts, {len(pairs)} near-duplicate pairs ({100 * len(pairs) / max(1, len(rows)):.2f}%)")
