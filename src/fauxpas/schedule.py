"""Calendar-wide checks: what only shows when a post is seen next to its time and its neighbours.

Run by ``fauxpas review`` after every post had its text checks. Each check adds findings with
origin ``schedule`` (category ``schedule-risk``) to the posts it concerns, then the post's risk
and verdict are computed again:

- **watch hours** (the profile's ``watch`` slots and ``correction_window``): a post going out
  when nobody is on watch, or with less than the wanted window of watch left after it. The seed
  rule: only post when you can correct afterwards (Justine Sacco posted before an 11-hour flight);
- **sensitive dates** (``rules/data/sensitive-dates.yaml`` plus the user's own): a promotion, a
  joke or a cheerful post on a remembrance day or a tragedy's anniversary;
- **crisis freeze** (``--freeze FILE``): a post scheduled inside a freeze, or echoing the
  event's words ("good morning, shooters" on the day of a shooting);
- **duplicates**: the same or nearly the same text twice on one platform (MinHash over word
  pairs for candidates, confirmed by word-sequence similarity), and **bursts**: posts on one platform and
  account closer together than ``burst_minutes``.

Times are read in the profile's time zone: a ``scheduled_at`` without a zone is already local,
one with a zone is converted. Without a profile, each time is read as written.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from fauxpas.dates import easter, nth_weekday
from fauxpas.errors import ConfigError
from fauxpas.models import Finding, PostReport
from fauxpas.profile import DAYS, Profile
from fauxpas.scoring import Thresholds, weigh
from fauxpas.scoring import risk as risk_of
from fauxpas.yamlio import error_line, error_text, load_with_lines, read_user_file

ORIGIN = "schedule"
CATEGORY = "schedule-risk"
SEVERITY_ORDER = ("info", "warning", "error")
DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Lessons of documented cases for findings that have no text to resemble a case by.
LESSONS = {
    "posted-outside-watch-hours": ("Justine Sacco posts a joke, then boards a long flight (2013)",
                                   "Publish only when you can watch the replies and correct fast; nobody could for 11 hours."),
    "short-correction-window": ("SpaghettiOs mascot marks Pearl Harbor Day (2013)",
                                "Make sure someone can pull a post overnight: it stayed up about 12 hours, until morning."),
    "scheduled-during-crisis-freeze": ("Auto-tweets keep running through the Boston bombing (2013)",
                                       "Keep a one-step way to pause every scheduled post, and use it as soon as a major "
                                       "tragedy breaks."),
    "echoes-crisis-keywords": ("NRA account posts a cheery greeting after Aurora (2012)",
                               "Check the news before any scheduled post goes out: 'Good morning, shooters' read as a "
                               "comment on the shooting."),
    "duplicate-post": ("Repeats in the queue",
                       "Platforms treat repeated text as spam and followers notice; check the whole queue before it runs."),
    "near-duplicate-post": ("Repeats in the queue",
                            "Platforms treat repeated text as spam and followers notice; check the whole queue before it runs."),
    "post-burst": ("Several posts land at once",
                   "Posts that land together compete for attention, and every one of them needs watching."),
}


# -- data: sensitive dates, kinds of post, freezes --------------------------------------------------
@dataclass(frozen=True)
class PostKind:
    """A kind of post that a sensitive date makes risky (promotion, joke, cheerful)."""

    name: str
    label: str
    pattern: re.Pattern[str] | None
    categories: frozenset[str] = frozenset()

    def match(self, text: str, categories: Iterable[str] = ()) -> tuple[int, int, str] | None:
        """(start, end, matched text) of the first sign of this kind; (-1, -1, category) when only
        a finding's category shows it; None when the post is not of this kind."""
        if self.pattern is not None:
            found = self.pattern.search(text)
            if found:
                return found.start(), found.end(), found.group(0)
        hit = next((c for c in categories if c in self.categories), None)
        if hit:
            return -1, -1, hit.replace("-", " ")
        return None


@dataclass(frozen=True)
class SensitiveDate:
    id: str
    name: str
    spec: Any
    risky: tuple[tuple[str, str], ...]  # (kind or "any", severity)
    regions: tuple[str, ...] = ()
    why: str = ""
    lesson: str = ""
    case: str = ""
    sources: tuple[str, ...] = ()
    origin: str = "shipped"

    def on(self, year: int) -> date | None:
        return resolve_date(self.spec, year)


@dataclass(frozen=True)
class Freeze:
    """A crisis freeze: nothing goes out from ``start`` to ``end`` (exclusive), local time."""

    name: str
    start: datetime
    end: datetime
    keywords: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(microseconds=1)).date()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "from": self.start.isoformat(), "to": self.end.isoformat(), "keywords": list(self.keywords)}


