"""The `greeting` rule type: each check kind against real calendar dates, with the edges that break
naive versions (midnight, the evening before, moving holidays in two different years, regional
dates, the southern hemisphere)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from fauxpas.models import Post
from fauxpas.rules.types.greeting import (
    easter, expand, holiday_dates, in_hours, in_season, shift_half_year, _hours,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fired(linter):
    def run(text: str, when: str, rule: str, platform: str | None = None) -> bool:
        report = linter.check(Post(text=text, account="brand", platform=platform, scheduled_at=datetime.fromisoformat(when)))
        return any(f.rule == rule for f in report.findings)
    return run


# -- dates ---------------------------------------------------------------------------------------
def test_easter_and_computed_dates():
    assert easter(2026) == date(2026, 4, 5) and easter(2027) == date(2027, 3, 28)
    assert holiday_dates({"easter": -47}, 2027) == [date(2027, 2, 9)]  # Shrove Tuesday
    assert holiday_dates({"easter": -21}, 2026) == [date(2026, 3, 15)]  # Mothering Sunday
    assert holiday_dates({"month": 11, "weekday": "thu", "nth": 4, "offset": 4}, 2026) == [date(2026, 11, 30)]  # Cyber Monday
    assert holiday_dates({"month": 6, "weekday": "fri", "nth": 1}, 2027) == [date(2027, 6, 4)]  # Donut Day
    assert holiday_dates("02-29", 2027) == [] and holiday_dates("02-29", 2028) == [date(2028, 2, 29)]


@pytest.mark.parametrize("spec,year,expected", [
    ({"calendar": "SG", "name": "Eid al-Fitr"}, 2026, date(2026, 3, 21)),  # Hari Raya Puasa in Singapore
    ({"calendar": "SG", "name": "Eid al-Fitr"}, 2027, date(2027, 3, 10)),
    ({"calendar": "IN", "name": "Diwali"}, 2025, date(2025, 10, 20)),
    ({"calendar": "IN", "name": "Diwali"}, 2026, date(2026, 11, 8)),
    ({"calendar": "SG", "name": "Chinese New Year"}, 2026, date(2026, 2, 17)),
    ({"calendar": "SG", "name": "Chinese New Year"}, 2027, date(2027, 2, 6)),
    ({"calendar": "IL", "name": "Pesach"}, 2026, date(2026, 4, 2)),
    ({"calendar": "IL", "name": "Rosh Hashanah", "offset": 83}, 2025, date(2025, 12, 15)),  # Hanukkah, first day
])
def test_moving_holidays_come_from_country_calendars(spec, year, expected):
    assert holiday_dates(spec, year)[0] == expected


def test_observed_days_off_are_not_the_holiday():
    days = holiday_dates({"calendar": "SG", "name": "Eid al-Fitr"}, 2028)
    assert days and all(d.month == 2 and d.day == 27 for d in days)  # the 28th is "observed"


def test_phrase_expansion():
    assert set(expand("summer('s| is)( finally|) here")) >= {"summer's here", "summer is here", "summer is finally here", "summer's finally here", "summer’s here"}


def test_windows_wrap():
    assert in_hours(datetime(2027, 1, 1, 0, 30).time(), _hours("19:00-03:59"))
    assert not in_hours(datetime(2027, 1, 1, 4, 0).time(), _hours("19:00-03:59"))
    assert in_season((1, 15), ((9, 1), (3, 31))) and not in_season((7, 1), ((9, 1), (3, 31)))
    assert shift_half_year((6, 21)) == (12, 21) and shift_half_year((8, 31)) == (2, 29)


# -- holiday -------------------------------------------------------------------------------------
RULE_HOLIDAY = "holiday-greeting-wrong-date"


@pytest.mark.parametrize("text,when,flag", [
    ("Eid Mubarak to everyone celebrating 🌙", "2026-03-20T09:00", False),
    ("Eid Mubarak to everyone celebrating 🌙", "2027-03-10T09:00", False),
    ("Eid Mubarak to everyone celebrating 🌙", "2027-05-17T09:00", False),  # Eid al-Adha
    ("Eid Mubarak to everyone celebrating 🌙", "2026-10-15T09:00", True),
    ("Happy Diwali! 🪔", "2025-10-20T09:00", False),
    ("Happy Diwali! 🪔", "2026-11-08T09:00", False),
    ("Happy Diwali! 🪔", "2027-08-20T09:00", True),
    ("Ramadan Mubarak as the holy month begins 🌙", "2026-02-18T15:00", False),
    ("Ramadan Mubarak as the holy month begins 🌙", "2027-02-08T15:00", False),
    ("Ramadan Mubarak as the holy month begins 🌙", "2027-04-12T15:00", True),
    ("Happy Hanukkah to everyone lighting the first candle tonight 🕎", "2025-12-14T16:30", False),
    ("Happy Hanukkah to everyone lighting the first candle tonight 🕎", "2026-12-04T16:30", False),
    ("Happy Hanukkah to everyone lighting the first candle tonight 🕎", "2026-09-15T16:30", True),
    ("Happy Lunar New Year! 🧧", "2026-02-17T10:00", False),
    ("Happy Lunar New Year! 🧧", "2026-01-01T10:00", True),
    ("Pancake Day is here! 🥞", "2027-02-09T08:00", False),
    ("Pancake Day is here! 🥞", "2027-02-16T08:00", True),
])
def test_moving_holidays(fired, text, when, flag):
    assert fired(text, when, RULE_HOLIDAY) is flag


@pytest.mark.parametrize("text,when,flag", [
    # UK hint (£, mums): Mothering Sunday; US hint (moms, Ohio): second Sunday of May; none: either
    ("Happy Mother's Day to all the mums 💐 Afternoon tea £18", "2026-05-10T09:00", True),
    ("Happy Mother's Day to all the mums 💐 Afternoon tea £18", "2026-03-15T09:00", False),
    ("Happy Mother's Day to the moms of Ohio 🌸", "2027-03-07T08:00", True),
    ("Happy Mother's Day to the moms of Ohio 🌸", "2027-05-09T08:00", False),
    ("Happy Mother's Day 🌸", "2027-03-07T08:00", False),
    ("Happy Mother's Day 🌸", "2027-05-09T08:00", False),
    ("Happy Thanksgiving from our Toronto team 🍁", "2026-11-26T09:00", True),
    ("Happy Thanksgiving from our Toronto team 🍁", "2026-10-12T09:00", False),
    ("Happy Father's Day from Sydney 👔", "2027-09-05T09:00", False),
    ("Happy Father's Day from Sydney 👔", "2027-06-20T09:00", True),
])
def test_regional_dates(fired, text, when, flag):
    assert fired(text, when, RULE_HOLIDAY) is flag


def test_today_narrows_the_window(fired):
    # a week before Thanksgiving a greeting is fine, unless the post says it is today
    assert not fired("Happy Thanksgiving! We're grateful for you 🦃", "2026-11-19T08:00", RULE_HOLIDAY)
    assert fired("Happy Thanksgiving! Stores close at 4pm today.", "2026-11-19T08:00", RULE_HOLIDAY)
    assert not fired("Happy Thanksgiving! Stores close at 4pm today.", "2026-11-26T08:00", RULE_HOLIDAY)
    # "order today" is a call to act, not a claim about the date
    assert not fired("Happy Valentine's Day! Order today for delivery by the 14th 🌹", "2027-02-10T09:00", RULE_HOLIDAY)
    # Christmas greetings run for weeks, "today" or not
    assert not fired("Merry Christmas! Last orders today 🎄", "2026-12-18T09:00", RULE_HOLIDAY)


def test_looking_back_is_fine(fired):
    assert not fired("Hope you had a happy Easter! Back to normal hours today.", "2027-04-06T09:00", RULE_HOLIDAY)
    assert fired("Have a lovely Easter weekend! 🐣", "2027-04-23T09:00", RULE_HOLIDAY)


def test_holidays_package_is_imported_only_when_a_holiday_phrase_matched():
    code = (
        "import sys; from datetime import datetime\n"
        "from fauxpas.linter import Linter; from fauxpas.models import Post\n"
        "l = Linter(use_classifier=False)\n"
        "l.check(Post(text='Good morning! Merry Christmas', account='brand', scheduled_at=datetime(2027, 12, 20, 9)))\n"
        "assert 'holidays' not in sys.modules, 'imported too early'\n"
        "l.check(Post(text='Eid Mubarak!', account='brand', scheduled_at=datetime(2027, 3, 10, 9)))\n"
        "assert 'holidays' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


# -- daypart and meal ----------------------------------------------------------------------------
@pytest.mark.parametrize("text,when,flag", [
    ("Good night from the whole team 🌙", "2027-03-17T00:30", False),  # after midnight is still night
    ("Good night from the whole team 🌙", "2027-03-17T04:30", True),
    ("That's us signing off for the night, back at 8 tomorrow", "2027-11-03T17:30", False),
    ("That's us signing off for the night, back at 8 tomorrow", "2027-11-03T08:05", True),
    ("Morning commuters ☕ flat whites from 6:30", "2026-10-26T06:20", False),
    ("Morning commuters ☕ flat whites from 6:30", "2026-10-23T18:45", True),
    ("Exam tomorrow! Get a good night's sleep 📝", "2026-02-09T10:00", False),
    ("Evening all 🌆 Happy hour till 8", "2026-02-25T11:10", True),
])
def test_dayparts(fired, text, when, flag):
    assert fired(text, when, "daypart-greeting-mismatch") is flag


@pytest.mark.parametrize("text,when,flag", [
    ("Lunch plans? 🥙 Wraps are ready.", "2027-05-12T09:00", False),  # before lunch is fine
    ("Lunch plans? 🥙 Wraps are ready.", "2027-05-12T14:59", False),
    ("Lunch plans? 🥙 Wraps are ready.", "2027-05-12T15:00", True),
    ("Breakfast served till 11 🍳", "2027-02-11T00:10", False),  # a night post for the morning
    ("Breakfast served till 11 🍳", "2027-02-11T11:45", True),
    ("Breakfast served all day 🍳", "2027-02-11T16:00", False),
    ("Lunch deal tomorrow: soup and a roll", "2027-02-11T17:00", False),
])
def test_meals(fired, text, when, flag):
    assert fired(text, when, "meal-mention-after-mealtime") is flag


# -- season --------------------------------------------------------------------------------------
RULE_SEASON = "season-greeting-wrong-season"


@pytest.mark.parametrize("text,when,flag", [
    ("Summer is finally here ☀️", "2026-06-10T10:00", False),
    ("Summer is finally here ☀️", "2026-12-09T10:00", True),
    ("Summer is finally here, Auckland ☀️", "2026-12-09T10:00", False),  # southern hemisphere
    ("Summer is finally here, Auckland ☀️", "2026-06-10T10:00", True),
    ("Longest day of the year today ☀️", "2026-06-21T08:00", False),
    ("Longest day of the year today ☀️", "2026-12-21T08:00", True),
    ("Happy first day of spring 🌷", "2027-03-01T09:00", False),  # meteorological
    ("Happy first day of spring 🌷", "2027-03-20T09:00", False),  # astronomical
    ("Happy first day of spring 🌷", "2027-04-20T09:00", True),
    ("Sweater weather 🍂", "2027-01-10T09:00", False),  # the window wraps the new year
])
def test_seasons(fired, text, when, flag):
    assert fired(text, when, RULE_SEASON) is flag


def test_hemisphere_option(tmp_path):
    from fauxpas.linter import Linter
    from fauxpas.rules.loader import load_rules

    (tmp_path / "south.yaml").write_text(
        "- id: season-greeting-south\n  category: timing-greeting\n  severity: warning\n  type: greeting\n"
        "  check: season\n  hemisphere: south\n  message: \"'{match}' vs {scheduled}\"\n  why: southern account\n"
        "  examples: {flag: [a, b], pass: [c, d]}\n", encoding="utf-8")
    linter = Linter(rules=load_rules([tmp_path], include_builtin=False), use_classifier=False)

    def flagged(text: str, when: str) -> bool:
        return bool(linter.check(Post(text=text, account="brand", scheduled_at=datetime.fromisoformat(when))).findings)
    assert not flagged("Summer is here ☀️", "2026-12-09T10:00")
    assert flagged("Summer is here ☀️", "2026-07-09T10:00")
    assert not flagged("Summer is here in London ☀️", "2026-07-09T10:00")  # a northern place wins


# -- relative day --------------------------------------------------------------------------------
RULE_RELATIVE = "relative-day-contradicts-schedule"


@pytest.mark.parametrize("text,when,flag", [
    ("Tomorrow, Thursday 4 June, is the big launch 🚀", "2026-06-03T10:00", False),
    ("Tomorrow, Thursday 4 June, is the big launch 🚀", "2026-06-04T10:00", True),
    ("Saturday market tomorrow! 🍓", "2027-05-21T18:00", False),
    ("Saturday market tomorrow! 🍓", "2027-05-22T18:00", True),
    ("Saturday market tomorrow! 🍓", "2027-05-22T01:30", False),  # up late: "tomorrow" is still the Saturday
    ("Tonight (Sunday 20 Dec) is the last order day 🎄", "2026-12-21T10:00", True),
    ("Tonight (Sunday 20 Dec) is the last order day 🎄", "2026-12-21T00:30", False),  # still Sunday night
    ("Ten years ago today, on 12 May 2016, we opened 🎂", "2026-05-12T10:00", False),
    ("Ten years ago today, on 12 May 2016, we opened 🎂", "2026-05-21T10:00", True),
    ("Still buzzing from Friday's gig, photos up today", "2027-03-15T10:00", False),
    ("Sunday lunch bookings open today, tables go fast", "2027-03-17T10:00", False),
    ("Closed today, back on Monday", "2027-03-17T10:00", False),
])
def test_relative_days(fired, text, when, flag):
    assert fired(text, when, RULE_RELATIVE) is flag


# -- event time ----------------------------------------------------------------------------------
RULE_EVENT = "event-time-already-passed"


@pytest.mark.parametrize("text,when,flag", [
    ("Doors open tonight at 8! 🎸", "2027-05-14T20:05", False),  # within the grace minutes
    ("Doors open tonight at 8! 🎸", "2027-05-14T20:30", True),
    ("Open till 2am tonight 🍸", "2027-05-14T23:30", False),  # after midnight is still ahead
    ("Last orders at 11 tonight 🍺", "2027-05-14T22:30", False),
    ("Last orders at 11 tonight 🍺", "2027-05-14T23:30", True),
    ("Order by 2pm today for same-day delivery", "2027-05-14T13:00", False),
    ("Order by 2pm today for same-day delivery", "2027-05-14T14:00", True),
    ("Gates open Saturday at 10, see you there", "2027-05-14T11:00", False),  # another day
    ("Changed the locks at 6 Rowan Court today", "2027-05-14T19:00", False),  # an address
    ("Blade passed testing at 1.8 million cycles today", "2027-05-14T19:00", False),
])
def test_event_times(fired, text, when, flag):
    assert fired(text, when, RULE_EVENT) is flag


# -- countdown -----------------------------------------------------------------------------------
RULE_COUNT = "countdown-wrong-count"


@pytest.mark.parametrize("text,when,flag", [
    ("Three sleeps till Christmas 🎅", "2026-12-22T10:00", False),
    ("Three sleeps till Christmas 🎅", "2026-12-23T10:00", True),
    ("Three sleeps till Christmas 🎅", "2026-12-21T20:00", False),  # bedtime counting
    ("Two weeks to go until Halloween 🎃", "2027-10-17T10:00", False),
    ("Two weeks to go until Halloween 🎃", "2027-10-03T10:00", True),
    ("5 days left! Entries close on 20 March.", "2027-03-15T10:00", False),
    ("5 days left! Entries close on 20 March.", "2027-03-19T10:00", True),
    ("Nearly there. One more sleep until Friday!", "2027-03-18T10:00", False),
    ("Nearly there. One more sleep until Friday!", "2027-03-17T10:00", True),
])
def test_countdowns(fired, text, when, flag):
    assert fired(text, when, RULE_COUNT) is flag


# -- year and month ------------------------------------------------------------------------------
RULE_YEAR = "year-greeting-wrong-year"


@pytest.mark.parametrize("text,when,flag", [
    ("Happy New Year 2027! 🎆", "2026-12-31T23:59", False),
    ("Happy New Year 2027! 🎆", "2027-01-01T00:01", False),
    ("Happy New Year 2026! 🎆", "2027-01-01T00:01", True),
    ("Goodbye 2026 👋", "2027-01-01T00:30", False),
    ("Goodbye 2026 👋", "2026-03-01T10:00", True),
    ("#HappyNewYear2028", "2027-12-31T20:00", False),
    # zodiac: 2026 is the Horse from 17 Feb, 2027 the Goat from 6 Feb
    ("Welcome to the Year of the Horse 🐎", "2026-02-20T10:00", False),
    ("Welcome to the Year of the Horse 🐎", "2026-01-20T10:00", False),  # greeted ahead
    ("Welcome to the Year of the Horse 🐎", "2027-02-10T10:00", True),
    ("Welcome to the Year of the Goat 🐐", "2027-02-10T10:00", False),
    ("Welcome to the Year of the Sheep 🐑", "2027-02-10T10:00", False),
])
def test_years(fired, text, when, flag):
    assert fired(text, when, RULE_YEAR) is flag


@pytest.mark.parametrize("text,when,flag", [
    ("Hello September! 🍎", "2027-09-01T08:00", False),
    ("Hello September! 🍎", "2027-08-31T21:00", False),  # the evening before
    ("Hello September! 🍎", "2027-08-31T10:00", True),
    ("Hello September! 🍎", "2027-08-01T09:00", True),
    ("Goodbye December, hello new beginnings", "2027-01-01T09:00", False),  # across the year end
    ("Goodbye December, hello new beginnings", "2027-12-02T09:00", True),
])
def test_months(fired, text, when, flag):
    assert fired(text, when, "month-greeting-wrong-month") is flag


# -- weekday phrases -----------------------------------------------------------------------------
@pytest.mark.parametrize("text,when,flag", [
    ("Almost Friday! One more sleep 🙌", "2026-12-03T16:00", False),
    ("Almost the weekend... hang in there", "2027-02-27T10:00", True),
    ("That Friday feeling 🙌", "2026-10-19T12:00", True),
    ("New week, new menu 🥗", "2026-04-20T08:00", False),
    ("New week, new menu 🥗", "2026-04-24T08:00", True),
])
def test_weekday_phrases(fired, text, when, flag):
    assert fired(text, when, "weekday-greeting-mismatch") is flag


def test_posts_without_schedule_are_not_judged(linter):
    report = linter.check(Post(text="Happy Diwali! Doors open tonight at 8, two sleeps till Christmas", account="brand"))
    assert not [f for f in report.findings if f.category == "timing-greeting" and f.origin == "rule"]
