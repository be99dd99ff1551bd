"""``type: greeting`` — a greeting that contradicts when the post is scheduled.

    check: weekday     # weekday | holiday | daypart
    data: greetings    # rules/data/greetings.yaml (phrases per weekday, holiday dates, day parts)

"Happy Friday" scheduled on a Tuesday, "Merry Christmas" in July, "good morning" at 23:40. Needs
``scheduled_at`` (front matter or a calendar column); posts without a schedule are not judged.
The schedule is read in its own local time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Iterable

from fauxpas.errors import RuleError
from fauxpas.paths import rules_dir
from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.rules.types.phrase import add_phrases
from fauxpas.view import PostView
from fauxpas.yamlio import safe_load

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(spec: Any, year: int) -> date:
    if spec == "easter":
        return easter(year)
    if isinstance(spec, str):
        month, day = (int(x) for x in spec.split("-"))
        return date(year, month, day)
    if isinstance(spec, dict) and "easter" in spec:
        return easter(year) + timedelta(days=int(spec["easter"]))
    if isinstance(spec, dict):
        month, weekday, nth = spec["month"], WEEKDAYS.index(spec["weekday"]), spec["nth"]
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    raise ValueError(f"bad holiday date {spec!r}")


def _hours(text: str) -> tuple[time, time]:
    start, end = text.split("-")
    return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())


def in_hours(moment: time, window: tuple[time, time]) -> bool:
    start, end = window
    return start <= moment <= end if start <= end else (moment >= start or moment <= end)


class GreetingRule(Rule):
    TYPE = "greeting"
    OPTIONS = ("check", "data")
    needs_schedule = True

    def parse(self, v: Validator) -> None:
        self.check = v.choice("check", ("weekday", "holiday", "daypart"))
        name = v.str("data", required=False, default="greetings")
        path = rules_dir() / "data" / f"{name}.yaml"
        if not path.is_file():
            raise v.fail(f"unknown greetings data '{name}'", "data")
        try:
            data = safe_load(path.read_text(encoding="utf-8"))
            self.groups = self._groups(data)
        except (KeyError, ValueError, TypeError) as error:
            raise RuleError(f"invalid greetings data: {error}", str(path)) from None

    def _groups(self, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        if self.check == "weekday":
            for day, phrases in data["weekdays"].items():
                for phrase in phrases:
                    groups.setdefault(phrase.lower(), {"phrases": [phrase], "days": set()})["days"].add(WEEKDAYS.index(day))
        elif self.check == "holiday":
            for entry in data["holidays"]:
                holiday_date(entry["date"], 2027)  # validate now
                groups[entry["name"]] = entry
        else:
            for name, entry in data["dayparts"].items():
                groups[name] = {"phrases": entry["phrases"], "hours": _hours(entry["hours"]), "name": name}
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
        hits = []
        for key, group in self.groups.items():
            for start, end in view.phrase_matches(f"{self.id}::{key}"):
                a, b = view.char_range(start, end)
                problem = self._problem(group, when)
                if problem:
                    hits.append(Hit(a, b, {"match": view.text[a:b], **problem}))
        return hits

    def _problem(self, group: dict[str, Any], when: datetime) -> dict[str, str] | None:
        scheduled = f"{DAY_NAMES[when.weekday()]} {when:%Y-%m-%d %H:%M}"
        if self.check == "weekday":
            if when.weekday() in group["days"]:
                return None
            days = " or ".join(DAY_NAMES[d] for d in sorted(group["days"]))
            return {"expected": days, "scheduled": scheduled}
        if self.check == "holiday":
            for year in (when.year - 1, when.year, when.year + 1):
                day = holiday_date(group["date"], year)
                if day - timedelta(days=group.get("before", 0)) <= when.date() <= day + timedelta(days=group.get("after", 0)):
                    return None
            day = holiday_date(group["date"], when.year)
            return {"expected": f"{group['name']} ({day:%d %b %Y})", "scheduled": scheduled}
        if in_hours(when.time(), group["hours"]):
            return None
        start, end = group["hours"]
        return {"expected": f"the {group['name']} ({start:%H:%M}-{end:%H:%M})", "scheduled": scheduled}