def terms_regex(terms: Iterable[str], plurals: bool = True) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive alternation of literal terms; words may take -s/-es/'s."""
    parts = []
    for term in sorted({t.strip().lower() for t in terms if t and t.strip()}, key=len, reverse=True):
        body = re.escape(term).replace(r"\ ", r"\s+")
        if plurals and term[-1].isalpha():
            body += r"(?:s|es|'s|’s)?"
        before = r"(?<![\w#@])" if (term[0].isalnum() or term[0] in "#@") else ""
        after = r"(?!\w)" if term[-1].isalnum() else ""
        parts.append(before + body + after)
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def resolve_date(spec: Any, year: int) -> date | None:
    """The date a sensitive-date spec falls on in ``year`` (None when it does not occur)."""
    if isinstance(spec, date):
        return spec if spec.year == year else None
    if isinstance(spec, str):
        text = spec.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return day if day.year == year else None
        month, day_number = (int(x) for x in text.split("-"))
        try:
            return date(year, month, day_number)
        except ValueError:  # 02-29 in a common year
            return None
    if isinstance(spec, dict) and "easter" in spec:
        return easter(year) + timedelta(days=int(spec["easter"]))
    if isinstance(spec, dict) and "holiday" in spec:
        return _named_holiday(str(spec.get("country", "")).upper(), str(spec["holiday"]).lower(), year)
    if isinstance(spec, dict):
        return nth_weekday(year, int(spec["month"]), DAYS.index(str(spec["weekday"]).lower()[:3]), int(spec["nth"]))
    raise ValueError(f"bad date {spec!r}")


@lru_cache(maxsize=256)
def _named_holiday(country: str, name: str, year: int) -> date | None:
    try:
        import holidays
    except ImportError:  # pragma: no cover - a dependency
        return None
    try:
        calendar = holidays.country_holidays(country, years=[year])
    except (NotImplementedError, KeyError):
        return None
    for day, title in sorted(calendar.items()):
        if name in title.lower():
            return day
    return None


_SEVERITY_CHOICES = ("info", "warning", "error")


def _read_yaml(path: Path, what: str) -> Any:
    name = str(path)
    text = read_user_file(path, what, ConfigError)
    try:
        return load_with_lines(text)
    except yaml.YAMLError as error:
        raise ConfigError(error_text(error), name, error_line(error)) from None


def _line(container: Any, key: Any) -> int | None:
    try:
        return container.line_of(key) if hasattr(container, "line_of") else None
    except (KeyError, IndexError, TypeError):
        return None


def load_kinds(data: dict[str, Any], name: str) -> dict[str, PostKind]:
    from fauxpas.paths import rules_dir
    from fauxpas.rules.base import read_lexicon

    kinds: dict[str, PostKind] = {}
    for kind, spec in (data or {}).items():
        if not isinstance(spec, dict):
            raise ConfigError(f"kind '{kind}' must be a mapping", name, _line(data, kind))
        terms: list[str] = []
        if spec.get("lexicon"):
            lexicon = rules_dir() / "lexicons" / f"{spec['lexicon']}.txt"
            if not lexicon.is_file():
                raise ConfigError(f"kind '{kind}': no lexicon '{spec['lexicon']}'", name, _line(data, kind))
            excluded = {str(e).lower() for e in spec.get("exclude") or ()}
            terms += [t for t in read_lexicon(lexicon) if t.lower() not in excluded]
        terms += [str(t) for t in spec.get("terms") or ()]
        kinds[str(kind)] = PostKind(str(kind), str(spec.get("label") or kind), terms_regex(terms),
                                    frozenset(str(c) for c in spec.get("categories") or ()))
    return kinds


def parse_sensitive_dates(data: Any, name: str, origin: str, kinds: dict[str, PostKind]) -> list[SensitiveDate]:
    """Sensitive dates from a loaded YAML document: a mapping with ``dates`` or a plain list."""
    items = data.get("dates") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError("sensitive dates must be a list (or a mapping with a 'dates' list)", name, 1)
    known = ("id", "name", "date", "regions", "risky", "why", "lesson", "case", "sources", "note")
    result = []
    for index, item in enumerate(items):
        line = _line(items, index)
        if not isinstance(item, dict):
            raise ConfigError("each sensitive date must be a mapping with at least 'name' and 'date'", name, line)
        unknown = [k for k in item if k not in known]
        if unknown:
            raise ConfigError(f"unknown key '{unknown[0]}' (expected: {', '.join(known)})", name, _line(item, unknown[0]) or line)
        if "date" not in item or "name" not in item:
            raise ConfigError("a sensitive date needs 'name' and 'date'", name, line)
        spec = item["date"]
        if isinstance(spec, datetime):
            spec = spec.date()
        try:
            resolve_date(spec, 2027)
        except (ValueError, KeyError, TypeError):
            raise ConfigError(f"'{item['name']}': date must be \"MM-DD\", \"YYYY-MM-DD\", {{month, weekday, nth}}, "
                              "{easter: DAYS} or {holiday: NAME, country: CODE}", name, _line(item, "date") or line) from None
        risky = item.get("risky") or {"promotion": "error", "joke": "error", "cheerful": "warning", "any": "info"}
        if isinstance(risky, list):  # [promotion, joke]: each one blocks
            risky = {str(k): "error" for k in risky}
        if not isinstance(risky, dict):
            raise ConfigError("'risky' must map kinds (promotion, joke, cheerful, any) to a severity", name, line)
        for kind, severity in risky.items():
            if kind != "any" and kind not in kinds:
                raise ConfigError(f"unknown kind '{kind}' (expected: any, {', '.join(kinds)})", name, _line(item, "risky") or line)
            if severity not in _SEVERITY_CHOICES:
                raise ConfigError(f"severity of '{kind}' must be one of: {', '.join(_SEVERITY_CHOICES)}", name, _line(item, "risky") or line)
        regions = item.get("regions") or []
        if isinstance(regions, str):
            regions = [regions]
        sources = item.get("sources") or []
        if isinstance(sources, str):
            sources = [sources]
        identifier = str(item.get("id") or re.sub(r"[^a-z0-9]+", "-", str(item["name"]).lower()).strip("-"))
        result.append(SensitiveDate(
            id=identifier, name=str(item["name"]), spec=spec, risky=tuple((str(k), str(v)) for k, v in risky.items()),
            regions=tuple(str(r).upper() for r in regions), why=str(item.get("why") or item.get("note") or ""),
            lesson=str(item.get("lesson") or ""), case=str(item.get("case") or ""),
            sources=tuple(str(s) for s in sources), origin=origin))
    return result


