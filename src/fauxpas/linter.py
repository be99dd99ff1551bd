"""The linter: runs the active rules over a post's texts and turns hits into scored findings.

One Linter per configuration; it shares the process-wide spaCy pipeline and the compiled rule
set. Filters that every rule type shares (account, platform, ``unless``, exceptions, quotes,
negation, allow-list, suppression) are applied here, once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from fauxpas.config import Config
from fauxpas.errors import FauxpasError
from fauxpas.models import CATEGORIES, Finding, Post, PostReport
from fauxpas.nlp import get_nlp
from fauxpas.rules.base import Hit, Rule
from fauxpas.rules.loader import RuleSet, load_rules
from fauxpas.rules.masking import mask
from fauxpas.scoring import risk as risk_of
from fauxpas.scoring import weigh
from fauxpas.view import PostView

BATCH = 256
MAX_FINDINGS_PER_RULE = 3  # per text: enough to show where, without drowning the reader


CLASSIFIER_NAMES = {"blunder-classifier", "classifier"}


def _rule_names(names: Iterable[str]) -> list[str]:
    """Names for the rule set: the classifier's own names are handled by the linter."""
    return [n for n in names if n not in CLASSIFIER_NAMES]


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _term_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive regex for literal terms ('#ad' does not match '#adventure')."""
    terms = [t for t in terms if t]
    if not terms:
        return None
    body = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w#@])(?:{body})(?!\w)", re.IGNORECASE)


class _LazyTermRegexes(dict):
    """Rule id -> compiled whole-word regex of its terms, compiled the first time it is needed
    (most rules never match, and compiling all of them cost 0.2 s at start-up)."""

    def __init__(self, terms: dict[str, tuple[str, ...]]):
        super().__init__()
        self.terms = terms

    def __missing__(self, rule_id: str) -> re.Pattern[str] | None:
        compiled = _term_regex(self.terms.get(rule_id, ()))
        self[rule_id] = compiled
        return compiled


class Linter:
    """Checks posts against a rule set under one configuration."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None, use_classifier: bool | None = None,
                 analyzers: list[Any] | None = None, profile: Any = None):
        self.config = config or Config()
        # The author profile (given, or read once from ``config.profile``): its weighting changes
        # the weight of findings, and its account is the default when the configuration sets none.
        if profile is None and self.config.profile is not None:
            from fauxpas.profile import load_profile

            profile = load_profile(self.config.profile)
        self.profile = profile
        self.weighting: Any = None
        if profile is not None:
            from dataclasses import replace

            from fauxpas.weighting import Weighting

            self.weighting = Weighting.from_profile(profile) or None
            if not (self.config.account_given or self.config.account != Config.account):
                self.config = replace(self.config, account=profile.account)
        self.use_classifier = self.config.classifier if use_classifier is None else use_classifier
        self._model: Any = None
        self.rules = rules if rules is not None else load_rules(self.config.packs)
        self.active = self._active_rules()
        self._unless = _LazyTermRegexes({r.id: r.spec.unless for r in self.active})
        self._exceptions = _LazyTermRegexes({r.id: r.spec.exceptions for r in self.active})
        self._allow = {t.lower() for t in self.config.allow_terms}
        self._always: list[int] | None = None
        self._by_trigger: dict[tuple[str, Any], list[int]] = {}
        self._analyzers: list[Any] | None = analyzers  # None: default_analyzers(config), built on first use

    @property
    def analyzers(self) -> list[Any]:
        if self._analyzers is None:
            from fauxpas.analyzers import default_analyzers

            self._analyzers = default_analyzers(self.config)
        return self._analyzers

    @property
    def notices(self) -> list[str]:
        """Once-per-run messages of the analyzers (not findings): e.g. OCR unavailable."""
        return [n for a in (self._analyzers or []) for n in getattr(a, "notices", [])]

    def _index_triggers(self) -> None:
        """Map matcher keys to the active rules they can wake (after compilation)."""
        always: list[int] = []
        for index, rule in enumerate(self.active):
            keys = rule.triggers()
            if keys is None:
                always.append(index)
            for key in keys or ():
                self._by_trigger.setdefault(key, []).append(index)
        self._always = always

    def _active_rules(self) -> list[Rule]:
        config = self.config
        ids = [r.id for r in self.rules.rules]
        if config.select:
            ids = [i for i in ids if i in self.rules.resolve(_rule_names(config.select), "--select")]
            if not set(config.select) & (CLASSIFIER_NAMES | set(CATEGORIES)):
                self.use_classifier = False
        off = self.rules.resolve(_rule_names(config.ignore), "--ignore") if config.ignore else set()
        off |= self.rules.resolve(_rule_names(config.disable), "disable") if config.disable else set()
        return [self.rules.by_id[i] for i in ids if i not in off]

    # -- public -----------------------------------------------------------------------------------
    def preload(self) -> None:
        """Build and load everything checking will need (pipeline, compiled rules, the rules'
        data, term regexes, the model), e.g. before forking workers that should inherit it."""
        self.rules.compiled(get_nlp())
        if self._always is None:
            self._index_triggers()
        for rule in self.active:
            rule.preload()
            self._unless[rule.id]
            self._exceptions[rule.id]
        self.model  # noqa: B018 - loads the classifier once

    def check(self, post: Post) -> PostReport:
        return next(iter(self.check_many([post])))

    @property
    def model(self) -> Any:
        """The classifier (numpy runtime), loaded once per process; None when switched off or not trained."""
        if not self.use_classifier:
            return None
        if self._model is None:
            self._model = load_model(self.config.model)
        return self._model or None

    def check_many(self, posts: Iterable[Post], keep_docs: bool = False) -> Iterator[PostReport]:
        """Check posts in batches (spaCy parses each text once, in bulk)."""
        self._keep_docs = keep_docs
        nlp = get_nlp()
        ctx = self.rules.compiled(nlp)
        if self._always is None:
            self._index_triggers()
        batch: list[Post] = []
        for post in posts:
            batch.append(post)
            if len(batch) >= BATCH:
                yield from self._check_batch(batch, nlp, ctx)
                batch = []
        if batch:
            yield from self._check_batch(batch, nlp, ctx)

    # -- internals --------------------------------------------------------------------------------
    def _check_batch(self, posts: list[Post], nlp: Any, ctx: Any) -> Iterator[PostReport]:
        jobs: list[tuple[int, str, str]] = []
        errors: list[list[Exception]] = [[] for _ in posts]
        analyzers = self.analyzers
        for index, post in enumerate(posts):
            jobs.append((index, "text", post.text))
            for alt in post.alt_text:
                if alt.strip():
                    jobs.append((index, "alt_text", alt))
            for analyzer in analyzers:
                try:
                    jobs.extend((index, field, text) for field, text in analyzer.extra_texts(post) if text.strip())
                except FauxpasError as error:
                    errors[index].append(error)
        docs = nlp.pipe((text for _, _, text in jobs), batch_size=BATCH)
        findings: list[list[Finding]] = [[] for _ in posts]
        suppressed = [0] * len(posts)
        predictions: list[Any] = [None] * len(posts)
        main_docs: list[Any] = [None] * len(posts)
        model = self.model
        for (index, field, text), doc in zip(jobs, docs):
            post = posts[index]
            account = post.account or self.config.account
            platform = post.platform or self.config.platform
            view = PostView(text, doc, post, field, account, platform, ctx)
            found, dropped = self._run_rules(view)
            findings[index].extend(found)
            suppressed[index] += dropped
            if field == "text":
                main_docs[index] = doc
                for analyzer in analyzers:
                    try:
                        extra = analyzer.analyze(post, view)
                    except FauxpasError as error:
                        # An analyzer may report a bad input and still return what it found elsewhere.
                        errors[index].append(error)
                        errors[index].extend(getattr(error, "more_errors", ()))
                        extra = getattr(error, "findings", [])
                    findings[index].extend(f for f in extra if not self._ignored(f, post))
                if model is not None and text.strip():
                    predictions[index] = model.predict(doc, account, found)
                    finding = classifier_finding(predictions[index], model, post)
                    if finding is not None and not self._ignored(finding, post):
                        findings[index].append(finding)
        for index, post in enumerate(posts):
            report = self._report(post, findings[index], suppressed[index])
            report.errors = errors[index]
            if predictions[index] is not None:
                report.probability = predictions[index].probability
            if model is not None and predictions[index] is not None and report.verdict != "pass":
                report.similar_case = model.similar_case(predictions[index].word_vector)
            if self._keep_docs:
                report.doc = main_docs[index]
            yield report

    def _run_rules(self, view: PostView) -> tuple[list[Finding], int]:
        findings: list[Finding] = []
        dropped = 0
        post = view.post
        candidates = set(self._always or ())
        for key in view.matched_keys():
            candidates.update(self._by_trigger.get(key, ()))
        for index in sorted(candidates):
            rule = self.active[index]
            spec = rule.spec
            if view.field not in spec.scope or view.account not in spec.accounts:
                continue
            if spec.platforms and view.platform not in spec.platforms:
                continue
            if rule.needs_schedule and post.scheduled_at is None:
                continue
            unless = self._unless[rule.id]
            if unless is not None and unless.search(view.text):
                continue
            kept = 0
            spans: list[tuple[int, int]] = []
            for hit in rule.run(view):
                if hit.start is not None:
                    if any(hit.start < b and a < hit.end for a, b in spans):
                        continue  # the same place found twice (both orders of a pair, nested terms)
                    spans.append((hit.start, hit.end))
                if self._filtered(rule, hit, view):
                    continue
                if self._suppressed(rule, hit, view):
                    dropped += 1
                    continue
                if kept < MAX_FINDINGS_PER_RULE:
                    findings.append(self._finding(rule, hit, view))
                kept += 1
        return findings, dropped

    def _filtered(self, rule: Rule, hit: Hit, view: PostView) -> bool:
        spec = rule.spec
        if hit.start is None:
            return False
        match = view.text[hit.start:hit.end].lower()
        if match in self._allow:
            return True
        exceptions = self._exceptions[rule.id]
        if exceptions is not None:
            ranges = ((hit.start, hit.end), *hit.also)
            for m in exceptions.finditer(view.text):
                if any(m.start() < end and start < m.end() for start, end in ranges):
                    return True
        if spec.skip_quoted and view.is_quoted(hit.start, hit.end):
            return True
        if spec.skip_reported and view.is_reported(hit.start):
            return True
        if spec.skip_negated and view.is_negated(hit.start):
            return True
        return False

    def _ignored(self, finding: Finding, post: Post) -> bool:
        names = {finding.rule, finding.category, "classifier"}
        if names & set(post.ignore) or "all" in post.ignore:
            return True
        if names & set(self.config.ignore) | names & set(self.config.disable):
            return True
        return any(s.start == 0 and (not s.rules or names & s.rules) and s.end >= len(post.text.rstrip()) for s in post.suppressions)

    def _suppressed(self, rule: Rule, hit: Hit, view: PostView) -> bool:
        post = view.post
        category = rule.spec.category
        if rule.id in post.ignore or category in post.ignore or "all" in post.ignore:
            return True
        start = hit.start if view.field == "text" else None
        return any(s.covers(rule.id, category, start) for s in post.suppressions)

    def _finding(self, rule: Rule, hit: Hit, view: PostView) -> Finding:
        spec = rule.spec
        values = dict(hit.values)
        if spec.mask:
            values = {k: mask(v) if k in ("match", "a", "b") else v for k, v in values.items()}
        message = spec.message.format_map(_Values(values))
        if view.field != "text":
            message = f"in {view.field.replace('_', ' ')}: {message}"
        finding = Finding(
            rule=spec.id,
            category=spec.category,
            severity=spec.severity,
            message=message,
            origin="image" if view.field == "image_text" else "rule",
            suggestion=spec.suggestion.format_map(_Values(values)) if spec.suggestion else None,
            confidence=hit.confidence if hit.confidence is not None else spec.confidence,
            excerpt=values.get("match"),
            fix=spec.fix,
        )
        if view.field == "text" and hit.start is not None:
            finding.start, finding.end = hit.start, hit.end
            finding.line, finding.column = position(view.post, hit.start)
        else:
            finding.line, finding.column = view.post.source.line, None
        return finding

    def _report(self, post: Post, findings: list[Finding], suppressed: int) -> PostReport:
        weighting = self.weighting
        for finding in findings:
            weigh(finding, weighting.apply(finding) if weighting is not None else 1.0)
        findings.sort(key=lambda f: (-f.weight, f.start if f.start is not None else -1, f.rule))
        risk = risk_of(findings)
        return PostReport(post, findings, risk, self.config.thresholds.verdict(risk), suppressed=suppressed)


