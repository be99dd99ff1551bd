"""Profile weighting: from an author profile to a risk multiplier, with reasons, per category.

The mapping is data (``rules/data/traits.yaml``): Big Five trait bands and named archetypes give
category weights, each with a plain one-sentence reason and its sources; avoided and allowed
topics weigh their findings up or down; weights learned from the author's own history
(``fauxpas profile learn``, stored in the profile's ``weights``) come last. Reasons on the same
category multiply, and the product stays within the data file's ``bounds``.

The Linter asks a ``Weighting`` for each finding's multiplier before scoring
(``scoring.weigh(finding, multiplier)``) and adds one note per reason to the finding:

    weighted up for you: high extraversion goes with oversharing (x1.3)

A ``Weighting`` is built once per profile and configuration; it never prints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from fauxpas.errors import RuleError
from fauxpas.models import CATEGORIES, Finding
from fauxpas.paths import rules_dir
from fauxpas.yamlio import error_line, error_text, load_with_lines

TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
EVIDENCE = ("strong", "moderate", "weak")
CLASSIFIER_RULE = "blunder-classifier"


def traits_file() -> Path:
    return rules_dir() / "data" / "traits.yaml"


@dataclass(frozen=True)
class Entry:
    """One line of the data file: for authors who match, this category weighs ``weight`` times."""

    category: str
    weight: float
    reason: str
    sources: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    categories: tuple[str, ...]
    rules: frozenset[str] | None  # None: every finding of the categories
    avoid: float
    allow: float


@dataclass(frozen=True)
class TraitData:
    high: float
    low: float
    minimum: float
    maximum: float
    sources: dict[str, dict[str, str]]
    traits: dict[str, dict[str, tuple[Entry, ...]]]
    archetypes: dict[str, tuple[str, tuple[Entry, ...]]]  # name -> (description, entries)
    topics: dict[str, Topic]
    path: Path

    def cite(self, keys: Iterable[str]) -> tuple[str, ...]:
        return tuple(self.sources[k]["cite"] for k in keys)


@dataclass(frozen=True)
class Reason:
    """Why one category weighs differently for this author."""

    category: str
    factor: float
    text: str  # one plain sentence, no trailing full stop
    kind: str  # trait | archetype | topic | learned
    sources: tuple[str, ...] = ()
    evidence: str | None = None
    rules: frozenset[str] | None = None  # only these rules' findings (and the classifier's), for topics

    def applies_to(self, finding: Finding) -> bool:
        if finding.category != self.category:
            return False
        return self.rules is None or finding.rule in self.rules or finding.rule == CLASSIFIER_RULE

    @property
    def direction(self) -> str:
        return "up" if self.factor > 1 else "down"

    def note(self) -> str:
        detail = f"x{self.factor:g}"
        if self.evidence == "weak":
            detail += "; weak evidence"
        return f"weighted {self.direction} for you: {self.text} ({detail})"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"factor": self.factor, "reason": self.text, "kind": self.kind}
        if self.evidence:
            data["evidence"] = self.evidence
        if self.sources:
            data["sources"] = list(self.sources)
        if self.rules is not None:
            data["rules"] = sorted(self.rules)
        return data


@dataclass(frozen=True)
class CategoryWeight:
    category: str
    multiplier: float
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "multiplier": round(self.multiplier, 3),
                "reasons": [r.to_dict() for r in self.reasons]}


@dataclass
class Weighting:
    """The multipliers of one profile. ``apply`` weighs a finding's category and notes why."""

    reasons: list[Reason]
    minimum: float = 0.25
    maximum: float = 2.0
    _by_category: dict[str, list[Reason]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for reason in self.reasons:
            self._by_category.setdefault(reason.category, []).append(reason)

    @classmethod
    def from_profile(cls, profile: Any, data: TraitData | None = None) -> "Weighting":
        data = data or load_trait_data()
        return cls(profile_reasons(profile, data), data.minimum, data.maximum)

    def __bool__(self) -> bool:
        return bool(self.reasons)

    def bounded(self, product: float) -> float:
        return max(self.minimum, min(self.maximum, product))

    def for_finding(self, finding: Finding) -> tuple[float, list[Reason]]:
        reasons = [r for r in self._by_category.get(finding.category, ()) if r.applies_to(finding)]
        if not reasons:
            return 1.0, []
        return self.bounded(math.prod(r.factor for r in reasons)), reasons

    def apply(self, finding: Finding) -> float:
        """The finding's multiplier; adds a note per reason to the finding."""
        multiplier, reasons = self.for_finding(finding)
        for reason in reasons:
            note = reason.note()
            if note not in finding.notes:
                finding.notes.append(note)
        return multiplier

    def categories(self) -> list[CategoryWeight]:
        """Every weighted category, most prone first (a topic that covers only some rules of a
        category counts as it does on those rules' findings)."""
        rows = []
        for category, reasons in self._by_category.items():
            multiplier = self.bounded(math.prod(r.factor for r in reasons))
            rows.append(CategoryWeight(category, multiplier, tuple(reasons)))
        rows.sort(key=lambda row: (-row.multiplier, row.category))
        return rows


def profile_reasons(profile: Any, data: TraitData) -> list[Reason]:
    """Every reason a profile gives, in a stable order: traits, archetypes, topics, learned."""
    reasons: list[Reason] = []
    for trait in TRAITS:
        value = profile.traits.get(trait)
        if value is None:
            continue
        bands = data.traits.get(trait, {})
        band = "high" if value >= data.high else "low" if value <= data.low else None
        for entry in bands.get(band, ()) if band else ():
            reasons.append(Reason(entry.category, entry.weight, entry.reason, "trait", data.cite(entry.sources), entry.evidence))
    for name in profile.archetypes:
        _, entries = data.archetypes[name]
        for entry in entries:
            reasons.append(Reason(entry.category, entry.weight, entry.reason, "archetype", data.cite(entry.sources), entry.evidence))
    for names, kind, why in ((profile.avoid_topics, "avoid", "{} is on your profile's list of topics to avoid"),
                             (profile.allow_topics, "allow", "{} is allowed for this account (allow_topics)")):
        for name in names:
            topic = data.topics[name]
            weight = getattr(topic, kind)
            if weight != 1.0:
                reasons.extend(Reason(category, weight, why.format(name), "topic", rules=topic.rules)
                               for category in topic.categories)
    for category, learned in sorted(profile.weights.items()):
        weight = float(learned.get("weight", 1.0))
        if abs(weight - 1.0) < 0.005:
            continue
        reasons.append(Reason(category, round(weight, 2), learned_reason(category, learned), "learned"))
    return reasons


def learned_reason(category: str, learned: dict[str, Any]) -> str:
    label = category.replace("-", " ")
    posts, flagged = learned.get("posts"), learned.get("flagged")
    if not isinstance(posts, int) or not isinstance(flagged, int) or posts <= 0:
        return f"your profile sets the weight of {label} findings"
    text = f"{label} came up in {flagged} of your {posts} past posts"
    base = learned.get("base_rate")
    if isinstance(base, (int, float)):
        text += f", {flagged / posts:.1%} against {float(base):.1%} usually"
    regretted = learned.get("regretted")
    if isinstance(regretted, int) and regretted:
        text += f", {regretted} of them deleted or regretted"
    return text


# -- the data file ---------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> TraitData:
    return parse_trait_data(Path(path))


def load_trait_data(path: Path | None = None) -> TraitData:
    """The traits/archetypes/topics table, validated (RuleError naming file and line), cached."""
    path = path or traits_file()
    try:
        mtime = path.stat().st_mtime
    except OSError as error:
        raise RuleError(f"cannot read trait data: {error.strerror}", str(path)) from None
    return _load_cached(str(path), mtime)


TOP_KEYS = ("version", "bands", "bounds", "sources", "traits", "archetypes", "topics")
ENTRY_KEYS = ("category", "weight", "reason", "sources", "evidence")
TOPIC_KEYS = ("description", "categories", "rules", "avoid", "allow")


def parse_trait_data(path: Path) -> TraitData:
    name = str(path)
    try:
        data = load_with_lines(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleError(f"cannot read trait data: {error.strerror}", name) from None
    except yaml.YAMLError as error:
        raise RuleError(error_text(error), name, error_line(error)) from None

    def fail(message: str, node: Any = None, key: Any = None) -> RuleError:
        line = None
        if node is not None and hasattr(node, "line_of"):
            line = node.line_of(key) if key is not None else node.line
        return RuleError(message, name, line)

    if not isinstance(data, dict):
        raise fail("trait data must be a mapping")
    for key in data:
        if key not in TOP_KEYS:
            raise fail(f"unknown key '{key}' (expected: {', '.join(TOP_KEYS)})", data, key)
    bands = data.get("bands") or {}
    bounds = data.get("bounds") or {}
    high, low = bands.get("high", 0.65), bands.get("low", 0.35)
    if not (_number(high) and _number(low) and 0 < low < high < 1):
        raise fail("'bands' needs 0 < low < high < 1", data, "bands")
    minimum, maximum = bounds.get("min", 0.25), bounds.get("max", 2.0)
    if not (_number(minimum) and _number(maximum) and 0 < minimum <= 1 <= maximum):
        raise fail("'bounds' needs 0 < min <= 1 <= max", data, "bounds")
    sources = data.get("sources") or {}
    if not isinstance(sources, dict):
        raise fail("'sources' must map keys to {cite, finding}", data, "sources")
    for key, value in sources.items():
        if not isinstance(value, dict) or not isinstance(value.get("cite"), str) or set(value) - {"cite", "finding"}:
            raise fail(f"source '{key}' needs 'cite' (and optionally 'finding')", sources, key)

    def entries(items: Any, where: Any, key: Any) -> tuple[Entry, ...]:
        if not isinstance(items, list):
            raise fail("expected a list of {category, weight, reason, sources, evidence}", where, key)
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise RuleError("each entry must be a mapping", name, items.line_of(index) if hasattr(items, "line_of") else None)
            for k in item:
                if k not in ENTRY_KEYS:
                    raise fail(f"unknown key '{k}' (expected: {', '.join(ENTRY_KEYS)})", item, k)
            if item.get("category") not in CATEGORIES:
                raise fail(f"unknown category '{item.get('category')}'", item, "category")
            weight = item.get("weight")
            if not _number(weight) or not 0.1 <= weight <= 3:
                raise fail("'weight' must be a number from 0.1 to 3", item, "weight")
            reason = item.get("reason")
            if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
                raise fail("'reason' must be one plain sentence", item, "reason")
            keys = item.get("sources") or []
            if not isinstance(keys, list) or not keys or any(k not in sources for k in keys):
                raise fail(f"'sources' must list keys of the sources table (known: {', '.join(sources)})", item, "sources")
            if item.get("evidence") not in EVIDENCE:
                raise fail(f"'evidence' must be one of: {', '.join(EVIDENCE)}", item, "evidence")
            result.append(Entry(item["category"], float(weight), reason.strip().rstrip("."), tuple(keys), item["evidence"]))
        return tuple(result)

    traits: dict[str, dict[str, tuple[Entry, ...]]] = {}
    raw_traits = data.get("traits") or {}
    for trait, raw_bands in raw_traits.items():
        if trait not in TRAITS:
            raise fail(f"unknown trait '{trait}' (expected: {', '.join(TRAITS)})", raw_traits, trait)
        if not isinstance(raw_bands, dict) or set(raw_bands) - {"high", "low"}:
            raise fail("a trait maps 'high' and/or 'low' to entries", raw_traits, trait)
        traits[trait] = {band: entries(items, raw_bands, band) for band, items in raw_bands.items()}
    archetypes: dict[str, tuple[str, tuple[Entry, ...]]] = {}
    raw_archetypes = data.get("archetypes") or {}
    for archetype, spec in raw_archetypes.items():
        if not isinstance(spec, dict) or set(spec) - {"description", "weights"} or not isinstance(spec.get("description"), str):
            raise fail("an archetype has 'description' and 'weights'", raw_archetypes, archetype)
        archetypes[str(archetype)] = (spec["description"], entries(spec.get("weights"), spec, "weights"))
    topics: dict[str, Topic] = {}
    raw_topics = data.get("topics") or {}
    for topic, spec in raw_topics.items():
        if not isinstance(spec, dict):
            raise fail("a topic is a mapping", raw_topics, topic)
        for k in spec:
            if k not in TOPIC_KEYS:
                raise fail(f"unknown key '{k}' (expected: {', '.join(TOPIC_KEYS)})", spec, k)
        categories = spec.get("categories")
        if not isinstance(categories, list) or not categories or any(c not in CATEGORIES for c in categories):
            raise fail("'categories' must list category ids", spec, "categories")
        rules = spec.get("rules")
        if rules is not None and (not isinstance(rules, list) or not all(isinstance(r, str) for r in rules)):
            raise fail("'rules' must be a list of rule ids", spec, "rules")
        for k in ("avoid", "allow"):
            if not _number(spec.get(k)) or not 0.1 <= spec[k] <= 3:
                raise fail(f"'{k}' must be a number from 0.1 to 3", spec, k)
        topics[str(topic)] = Topic(str(topic), str(spec.get("description", "")), tuple(categories),
                                   frozenset(rules) if rules is not None else None, float(spec["avoid"]), float(spec["allow"]))
    return TraitData(float(high), float(low), float(minimum), float(maximum),
                     {k: dict(v) for k, v in sources.items()}, traits, archetypes, topics, path)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
