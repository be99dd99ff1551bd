"""Features that suit short posts: word 1-2-grams of the normalised text and character 2-5-grams
within word boundaries, each TF-IDF weighted and L2-normalised, as scikit-learn computes them.

The normalised text is built from the spaCy Doc the rules already parsed (lemmas, so "died" and
"dying" are one feature; placeholders for URLs, e-mails, numbers and @handles, so no single
link or number is memorised), and starts with the account type, because the same words are fine
from a person and a blunder from a brand.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

import numpy as np

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
_SPACES = re.compile(r"\s\s+")


def rule_tokens(findings: Iterable[Any]) -> list[str]:
    """The rule engine's findings as extra tokens (stacking): each rule that fired, and its
    category, so the model learns how far to trust each rule on its own corpus."""
    tokens: set[str] = set()
    for finding in findings:
        if getattr(finding, "origin", "rule") in ("rule", "image"):
            tokens.add(f"_rule_{finding.rule.replace('-', '_')}_")
            tokens.add(f"_cat_{finding.category.replace('-', '_')}_")
    return sorted(tokens)


def normalise_doc(doc: Any, account: str | None, extra: Iterable[str] = ()) -> str:
    """The text the classifier sees for one post: account, rule tokens, then the words."""
    out = [f"_acct_{account or 'brand'}_", *extra]
    for token in doc:
        if token.is_space:
            continue
        text = token.text
        if token.like_url:
            out.append("_url_")
        elif token.like_email:
            out.append("_email_")
        elif text.startswith("@") and len(text) > 1:
            out.append("_user_")
        elif token.like_num or text[:1].isdigit():
            out.append("_num_")
        elif text[:1] in "#＃" and len(text) > 1:
            out.append(text.lower())
        elif token.is_punct and text not in ("!", "?"):
            continue
        else:
            out.append(token.lemma_ or token.lower_)
    return " ".join(out)


def word_ngrams(text: str) -> list[str]:
    """As TfidfVectorizer(token_pattern=r"\\S+", ngram_range=(1, 2), lowercase=False)."""
    tokens = text.split()
    grams = list(tokens)
    grams.extend(" ".join(tokens[i:i + 2]) for i in range(len(tokens) - 1))
    return grams


def char_wb_ngrams(text: str) -> list[str]:
    """As TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True)."""
    text = _SPACES.sub(" ", text.lower())
    low, high = CHAR_NGRAMS
    grams = []
    for word in text.split():
        w = f" {word} "
        length = len(w)
        for n in range(low, high + 1):
            offset = 0
            grams.append(w[offset:offset + n])
            while offset + n < length:
                offset += 1
                grams.append(w[offset:offset + n])
            if offset == 0:
                break
    return grams


class SparseTfidf:
    """A fitted TfidfVectorizer reduced to its vocabulary and idf weights (sublinear tf, l2 norm)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, analyzer: str):
        self.vocabulary = vocabulary
        self.idf = idf
        self.analyze = word_ngrams if analyzer == "word" else char_wb_ngrams

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, values) of one text."""
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for gram in self.analyze(text):
            index = vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts))
        values = tf * self.idf[indices]
        norm = math.sqrt(float(values @ values))
        return indices, values / norm if norm else values


def vectorizer_settings() -> dict[str, dict[str, Any]]:
    """The TfidfVectorizer settings that ``word_ngrams``/``char_wb_ngrams`` reproduce."""
    return {
        "word": dict(token_pattern=r"\S+", ngram_range=WORD_NGRAMS, lowercase=False, sublinear_tf=True, min_df=2),
        "char": dict(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=True, sublinear_tf=True, min_df=3),
    }


def batch_docs(nlp: Any, texts: Iterable[str]) -> Iterable[Any]:
    return nlp.pipe(texts, batch_size=256)