_MODEL_CACHE: dict[str, Any] = {}


def load_model(folder: Path | None = None) -> Any:
    """A classifier folder (default: the shipped one), once per process. False when there is
    no trained model; a ModelError when the files do not match their card."""
    from fauxpas.paths import models_dir

    folder = folder or models_dir()
    key = str(folder)
    if key not in _MODEL_CACHE:
        if not (folder / "card.json").is_file():
            _MODEL_CACHE[key] = False
        else:
            from fauxpas.classifier.store import load_runtime
            from fauxpas.gcpause import gc_paused

            with gc_paused():
                _MODEL_CACHE[key] = load_runtime(folder)
    return _MODEL_CACHE[key]


def classifier_finding(prediction: Any, model: Any, post: Post) -> Finding | None:
    """The classifier's opinion as a finding, weighted by its calibrated probability."""
    from fauxpas.classifier.runtime import blunder_weight

    thresholds = model.thresholds
    weight = blunder_weight(prediction.probability, thresholds["low"], thresholds["warn"])
    if weight < 0.05:
        return None
    severity, confidence = ("warning", weight / 0.40) if weight <= 0.40 else ("error", weight / 0.75)
    drivers = ", ".join(f"'{d}'" for d in prediction.drivers)
    label = prediction.category.replace("-", " ")
    message = f"Reads like known {label} blunders ({prediction.probability:.0%} likely a blunder)"
    if drivers:
        message += f"; words that weigh most: {drivers}"
    return Finding(rule="blunder-classifier", category=prediction.category, severity=severity, message=message,
                   origin="classifier", confidence=min(1.0, confidence), line=post.source.line, column=None,
                   suggestion=CATEGORY_ADVICE.get(prediction.category))


