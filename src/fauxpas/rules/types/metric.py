"""``type: metric`` — a number measured on the post against a limit.

    metric: hashtag_count     # caps_ratio | hashtag_count | mention_count | length | emoji_count
                              # | exclamation_run | hashtag_ratio
    max: platform             # a number, a mapping {default: 5, x: 3}, or "platform" (rules/data/platforms.yaml)
    min_letters: 20           # caps_ratio only: ignore short posts

The message may use {value}, {limit} and {platform}. Length is counted as the platform counts.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import re

import regex

from fauxpas import platforms
from fauxpas.models import PLATFORMS
from fauxpas.rules.base import Hit, Rule, Validator
from fauxpas.view import PostView

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SKIP = re.compile(r"(?:https?://|www\.)\S+|[#@$]\w+")
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LETTERS = _ASCII_UPPER + _ASCII_UPPER.lower()


def caps_ratio(view: PostView, rule: "MetricRule") -> float | None:
    """Share of capitals among the letters, URLs, tags and mentions left out. It runs on every
    post: its ASCII part is counted with bytes.translate, in C, and only the rest in Python."""
    text = view.text
    if "#" in text or "@" in text or "$" in text or "http" in text or "www." in text:
        text = _SKIP.sub(" ", text)
    data = text.encode("ascii", "ignore")
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    if not text.isascii():  # curly quotes, dashes, emoji, accented words: a few characters
        for run in _NON_ASCII.findall(text):
            for ch in run:
                if ch.isalpha():
                    letters += 1
                    upper += ch.isupper()
    if letters < rule.min_letters:
        return None
    return round(upper / letters, 2)


def hashtag_count(view: PostView, rule: "MetricRule") -> float:
    return len(view.hashtags)


_MENTION = regex.compile(r"(?<![\w@])@[A-Za-z0-9_]{1,30}")


def mention_count(view: PostView, rule: "MetricRule") -> float:
    return len(_MENTION.findall(view.text))


def emoji_count(view: PostView, rule: "MetricRule") -> float:
    return len(platforms.EMOJI.findall(view.text))


def exclamation_run(view: PostView, rule: "MetricRule") -> float:
    runs = regex.findall(r"!+", view.text)
    return max((len(r) for r in runs), default=0)


def hashtag_ratio(view: PostView, rule: "MetricRule") -> float | None:
    words = view.word_count
    if words < 6:
        return None
    return round(len(view.hashtags) / words, 2)


def length(view: PostView, rule: "MetricRule") -> float | None:
    if not view.platform:
        return None
    return platforms.count(view.text.strip(), view.platform)


METRICS: dict[str, Callable[[PostView, "MetricRule"], float | None]] = {
    f.__name__: f for f in (caps_ratio, hashtag_count, mention_count, emoji_count, exclamation_run, hashtag_ratio, length)
}
PLATFORM_KEYS = {"hashtag_count": "max_hashtags", "length": "max_length", "mention_count": "max_mentions"}


class MetricRule(Rule):
    TYPE = "metric"
    OPTIONS = ("metric", "max", "min_letters")

    def parse(self, v: Validator) -> None:
        self.metric = v.choice("metric", METRICS)
        self.min_letters = int(v.number("min_letters", 20, 1, 10_000) or 20)
        limit = v.data.get("max")
        if limit == "platform":
            if self.metric not in PLATFORM_KEYS:
                raise v.fail(f"'max: platform' is not available for {self.metric}", "max")
        elif isinstance(limit, dict):
            for key, value in limit.items():
                if key != "default" and key not in PLATFORMS:
                    raise v.fail(f"'max' has unknown platform '{key}'", "max")
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise v.fail("'max' values must be numbers", "max")
        elif isinstance(limit, bool) or not isinstance(limit, (int, float)):
            raise v.fail("'max' must be a number, a mapping of platform to number, or 'platform'", "max")
        self.limit: Any = limit

    def limit_for(self, platform: str | None) -> float | None:
        if self.limit == "platform":
            return platforms.limit(platform, PLATFORM_KEYS[self.metric])
        if isinstance(self.limit, dict):
            return self.limit.get(platform or "", self.limit.get("default"))
        return self.limit

    def run(self, view: PostView) -> Iterable[Hit]:
        limit = self.limit_for(view.platform)
        if limit is None:
            return []
        value = METRICS[self.metric](view, self)
        if value is None or value <= limit:
            return []
        shown = f"{value:.0%}" if self.metric in ("caps_ratio", "hashtag_ratio") else f"{value:g}"
        shown_limit = f"{limit:.0%}" if self.metric in ("caps_ratio", "hashtag_ratio") else f"{limit:g}"
        return [Hit(None, None, {"value": shown, "limit": shown_limit, "platform": view.platform or "any platform"})]
