"""``fauxpas evaluate``: how well rules, the classifier and their combination separate blunders
from fine posts, cross-validated on the corpus or on a labelled file scored as is."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from fauxpas.classifier.corpus import read_posts, row_to_post


def evaluate_corpus(corpus_dir: Path, progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Stratified 5-fold cross-validation: train on four folds, score the fifth."""
    from fauxpas.classifier import train

    rows = read_posts(corpus_dir / "posts")
    data = train.prepare(rows, progress)
    decision, predicted = train.cross_validate(data, progress=progress)
    a, b = train.platt(decision, data.labels)
    probabilities = 1.0 / (1.0 + np.exp(-(a * decision + b)))
    warn = train.choose_threshold(data, probabilities)
    result = train.metrics(data, probabilities, predicted, warn / 2, warn)
    result["mode"] = f"stratified {train.FOLDS}-fold cross-validation on {corpus_dir}"
    result["posts"] = len(rows)
    result["thresholds"] = {"warn": warn, "low": warn / 2}
    return result


def evaluate_file(path: Path) -> dict[str, Any]:
    """Score a labelled JSONL file with the shipped rules and model, exactly as `check` does."""
    from fauxpas.classifier import train
    from fauxpas.linter import Linter

    rows = read_posts(path)
    linter = Linter()
    model = linter.model
    if model is None:
        from fauxpas.classifier.store import ModelError

        raise ModelError("no trained model to evaluate (run `fauxpas train`)")
    reports = list(linter.check_many([row_to_post(r) for r in rows]))
    data = train.Prepared(
        rows=rows, texts=[], labels=np.array([1 if r["label"] == "blunder" else 0 for r in rows]),
        categories=[r.get("category") or "" for r in rows],
        rule_weights=[_rule_weights(report) for report in reports],
    )
    probabilities = np.array([report.probability or 0.0 for report in reports])
    predicted = np.array([_category(report) for report in reports], dtype=object)
    thresholds = model.thresholds
    result = train.metrics(data, probabilities, predicted, thresholds["low"], thresholds["warn"])
    result["mode"] = f"labelled file {path}, scored with the shipped model"
    result["posts"] = len(rows)
    result["thresholds"] = {"warn": thresholds["warn"], "low": thresholds["low"]}
    return result


def _rule_weights(report: Any) -> dict[str, float]:
    strongest: dict[str, float] = {}
    for finding in report.findings:
        if finding.origin != "classifier":
            strongest[finding.rule] = max(strongest.get(finding.rule, 0.0), finding.weight)
    return strongest


def _category(report: Any) -> str:
    for finding in report.findings:
        if finding.origin == "classifier":
            return finding.category
    return max(report.findings, key=lambda f: f.weight).category if report.findings else ""


def render_text(result: dict[str, Any]) -> str:
    lines = [f"{result['mode']} ({result['posts']} posts)", ""]
    lines.append(f"{'':12} {'ROC-AUC':>8} {'recall@5%FPR':>13} {'verdict recall':>15} {'verdict FPR':>12}")
    for name in ("rules", "classifier", "combined"):
        m = result[name]
        recall = f"{m['verdict_recall']:.3f}" if "verdict_recall" in m else "-"
        fpr = f"{m['verdict_fpr']:.3f}" if "verdict_fpr" in m else "-"
        lines.append(f"{name:12} {m['roc_auc']:8.3f} {m['recall_at_5pct_fpr']:13.3f} {recall:>15} {fpr:>12}")
    lines += ["", f"category of blunders: accuracy {result['category']['accuracy']:.3f}", "",
              f"{'category':24} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>5} | {'rules':>6} {'combined':>8}"]
    for cat, m in result["category"]["per_category"].items():
        v = result["verdict_recall_per_category"][cat]
        lines.append(f"{cat:24} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['n']:5} | {v['rules']:6.3f} {v['combined']:8.3f}")
    lines += ["", "prec/recall/f1: the predicted category of blunders; rules/combined: share of blunders flagged (warn or block)."]
    return "\n".join(lines) + "\n"
