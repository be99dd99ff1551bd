"""The data that flows through fauxpas: a Post in, Findings out, collected in a Report.

These are plain dataclasses so that every entry point (CLI, hook, language server, Python API)
shares one shape, and ``to_dict`` gives exactly the JSON contract of DESIGN.md section 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "tragedy-exploitation",
    "cause-hashtag-hijack",
    "offensive-humor",
    "insensitive-language",
    "profanity",
    "political-religious",
    "personal-on-brand",
    "privacy-leak",
    "secret-leak",
    "placeholder",
    "unverified-claim",
    "legal-regulatory",
    "hostile-reply",
    "unfortunate-hashtag",
    "open-invitation-risk",
    "tone-deaf",
    "oversharing",
    "timing-greeting",
    "image-metadata",
    "image-content",
    "link-risk",
    "schedule-risk",
    "platform-format",
)
TEXT_CATEGORIES: tuple[str, ...] = CATEGORIES[:18]
PLATFORMS: tuple[str, ...] = ("x", "linkedin", "instagram", "facebook", "threads", "bluesky", "mastodon")
ACCOUNTS: tuple[str, ...] = ("brand", "personal", "executive")
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
ORIGINS: tuple[str, ...] = ("rule", "classifier", "profile", "schedule", "image", "link")
VERDICTS: tuple[str, ...] = ("pass", "warn", "block")


@dataclass(frozen=True)
class Source:
    """Where a post came from: a file, the line its text starts on, and the row of a calendar."""

    path: str
    line: int = 1
    row: int | None = None
    column_offset: int = 0  # column of the text's first character on its first line (0-based)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line}
        if self.row is not None:
            data["row"] = self.row
        return data


@dataclass
class Post:
    """One post as written: its text and everything that changes how risky that text is."""

    text: str
    id: str = ""
    platform: str | None = None
    account: str | None = None
    scheduled_at: datetime | None = None
    images: list[str] = field(default_factory=list)
    alt_text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    source: Source = field(default_factory=lambda: Source("<text>"))
    # Character ranges of ``text`` that are markup (comments, code) and must not be checked.
    # They are already blanked out in ``text``; kept for suppression comments.
    suppressions: list["Suppression"] = field(default_factory=list)


@dataclass(frozen=True)
class Suppression:
    """An inline ``fauxpas: ignore[...]`` comment: which rules, over which character range."""

    rules: frozenset[str]  # rule ids or categories; empty means every rule
    start: int
    end: int
    reason: str = ""

    def covers(self, rule_id: str, category: str, start: int | None) -> bool:
        if self.rules and rule_id not in self.rules and category not in self.rules:
            return False
        if start is None:
            return self.start == 0
        return self.start <= start < self.end


@dataclass
class Finding:
    """One reason a post is risky: which rule, where, why, and what to do."""

    rule: str
    category: str
    severity: str
    message: str
    origin: str = "rule"
    start: int | None = None
    end: int | None = None
    line: int | None = None
    column: int | None = None
    suggestion: str | None = None
    confidence: float = 1.0
    weight: float = 0.0  # contribution to risk after scoring (0-1)
    excerpt: str | None = None  # the matched text, masked when it is personal data or a secret
    fix: str | None = None  # a safe replacement for the span, when the rule declares one
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "span": None if self.start is None else {"start": self.start, "end": self.end},
            "line": self.line,
            "column": self.column,
            "suggestion": self.suggestion,
            "origin": self.origin,
            "confidence": round(self.confidence, 3),
            "weight": round(self.weight, 3),
        }
        if self.excerpt is not None:
            data["excerpt"] = self.excerpt
        if self.fix is not None:
            data["fix"] = self.fix
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass
class SimilarCase:
    """The documented real blunder a post resembles most, and what it taught."""

    id: str
    title: str
    lesson: str
    similarity: float
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "title": self.title, "lesson": self.lesson, "similarity": round(self.similarity, 3)}
        if self.year is not None:
            data["year"] = self.year
        return data


@dataclass
class PostReport:
    """The verdict on one post."""

    post: Post
    findings: list[Finding]
    risk: int
    verdict: str
    similar_case: SimilarCase | None = None
    suppressed: int = 0
    probability: float | None = None  # the classifier's calibrated chance of a blunder
    errors: list[Exception] = field(default_factory=list)  # inputs the post points to that failed
    doc: Any = None  # the parsed text, kept only when asked (training); never serialised

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.post.id,
            "source": self.post.source.to_dict(),
            "platform": self.post.platform,
            "account": self.post.account,
            "risk": self.risk,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "similar_case": self.similar_case.to_dict() if self.similar_case else None,
            "blunder_probability": None if self.probability is None else round(self.probability, 4),
        }


@dataclass
class Report:
    """Everything one run found: a report per post, and the inputs that could not be read."""

    posts: list[PostReport] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # once-per-run remarks that are not findings

    def summary(self) -> dict[str, int]:
        counts = {"posts": len(self.posts), "pass": 0, "warn": 0, "block": 0}
        for post in self.posts:
            counts[post.verdict] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": 1,
            "posts": [p.to_dict() for p in self.posts],
            "summary": self.summary(),
        }
        if self.errors:
            data["errors"] = [_error_dict(e) for e in self.errors]
        if self.notices:
            data["notices"] = list(self.notices)
        return data


def _error_dict(error: Exception) -> dict[str, Any]:
    return {
        "path": getattr(error, "path", None),
        "line": getattr(error, "line", None),
        "message": getattr(error, "message", str(error)),
    }
