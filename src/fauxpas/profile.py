"""The author profile: who is posting, what they are prone to, and when someone can correct a post.

A YAML file (DESIGN.md section 6) found through configuration (``profile:``) or ``--profile``.
Its keys are a contract, because people write these files by hand:

    account: brand                  # brand | personal | executive
    traits: {openness: 0.6, conscientiousness: 0.4, extraversion: 0.8, agreeableness: 0.3, neuroticism: 0.7}
    archetypes: [joker]             # named shortcuts, see rules/data/traits.yaml
    timezone: Europe/London
    watch:                          # when someone can correct a post within minutes
      - days: [mon, tue, wed, thu, fri]
        hours: "08:00-18:00"
    correction_window: 2h           # wanted after each post, inside watch hours
    own_domains: [lumenbake.example]
    brand_terms: [Lumen Bakery]
    competitors: [crumbco.example]
    avoid_topics: [politics, religion]
    allow_topics: []
    platforms: [x, instagram]
    weights: {}                     # learned by `fauxpas profile learn`: category -> {weight, ...}

Loading validates every key and names the file and line of a mistake (ProfileError, exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import yaml

from fauxpas.errors import ConfigError
from fauxpas.models import ACCOUNTS, CATEGORIES, PLATFORMS
from fauxpas.yamlio import error_line, error_text, load_with_lines, read_user_file

TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KEYS = ("account", "traits", "archetypes", "timezone", "watch", "correction_window", "own_domains", "brand_terms",
        "competitors", "avoid_topics", "allow_topics", "platforms", "weights", "name")


class ProfileError(ConfigError):
    """A profile file that cannot be read or does not validate."""


@dataclass(frozen=True)
class WatchSlot:
    """Days and an hour range (may wrap past midnight) when someone watches the account."""

    days: tuple[int, ...]  # 0 = Monday
    start: time
    end: time
    who: str | None = None  # who is on watch then (shown in correction plans)

    def covers(self, weekday: int, moment: time) -> bool:
        if self.start <= self.end:
            return weekday in self.days and self.start <= moment < self.end
        # wraps midnight: the evening belongs to the listed day, the early morning to the next
        return (weekday in self.days and moment >= self.start) or ((weekday - 1) % 7 in self.days and moment < self.end)


@dataclass(frozen=True)
class Profile:
    account: str = "brand"
    traits: dict[str, float] = field(default_factory=dict)
    archetypes: tuple[str, ...] = ()
    timezone: str | None = None
    watch: tuple[WatchSlot, ...] = ()
    correction_window: timedelta = timedelta(hours=2)
    own_domains: tuple[str, ...] = ()
    brand_terms: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    avoid_topics: tuple[str, ...] = ()
    allow_topics: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    weights: dict[str, dict[str, Any]] = field(default_factory=dict)
    name: str | None = None
    path: Path | None = None

    def __hash__(self) -> int:  # profiles are used as cache keys next to Config
        return hash((self.path, self.account, tuple(sorted(self.traits.items())), self.archetypes))


def parse_duration(text: Any) -> timedelta:
    """'2h', '90m', '1h30m', '45 min' -> timedelta."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return timedelta(hours=float(text))
    match = re.fullmatch(r"\s*(?:(\d+(?:\.\d+)?)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?\s*", str(text))
    if not match or not any(match.groups()):
        raise ValueError(f"cannot read '{text}' as a duration (e.g. 2h, 90m, 1h30m)")
    return timedelta(hours=float(match.group(1) or 0), minutes=int(match.group(2) or 0))


def parse_hours(text: str) -> tuple[time, time]:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", str(text))
    if not match:
        raise ValueError(f"hours must look like \"08:00-18:00\", not '{text}'")
    h1, m1, h2, m2 = (int(x) for x in match.groups())
    end = time(0, 0) if (h2, m2) == (24, 0) else time(h2, m2)
    return time(h1, m1), end


def load_profile(path: Path) -> Profile:
    name = str(path)
    text = read_user_file(path, "profile", ProfileError)
    try:
        data = load_with_lines(text) or {}
    except yaml.YAMLError as error:
        raise ProfileError(error_text(error), name, error_line(error)) from None
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a mapping of keys", name, 1)
    return parse_profile(data, path)


