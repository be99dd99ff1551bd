"""The shipped classifier: fresh, safe to load, exactly reproduced by the numpy runtime, and
wired into `check` (a finding with its drivers, a similar documented case)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from fauxpas.classifier import store
from fauxpas.classifier.corpus import corpus_hash, read_posts
from fauxpas.paths import models_dir

from helpers import ROOT, run, write

MODELS = models_dir()


@pytest.fixture(scope="module")
def card() -> dict:
    return store.read_card(MODELS)


def test_shipped_model_was_trained_on_this_corpus_and_these_rules(card):
    from fauxpas.rules.loader import rules_hash

    assert card["corpus_hash"] == corpus_hash(ROOT / "corpus"), (
        "corpus/ changed since the model was trained: run `fauxpas train`")
    assert card["rules_hash"] == rules_hash(), (
        "rules/ changed since the model was trained (rule findings are model features): run `fauxpas train`")


def test_card_reports_cross_validated_metrics(card):
    cv = card["cross_validation"]
    for name in ("rules", "classifier", "combined"):
        assert 0.5 < cv[name]["roc_auc"] <= 1.0
    assert cv["combined"]["verdict_fpr"] <= 0.05
    assert set(card["versions"]) >= {"scikit-learn", "numpy", "skops", "spacy"}
    assert 0 < card["thresholds"]["low"] < card["thresholds"]["warn"] < 1


def test_runtime_reproduces_the_skops_model(card):
    from fauxpas.classifier.features import normalise_doc
    from fauxpas.classifier.train import transform
    from fauxpas.nlp import get_nlp

    model = store.load_sklearn(MODELS)
    runtime = store.load_runtime(MODELS)
    rows = read_posts(ROOT / "corpus" / "posts")[::40]
    nlp = get_nlp()
    texts = [normalise_doc(doc, r["account"], ["_rule_example_"]) for doc, r in zip(nlp.pipe(r["text"] for r in rows), rows)]
    matrix = transform(model, texts)
    a, b = model["calibration"]["a"], model["calibration"]["b"]
    expected = 1 / (1 + np.exp(-(a * model["blunder"].decision_function(matrix) + b)))
    expected_category = model["category"].predict(matrix)
    for text, p, category in zip(texts, expected, expected_category):
        indices, values, _ = runtime.features(text)
        score = runtime.decision(indices, values)
        got = 1 / (1 + np.exp(-(runtime.platt_a * score + runtime.platt_b)))
        assert got == pytest.approx(p, abs=1e-9)
        logits = runtime.category_coef[:, indices] @ values + runtime.category_intercept
        assert runtime.categories[int(np.argmax(logits))] == category


def test_tampered_model_is_refused(tmp_path):
    folder = tmp_path / "models"
    shutil.copytree(MODELS, folder)
    data = bytearray((folder / store.NPZ_NAME).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / store.NPZ_NAME).write_bytes(bytes(data))
    with pytest.raises(store.ModelError, match="does not match its card"):
        store.load_runtime(folder)
    write(tmp_path / ".fauxpas.yaml", "model: models\n")
    draft = write(tmp_path / "d.md", "Lovely day at the food bank with the team.\n")
    result = run("check", str(draft), cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2 and "does not match its card" in err and "Traceback" not in err


def test_foreign_skops_file_with_untrusted_types_is_refused(tmp_path):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    folder = tmp_path / "models"
    shutil.copytree(MODELS, folder)
    sio.dump({"evil": Pipeline([("f", FunctionTransformer(print))])}, folder / store.SKOPS_NAME)
    card = json.loads((folder / store.CARD_NAME).read_text())
    card["files"][store.SKOPS_NAME] = store.sha256(folder / store.SKOPS_NAME)
    (folder / store.CARD_NAME).write_text(json.dumps(card))
    with pytest.raises(store.ModelError, match="untrusted types"):
        store.load_sklearn(folder)


def test_training_is_reproducible_on_a_sample():
    from fauxpas.classifier.train import fit

    rows = read_posts(ROOT / "corpus" / "posts")[::7]
    texts = [r["text"].lower() for r in rows]
    labels = np.array([r["label"] == "blunder" for r in rows], dtype=int)
    categories = [r.get("category") or "" for r in rows]
    first, second = fit(texts, labels, categories), fit(texts, labels, categories)
    assert np.array_equal(first["blunder"].coef_, second["blunder"].coef_)
    assert np.array_equal(first["category"].coef_, second["category"].coef_)


def test_check_reports_classifier_and_similar_case(tmp_path):
    import fauxpas

    report = fauxpas.check("Sorry, our CEO was hacked! Just kidding lol, but seriously people need to stop whining "
                           "about the layoffs, we just bought a new jet 🛩️", account="brand", platform="x")
    assert report.probability is not None and 0 <= report.probability <= 1
    classifier = [f for f in report.findings if f.origin == "classifier"]
    assert classifier and classifier[0].rule == "blunder-classifier"
    assert "words that weigh most" in classifier[0].message
    case = fauxpas.check("Domestic abuse survivors are sharing why they stayed. We stayed for the pizza! #WhyIStayed",
                         account="brand", platform="x")
    assert case.verdict != "pass"
    assert case.similar_case is not None and case.similar_case.id == "digiorno-whyistayed-2014"
    assert case.similar_case.lesson
    fine = fauxpas.check("Our volunteers packed 400 food parcels today. Thank you, all of you.", account="brand")
    assert fine.verdict == "pass" and fine.similar_case is None