@lru_cache(maxsize=1)
def shipped_calendar() -> tuple[dict[str, PostKind], tuple[SensitiveDate, ...]]:
    """The kinds of post and the sensitive dates shipped in ``rules/data/sensitive-dates.yaml``."""
    from fauxpas.paths import rules_dir

    path = rules_dir() / "data" / "sensitive-dates.yaml"
    data = _read_yaml(path, "sensitive dates")
    kinds = load_kinds(data.get("kinds") or {}, str(path))
    return kinds, tuple(parse_sensitive_dates(data, str(path), "shipped", kinds))


def load_sensitive_dates(path: Path) -> list[SensitiveDate]:
    """The user's own sensitive dates (``--sensitive-dates FILE``), in the shipped file's format."""
    kinds, _ = shipped_calendar()
    data = _read_yaml(path, "sensitive dates")
    if isinstance(data, dict) and data.get("kinds"):
        kinds = {**kinds, **load_kinds(data["kinds"], str(path))}
    return parse_sensitive_dates(data, str(path), str(path), kinds)


def load_freezes(path: Path) -> list[Freeze]:
    """A crisis freeze file: a YAML list of {name, from, to (inclusive), keywords} (DESIGN.md 6)."""
    name = str(path)
    data = _read_yaml(path, "freeze file")
    if isinstance(data, dict) and isinstance(data.get("freezes"), list):
        data = data["freezes"]
    if not isinstance(data, list):
        raise ConfigError("a freeze file must be a list of {name, from, to, keywords}", name, 1)
    freezes = []
    for index, item in enumerate(data):
        line = _line(data, index)
        if not isinstance(item, dict):
            raise ConfigError("each freeze must be a mapping with name, from, to and keywords", name, line)
        unknown = [k for k in item if k not in ("name", "from", "to", "keywords", "note")]
        if unknown:
            raise ConfigError(f"unknown key '{unknown[0]}' (expected: name, from, to, keywords)", name, _line(item, unknown[0]) or line)
        if not item.get("name") or "from" not in item:
            raise ConfigError("a freeze needs a 'name' and a 'from' date", name, line)
        try:
            start = _freeze_time(item["from"], end=False)
            end = _freeze_time(item.get("to", item["from"]), end=True)
        except ValueError as error:
            raise ConfigError(f"freeze '{item['name']}': {error}", name, line) from None
        if end <= start:
            raise ConfigError(f"freeze '{item['name']}': 'to' is before 'from'", name, _line(item, "to") or line)
        keywords = item.get("keywords") or []
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",")]
        if not isinstance(keywords, list):
            raise ConfigError(f"freeze '{item['name']}': 'keywords' must be a list of words", name, _line(item, "keywords") or line)
        words = tuple(str(k).strip() for k in keywords if str(k).strip())
        freezes.append(Freeze(str(item["name"]), start, end, words, terms_regex(words)))
    return freezes


def _freeze_time(value: Any, end: bool) -> datetime:
    """A freeze bound: a date covers the whole day (``to`` inclusive); a datetime is exact."""
    from fauxpas.timeparse import parse_datetime

    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return datetime.combine(value + timedelta(days=1 if end else 0), time(0, 0))
    else:
        text = str(value).strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.combine(date.fromisoformat(text) + timedelta(days=1 if end else 0), time(0, 0))
        moment = parse_datetime(text)
    return moment  # converted to the profile's zone when the options are built


