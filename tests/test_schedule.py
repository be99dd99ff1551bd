"""The calendar-wide schedule checks (fauxpas.schedule), on posts built in the test: no spaCy."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from fauxpas.errors import ConfigError
from fauxpas.models import Finding, Post, PostReport, Source
from fauxpas.profile import load_profile
from fauxpas.schedule import (
    ScheduleOptions, check_schedule, load_freezes, load_sensitive_dates, resolve_date, shipped_calendar,
)

LONDON = """name: London team
timezone: Europe/London
watch:
  - days: [mon, tue, wed, thu, fri]
    hours: "08:00-18:00"
    who: Priya
  - days: [sat]
    hours: "10:00-14:00"
correction_window: 2h
"""

NEW_YORK = """name: New York night desk
timezone: America/New_York
watch:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    hours: "18:00-02:00"
    who: Night desk
correction_window: 90m
"""


def profile(tmp_path: Path, text: str = LONDON, name: str = "profile.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


def reports(*rows, **common) -> list[PostReport]:
    """rows: (text, scheduled_at) or (text, scheduled_at, platform)."""
    made = []
    for number, row in enumerate(rows, 1):
        text, when, *rest = row
        post = Post(text=text, id=f"p{number}", scheduled_at=when, platform=rest[0] if rest else common.get("platform", "x"),
                    source=Source("cal.csv", number + 1, number))
        made.append(PostReport(post, [], 0, "pass"))
    return made


def rules_of(report: PostReport) -> list[str]:
    return [f.rule for f in report.findings]


def run(items, **options):
    summary = check_schedule(items, ScheduleOptions(**options))
    return summary


# -- watch hours ------------------------------------------------------------------------------------
def test_watch_hours_flag_2am_and_short_window_but_not_office_hours(tmp_path):
    items = reports(("Night thoughts", datetime(2027, 6, 16, 2, 0)),      # Wednesday 02:00: nobody
                    ("Late afternoon news", datetime(2027, 6, 16, 17, 0)),  # 1 h of watch left, 2 h wanted
                    ("Morning news", datetime(2027, 6, 16, 10, 0)))         # fine
    summary = run(items, profile=profile(tmp_path))
    night, late, morning = items
    assert rules_of(night) == ["posted-outside-watch-hours"]
    finding = night.findings[0]
    assert finding.origin == "schedule" and finding.category == "schedule-risk" and finding.severity == "warning"
    assert "Wed 16 Jun 2027 02:00 (Europe/London)" in finding.message and "next watch starts 08:00, 6 h later" in finding.message
    assert "only post when you can correct afterwards" in finding.suggestion
    assert night.verdict == "warn" and night.risk == 40
    assert rules_of(late) == ["short-correction-window"]
    assert "Only 1 h of watch left" in late.findings[0].message and "Schedule it by 16:00" in late.findings[0].suggestion
    assert morning.findings == [] and morning.verdict == "pass"
    assert [p.on_watch for p in summary.posts] == [False, True, True]
    assert summary.posts[2].watchers == ["Priya"]
    assert summary.posts[0].next_watch == datetime(2027, 6, 16, 8, 0)


def test_times_with_a_zone_are_converted_to_the_profiles_zone(tmp_path):
    # 01:00 UTC in June is 02:00 in London (BST): outside watch; 09:00 UTC is 10:00: on watch.
    items = reports(("A", datetime(2027, 6, 16, 1, 0, tzinfo=timezone.utc)),
                    ("B", datetime(2027, 6, 16, 9, 0, tzinfo=timezone.utc)))
    summary = run(items, profile=profile(tmp_path))
    assert rules_of(items[0]) == ["posted-outside-watch-hours"] and rules_of(items[1]) == []
    assert summary.posts[0].local == datetime(2027, 6, 16, 2, 0)


def test_same_calendar_under_two_profiles_gives_different_watch_findings(tmp_path):
    rows = [("Morning post", datetime(2027, 6, 16, 10, 0)), ("Evening post", datetime(2027, 6, 16, 20, 0)),
            ("Just after midnight", datetime(2027, 6, 17, 0, 30))]
    london, new_york = reports(*rows), reports(*rows)
    run(london, profile=profile(tmp_path))
    run(new_york, profile=profile(tmp_path, NEW_YORK, "ny.yaml"))
    assert [rules_of(r) for r in london] == [[], ["posted-outside-watch-hours"], ["posted-outside-watch-hours"]]
    # The night desk watches 18:00-02:00, wrapping midnight: 00:30 has 1 h 30 min left, exactly the 90 min wanted.
    assert [rules_of(r) for r in new_york] == [["posted-outside-watch-hours"], [], []]
    assert "America/New_York" in new_york[0].findings[0].message


def test_whole_day_watch_and_no_profile(tmp_path):
    always = profile(tmp_path, 'timezone: UTC\nwatch:\n  - hours: "00:00-24:00"\ncorrection_window: 3h\n', "always.yaml")
    items = reports(("Any time", datetime(2027, 6, 16, 3, 0)))
    run(items, profile=always)
    assert items[0].findings == []
    items = reports(("Any time", datetime(2027, 6, 16, 3, 0)))
    summary = run(items)
    assert items[0].findings == [] and summary.posts[0].on_watch is None
    assert any("no profile" in n for n in summary.notices)


# -- sensitive dates --------------------------------------------------------------------------------
def test_resolve_date_specs():
    assert resolve_date("11-11", 2027) == date(2027, 11, 11)
    assert resolve_date({"month": 5, "weekday": "mon", "nth": -1}, 2027) == date(2027, 5, 31)  # Memorial Day
    assert resolve_date({"month": 11, "weekday": "sun", "nth": 2}, 2027) == date(2027, 11, 14)  # Remembrance Sunday
    assert resolve_date({"easter": -2}, 2027) == date(2027, 3, 26)  # Good Friday
    assert resolve_date({"holiday": "Yom Kippur", "country": "IL"}, 2027) == date(2027, 10, 11)
    assert resolve_date("02-29", 2027) is None
    _, dates = shipped_calendar()
    ids = {d.id for d in dates}
    assert {"september-11", "pearl-harbor-day", "holocaust-remembrance-day", "armistice-remembrance-day", "anzac-day",
            "memorial-day-us", "good-friday", "yom-kippur", "remembrance-sunday"} <= ids
    assert all(d.sources for d in dates), "every shipped sensitive date names its sources"


def test_promotion_on_remembrance_day_blocks_with_the_span(tmp_path):
    text = "Remembrance Day deal: 20% off all pastries! Shop now"
    items = reports((text, datetime(2027, 11, 11, 10, 0)), ("Two minutes' silence at 11:00.", datetime(2027, 11, 11, 10, 30)))
    summary = run(items, profile=profile(tmp_path))
    promo = next(f for f in items[0].findings if f.rule == "promotion-on-sensitive-date")
    assert promo.severity == "error" and items[0].verdict == "block"
    assert text[promo.start:promo.end] == "% off" and promo.excerpt == "% off" and promo.column == promo.start + 1
    assert "Armistice Day / Remembrance Day" in promo.message and promo.notes
    assert rules_of(items[1]) == ["post-on-sensitive-date"] and items[1].verdict == "pass"
    assert summary.sensitive_days == {"2027-11-11": ["Armistice Day / Remembrance Day"]}
    assert summary.posts[0].lessons and "unbranded" in summary.posts[0].lessons[-1][1]


def test_joke_and_cheer_on_9_11_and_what_the_text_checks_found(tmp_path):
    items = reports(("Throwback to our best office prank lol", datetime(2027, 9, 11, 10, 0)),
                    ("Woohoo, party time at the bakery! 🎉", datetime(2027, 9, 11, 11, 0)),
                    ("Why did the chicken cross the road", datetime(2027, 9, 11, 12, 0)))
    items[2].findings.append(Finding("some-joke-rule", "offensive-humor", "warning", "a joke", start=0, end=3))
    run(items, profile=profile(tmp_path))
    assert "joke-on-sensitive-date" in rules_of(items[0])
    assert next(f for f in items[1].findings if f.rule == "cheerful-on-sensitive-date").severity == "warning"
    by_category = next(f for f in items[2].findings if f.rule == "joke-on-sensitive-date")
    assert by_category.start is None and "offensive humor" in by_category.message


def test_regional_dates_follow_the_profiles_country(tmp_path):
    rows = [("Anzac biscuits, 2 for 1 today", datetime(2027, 4, 25, 10, 0))]
    gb = reports(*rows)
    run(gb, profile=profile(tmp_path))  # London: Anzac Day is not observed
    assert not [f for f in gb[0].findings if "sensitive" in f.rule]
    unknown = reports(*rows)
    run(unknown)  # no profile: regional dates still count, one severity lower
    promo = next(f for f in unknown[0].findings if f.rule == "promotion-on-sensitive-date")
    assert promo.severity == "warning" and "observed in AU, NZ" in promo.message
    au = reports(*rows)
    run(au, country="AU")
    assert next(f for f in au[0].findings if f.rule == "promotion-on-sensitive-date").severity == "error"


def test_users_own_sensitive_dates(tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text("- name: Founder's memorial\n  date: 2027-08-02\n  risky: [promotion]\n"
                    "- name: Plant fire anniversary\n  date: \"03-04\"\n  risky: {joke: error, any: warning}\n", encoding="utf-8")
    dates = load_sensitive_dates(path)
    assert [d.name for d in dates] == ["Founder's memorial", "Plant fire anniversary"]
    _, shipped = shipped_calendar()
    items = reports(("Flash sale today only", datetime(2027, 8, 2, 10, 0)), ("Hello", datetime(2027, 3, 4, 10, 0)))
    run(items, sensitive_dates=[*shipped, *dates])
    assert rules_of(items[0]) == ["promotion-on-sensitive-date"] and items[0].verdict == "block"
    assert rules_of(items[1]) == ["post-on-sensitive-date"] and items[1].findings[0].severity == "warning"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: Oops\n  date: \"03-04\"\n  risky: {sarcasm: error}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yaml:3: unknown kind 'sarcasm'"):
        load_sensitive_dates(bad)


# -- crisis freeze ----------------------------------------------------------------------------------
FREEZE = """- name: Riverside shooting
  from: 2027-06-14
  to: 2027-06-18                # inclusive
  keywords: [shooting, shooter, gunman, victims]