CATEGORY_ADVICE = {
    "tragedy-exploitation": "Separate any support message from promotion, or hold the promotion until the news has passed.",
    "cause-hashtag-hijack": "Look up why the hashtag or cause is trending before joining it; never use it to sell.",
    "offensive-humor": "Ask who the joke is at the expense of; if it is a group or victims, cut it.",
    "insensitive-language": "Replace the loaded words with neutral, specific ones.",
    "profanity": "Check which account this is going out from, and drop the swearing.",
    "political-religious": "Unless politics is the account's mission, leave the side-taking out.",
    "personal-on-brand": "This reads as a personal post: check you are logged into the right account.",
    "privacy-leak": "Remove personal details about other people; reply privately instead.",
    "secret-leak": "Remove internal or confidential details, and rotate anything that was a credential.",
    "placeholder": "Fill in or delete the template text and notes before posting.",
    "unverified-claim": "Confirm it from a primary source, or say clearly what is not yet known.",
    "legal-regulatory": "Add the required disclosure or terms, or have it checked before posting.",
    "hostile-reply": "Answer the issue, not the person; take heated exchanges to a private channel.",
    "unfortunate-hashtag": "Read the hashtag letter by letter, or write it in CamelCase.",
    "open-invitation-risk": "Ask whether critics could answer this invitation for you, and what they would say.",
    "tone-deaf": "Check what your audience is living through today before celebrating.",
    "oversharing": "Leave out travel dates, locations, documents and anything you would not tell a stranger.",
    "timing-greeting": "Check the post's text against its scheduled date and time.",
}


def position(post: Post, offset: int) -> tuple[int, int]:
    """1-based line and column in the source file of a character offset in the post's text."""
    text = post.text
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        return post.source.line, offset + 1 + post.source.column_offset
    return post.source.line + newlines, offset - text.rfind("\n", 0, offset)
