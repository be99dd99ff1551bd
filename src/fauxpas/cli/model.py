"""``fauxpas train`` and ``fauxpas evaluate``: the classifier's life cycle."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from fauxpas.cli.common import choice


def register(app: typer.Typer) -> None:
    app.command("train")(train)
    app.command("evaluate")(evaluate)


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr)


def train(
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus folder with posts/ and cases/ (default: the repository's corpus/)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (default: models/)."),
) -> None:
    """Train the blunder classifier on the corpus and write it, with its card, to models/."""
    import time

    from fauxpas.classifier.corpus import corpus_root
    from fauxpas.classifier.train import train as run
    from fauxpas.errors import UsageError
    from fauxpas.paths import models_dir

    corpus = corpus or corpus_root()
    if not (corpus / "posts").is_dir():
        raise UsageError(f"--corpus: no posts/ folder in {corpus}")
    start = time.perf_counter()
    card = run(corpus, out or models_dir(), progress=_progress)
    cv = card["cross_validation"]
    print(f"trained on {card['corpus']['posts']} posts in {time.perf_counter() - start:.0f} s -> {out or models_dir()}")
    print(f"cross-validated: classifier ROC-AUC {cv['classifier']['roc_auc']:.3f}, recall at 5% FPR "
          f"{cv['classifier']['recall_at_5pct_fpr']:.3f}; combined verdict recall {cv['combined']['verdict_recall']:.3f} "
          f"at FPR {cv['combined']['verdict_fpr']:.3f}; category accuracy {cv['category']['accuracy']:.3f}")


def evaluate(
    labelled: Optional[Path] = typer.Argument(None, help="A labelled JSONL file to score as is (text, label, category)."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Cross-validate on this corpus folder (default: corpus/)."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Precision, recall and F1 per category, ROC-AUC and recall at 5% false positives, for rules,
    the classifier and the combination `check` uses."""
    from fauxpas.classifier.corpus import corpus_root
    from fauxpas.classifier.evaluate import evaluate_corpus, evaluate_file, render_text
    from fauxpas.errors import UsageError

    choice(output_format, ("text", "json"), "--format")
    if labelled is not None and corpus is not None:
        raise UsageError("give a labelled file or --corpus, not both")
    if labelled is not None:
        if not labelled.is_file():
            raise UsageError(f"no such file: {labelled}")
        result = evaluate_file(labelled)
    else:
        result = evaluate_corpus(corpus or corpus_root(), progress=_progress)
    sys.stdout.write(json.dumps(result, indent=2) + "\n" if output_format == "json" else render_text(result))