"""


def test_freeze_flags_posts_inside_and_echoes_of_its_words(tmp_path):
    path = tmp_path / "freeze.yaml"
    path.write_text(FREEZE, encoding="utf-8")
    freezes = load_freezes(path)
    text = "Good morning, shooters! Ready for a big day?"
    items = reports((text, datetime(2027, 6, 15, 8, 30)),
                    ("Fresh bread is out", datetime(2027, 6, 18, 23, 30)),
                    ("Photo shoot with our new shooter lens", datetime(2027, 6, 25, 10, 0)),
                    ("Fresh bread is out again", datetime(2027, 6, 19, 0, 30)),
                    ("Our shooting star cookie", datetime(2027, 6, 1, 10, 0)))
    summary = run(items, freezes=freezes)
    day_of, last_minute, week_after, after, before = items
    assert set(rules_of(day_of)) == {"scheduled-during-crisis-freeze", "echoes-crisis-keywords"}
    echo = next(f for f in day_of.findings if f.rule == "echoes-crisis-keywords")
    assert text[echo.start:echo.end] == "shooters" and echo.severity == "error" and day_of.verdict == "block"
    assert rules_of(last_minute) == ["scheduled-during-crisis-freeze"]
    assert rules_of(week_after) == ["echoes-crisis-keywords"] and week_after.findings[0].severity == "warning"
    assert after.findings == [] and before.findings == []
    assert summary.posts[0].freezes == ["Riverside shooting"]


def test_bad_freeze_file_names_file_and_line(tmp_path):
    path = tmp_path / "freeze.yaml"
    path.write_text("- name: A\n  from: 2027-06-14\n  to: 2027-06-18\n- name: B\n  from: 2027-06-14\n  until: 2027-06-18\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"freeze.yaml:6: unknown key 'until'"):
        load_freezes(path)
    path.write_text("- name: C\n  from: 2027-06-18\n  to: 2027-06-14\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'to' is before 'from'"):
        load_freezes(path)


# -- duplicates and bursts --------------------------------------------------------------------------
def test_duplicates_and_near_duplicates_on_the_same_platform():
    base = datetime(2027, 6, 1, 10, 0)
    copy = "Our new sourdough starter kits are in stock at every shop this week, come and get one"
    items = reports((copy, base, "x"),
                    (copy.upper() + "!!", base + timedelta(days=2), "x"),  # same words: a duplicate
                    (copy, base + timedelta(days=2), "linkedin"),          # cross-posting is fine
                    (copy.replace("this week", "this weekend"), base + timedelta(days=3), "x"),
                    (copy.replace("this week", "this month"), base + timedelta(days=40), "instagram"),
                    (copy.replace("this week", "this month"), base + timedelta(days=80), "instagram"),
                    ("Something else entirely about our team", base + timedelta(days=4), "x"))
    run(items)
    assert rules_of(items[0]) == []
    assert rules_of(items[1]) == ["duplicate-post"] and "'p1'" in items[1].findings[0].message
    assert rules_of(items[2]) == []
    assert rules_of(items[3]) == ["near-duplicate-post"] and "alike" in items[3].findings[0].message
    assert rules_of(items[4]) == [] and rules_of(items[5]) == ["duplicate-post"]  # exact repeats count at any distance
    assert rules_of(items[6]) == []


def test_bursts_on_one_platform_and_ignore():
    base = datetime(2027, 6, 1, 9, 0)
    items = reports(("One", base, "x"), ("Two", base + timedelta(minutes=4), "x"), ("Three", base + timedelta(minutes=8), "x"),
                    ("Four", base + timedelta(minutes=30), "x"), ("Other network", base + timedelta(minutes=1), "linkedin"))
    run(items)
    assert [rules_of(r) for r in items] == [[], ["post-burst"], ["post-burst"], [], []]
    assert items[2].findings[0].message.startswith("Post 3 within 10 minutes on x: goes out 4 min after 'p2'")
    quiet = reports(("One", base, "x"), ("Two", base + timedelta(minutes=4), "x"))
    quiet[1].post.ignore = ["post-burst"]
    run(quiet)
    assert quiet[1].findings == []
    off = reports(("One", base, "x"), ("Two", base + timedelta(minutes=4), "x"))
    run(off, burst_minutes=0)
    assert off[1].findings == []


def test_schedule_findings_add_to_the_text_findings_risk(tmp_path):
    items = reports(("Happy Friday", datetime(2027, 6, 16, 2, 0)))
    text_finding = Finding("weekday-greeting-mismatch", "timing-greeting", "warning", "wrong day", start=0, end=12, weight=0.4)
    items[0].findings.append(text_finding)
    items[0].risk, items[0].verdict = 40, "warn"
    run(items, profile=profile(tmp_path))
    assert sorted(rules_of(items[0])) == ["posted-outside-watch-hours", "weekday-greeting-mismatch"]
    assert items[0].risk == 64 and items[0].verdict == "warn"