def parse_profile(data: dict[str, Any], path: Path | None = None) -> Profile:
    name = str(path) if path else "<profile>"

    def fail(message: str, key: str) -> ProfileError:
        line = data.line_of(key) if hasattr(data, "line_of") else None
        return ProfileError(message, name, line)

    for key in data:
        if key not in KEYS:
            raise fail(f"unknown key '{key}' (expected: {', '.join(KEYS)})", key)

    def names(key: str, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"'{key}' must be a list of strings", key)
        if choices is not None:
            for v in value:
                if v not in choices:
                    raise fail(f"'{key}' has '{v}', expected any of: {', '.join(choices)}", key)
        return tuple(v.strip() for v in value)

    account = data.get("account", "brand")
    if account not in ACCOUNTS:
        raise fail(f"'account' must be one of: {', '.join(ACCOUNTS)}", "account")
    traits = data.get("traits") or {}
    if not isinstance(traits, dict):
        raise fail("'traits' must map trait names to numbers from 0 to 1", "traits")
    for trait, value in traits.items():
        if trait not in TRAITS:
            raise fail(f"unknown trait '{trait}' (expected: {', '.join(TRAITS)})", "traits")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise fail(f"trait '{trait}' must be a number from 0 to 1", "traits")
    timezone = data.get("timezone")
    if timezone is not None:
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(str(timezone))
        except Exception:
            raise fail(f"unknown time zone '{timezone}' (use an IANA name such as Europe/London)", "timezone") from None
    slots = []
    watch = data.get("watch") or []
    if not isinstance(watch, list):
        raise fail("'watch' must be a list of {days, hours}", "watch")
    for slot in watch:
        if not isinstance(slot, dict) or "hours" not in slot:
            raise fail("each watch entry needs 'days' and 'hours'", "watch")
        def slot_fail(message: str, key: str) -> ProfileError:
            return ProfileError(message, name, slot.line_of(key) if hasattr(slot, "line_of") else data.line_of("watch") if hasattr(data, "line_of") else None)

        unknown = sorted(set(slot) - {"days", "hours", "who"})
        if unknown:
            raise slot_fail(f"unknown key '{unknown[0]}' in a watch entry (expected: days, hours, who)", unknown[0])
        who = slot.get("who")
        if isinstance(who, list) and who and all(isinstance(w, str) and w.strip() for w in who):
            who = ", ".join(w.strip() for w in who)
        elif who is not None and not (isinstance(who, str) and who.strip()):
            raise slot_fail("'who' of a watch entry must be a name or a list of names", "who")
        days = slot.get("days", list(DAYS))
        if isinstance(days, str):
            days = [days]
        try:
            day_numbers = tuple(DAYS.index(str(d).lower()[:3]) for d in days)
            start, end = parse_hours(slot["hours"])
        except ValueError as error:
            raise fail(str(error) if "hours" in str(error) else f"watch days must be among {', '.join(DAYS)}", "watch") from None
        slots.append(WatchSlot(day_numbers, start, end, who.strip() if who else None))
    try:
        window = parse_duration(data.get("correction_window", "2h"))
    except ValueError as error:
        raise fail(str(error), "correction_window") from None
    weights = _weights(data.get("weights") or {}, fail, name)
    from fauxpas.weighting import load_trait_data

    known = load_trait_data()
    archetypes = names("archetypes", tuple(known.archetypes))
    avoid_topics = names("avoid_topics", tuple(known.topics))
    allow_topics = names("allow_topics", tuple(known.topics))
    both = set(avoid_topics) & set(allow_topics)
    if both:
        raise fail(f"'{sorted(both)[0]}' is both in avoid_topics and allow_topics", "allow_topics")
    return Profile(
        account=account,
        traits={k: float(v) for k, v in traits.items()},
        archetypes=archetypes,
        timezone=str(timezone) if timezone else None,
        watch=tuple(slots),
        correction_window=window,
        own_domains=tuple(d.lower() for d in names("own_domains")),
        brand_terms=names("brand_terms"),
        competitors=names("competitors"),
        avoid_topics=avoid_topics,
        allow_topics=allow_topics,
        platforms=names("platforms", PLATFORMS),
        weights=weights,
        name=str(data["name"]) if data.get("name") else None,
        path=path,
    )


WEIGHT_KEYS = ("weight", "posts", "flagged", "regretted", "base_rate", "expected")
MIN_WEIGHT, MAX_WEIGHT = 0.1, 3.0


def _weights(raw: Any, fail: Any, name: str) -> dict[str, dict[str, Any]]:
    """``weights: {category: 1.4}`` or ``{category: {weight: 1.4, posts: 120, flagged: 9, ...}}``;
    a mistake names the category's own line."""
    if not isinstance(raw, dict):
        raise fail("'weights' must map categories to {weight: number}", "weights")
    result: dict[str, dict[str, Any]] = {}
    for category, value in raw.items():
        line = raw.line_of(category) if hasattr(raw, "line_of") else None
        if category not in CATEGORIES:
            raise ProfileError(f"'weights' has unknown category '{category}'", name, line)
        entry = dict(value) if isinstance(value, dict) else {"weight": value}
        for key in entry:
            if key not in WEIGHT_KEYS:
                raise ProfileError(f"'weights.{category}' has unknown key '{key}' (expected: {', '.join(WEIGHT_KEYS)})", name, line)
        weight = entry.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
            raise ProfileError(f"'weights.{category}.weight' must be a number from {MIN_WEIGHT} to {MAX_WEIGHT}", name, line)
        for key in ("posts", "flagged", "regretted"):
            if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], int) or entry[key] < 0):
                raise ProfileError(f"'weights.{category}.{key}' must be a whole number", name, line)
        result[str(category)] = entry
    return result
