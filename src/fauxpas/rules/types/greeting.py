"""``type: greeting`` — text that contradicts when the post is scheduled.

    check: weekday     # see CHECKS below
    data: greetings    # rules/data/greetings.yaml (phrases, dates, windows, cue words)
    hemisphere: north  # north (default) | south: for seasons; a place in the post can override it

Checks (each reads its section of the data file):

- ``weekday``: "Happy Friday" on a Tuesday (``weekdays``).
- ``holiday``: "Merry Christmas" in July, "Eid Mubarak" in October (``holidays``). Dates are fixed
  ("MM-DD"), Easter-based, nth weekday of a month, or read from the ``holidays`` package's country
  calendars for dates that move (Eid, Diwali, Lunar New Year, Passover...). Country hints in the
  post ("£", "Toronto") pick the regional date (Mother's Day, Thanksgiving). A "today"/"tonight"
  in the post narrows the window to the day itself.
- ``daypart``: "good morning" at 23:40 (``dayparts``).
- ``season``: "summer is here" in December (``seasons``; windows are for the northern hemisphere
  and shift six months for the southern one).
- ``meal``: "lunch plans?" at 17:40 (``meals``).
- ``relative-day``: "Saturday market tomorrow" scheduled on a Saturday, "today (Sunday 20 Dec)" on
  the 21st (``relative_day``).
- ``event-time``: "doors open tonight at 8" scheduled at 21:30 (``event_time``).
- ``countdown``: "two sleeps till Christmas" on 26 December (``countdown``).
- ``year``: "Happy New Year 2026" on 1 January 2027; "Year of the Dragon" in a Goat year (``years``).
- ``month``: "Hello September" on 1 August (``months``).

Needs ``scheduled_at``; posts without a schedule are not judged. The schedule is read in its own
local time. Every check is woken by the shared phrase matcher; the work here (small regexes over
one sentence, a date computation) runs only for posts where one of its phrases matched.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any, Iterable

from fauxpas.dates import easter, nth_weekday
from fauxpas.errors import RuleError
from fauxpas.lazyregex import LazyPattern
from fauxpas.paths import rules_dir
from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.rules.types.phrase import add_phrases
from fauxpas.view import PostView
from fauxpas.yamlio import safe_load

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
CHECKS = ("weekday", "holiday", "daypart", "season", "meal", "relative-day", "event-time", "countdown", "year", "month")

MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
}
_WD = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
DATE_RE = re.compile(
    rf"(?:\b(?P<wa>{_WD}),?\s+)?(?:the\s+)?\b(?P<da>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<ma>{_MON})\b\.?"
    rf"(?:,?\s+(?P<ya>(?:19|20)\d\d)\b)?"
    rf"|(?:\b(?P<wb>{_WD}),?\s+)?\b(?P<mb>{_MON})\b\.?\s+(?:the\s+)?(?P<db>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)"
    rf"(?:,?\s+(?P<yb>(?:19|20)\d\d)\b)?",
    re.I,
)
WEEKDAY_RE = re.compile(rf"\b(?P<wd>{_WD})(?P<suf>'s|’s|s\b)?", re.I)
TIME_RE = re.compile(
    r"(?<![\w'’])(?P<kw>at|until|till|til|'til|’til|by)\s+(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?"
    r"(?:\s*(?P<ap>a\.?m\b\.?|p\.?m\b\.?))?(?![\w:%£$€]|[.,]\d)|(?P<word>noon|midday)\b)",
    re.I,
)
COUNT_RE = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?:more\s+|short\s+|long\s+|little\s+|whole\s+)*(?P<u>sleeps?|days?|weeks?|months?)\b"
    r"(?:\s+(?P<rel>until|till|til|'til|’til|to go|left|away|before|more))?",
    re.I,
)


# -- dates ---------------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def calendar_dates(country: str, year: int, name: str, categories: tuple[str, ...] = ()) -> tuple[date, ...]:
    """Dates the ``holidays`` package gives for a holiday ``name`` in one country's calendar.

    A day counts when one of its names (a day may carry several, joined by "; ") is ``name`` or
    starts with ``name + " "`` ("Eid al-Fitr Second Day"), estimated or not; days off given in lieu
    ("observed") are not the holiday. Imported here, only when a holiday phrase matched.
    """
    import holidays

    kwargs: dict[str, Any] = {"years": year}
    if categories:
        kwargs["categories"] = categories
    table = holidays.country_holidays(country, **kwargs)
    wanted = name.lower()
    found = []
    for day, names in table.items():
        for part in str(names).split("; "):
            plain = re.sub(r"\s*\(estimated\)", "", part).strip().lower()
            if "observed" not in plain and (plain == wanted or plain.startswith(wanted + " ")):
                found.append(day)
                break
    return tuple(sorted(found))


def holiday_dates(spec: Any, year: int) -> list[date]:
    """Every date ``spec`` gives in ``year`` (a multi-day calendar holiday gives several)."""
    if isinstance(spec, list):
        return sorted({d for item in spec for d in holiday_dates(item, year)})
    if spec == "easter":
        return [easter(year)]
    if isinstance(spec, str):
        month, day = (int(x) for x in spec.split("-"))
        try:
            return [date(year, month, day)]
        except ValueError:  # 02-29 in a common year
            return []
    if isinstance(spec, dict) and "easter" in spec:
        return [easter(year) + timedelta(days=int(spec["easter"]))]
    if isinstance(spec, dict) and "calendar" in spec:
        countries = spec["calendar"] if isinstance(spec["calendar"], list) else [spec["calendar"]]
        offset = timedelta(days=int(spec.get("offset", 0)))
        categories = tuple(spec.get("categories", ()))
        days: set[date] = set()
        for country in countries:
            days.update(d + offset for d in calendar_dates(str(country), year, str(spec["name"]), categories))
        return sorted(days)
    if isinstance(spec, dict):
        day = nth_weekday(year, spec["month"], WEEKDAYS.index(spec["weekday"]), spec["nth"])
        return [day + timedelta(days=int(spec.get("offset", 0)))]
    raise ValueError(f"bad holiday date {spec!r}")


def holiday_date(spec: Any, year: int) -> date:
    """The (first) date of a holiday in ``year``."""
    days = holiday_dates(spec, year)
    if not days:
        raise ValueError(f"holiday date {spec!r} has no day in {year}")
    return days[0]


def _validate_spec(spec: Any) -> None:
    """Check a date spec without calling the holidays package (parse time must stay fast)."""
    if isinstance(spec, list):
        for item in spec:
            _validate_spec(item)
    elif isinstance(spec, dict) and "calendar" in spec:
        if not isinstance(spec.get("name"), str):
            raise ValueError(f"calendar date {spec!r} needs a 'name'")
    else:
        holiday_dates(spec, 2028)


def _hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def in_hours(moment: time, window: tuple[time, time]) -> bool:
    start, end = window
    return start <= moment <= end if start <= end else (moment >= start or moment <= end)


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(x) for x in str(text).split("-"))
    date(2028, month, day)  # validates (2028 is a leap year)
    return month, day


def shift_half_year(md: tuple[int, int]) -> tuple[int, int]:
    """The same point of the year six months on (the other hemisphere's season)."""
    month = (md[0] + 5) % 12 + 1
    last = (date(2028 + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return month, min(md[1], last)


def in_season(md: tuple[int, int], window: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    start, end = window
    return start <= md <= end if start <= end else (md >= start or md <= end)


def expand(phrase: str) -> list[str]:
    """"summer('s| is)( finally|) here" -> every combination; a straight apostrophe also gives
    the curly one (the tokenizer keeps them apart)."""
    parts = re.split(r"\(([^()]*)\)", phrase)
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    out: dict[str, None] = {}
    for combo in product(*choices):
        text = re.sub(r"\s+", " ", "".join(combo)).strip()
        if text:
            out.setdefault(text, None)
            if "'" in text:
                out.setdefault(text.replace("'", "’"), None)
    return list(out)


def terms_regex(terms: Iterable[str]) -> LazyPattern | None:
    """Case-insensitive alternation of literal terms, whole words where a term starts or ends
    with a word character ("£" matches in "£18")."""
    parts = []
    for term in sorted({e.lower() for t in terms if t for e in expand(t)}, key=len, reverse=True):
        body = re.escape(term).replace("'", "['’]").replace(r"\ ", r"\s+")
        parts.append((r"(?<!\w)" if term[0].isalnum() else "") + body + (r"(?!\w)" if term[-1].isalnum() else ""))
    return LazyPattern("|".join(parts), re.I) if parts else None


def _search(pattern: LazyPattern | None, text: str) -> bool:
    return bool(pattern and pattern.search(text))


def _scheduled(when: datetime) -> str:
    return f"{DAY_NAMES[when.weekday()]} {when:%Y-%m-%d %H:%M}"


def _fmt_day(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


# -- data ---------------------------------------------------------------------------------------
class GreetingData:
    """The parsed data file: sections as written, plus the compiled cue-word regexes."""

    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        cues = raw.get("cues", {})
        self.today = terms_regex(cues.get("today", ()))
        self.today_not_after = {w.lower() for w in cues.get("today_not_after", ())}
        self.retro = terms_regex(cues.get("retro", ()))
        self.past = terms_regex(cues.get("past", ()))
        self.same_day = terms_regex(cues.get("same_day", ()))
        self.other_day = terms_regex(cues.get("other_day", ()))
        self.pm = terms_regex(cues.get("pm", ()))
        self.am = terms_regex(cues.get("am", ()))
        self.regions: dict[str, dict[str, Any]] = {}
        hints: dict[str, set[str]] = {}
        for region, entry in (raw.get("regions") or {}).items():
            self.regions[region] = {"hemisphere": entry.get("hemisphere", "north")}
            for hint in entry.get("hints", ()):
                hints.setdefault(hint.lower(), set()).add(region)
        self.region_hints = hints
        self.region_re = terms_regex(hints)

    def regions_of(self, text: str) -> set[str] | None:
        """Regions every place/currency hint in the text agrees on (None: no hint, or they disagree)."""
        if self.region_re is None:
            return None
        found: set[str] | None = None
        for m in self.region_re.finditer(text):
            key = re.sub(r"\s+", " ", m.group().lower()).replace("’", "'")
            regions = self.region_hints.get(key, set())
            found = set(regions) if found is None else found & regions
        return found or None

    def hemisphere(self, text: str, default: str) -> str:
        regions = self.regions_of(text)
        if regions:
            sides = {self.regions[r]["hemisphere"] for r in regions}
            if len(sides) == 1:
                return sides.pop()
        return default

    def says_today(self, text: str) -> bool:
        """A "today", "tonight", "is here" in the text, not in "order today" (a call to act)."""
        if self.today is None:
            return False
        for m in self.today.finditer(text):
            before = re.findall(r"[\w'’-]+", text[max(0, m.start() - 30):m.start()].lower())
            if before and before[-1] in self.today_not_after:
                continue
            return True
        return False


@lru_cache(maxsize=8)
def load_data(path: str, mtime: float) -> GreetingData:
    return GreetingData(safe_load(Path(path).read_text(encoding="utf-8")) or {})


# -- the rule -----------------------------------------------------------------------------------
class GreetingRule(Rule):
    TYPE = "greeting"
    OPTIONS = ("check", "data", "hemisphere")
    needs_schedule = True

    def parse(self, v: Validator) -> None:
        self.check = v.choice("check", CHECKS)
        self.hemisphere = v.choice("hemisphere", ("north", "south"), required=False, default="north")
        name = v.str("data", required=False, default="greetings")
        path = rules_dir() / "data" / f"{name}.yaml"
        if not path.is_file():
            raise v.fail(f"unknown greetings data '{name}'", "data")
        try:
            self.data = load_data(str(path), path.stat().st_mtime)
            self.groups = self._groups(self.data.raw)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise RuleError(f"invalid greetings data ({self.check}): {error!r}", str(path)) from None

    # -- groups of phrases, per check --------------------------------------------------------
    def _groups(self, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        check = self.check
        if check == "weekday":
            for day, phrases in data["weekdays"].items():
                for raw in phrases:
                    for phrase in expand(raw):
                        groups.setdefault(phrase.lower(), {"phrases": [phrase], "days": set()})["days"].add(WEEKDAYS.index(day))
        elif check == "holiday":
            for entry in data["holidays"]:
                _validate_spec(entry.get("date", []))
                for spec in (entry.get("regional") or {}).values():
                    _validate_spec(spec)
                if "date" not in entry and "regional" not in entry:
                    raise ValueError(f"holiday {entry['name']!r} needs 'date' or 'regional'")
                groups[entry["name"]] = {**entry, "phrases": [p for raw in entry["phrases"] for p in expand(raw)]}
        elif check in ("daypart", "meal"):
            section = data["dayparts" if check == "daypart" else "meals"]
            common = section.get("unless", []) if check == "meal" else []
            for name, entry in section.items():
                if name == "unless":
                    continue
                groups[name] = {"phrases": [p for raw in entry["phrases"] for p in expand(raw)], "hours": _hours(entry["hours"]),
                                "name": entry.get("label", name), "unless": terms_regex([*common, *entry.get("unless", [])]),
                                "present_only": bool(entry.get("present_only", False))}
        elif check == "season":
            for name, entry in data["seasons"].items():
                windows = entry["windows"]
                groups[name] = {"phrases": [p for raw in entry["phrases"] for p in expand(raw)], "name": entry.get("label", name),
                                "windows": [(_month_day(a), _month_day(b)) for a, b in windows]}
        elif check in ("relative-day", "event-time", "countdown"):
            section = data[check.replace("-", "_")]
            groups["trigger"] = {"phrases": [p for raw in section["triggers"] for p in expand(raw)]}
            if check == "event-time":
                self.grace = timedelta(minutes=int(section.get("grace_minutes", 10)))
            if check == "relative-day":
                self.gap_stop = {w.lower() for w in section.get("gap_stop", ())}
            if check == "countdown":
                targets: dict[str, Any] = {}
                for entry in data.get("holidays", []):
                    for target in entry.get("names", ()):
                        targets[target.lower()] = entry
                self.targets = targets
                self.target_re = terms_regex([*targets, *(d.lower() for d in DAY_NAMES), "the weekend"])
        elif check == "year":
            years = data["years"]
            low, high = years.get("range", [1990, 2060])
            for kind in ("new", "old"):
                for year in range(int(low), int(high) + 1):
                    phrases = [p.replace("{year}", str(year)) for raw in years[kind] for p in expand(raw)]
                    groups[f"{kind}::{year}"] = {"phrases": phrases, "kind": kind, "year": year}
            zodiac = years["zodiac"]
            self.zodiac = zodiac
            for index, animal in enumerate(zodiac["animals"]):
                names = [animal, *zodiac.get("aliases", {}).get(animal, [])]
                phrases = [p.replace("{animal}", n) for raw in zodiac["phrases"] for p in expand(raw) for n in names]
                groups[f"zodiac::{animal}"] = {"phrases": phrases, "kind": "zodiac", "index": index}
        else:  # month
            for kind, entry in data["months"].items():
                for month, mname in enumerate(MONTH_NAMES, start=1):
                    phrases = [p.replace("{month}", mname.lower()) for raw in entry["phrases"] for p in expand(raw)]
                    groups[f"{kind}::{month}"] = {"phrases": phrases, "kind": kind, "month": month,
                                                  "days": int(entry["days"]), "end": bool(entry.get("end", False))}
        return groups

    def compile(self, ctx: CompileContext) -> None:
        for key, group in self.groups.items():
            add_phrases(ctx, f"{self.id}::{key}", group["phrases"], "lower")

    def triggers(self) -> list[tuple[str, str]]:
        return [("phrase", f"{self.id}::{key}") for key in self.groups]

    def run(self, view: PostView) -> Iterable[Hit]:
        when = view.scheduled_at
        if when is None:
            return []
        if when.tzinfo is not None:
            when = when.replace(tzinfo=None)  # read in its own local time
        hits: list[Hit] = []
        state: dict[str, Any] = {}
        for key, group in self.groups.items():
            for start, end in view.phrase_matches(f"{self.id}::{key}"):
                a, b = view.char_range(start, end)
                for found in self._judge(view, when, group, a, b, state):
                    s, e, values = found
                    hits.append(Hit(s, e, {"match": view.text[s:e], "scheduled": _scheduled(when), **values}))
        return hits

    def _judge(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int,
               state: dict[str, Any]) -> list[tuple[int, int, dict[str, str]]]:
        check = self.check
        if check in ("relative-day", "event-time", "countdown"):
            sentence = view.sentence_chars(a)
            if sentence in state.setdefault("sentences", set()):
                return []
            state["sentences"].add(sentence)
            judge = {"relative-day": self._relative_day, "event-time": self._event_time, "countdown": self._countdown}[check]
            return judge(view, when, sentence)
        problem = {
            "weekday": self._weekday, "holiday": self._holiday, "daypart": self._daypart, "meal": self._meal,
            "season": self._season, "year": self._year, "month": self._month,
        }[check](view, when, group, a, b)
        return [(a, b, problem)] if problem else []

    # -- per-phrase checks --------------------------------------------------------------------
    def _weekday(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        if when.weekday() in group["days"]:
            return None
        return {"expected": " or ".join(DAY_NAMES[d] for d in sorted(group["days"]))}

    def _holiday(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        data = self.data
        specs = group.get("date")
        regional = group.get("regional")
        if regional:
            regions = data.regions_of(view.text)
            picked = [regional[r] for r in sorted(regions or ()) if r in regional]
            specs = picked or [*regional.values(), *([specs] if specs is not None else [])]
        today = group.get("today", True) and data.says_today(view.text)
        retro = _search(data.retro, view.text)
        before, after = int(group.get("before", 0)), int(group.get("after", 0))
        eve, length = int(group.get("eve", 0)), int(group.get("days", 1))
        day = when.date()
        nearest: date | None = None
        for year in (when.year - 1, when.year, when.year + 1):
            for start in holiday_dates(specs, year):
                lo, hi = (start - timedelta(days=eve), start + timedelta(days=length - 1)) if today else \
                    (start - timedelta(days=before), start + timedelta(days=max(after, length - 1)))
                if lo <= day <= hi:
                    return None
                if retro and start < day <= start + timedelta(days=90):
                    return None  # "hope you had a lovely Christmas": looking back is fine
                if nearest is None or abs((start - day).days) < abs((nearest - day).days):
                    nearest = start
        if nearest is None:
            return None  # no date known for these years (a calendar without estimates)
        return {"expected": f"{group['name']} ({nearest:%d %b %Y})" + (", and the post says it is today" if today else "")}

    def _daypart(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        if in_hours(when.time(), group["hours"]):
            return None
        if re.match(r"\s*['’]s\b", view.text[b:]):
            return None  # "a good night's sleep" is not a greeting
        sentence = view.text[slice(*view.sentence_chars(a))]
        if group["unless"] is not None and group["unless"].search(sentence):
            return None
        if group["present_only"] and _search(self.data.past, sentence):
            return None
        start, end = group["hours"]
        return {"expected": f"the {group['name']} ({start:%H:%M}-{end:%H:%M})"}

    def _meal(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        if in_hours(when.time(), group["hours"]):
            return None
        sentence = view.text[slice(*view.sentence_chars(a))]
        if group["unless"] is not None and group["unless"].search(sentence):
            return None
        if _other_day(self.data, sentence, when):
            return None
        start, end = group["hours"]
        return {"expected": f"{group['name']} ({start:%H:%M}-{end:%H:%M})"}

    def _season(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        side = self.data.hemisphere(view.text, self.hemisphere)
        windows = group["windows"]
        if side == "south":
            windows = [(shift_half_year(s), shift_half_year(e)) for s, e in windows]
        md = (when.month, when.day)
        if any(in_season(md, w) for w in windows):
            return None
        spans = ", ".join(f"{s[1]} {MONTH_NAMES[s[0] - 1][:3]}-{e[1]} {MONTH_NAMES[e[0] - 1][:3]}" for s, e in windows)
        return {"expected": f"{group['name']} ({spans}, {side}ern hemisphere)"}

    def _year(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        if group["kind"] == "zodiac":
            return self._zodiac(when, group)
        if group["kind"] == "new":
            expected = when.year + 1 if when.month >= 7 else when.year
            label = f"the new year {expected}"
        else:
            expected = when.year if when.month >= 7 else when.year - 1
            label = f"the year ending, {expected}"
        return None if group["year"] == expected else {"expected": label}

    def _zodiac(self, when: datetime, group: dict[str, Any]) -> dict[str, str] | None:
        zodiac = self.zodiac
        animals, base = zodiac["animals"], int(zodiac["base_year"])
        spec = zodiac["new_year"]
        day = when.date()
        this = holiday_dates(spec, day.year)
        nxt = holiday_dates(spec, day.year + 1)
        if not this:
            return None
        lunar_year = day.year if day >= this[0] else day.year - 1
        fitting = {(lunar_year - base) % 12}
        upcoming = this[0] if day < this[0] else (nxt[0] if nxt else None)
        if upcoming is not None and (upcoming - day).days <= int(zodiac.get("lead_days", 45)):
            fitting.add((lunar_year + 1 - base) % 12)
        if group["index"] in fitting:
            return None
        return {"expected": f"the Year of the {animals[(lunar_year - base) % 12].title()}"}

    def _month(self, view: PostView, when: datetime, group: dict[str, Any], a: int, b: int) -> dict[str, str] | None:
        month, days = group["month"], group["days"]
        windows = []
        for y in (when.year - 1, when.year, when.year + 1):
            first = date(y, month, 1)
            if group["end"]:  # "goodbye September": its last days, and the next morning
                last = date(y + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
                windows.append((last - timedelta(days=days), last + timedelta(days=1)))
            else:  # "Hello September": its first days, and the evening before
                windows.append((first - timedelta(days=1), first + timedelta(days=days - 1)))
        day = when.date()
        for lo, hi in windows:
            if lo < day <= hi or (day == lo and when.hour >= 18):
                return None
        lo, hi = windows[1]
        lo += timedelta(days=1)
        span = f"{lo:%d %b}" if lo == hi else f"{lo:%d %b}-{hi:%d %b}"
        return {"expected": f"{'the end of ' if group['end'] else ''}{MONTH_NAMES[month - 1]} ({span})"}

    # -- per-sentence checks ------------------------------------------------------------------
    def _relative_day(self, view: PostView, when: datetime, sentence: tuple[int, int]) -> list[tuple[int, int, dict[str, str]]]:
        s0, s1 = sentence
        text = view.text
        lower = text[s0:s1].lower()
        out = []
        for m in re.finditer(r"\b(today|tonight|tomorrow|tmrw|yesterday)\b", lower):
            word = m.group(1)
            expected = _relative_dates(word, when)
            ta, tb = s0 + m.start(), s0 + m.end()
            for mention in _mentions(text, s0, s1):
                ma, mb, weekday, md, year = mention
                if not self._tied(text, s0, (ta, tb), (ma, mb), mention):
                    continue
                problem = _mismatch(expected, weekday, md, year, "ago" in lower)
                if problem:
                    lo, hi = min(ta, ma), max(tb, mb)
                    out.append((lo, hi, {"expected": f"'{word}' is {problem}"}))
                    break
        return out

    def _tied(self, text: str, s0: int, trigger: tuple[int, int], span: tuple[int, int], mention: tuple) -> bool:
        """The day or date names the same day as the relative word: next to it ("tomorrow,
        Thursday 4 June", "tonight (Sunday 20 Dec)") or as the modifier of a short clause that ends
        with it ("Saturday market tomorrow", "Sunday roast served from 12 today")."""
        ta, tb = trigger
        ma, mb = span
        gap = text[tb:ma] if tb <= ma else text[mb:ta]
        if re.fullmatch(r"[\s,(\-–—:]*(?:(?:on|is|it's|it’s|being|this)\s+)?(?:the\s+)?", gap, re.I):
            return True
        if mb > ta:
            return False
        # modifier: the weekday opens a clause, nothing but a few plain words before the trigger
        words = re.findall(r"[\w'’-]+", gap.lower())
        if mention[3] is not None or len(words) > 5 or any(w in self.gap_stop for w in words) or re.search(r"[.!?;]", gap):
            return False
        before = re.findall(r"[\w'’-]+|[^\w\s]", text[max(s0, ma - 25):ma].lower())
        return not before or not before[-1].isalpha()

    def _event_time(self, view: PostView, when: datetime, sentence: tuple[int, int]) -> list[tuple[int, int, dict[str, str]]]:
        data = self.data
        s0, s1 = sentence
        text = view.text
        body = text[s0:s1]
        if not _search(data.same_day, text) or _other_day(data, body, when):
            return []
        pm, am = _search(data.pm, body), _search(data.am, body)
        now = when.replace(second=0, microsecond=0)
        dates = [(m.start(), m.end()) for m in DATE_RE.finditer(body)]
        for m in TIME_RE.finditer(body):
            if any(a < m.end() and m.start() < b for a, b in dates):
                continue
            readings = _readings(m, pm, am)
            if not readings or (not m.group("ap") and not m.group("m") and not m.group("word")
                                and re.match(r"\s+(?!GMT|BST|UTC|CET|CEST|[ECMP][SD]?T\b)[A-Z][a-z]", body[m.end():])):
                continue  # "at 6 Rowan Court" is an address, not a time
            kw = m.group("kw").lower().strip("'’")
            grace = self.grace if kw == "at" else timedelta(0)
            # "open till 2am" in an evening post is after midnight, still ahead
            moments = [datetime.combine(when.date(), t) + timedelta(days=int(t.hour < 5 and when.hour >= 12)) for t in readings]
            if all(moment + grace < now if kw == "at" else moment <= now for moment in moments):
                shown = " or ".join(f"{t:%H:%M}" for t in readings)
                what = "starts" if kw == "at" else "ends"
                return [(s0 + m.start(), s0 + m.end(), {"expected": f"the time it {what} ({shown}) to be still ahead"})]
        return []

    def _countdown(self, view: PostView, when: datetime, sentence: tuple[int, int]) -> list[tuple[int, int, dict[str, str]]]:
        s0, s1 = sentence
        text = view.text
        body = text[s0:s1]
        for m in COUNT_RE.finditer(body):
            if not m.group("rel"):
                continue
            word = m.group("n").lower()
            n = int(word) if word.isdigit() else NUMBER_WORDS[word]
            unit = m.group("u").lower().rstrip("s")
            target = self._target(view, when, s0 + m.end(), s1)
            if target is None:
                return []
            name, day = target
            actual = (day - when.date()).days
            if unit == "sleep":
                ok = n == actual or (when.hour >= 17 and n == actual - 1)
            elif unit == "day":
                ok = n in (actual, actual + 1)
            elif unit == "week":
                ok = actual >= 0 and abs(7 * n - actual) <= 3
            else:
                ok = actual >= 0 and abs(30 * n - actual) <= 10
            if ok:
                return []
            expected = f"{actual} day{'s' if actual != 1 else ''} to {name} ({_fmt_day(day)})" if actual >= 0 else \
                f"{name} ({_fmt_day(day)}) already past"
            return [(s0 + m.start(), s0 + m.end(), {"expected": expected})]
        return []

    def _target(self, view: PostView, when: datetime, after: int, s1: int) -> tuple[str, date] | None:
        """What a countdown counts to: a holiday or day named after it in the sentence, else a
        date, a holiday or a weekday anywhere in the post."""
        text = view.text
        day = when.date()
        m = self.target_re.search(text, after, s1) if self.target_re else None
        if m is None:
            dates = list(DATE_RE.finditer(text))
            if dates:
                _, _, _, md, year = _mention_of(dates[0])
                if md is not None:
                    years = [year] if year else [day.year - 1, day.year, day.year + 1]
                    options = [_safe_date(y, *md) for y in years]
                    options = [o for o in options if o is not None]
                    if options:
                        best = min(options, key=lambda o: abs((o - day).days))
                        return dates[0].group().strip(), best
            m = self.target_re.search(text) if self.target_re else None
        if m is None:
            return None
        name = m.group().lower()
        if name in self.targets:
            entry = self.targets[name]
            spec = entry.get("date") if entry.get("date") is not None else list((entry.get("regional") or {}).values())
            starts = [d for y in (day.year, day.year + 1) for d in holiday_dates(spec, y) if d >= day]
            return (entry["name"], min(starts)) if starts else None
        weekday = 5 if name == "the weekend" else [d.lower() for d in DAY_NAMES].index(name)
        return m.group(), day + timedelta(days=(weekday - day.weekday()) % 7)


# -- sentence-level helpers ------------------------------------------------------------------------
def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _mention_of(m: re.Match[str]) -> tuple[int, int, int | None, tuple[int, int] | None, int | None]:
    wd = m.group("wa") or m.group("wb")
    day = m.group("da") or m.group("db")
    month = m.group("ma") or m.group("mb")
    year = m.group("ya") or m.group("yb")
    weekday = [d.lower() for d in DAY_NAMES].index(wd.lower()) if wd else None
    md = (MONTHS[month.lower().rstrip(".")], int(day)) if month and day and 1 <= int(day) <= 31 else None
    return m.start(), m.end(), weekday, md, int(year) if year else None


def _mentions(text: str, s0: int, s1: int) -> list[tuple[int, int, int | None, tuple[int, int] | None, int | None]]:
    """Dates ("Sunday 20 Dec", "4 June 2027") and lone weekdays in a sentence, as
    (start, end, weekday, (month, day), year)."""
    found = [_mention_of(m) for m in DATE_RE.finditer(text, s0, s1)]
    found = [f for f in found if f[3] is not None]
    for m in WEEKDAY_RE.finditer(text, s0, s1):
        if m.group("suf") or any(a <= m.start() < b for a, b, *_ in found):
            continue  # "Friday's gig", "Sundays": another day, not this one
        found.append((m.start(), m.end(), [d.lower() for d in DAY_NAMES].index(m.group("wd").lower()), None, None))
    return sorted(found)


def _relative_dates(word: str, when: datetime) -> list[date]:
    day = when.date()
    shift = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}[word]
    days = [day + timedelta(days=shift)]
    if when.hour < 4:  # after midnight, "tonight"/"tomorrow" may still mean the day before's
        days.append(day + timedelta(days=shift - 1))
    return days


def _mismatch(expected: list[date], weekday: int | None, md: tuple[int, int] | None, year: int | None,
              anniversary: bool) -> str | None:
    for day in expected:
        if weekday is not None and day.weekday() != weekday:
            continue
        if md is not None and (day.month, day.day) != md:
            continue
        if md is not None and year is not None and not anniversary and year != day.year:
            continue
        return None
    day = expected[0]
    return _fmt_day(day)


def _other_day(data: GreetingData, sentence: str, when: datetime) -> bool:
    """The sentence is about another day: "tomorrow", "every Sunday", a weekday or date not today's."""
    if _search(data.other_day, sentence):
        return True
    for m in WEEKDAY_RE.finditer(sentence):
        if [d.lower() for d in DAY_NAMES].index(m.group("wd").lower()) != when.weekday() and not m.group("suf"):
            return True
    for m in DATE_RE.finditer(sentence):
        _, _, _, md, _ = _mention_of(m)
        if md is not None and md != (when.month, when.day):
            return True
    return False


def _readings(m: re.Match[str], pm: bool, am: bool) -> list[time]:
    """Clock times a stated time can mean: "8" is 08:00 or 20:00 unless the sentence says
    tonight/evening (pm) or breakfast/morning (am); 1-5 without a suffix is afternoon."""
    if m.group("word"):
        return [time(12, 0)]
    hour, minute = int(m.group("h")), int(m.group("m") or 0)
    if minute > 59 or hour > 23:
        return []
    suffix = (m.group("ap") or "").lower().replace(".", "")
    if suffix:
        if hour == 0 or hour > 12:
            return []
        return [time(hour % 12 + (12 if suffix == "pm" else 0), minute)]
    if hour == 0 or hour >= 13 or m.group("m") and hour < 10 and m.group("h").startswith("0"):
        return [time(hour, minute)]
    if hour == 12:
        return [time(12, minute)]
    if pm and not am:
        return [time(hour + 12, minute)]
    if am and not pm:
        return [time(hour, minute)]
    if hour <= 5:
        return [time(hour + 12, minute)]
    return [time(hour, minute), time(hour + 12, minute)]
