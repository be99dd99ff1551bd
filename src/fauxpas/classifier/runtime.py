"""Scoring posts at check time with numpy only.

The trained scikit-learn model (``models/fauxpas.skops``) costs over a second to import and
load, which a pre-commit hook or an editor cannot pay. ``train`` therefore also exports the same
linear model as arrays (``models/fauxpas.npz``, loaded with ``allow_pickle=False``), and this
module reproduces its predictions exactly; ``tests/test_classifier.py`` checks that it does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from fauxpas.classifier.features import SparseTfidf, normalise_doc, rule_tokens
from fauxpas.models import SimilarCase

PLACEHOLDER_FEATURES = ("_acct_", "_url_", "_num_", "_user_", "_email_", "_rule_", "_cat_")


@dataclass
class Prediction:
    """The classifier's view of one post. The category and the driving words are worked out
    when first asked for: most posts score too low for a finding, and never need them."""

    probability: float  # calibrated chance that the post is a blunder
    word_vector: tuple[np.ndarray, np.ndarray]
    model: "RuntimeModel"
    indices: np.ndarray
    values: np.ndarray

    @cached_property
    def _category(self) -> tuple[str, float]:
        return self.model.category(self.indices, self.values)

    @property
    def category(self) -> str:
        return self._category[0]

    @property
    def category_probability(self) -> float:
        return self._category[1]

    @cached_property
    def drivers(self) -> list[str]:
        """The word features that pushed the score up most."""
        return self.model.drivers(self.indices, self.values)


def blunder_weight(p: float, low: float, warn: float) -> float:
    """Risk weight of the classifier's finding (0-0.75) from its probability.

    Below ``low`` nothing; from ``low`` to ``warn`` a weight that stays under the warn threshold
    on its own but adds to rule findings; at ``warn`` exactly enough to warn (0.30); rising to
    0.75 (block) at certainty. ``warn`` is measured in training (cross-validated false-positive
    rate), not guessed.
    """
    if p < low:
        return 0.0
    if p < warn:
        return 0.30 * (p - low) / max(warn - low, 1e-9)
    return 0.30 + 0.45 * (p - warn) / max(1.0 - warn, 1e-9)


def text_blob(strings: list[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, newline-separated: numpy's fixed-width unicode arrays
    store every term at the width of the longest, four bytes a character, and loading them was
    most of the model's share of a cold start."""
    if any("\n" in s for s in strings):
        raise ValueError("a term contains a newline")
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def blob_strings(blob: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


class RuntimeModel:
    def __init__(self, arrays: dict[str, np.ndarray], card: dict[str, Any]):
        self.card = card
        word_terms = blob_strings(arrays["word_terms"])
        char_terms = blob_strings(arrays["char_terms"])
        self.word = SparseTfidf({t: i for i, t in enumerate(word_terms)}, arrays["word_idf"], "word")
        self.char = SparseTfidf({t: i for i, t in enumerate(char_terms)}, arrays["char_idf"], "char")
        self.word_terms = word_terms
        self.n_word = len(word_terms)
        self.coef = arrays["blunder_coef"]
        self.intercept = float(arrays["blunder_intercept"])
        self.platt_a, self.platt_b = (float(x) for x in arrays["platt"])
        self.category_coef = arrays["category_coef"]
        self.category_intercept = arrays["category_intercept"]
        self.categories = blob_strings(arrays["category_names"])
        self.case_ids = blob_strings(arrays["case_ids"])
        case_features = arrays["case_features"]  # word-feature index of each column
        # rows: indexed texts (l2-normalised), cols: case_features; stored sparse, used dense
        rows, cols = (int(n) for n in arrays["case_shape"])
        self.case_matrix = np.zeros((rows, cols))
        indptr = arrays["case_indptr"]
        for row in range(rows):
            start, end = int(indptr[row]), int(indptr[row + 1])
            self.case_matrix[row, arrays["case_indices"][start:end]] = arrays["case_data"][start:end]
        # the case-matrix column of each word feature, -1 where the cases do not use it
        self.case_column = np.full(len(word_terms), -1, dtype=np.int64)
        self.case_column[case_features] = np.arange(len(case_features))
        if len(word_terms) != len(arrays["word_idf"]) or len(char_terms) != len(arrays["char_idf"]) \
                or len(self.case_ids) != rows or len(self.coef) != self.n_word + len(char_terms):
            raise ValueError("model arrays do not fit together")
        self.thresholds = card["thresholds"]
        self.cases = card.get("cases", {})

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
        wi, wv = self.word.transform(text)
        ci, cv = self.char.transform(text)
        return np.concatenate([wi, ci + self.n_word]), np.concatenate([wv, cv]), (wi, wv)

    def decision(self, indices: np.ndarray, values: np.ndarray) -> float:
        return float(self.coef[indices] @ values) + self.intercept

    def predict(self, doc: Any, account: str | None, findings: Any = ()) -> Prediction:
        text = normalise_doc(doc, account, rule_tokens(findings))
        indices, values, word_vector = self.features(text)
        score = self.decision(indices, values)
        probability = 1.0 / (1.0 + math.exp(-(self.platt_a * score + self.platt_b)))
        return Prediction(probability, word_vector, self, indices, values)

    def category(self, indices: np.ndarray, values: np.ndarray) -> tuple[str, float]:
        """The likeliest blunder category and its probability (multinomial logistic)."""
        logits = self.category_coef[:, indices] @ values + self.category_intercept
        logits = logits - logits.max()
        probs = np.exp(logits) / np.exp(logits).sum()
        best = int(np.argmax(probs))
        return self.categories[best], float(probs[best])

    def drivers(self, indices: np.ndarray, values: np.ndarray, top: int = 3) -> list[str]:
        words = indices < self.n_word
        idx, contrib = indices[words], self.coef[indices[words]] * values[words]
        order = np.argsort(-contrib)
        drivers = []
        for j in order:
            if contrib[j] <= 0 or len(drivers) >= top:
                break
            term = str(self.word_terms[idx[j]])
            if not term.startswith(PLACEHOLDER_FEATURES):
                drivers.append(term)
        return drivers

    def similar_case(self, word_vector: tuple[np.ndarray, np.ndarray]) -> SimilarCase | None:
        """The documented case whose posts (or description) this post is most like, if the
        cosine similarity reaches the threshold measured in training."""
        indices, values = word_vector
        if len(self.case_ids) == 0 or len(indices) == 0:
            return None
        columns = self.case_column[indices]
        keep = columns >= 0
        if not keep.any():
            return None
        sims = self.case_matrix[:, columns[keep]] @ values[keep]
        best = int(np.argmax(sims))
        similarity = float(sims[best])
        if similarity < self.thresholds["similar_case"]:
            return None
        case_id = self.case_ids[best]
        info = self.cases.get(case_id, {})
        return SimilarCase(case_id, info.get("title", case_id), info.get("lesson", ""), similarity, info.get("year"))