# -- options and results ----------------------------------------------------------------------------
@dataclass
class ScheduleOptions:
    profile: Profile | None = None
    freezes: Sequence[Freeze] = ()
    sensitive_dates: Sequence[SensitiveDate] | None = None  # None: the shipped ones
    kinds: dict[str, PostKind] | None = None  # None: the shipped ones
    burst_minutes: float = 10.0
    near_duplicate: float = 0.85  # word-sequence similarity (difflib ratio) of two posts
    duplicate_days: float = 14.0  # near-duplicates further apart than this are not flagged
    echo_days: float = 14.0  # keywords of a freeze still echo this long after it ends
    ignore: frozenset[str] = frozenset()  # rule ids or categories switched off
    default_platform: str | None = None
    default_account: str = "brand"
    country: str | None = None  # None: from the profile's time zone


@dataclass
class PostSchedule:
    """What the schedule checks know about one post (for the reports)."""

    local: datetime | None = None  # wall-clock time in the profile's zone (naive)
    on_watch: bool | None = None  # None: not checked (no profile, or no time)
    watch_until: datetime | None = None
    next_watch: datetime | None = None
    watchers: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    freezes: list[str] = field(default_factory=list)
    lessons: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"local_time": self.local.isoformat(timespec="minutes") if self.local else None}
        if self.on_watch is not None:
            data["on_watch"] = self.on_watch
            data["watch_until"] = self.watch_until.isoformat(timespec="minutes") if self.watch_until else None
            data["next_watch"] = self.next_watch.isoformat(timespec="minutes") if self.next_watch else None
            data["watchers"] = list(self.watchers)
        if self.sensitive:
            data["sensitive_dates"] = list(self.sensitive)
        if self.freezes:
            data["freezes"] = list(self.freezes)
        return data


@dataclass
class ScheduleSummary:
    timezone: str | None
    profile: str | None
    correction_window: timedelta | None
    watch_checked: bool
    posts: list[PostSchedule]
    freezes: list[Freeze]
    sensitive_days: dict[str, list[str]]  # ISO date -> names, for the days the calendar covers
    notices: list[str] = field(default_factory=list)

    def counts(self, reports: Sequence[PostReport]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for report in reports:
            for rule in {f.rule for f in report.findings if f.origin == ORIGIN}:
                counts[rule] = counts.get(rule, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self, reports: Sequence[PostReport]) -> dict[str, Any]:
        scheduled = [p.local for p in self.posts if p.local is not None]
        return {
            "timezone": self.timezone,
            "profile": self.profile,
            "correction_window_minutes": int(self.correction_window.total_seconds() // 60) if self.correction_window else None,
            "watch_checked": self.watch_checked,
            "first": min(scheduled).isoformat(timespec="minutes") if scheduled else None,
            "last": max(scheduled).isoformat(timespec="minutes") if scheduled else None,
            "unscheduled": sum(1 for p in self.posts if p.local is None),
            "outside_watch": sum(1 for p in self.posts if p.on_watch is False),
            "findings": self.counts(reports),
            "freezes": [f.to_dict() for f in self.freezes],
            "sensitive_days": self.sensitive_days,
            "notices": list(self.notices),
        }


# -- time helpers -----------------------------------------------------------------------------------
def zone_of(profile: Profile | None) -> Any:
    if profile is None or not profile.timezone:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(profile.timezone)


def local_time(moment: datetime, zone: Any) -> datetime:
    """Wall-clock time in ``zone`` (naive): naive times are already local, aware ones converted."""
    if moment.tzinfo is None:
        return moment
    if zone is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(zone).replace(tzinfo=None)


def to_profile_zone(moment: datetime | None, zone: Any) -> datetime | None:
    """A scheduled time as the text checks should read it: aware times shown in the profile's zone."""
    if moment is None or zone is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(zone)


def _instant(local: datetime, zone: Any) -> float:
    """Seconds since the epoch of a local wall-clock time (for ordering and gaps)."""
    return local.replace(tzinfo=zone or timezone.utc).timestamp()


def fmt_when(moment: datetime) -> str:
    return f"{DAY_ABBR[moment.weekday()]} {moment.day} {moment:%b %Y %H:%M}"


def fmt_clock(moment: datetime, reference: datetime | None = None) -> str:
    if reference is not None and moment.date() == reference.date():
        return f"{moment:%H:%M}"
    return f"{DAY_ABBR[moment.weekday()]} {moment.day} {moment:%b %H:%M}"


def fmt_duration(delta: timedelta) -> str:
    minutes = int(round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours >= 48 and rest == 0:
        return f"{hours // 24} days" if hours % 24 == 0 else f"{hours} h"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest} min"


def slot_label(slot: Any) -> str:
    days = sorted(slot.days)
    if days == list(range(7)):
        label = "every day"
    elif len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        label = f"{DAY_ABBR[days[0]]}–{DAY_ABBR[days[-1]]}"
    else:
        label = ", ".join(DAY_ABBR[d] for d in days)
    return f"{label} {slot.start:%H:%M}–{slot.end:%H:%M}"


@lru_cache(maxsize=64)
def country_of_zone(zone_name: str | None) -> str | None:
    """ISO country code of an IANA time zone, from the system's zone.tab (None when unknown)."""
    if not zone_name:
        return None
    for folder in (Path("/usr/share/zoneinfo"), Path("/usr/lib/zoneinfo"), Path("/usr/share/lib/zoneinfo")):
        table = folder / "zone.tab"
        if table.is_file():
            for raw in table.read_text(encoding="utf-8", errors="replace").splitlines():
                parts = raw.split("\t")
                if len(parts) >= 3 and not raw.startswith("#") and parts[2] == zone_name:
                    return parts[0]
            break
    return _FALLBACK_COUNTRIES.get(zone_name)


_FALLBACK_COUNTRIES = {
    "Europe/London": "GB", "Europe/Dublin": "IE", "Europe/Paris": "FR", "Europe/Brussels": "BE", "Europe/Berlin": "DE",
    "America/New_York": "US", "America/Chicago": "US", "America/Denver": "US", "America/Los_Angeles": "US",
    "America/Toronto": "CA", "America/Vancouver": "CA", "Australia/Sydney": "AU", "Australia/Melbourne": "AU",
    "Pacific/Auckland": "NZ", "Asia/Tokyo": "JP", "Asia/Kolkata": "IN", "Africa/Johannesburg": "ZA", "Asia/Jerusalem": "IL",
}


class Watch:
    """The profile's watch slots as wall-clock intervals, with the answers cached per minute of week."""

    def __init__(self, profile: Profile):
        self.slots = tuple(profile.watch)
        self.window = profile.correction_window
        self._cache: dict[tuple[int, time], tuple[timedelta | None, timedelta | None]] = {}
        self._who: dict[tuple[int, time, timedelta], list[str]] = {}

    def _intervals(self, moment: datetime) -> list[tuple[datetime, datetime, int]]:
        intervals = []
        for offset in range(-1, 9):
            day = moment.date() + timedelta(days=offset)
            for index, slot in enumerate(self.slots):
                if day.weekday() in slot.days:
                    start = datetime.combine(day, slot.start)
                    end = datetime.combine(day, slot.end)
                    if end <= start:  # wraps past midnight ("22:00-02:00"), or the whole day ("00:00-24:00")
                        end += timedelta(days=1)
                    intervals.append((start, end, index))
        return sorted(intervals)

    def coverage(self, moment: datetime) -> tuple[timedelta | None, timedelta | None]:
        """(how long watch lasts from ``moment``, None if nobody is on watch;
        how long until the next watch starts, None if on watch or none in a week)."""
        key = (moment.weekday(), moment.time())
        if key not in self._cache:
            merged: list[list[datetime]] = []
            for start, end, _ in self._intervals(moment):
                if merged and start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            left = following = None
            for start, end in merged:
                if start <= moment < end:
                    left = end - moment
                    break
                if start > moment:
                    following = start - moment
                    break
            self._cache[key] = (left, following)
        return self._cache[key]

    def watchers(self, moment: datetime, until: datetime) -> list[str]:
        """Who (or which slot) is on watch at some point between ``moment`` and ``until``."""
        key = (moment.weekday(), moment.time(), until - moment)
        if key not in self._who:
            found: list[str] = []
            for start, end, index in self._intervals(moment):
                if start < until and moment < end:
                    label = self.slots[index].who or slot_label(self.slots[index])
                    if label not in found:
                        found.append(label)
            self._who[key] = found
        return list(self._who[key])


# -- the checks -------------------------------------------------------------------------------------
class _Collector:
    def __init__(self, reports: Sequence[PostReport], options: ScheduleOptions):
        self.reports = reports
        self.options = options
        self.found: list[list[Finding]] = [[] for _ in reports]

    def add(self, index: int, rule: str, severity: str, message: str, suggestion: str, *,
            confidence: float = 1.0, span: tuple[int, int] | None = None, notes: Iterable[str] = ()) -> None:
        post = self.reports[index].post
        names = {rule, CATEGORY, "schedule"}
        if names & self.options.ignore or names & set(post.ignore) or "all" in post.ignore:
            return
        finding = Finding(rule=rule, category=CATEGORY, severity=severity, message=message, origin=ORIGIN,
                          suggestion=suggestion, confidence=confidence, notes=list(notes))
        if span is not None and span[0] >= 0:
            from fauxpas.linter import position

            finding.start, finding.end = span
            finding.excerpt = post.text[span[0]:span[1]]
            finding.line, finding.column = position(post, span[0])
        else:
            finding.line, finding.column = post.source.line, None
        self.found[index].append(finding)


def check_schedule(reports: Sequence[PostReport], options: ScheduleOptions | None = None,
                   thresholds: Thresholds | Sequence[Thresholds] | None = None) -> ScheduleSummary:
    """Add the schedule findings to ``reports`` (in place), rescore them, and summarise."""
    options = options or ScheduleOptions()
    profile = options.profile
    zone = zone_of(profile)
    kinds, shipped = shipped_calendar()
    kinds = options.kinds or kinds
    dates = list(shipped if options.sensitive_dates is None else options.sensitive_dates)
    country = options.country or country_of_zone(profile.timezone if profile else None)
    freezes = [Freeze(f.name, local_time(f.start, zone), local_time(f.end, zone), f.keywords, f.pattern) for f in options.freezes]
    collector = _Collector(reports, options)
    posts = [PostSchedule(local=local_time(r.post.scheduled_at, zone) if r.post.scheduled_at else None) for r in reports]
    notices: list[str] = []

    watch_checked = bool(profile and profile.watch)
    if profile is None:
        notices.append("no profile: watch hours and correction windows were not checked (give --profile)")
    elif not profile.watch:
        notices.append("the profile has no watch hours: correction windows were not checked")
    if watch_checked:
        _check_watch(collector, posts, Watch(profile), zone)
    sensitive_days = _check_sensitive_dates(collector, posts, dates, kinds, country)
    _check_freezes(collector, posts, freezes)
    _check_duplicates(collector, posts, zone)
    _check_bursts(collector, posts, zone)

    levels = list(thresholds) if isinstance(thresholds, (list, tuple)) else [thresholds or Thresholds()] * len(reports)
    for index, report in enumerate(reports):
        added = collector.found[index]
        if not added:
            continue
        for finding in added:
            weigh(finding)
            lesson = LESSONS.get(finding.rule)
            if lesson and lesson not in posts[index].lessons:
                posts[index].lessons.append(lesson)
        report.findings.extend(added)
        report.findings.sort(key=lambda f: (-f.weight, f.start if f.start is not None else -1, f.rule))
        report.risk = risk_of(report.findings)
        report.verdict = levels[index].verdict(report.risk)
    return ScheduleSummary(
        timezone=profile.timezone if profile else None,
        profile=(profile.name or (str(profile.path) if profile.path else None)) if profile else None,
        correction_window=profile.correction_window if profile else None,
        watch_checked=watch_checked, posts=posts, freezes=freezes, sensitive_days=sensitive_days, notices=notices)


def _check_watch(collector: _Collector, posts: list[PostSchedule], watch: Watch, zone: Any) -> None:
    window = watch.window
    zone_name = f" ({collector.options.profile.timezone})" if collector.options.profile and collector.options.profile.timezone else ""
    for index, info in enumerate(posts):
        moment = info.local
        if moment is None:
            continue
        left, following = watch.coverage(moment)
        info.on_watch = left is not None
        info.watch_until = moment + left if left is not None else None
        info.next_watch = moment + following if following is not None else None
        info.watchers = watch.watchers(moment, moment + window)
        if left is None:
            if following is not None:
                later = f"; the next watch starts {fmt_clock(moment + following, moment)}, {fmt_duration(following)} later"
                move = f"Move it into watch hours (next: {fmt_when(moment + following)})"
            else:
                later, move = "; no watch is set for the week after", "Move it into watch hours"
            collector.add(
                index, "posted-outside-watch-hours", "warning",
                f"Goes out {fmt_when(moment)}{zone_name} when nobody is on watch{later}",
                f"{move}, or put someone on watch for the {fmt_duration(window)} after it goes out: "
                "only post when you can correct afterwards.")
        elif left < window:
            shortfall = window - left
            latest = moment - shortfall
            collector.add(
                index, "short-correction-window", "warning",
                f"Only {fmt_duration(left)} of watch left after it goes out at {fmt_when(moment)}{zone_name} "
                f"(wanted {fmt_duration(window)}): watch ends {fmt_clock(moment + left, moment)}",
                f"Schedule it by {fmt_clock(latest, moment)}, or keep someone on watch until "
                f"{fmt_clock(moment + window, moment)}.",
                confidence=0.5 + 0.5 * min(1.0, shortfall / window))


def _check_sensitive_dates(collector: _Collector, posts: list[PostSchedule], dates: list[SensitiveDate],
                           kinds: dict[str, PostKind], country: str | None) -> dict[str, list[str]]:
    years = sorted({p.local.year for p in posts if p.local is not None})
    by_day: dict[date, list[SensitiveDate]] = {}
    for year in years:
        for entry in dates:
            try:
                day = entry.on(year)
            except (ValueError, KeyError, TypeError):
                day = None
            if day is not None:
                by_day.setdefault(day, []).append(entry)
    covered_days = {p.local.date() for p in posts if p.local is not None}
    summary = {d.isoformat(): [e.name for e in entries if _applies(e, country) is not None]
               for d, entries in sorted(by_day.items()) if d in covered_days}
    summary = {d: names for d, names in summary.items() if names}
    for index, info in enumerate(posts):
        if info.local is None or info.local.date() not in by_day:
            continue
        report = collector.reports[index]
        text = report.post.text
        categories = [f.category for f in report.findings]
        for entry in by_day[info.local.date()]:
            downgrade = _applies(entry, country)
            if downgrade is None:
                continue
            info.sensitive.append(entry.name)
            where = f" (observed in {', '.join(entry.regions)})" if entry.regions and downgrade else ""
            notes = [entry.why] if entry.why else []
            if entry.lesson:
                lesson = (entry.name, entry.lesson)
                if lesson not in info.lessons:
                    info.lessons.append(lesson)
            matched = False
            for kind_name, severity in entry.risky:
                if kind_name == "any" or kind_name not in kinds:
                    continue
                hit = kinds[kind_name].match(text, categories)
                if hit is None:
                    continue
                matched = True
                start, end, what = hit
                kind = kinds[kind_name]
                shown = f"'{what}'" if start >= 0 else what
                collector.add(
                    index, f"{kind_name}-on-sensitive-date", _lower(severity, downgrade),
                    f"{kind.label[0].upper()}{kind.label[1:]} ({shown}) scheduled on {entry.name}{where}, "
                    f"{fmt_when(info.local)}",
                    f"Move the {kind_name} to another day; if you post on {entry.name}, keep it short, plain and unbranded.",
                    span=(start, end) if start >= 0 else None, notes=notes)
            if not matched:
                severity = dict(entry.risky).get("any")
                if severity:
                    collector.add(
                        index, "post-on-sensitive-date", _lower(severity, downgrade),
                        f"Scheduled on {entry.name}{where}, {fmt_when(info.local)}: read it once more with the day in mind",
                        f"Check the tone fits {entry.name}; a remembrance post should be plain and unbranded.",
                        notes=notes)
    return summary


def _applies(entry: SensitiveDate, country: str | None) -> int | None:
    """None: not observed where the account is; 0: applies fully; 1: one severity lower (the
    account's country is unknown and the date is regional)."""
    if not entry.regions:
        return 0
    if country is None:
        return 1
    return 0 if country in entry.regions else None


def _lower(severity: str, steps: int) -> str:
    return SEVERITY_ORDER[max(0, SEVERITY_ORDER.index(severity) - steps)]


def _check_freezes(collector: _Collector, posts: list[PostSchedule], freezes: list[Freeze]) -> None:
    echo = timedelta(days=collector.options.echo_days)
    spans = [f"{fmt_clock(f.start)} to {fmt_clock(f.end - timedelta(minutes=1))}" for f in freezes]
    for index, info in enumerate(posts):
        text = collector.reports[index].post.text
        for freeze, span in zip(freezes, spans):
            inside = info.local is not None and freeze.start <= info.local < freeze.end
            if not inside and info.local is not None and not freeze.end <= info.local < freeze.end + echo:
                continue  # before the event, or long after it: its words are not news
            if inside:
                info.freezes.append(freeze.name)
                collector.add(
                    index, "scheduled-during-crisis-freeze", "error",
                    f"Scheduled {fmt_when(info.local)}, inside the crisis freeze '{freeze.name}' ({span})",
                    f"Hold it until the freeze ends ({fmt_when(freeze.end)}), or get it approved as right for the moment.")
            found = freeze.pattern.search(text) if freeze.pattern else None
            if found is None:
                continue
            if inside:
                severity, when = "error", "while it is in the news"
            elif info.local is None:
                severity, when = "warning", "(the post has no date: check it against the news when it goes out)"
            elif freeze.end <= info.local < freeze.end + echo:
                severity, when = "warning", f"{fmt_duration(info.local - freeze.end)} after the freeze ended"
            else:
                continue
            collector.add(
                index, "echoes-crisis-keywords", severity,
                f"'{found.group(0)}' echoes the words of '{freeze.name}' {when}",
                f"Rewrite it without '{found.group(0)}', or hold it: an innocent word reads as a comment on the event.",
                span=(found.start(), found.end()))


_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_WORD = re.compile(r"[#@]?\w+(?:'\w+)?", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_URL.sub(" ", text.lower()))


def _group(collector: _Collector, index: int) -> tuple[str, str]:
    post = collector.reports[index].post
    return (post.platform or collector.options.default_platform or "-", post.account or collector.options.default_account)


def _order(posts: list[PostSchedule], zone: Any, indices: Iterable[int]) -> list[int]:
    return sorted(indices, key=lambda i: (posts[i].local is None, _instant(posts[i].local, zone) if posts[i].local else 0.0, i))


def _describe(collector: _Collector, posts: list[PostSchedule], other: int) -> str:
    post = collector.reports[other].post
    when = f", {fmt_when(posts[other].local)}" if posts[other].local else ""
    return f"'{post.id}'{when}"


def _check_duplicates(collector: _Collector, posts: list[PostSchedule], zone: Any) -> None:
    """Exact repeats (same words, any distance apart) and near repeats (within ``duplicate_days``)
    on one platform and account. Near repeats: MinHash over word pairs finds candidates (20 bands
    of 3), a word-pair Jaccard of 0.45 and a word-sequence similarity of ``near_duplicate``
    (difflib) confirm them. Short posts (under 6 words) only count as exact repeats."""
    import numpy as np
    from difflib import SequenceMatcher

    groups: dict[tuple[str, str], list[int]] = {}
    for index in range(len(posts)):
        groups.setdefault(_group(collector, index), []).append(index)
    span = timedelta(days=collector.options.duplicate_days)
    threshold = collector.options.near_duplicate
    prime = (1 << 31) - 1
    rng = np.random.default_rng(20270314)
    a = rng.integers(1, prime, size=60, dtype=np.int64)
    b = rng.integers(0, prime, size=60, dtype=np.int64)
    for members in groups.values():
        ordered = _order(posts, zone, members)
        seen: dict[str, int] = {}
        words: dict[int, list[str]] = {}
        pairs: dict[int, set[int]] = {}
        for index in ordered:
            tokens = _tokens(collector.reports[index].post.text)
            if len(tokens) < 2:
                continue
            key = " ".join(tokens)
            if key in seen:
                collector.add(index, "duplicate-post", "warning",
                              f"Same text as {_describe(collector, posts, seen[key])} on the same platform",
                              "Delete one or rewrite it: repeated text reads as a bot, and X refuses exact duplicates.")
                continue
            seen[key] = index
            if len(tokens) >= 6:
                words[index] = tokens
                pairs[index] = {zlib.crc32(f"{x} {y}".encode()) & 0x7FFFFFFF for x, y in zip(tokens, tokens[1:])}
        candidates = [i for i in ordered if i in pairs]
        if len(candidates) < 2:
            continue
        rank = {index: position for position, index in enumerate(candidates)}
        # All signatures at once: hash every word pair of every post 60 ways, minimum per post.
        sizes = np.fromiter((len(pairs[i]) for i in candidates), dtype=np.int64, count=len(candidates))
        values = np.fromiter((v for i in candidates for v in pairs[i]), dtype=np.int64, count=int(sizes.sum()))
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        signatures = np.minimum.reduceat((a[:, None] * values[None, :] + b[:, None]) % prime, offsets, axis=1).T
        buckets: list[list[int]] = []
        order_index = np.asarray(candidates)
        for band in range(20):
            rows = signatures[:, band * 3:band * 3 + 3]
            keys = (rows[:, 0] * 1_000_003 + rows[:, 1]) * 1_000_033 + rows[:, 2]
            sort = np.argsort(keys, kind="stable")
            sorted_keys = keys[sort]
            edges = np.flatnonzero(np.diff(sorted_keys)) + 1
            starts = np.concatenate(([0], edges))
            ends = np.concatenate((edges, [len(sort)]))
            for start, end in zip(starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist()):
                buckets.append(order_index[sort[start:end]].tolist())
        best: dict[int, tuple[float, int]] = {}
        tried: set[tuple[int, int]] = set()
        for bucket in buckets:
            bucket.sort(key=rank.__getitem__)
            for position in range(1, len(bucket)):
                index = bucket[position]
                if index in best:
                    continue
                mine = pairs[index]
                for other in reversed(bucket[max(0, position - 20):position]):
                    if (other, index) in tried:
                        continue
                    tried.add((other, index))
                    if posts[index].local and posts[other].local and abs(posts[index].local - posts[other].local) > span:
                        continue
                    theirs = pairs[other]
                    if len(mine & theirs) < 0.45 * len(mine | theirs):
                        continue
                    similarity = SequenceMatcher(None, words[other], words[index], autojunk=False).ratio()
                    if similarity >= threshold:
                        best[index] = (similarity, other)
                        break
        for index, (similarity, other) in sorted(best.items()):
            collector.add(index, "near-duplicate-post", "warning",
                          f"Nearly the same text ({similarity:.0%} alike) as {_describe(collector, posts, other)} on the same platform",
                          "Make the two posts clearly different, or drop one: near-repeats look automated.",
                          confidence=0.75)


def _check_bursts(collector: _Collector, posts: list[PostSchedule], zone: Any) -> None:
    gap = collector.options.burst_minutes * 60
    if gap <= 0:
        return
    groups: dict[tuple[str, str], list[int]] = {}
    for index, info in enumerate(posts):
        if info.local is not None:
            groups.setdefault(_group(collector, index), []).append(index)
    for (platform, _account), members in groups.items():
        ordered = _order(posts, zone, members)
        times = [_instant(posts[i].local, zone) for i in ordered]
        start = 0
        for position in range(1, len(ordered)):
            while times[position] - times[start] >= gap:
                start += 1
            if start == position:
                continue
            earlier = ordered[position - 1]
            minutes = (times[position] - times[position - 1]) / 60
            count = position - start + 1
            where = "" if platform == "-" else f" on {platform}"
            collector.add(
                ordered[position], "post-burst", "warning",
                f"Post {count} within {collector.options.burst_minutes:g} minutes{where}: goes out "
                f"{minutes:.0f} min after {_describe(collector, posts, earlier)}",
                f"Space posts on the same account at least {collector.options.burst_minutes:g} minutes apart, "
                "so each one can be watched and corrected.",
                confidence=0.75)


def freeze_window_text(freeze: Freeze) -> str:
    return f"{fmt_clock(freeze.start)} – {fmt_clock(freeze.end - timedelta(minutes=1))}"


__all__ = [
    "Freeze", "PostKind", "PostSchedule", "ScheduleOptions", "ScheduleSummary", "SensitiveDate", "Watch",
    "check_schedule", "load_freezes", "load_sensitive_dates", "local_time", "shipped_calendar", "to_profile_zone",
]
