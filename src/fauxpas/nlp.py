"""The one spaCy pipeline fauxpas uses: built once per process, shared by every rule.

``spacy.blank("en")`` with a tokenizer that keeps social-media tokens whole (#hashtags, @mentions,
$cashtags, URLs, emails, emoji sequences), lookup lemmas from ``spacy-lookups-data`` taken on the
lower-cased text (so "Died" and "dying" both match "die"), and rule-based sentence boundaries
(set on demand, see :func:`mark_sentences`).
No trained model is needed. spaCy is imported only when a post is actually parsed, so commands
that only list rules start fast.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

_EMOJI = (
    r"(?:\p{Regional_Indicator}\p{Regional_Indicator}"
    r"|\p{Extended_Pictographic}(?:[\uFE0F\U0001F3FB-\U0001F3FF]|\u200D\p{Extended_Pictographic})*)"
)
SOCIAL_TOKEN_PATTERN = (
    r"(?:[#＃][\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*"  # hashtag (not "#1")
    r"|@[A-Za-z0-9_]{1,30}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?"  # @mention, fediverse handle
    r"|\$[A-Za-z]{1,6}(?:\.[A-Za-z]{1,2})?"  # $cashtag
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"  # email
    r"|(?:" + _EMOJI + r")+)"
)

# Lookup tables are made for lemmatising any word form; a few forms of words our lexicons rely on
# resolve to the wrong lemma ("dying" -> "dye"). These win over the table.
LEMMA_OVERRIDES = {
    "dying": "die",
    "dyin": "die",
    "lying": "lie",
    "shooting": "shooting",
    "shootings": "shooting",
    "bombing": "bombing",
    "bombings": "bombing",
    "killing": "killing",
    "killings": "killing",
    "flooding": "flood",
    "stabbing": "stabbing",
    "stabbings": "stabbing",
    "passing": "passing",
    "ass": "ass",
    "bitches": "bitch",
    "fucking": "fuck",
    "fucked": "fuck",
}

_lock = threading.Lock()
_nlp: "Language | None" = None


def get_nlp() -> "Language":
    """Return the process-wide pipeline, building it on first use (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                from fauxpas.gcpause import gc_paused

                with gc_paused():
                    _nlp = build_nlp()
    return _nlp


def import_spacy() -> Any:
    """Import spaCy without its command-line package.

    ``spacy/__init__`` imports ``spacy.cli`` (download helpers, typer wiring) only to re-export
    ``info``; fauxpas never calls it, and it is about 0.15 s of every cold start, which matters
    in a pre-commit hook. While spaCy imports, a placeholder stands in for ``spacy.cli.info``;
    afterwards it is removed, so ``import spacy.cli`` still gets the real package.
    """
    import sys
    import types

    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholder_cli = types.ModuleType("spacy.cli")
    placeholder_info = types.ModuleType("spacy.cli.info")
    placeholder_info.info = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    placeholder_cli.info = placeholder_info  # type: ignore[attr-defined]
    sys.modules.setdefault("spacy.cli", placeholder_cli)
    sys.modules.setdefault("spacy.cli.info", placeholder_info)
    try:
        import spacy
    finally:
        for name, placeholder in (("spacy.cli", placeholder_cli), ("spacy.cli.info", placeholder_info)):
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
        package = sys.modules.get("spacy")
        if package is not None and getattr(package, "cli", None) is placeholder_cli:
            delattr(package, "cli")
    return spacy


def load_lemma_table() -> dict[str, str]:
    """The English lemma lookup table of ``spacy-lookups-data``, read directly from its data file
    (a plain dict is all we need, and it loads in half the time of spaCy's Lookups object)."""
    import gzip
    import json
    from importlib import resources

    data = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    return json.loads(gzip.decompress(data.read_bytes()))


def build_nlp() -> "Language":
    """Build a fresh pipeline. Prefer :func:`get_nlp`; this exists for tests and tools."""
    import_spacy()
    from spacy.lang.en import English
    from spacy.language import Language

    # The constructor, not spacy.blank(config=...): filling and validating a config through the
    # registry cost a thirtieth of a second of every cold start, for a pipeline never saved.
    nlp = English(create_tokenizer=social_tokenizer_factory())

    table = load_lemma_table()

    if not Language.has_factory("fauxpas_lemmas"):

        @Language.factory("fauxpas_lemmas")
        def _make_lemmas(nlp: "Language", name: str) -> "LowerLookupLemmatizer":
            return LowerLookupLemmatizer()

    lemmatizer = nlp.add_pipe("fauxpas_lemmas")
    lemmatizer.table = table
    return nlp


_SENTENCIZER: Any = None


def mark_sentences(doc: Any) -> Any:
    """Set sentence boundaries on ``doc`` if it has none yet.

    Few posts reach a rule that asks for sentences (co-occurrence within a sentence, reported
    speech, negation, greetings), so the rule-based sentencizer is not part of the batch
    pipeline, where it cost a tenth of every post's time; it runs on the Docs that need it.
    """
    global _SENTENCIZER
    if not doc.has_annotation("SENT_START"):
        if _SENTENCIZER is None:
            from spacy.pipeline import Sentencizer

            _SENTENCIZER = Sentencizer()
        _SENTENCIZER(doc)
    return doc


def social_tokenizer_factory() -> Any:
    """spaCy's English tokenizer, built once with our changes: social tokens kept whole
    (hashtags, mentions, cashtags, e-mails, emoji sequences) and "#" and "$" not split off as
    prefixes before the whole token is tried. (Setting these on an existing tokenizer reloads
    its special cases each time, which cost a quarter of a second at start-up.)"""

    def create(nlp: "Language") -> Any:
        import regex
        from spacy.tokenizer import Tokenizer
        from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

        defaults = nlp.Defaults
        social = regex.compile(SOCIAL_TOKEN_PATTERN, regex.V1)
        default_match = defaults.token_match

        def token_match(text: str) -> Any:
            return social.fullmatch(text) or (default_match(text) if default_match else None)

        prefixes = [p for p in defaults.prefixes if p not in ("#", r"\$", "$")]
        return Tokenizer(
            nlp.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=token_match,
            url_match=defaults.url_match,
        )

    return create


class LowerLookupLemmatizer:
    """Set each token's lemma from the lookup table, keyed on the lower-cased text."""

    table: Any = None

    def __init__(self) -> None:
        self._cache: dict[int, int] = {}  # hash of lower-case form -> hash of lemma

    def __call__(self, doc: Any) -> Any:
        """Work on hash arrays, not Token objects: this runs for every post in a batch."""
        from spacy.attrs import LEMMA, LOWER

        lowers = doc.to_array(LOWER)
        cache = self._cache
        strings = doc.vocab.strings
        lemmas = lowers.copy()
        for index, lower_hash in enumerate(lowers.tolist()):
            lemma_hash = cache.get(lower_hash)
            if lemma_hash is None:
                lower = strings[lower_hash]
                lemma = LEMMA_OVERRIDES.get(lower) or (self.table.get(lower, lower) if self.table is not None else lower)
                lemma_hash = strings.add(lemma)
                if len(cache) < 500_000:
                    cache[lower_hash] = lemma_hash
            lemmas[index] = lemma_hash
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc
