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


_TOKEN_FORMS: dict[int, str] = {}


def _token_form(token: Any) -> str:
    """What the classifier sees for one token ("" to skip it); depends only on the token's text."""
    text = token.text
    if token.is_space:
        return ""
    if token.like_url:
        return "_url_"
    if token.like_email:
        return "_email_"
    if text.startswith("@") and len(text) > 1:
        return "_user_"
    if token.like_num or text[:1].isdigit():
        return "_num_"
    if text[:1] in "#＃" and len(text) > 1:
        return text.lower()
    if token.is_punct and text not in ("!", "?"):
        return ""
    return token.lemma_ or token.lower_


def normalise_doc(doc: Any, account: str | None, extra: Iterable[str] = ()) -> str:
    """The text the classifier sees for one post: account, rule tokens, then the words.

    A token's form depends only on its text, so it is computed once per distinct token and
    looked up by spaCy's hash afterwards (walking Token objects cost more than the model)."""
    from spacy.attrs import ORTH

    out = [f"_acct_{account or 'brand'}_", *extra]
    if len(doc):
        forms = _TOKEN_FORMS
        for index, orth in enumerate(doc.to_array(ORTH).tolist()):
            form = forms.get(orth)
            if form is None:
                form = _token_form(doc[index])
                if len(forms) < 500_000:
                    forms[orth] = form
            if form:
                out.append(form)
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
        self.analyzer = analyzer
        self.analyze = word_ngrams if analyzer == "word" else char_wb_ngrams
        self._word_grams: dict[str, list[int]] = {}

    def _indices(self, text: str) -> list[int]:
        """Vocabulary indices of the text's n-grams, repeats included. Character n-grams stay
        inside a word, so each distinct word's indices are computed once and remembered."""
        vocabulary = self.vocabulary
        if self.analyzer == "word":
            return [i for i in (vocabulary.get(g) for g in word_ngrams(text)) if i is not None]
        cache = self._word_grams
        found: list[int] = []
        for word in text.lower().split():
            indices = cache.get(word)
            if indices is None:
                indices = [i for i in (vocabulary.get(g) for g in char_wb_ngrams(word)) if i is not None]
                if len(cache) < 200_000:
                    cache[word] = indices
            found.extend(indices)
        return found

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, values) of one text: sublinear tf times idf, l2-normalised."""
        found = self._indices(text)
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        indices, counts = np.unique(np.asarray(found, dtype=np.int64), return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[indices]
        norm = math.sqrt(float(values @ values))
        return indices, values / norm if norm else values


def vectorizer_settings() -> dict[str, dict[str, Any]]:
    """The TfidfVectorizer settings that ``word_ngrams``/``char_wb_ngrams`` reproduce."""
    return {
        "word": dict(token_pattern=r"\S+", ngram_range=WORD_NGRAMS, lowercase=False, sublinear_tf=True, min_df=2),
        "char": dict(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=True, sublinear_tf=True, min_df=3),
    }
