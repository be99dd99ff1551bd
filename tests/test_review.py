"""``fauxpas review`` end to end: real calendar files (CSV, XLSX, drafts), the JSON, CSV and table
outputs, two profiles, and the HTML report rendered in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, time
from pathlib import Path

import pytest

from helpers import run, write

# A month of a bakery's calendar (June 2027), as a spreadsheet export: a wrong-day greeting, a
# 2 a.m. post, a cheerful post during a freeze that echoes the event, a duplicate, a burst, a
# promotion on a remembrance day, and one broken row.
CALENDAR = """Post ID,Publish Date,Time,Network,Caption
mon-greeting,2027-06-01,09:30,Twitter,"Happy Friday, everyone! Fresh croissants are out of the oven."
night,2027-06-02,02:00,Instagram,Still up baking tomorrow's loaves. Come by the shop in the morning.
launch,2027-06-03,10:00,Twitter,Our new sourdough starter kits are in stock at every shop this week.
launch-again,2027-06-03,10:05,Twitter,Our new sourdough starter kits are in stock at every shop this week.
shooters,2027-06-15,08:30,Twitter,"Good morning, shooters! Ready for a big day at the range?"
quiet,2027-06-21,11:00,LinkedIn,We are hiring two bakers for the Leeds kitchen. Apply on our careers page.
poppy-sale,2027-11-11,10:00,Twitter,Remembrance Day special: 20% off all pastries today only!
broken,someday,09:00,Twitter,This row has no readable date.
"""

PROFILE_LONDON = """name: London social team
account: brand
timezone: Europe/London
watch:
  - days: [mon, tue, wed, thu, fri]
    hours: "08:00-18:00"
    who: Priya
correction_window: 2h
"""

PROFILE_NIGHT = """name: Late shift
account: brand
timezone: Europe/London
watch:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    hours: "12:00-04:00"
    who: Late desk
correction_window: 1h
"""

FREEZE = """- name: Riverside shooting
  from: 2027-06-14
  to: 2027-06-18
  keywords: [shooting, shooter, gunman, victims]
"""


@pytest.fixture
def month(tmp_path: Path) -> Path:
    write(tmp_path / "june.csv", CALENDAR)
    write(tmp_path / "london.yaml", PROFILE_LONDON)
    write(tmp_path / "night.yaml", PROFILE_NIGHT)
    write(tmp_path / "freeze.yaml", FREEZE)
    return tmp_path


def review_json(folder: Path, *args: str) -> tuple[int, dict, str]:
    result = run("review", *args, "--format", "json", cwd=folder)
    return result.returncode, json.loads(result.stdout.decode()), result.stderr.decode()


def rules_by_post(data: dict) -> dict[str, set[str]]:
    return {p["id"]: {f["rule"] for f in p["findings"]} for p in data["posts"]}


def test_review_month_csv_json(month):
    code, data, err = review_json(month, "june.csv", "--profile", "london.yaml", "--freeze", "freeze.yaml")
    assert code == 2, err  # one broken row: input error, the others still reviewed
    assert re.search(r"june\.csv:9: row 8: cannot read 'someday 09:00'", err) and err.count("error:") == 1
    rules = rules_by_post(data)
    assert set(rules) == {"mon-greeting", "night", "launch", "launch-again", "shooters", "quiet", "poppy-sale"}
    assert "posted-outside-watch-hours" in rules["night"]
    assert {"duplicate-post", "post-burst"} <= rules["launch-again"]
    assert {"scheduled-during-crisis-freeze", "echoes-crisis-keywords"} <= rules["shooters"]
    assert "promotion-on-sensitive-date" in rules["poppy-sale"]
    assert not any(r.startswith(("posted-outside", "short-correction")) for r in rules["quiet"])
    posts = {p["id"]: p for p in data["posts"]}
    # DESIGN.md section 4 fields, and the schedule's additions
    shooters = posts["shooters"]
    assert shooters["verdict"] == "block" and shooters["source"] == {"path": "june.csv", "line": 6, "row": 5}
    echo = next(f for f in shooters["findings"] if f["rule"] == "echoes-crisis-keywords")
    assert echo["origin"] == "schedule" and echo["category"] == "schedule-risk" and echo["suggestion"]
    assert echo["span"] == {"start": 14, "end": 22} and echo["excerpt"] == "shooters"
    assert shooters["scheduled_at"] == "2027-06-15T08:30:00"
    assert shooters["schedule"]["freezes"] == ["Riverside shooting"] and shooters["schedule"]["watchers"] == ["Priya"]
    assert posts["night"]["schedule"]["on_watch"] is False
    assert posts["poppy-sale"]["verdict"] == "block"
    schedule = data["schedule"]
    assert schedule["timezone"] == "Europe/London" and schedule["profile"] == "London social team"
    assert schedule["findings"]["posted-outside-watch-hours"] >= 1 and schedule["outside_watch"] >= 1
    assert schedule["freezes"][0]["name"] == "Riverside shooting"
    assert schedule["sensitive_days"] == {"2027-11-11": ["Armistice Day / Remembrance Day"]}
    assert data["summary"]["posts"] == 7 and data["summary"]["block"] >= 3


def test_freeze_and_own_sensitive_dates_from_the_configuration(month):
    write(month / "team" / "crisis.yaml", FREEZE)
    write(month / "team" / "our-dates.yaml", "- name: Anniversary of the Leeds kitchen fire\n  date: \"06-21\"\n  risky: {any: warning}\n")
    write(month / ".fauxpas.yaml", "freeze: [team/crisis.yaml]\nsensitive_dates: team/our-dates.yaml\n")
    code, data, err = review_json(month, "june.csv", "--profile", "london.yaml")
    rules = rules_by_post(data)
    assert {"scheduled-during-crisis-freeze", "echoes-crisis-keywords"} <= rules["shooters"], err
    assert "post-on-sensitive-date" in rules["quiet"] or "promotion-on-sensitive-date" in rules["quiet"], rules["quiet"]
    assert data["schedule"]["sensitive_days"]["2027-06-21"] == ["Anniversary of the Leeds kitchen fire"]
    # the command line wins over the configuration
    write(month / "other.yaml", "- name: Other event\n  from: 2027-06-02\n  to: 2027-06-02\n  keywords: [loaves]\n")
    _, data, _ = review_json(month, "june.csv", "--profile", "london.yaml", "--freeze", "other.yaml")
    rules = rules_by_post(data)
    assert "scheduled-during-crisis-freeze" not in rules["shooters"] and "scheduled-during-crisis-freeze" in rules["night"]
    # a missing file named in the configuration: one line, exit 2
    write(month / ".fauxpas.yaml", "freeze: [team/gone.yaml]\n")
    result = run("review", "june.csv", cwd=month)
    err = result.stderr.decode()
    assert result.returncode == 2 and ".fauxpas.yaml:1: 'freeze': no such file" in err and "Traceback" not in err


def test_wrong_day_greeting_comes_from_the_text_rules(month):
    _, data, _ = review_json(month, "june.csv", "--profile", "london.yaml")
    greeting = [f for p in data["posts"] if p["id"] == "mon-greeting" for f in p["findings"] if f["category"] == "timing-greeting"]
    assert any(f["origin"] == "rule" for f in greeting), "the per-post greeting rules still run in a review"


def test_same_calendar_two_profiles_different_watch_findings(month):
    _, london, _ = review_json(month, "june.csv", "--profile", "london.yaml")
    _, night, _ = review_json(month, "june.csv", "--profile", "night.yaml")

    def watch(data):
        return {p["id"] for p in data["posts"] for f in p["findings"] if f["rule"] == "posted-outside-watch-hours"}

    # office hours (Mon-Fri 08-18) against a late shift (every day 12:00-04:00, wrapping midnight)
    assert watch(london) == {"night"}
    assert watch(night) == {"mon-greeting", "launch", "launch-again", "shooters", "quiet", "poppy-sale"}
    message = next(f["message"] for p in london["posts"] for f in p["findings"] if f["rule"] == "posted-outside-watch-hours")
    assert "(Europe/London)" in message


def test_review_csv_output_one_row_per_post(month):
    result = run("review", "june.csv", "--profile", "london.yaml", "--freeze", "freeze.yaml", "--format", "csv", cwd=month)
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert [r["id"] for r in rows] == ["mon-greeting", "night", "launch", "launch-again", "shooters", "quiet", "poppy-sale"]
    assert list(rows[0]) == ["id", "scheduled_at", "platform", "account", "risk", "verdict", "categories", "rules",
                             "top_rule", "top_message", "top_suggestion", "on_watch", "watchers", "source"]
    shooters = next(r for r in rows if r["id"] == "shooters")
    assert shooters["verdict"] == "block" and "schedule-risk" in shooters["categories"].split(";")
    assert shooters["scheduled_at"] == "2027-06-15T08:30" and shooters["on_watch"] == "yes" and shooters["watchers"] == "Priya"
    assert int(shooters["risk"]) >= 70 and shooters["top_message"]
    _, data, _ = review_json(month, "june.csv", "--profile", "london.yaml", "--freeze", "freeze.yaml")
    assert {r["id"]: int(r["risk"]) for r in rows} == {p["id"]: p["risk"] for p in data["posts"]}


def test_csv_cells_cannot_become_formulas(tmp_path):
    write(tmp_path / "cal.csv", 'id,text\n"=HYPERLINK(1)","=cmd|calc hello"\n')
    result = run("review", "cal.csv", "--format", "csv", cwd=tmp_path)
    row = next(csv.DictReader(io.StringIO(result.stdout.decode())))
    assert row["id"] == "'=HYPERLINK(1)"


def test_review_table_output(month):
    result = run("review", "june.csv", "--profile", "london.yaml", "--freeze", "freeze.yaml", cwd=month)
    out = result.stdout.decode()
    assert result.returncode == 2
    assert out.startswith("Calendar review: 7 posts, Tue 1 Jun 2027 – Thu 11 Nov 2027 (Europe/London; profile: London social team)")
    assert "Tue 15 Jun 2027" in out and re.search(r"08:30\s+x\s+shooters\s+\d+\s+BLOCK", out)
    assert "Thu 11 Nov 2027  · Armistice Day / Remembrance Day" in out
    assert "Schedule:" in out and "in a crisis freeze" in out
    assert "\x1b[" not in out  # no colour when piped


def test_review_xlsx_calendar(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Post ID", "Publish Date", "Time", "Network", "Caption"])
    sheet.append([1, datetime(2027, 6, 2), time(2, 0), "Instagram", "Still up baking. See you in the morning!"])
    sheet.append([2, datetime(2027, 11, 11, 10, 0), None, "Twitter", "Remembrance Day special: 20% off all pastries!"])
    sheet.append([3, "not a date", None, "Twitter", "Bad row"])
    sheet.append([None, None, None, None, None])
    sheet.append([4, datetime(2027, 6, 3, 10, 0), None, "Twitter", "#REF!"])
    sheet.append([5, datetime(2027, 6, 3, 11, 0), None, "LinkedIn", "We are hiring two bakers for the Leeds kitchen."])
    book.save(tmp_path / "plan.xlsx")
    write(tmp_path / "london.yaml", PROFILE_LONDON)
    code, data, err = review_json(tmp_path, "plan.xlsx", "--profile", "london.yaml")
    assert code == 2
    assert "plan.xlsx:4: row 3: cannot read 'not a date'" in err
    assert "plan.xlsx:6: row 4: cell E6 (Caption) holds the error #REF!" in err
    rules = rules_by_post(data)
    assert set(rules) == {"1", "2", "5"}
    assert "posted-outside-watch-hours" in rules["1"] and "promotion-on-sensitive-date" in rules["2"]
    posts = {p["id"]: p for p in data["posts"]}
    assert posts["1"]["scheduled_at"] == "2027-06-02T02:00:00" and posts["1"]["source"] == {"path": "plan.xlsx", "line": 2, "row": 1}


def test_not_an_xlsx_is_one_line(tmp_path):
    write(tmp_path / "fake.xlsx", "id,text\n1,hello\n")
    write(tmp_path / "ok.csv", "id,text\n1,Hello from the bakery\n")
    result = run("review", "fake.xlsx", "ok.csv", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.decode().splitlines() if "error:" in line]
    assert errors == ["fauxpas: error: fake.xlsx: not an XLSX workbook (not a zip archive); "
                      "save it as .xlsx from the spreadsheet program"]
    assert [p["id"] for p in json.loads(result.stdout)["posts"]] == ["1"]


def test_review_markdown_drafts_folder_and_exit_codes(tmp_path):
    write(tmp_path / "drafts" / "a.md", "---\nid: a\nscheduled_at: 2027-06-02T10:00\nplatform: x\n---\nFresh bread at the shop.\n")
    write(tmp_path / "drafts" / "b.md", "---\nid: b\nscheduled_at: 2027-06-02T10:03\nplatform: x\n---\nCroissants are back too.\n")
    code, data, err = review_json(tmp_path, "drafts")
    assert {p["id"] for p in data["posts"]} == {"a", "b"}
    schedule_rules = {f["rule"] for p in data["posts"] if p["id"] == "b" for f in p["findings"] if f["origin"] == "schedule"}
    assert schedule_rules == {"post-burst"} and code in (0, 1), err
    assert "no profile" in err
    code, _, _ = review_json(tmp_path, "drafts", "--fail-on", "warn")
    assert code == 1
    result = run("review", "drafts", "--freeze", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "--freeze: no such file: missing.yaml" in result.stderr.decode()


def test_review_workers_give_the_same_reports(tmp_path):
    lines = ["id,scheduled_at,platform,text"]
    for i in range(1100):
        lines.append(f"p{i},2027-06-{1 + i % 28:02d}T{(i * 7) % 24:02d}:{(i * 13) % 60:02d},x,"
                     f"Post {i}: fresh loaves and {['pastries', 'a 20% off sale', 'good vibes', 'news'][i % 4]} today")
    write(tmp_path / "big.csv", "\n".join(lines) + "\n")
    write(tmp_path / "london.yaml", PROFILE_LONDON)
    _, one, _ = review_json(tmp_path, "big.csv", "--profile", "london.yaml")
    _, two, _ = review_json(tmp_path, "big.csv", "--profile", "london.yaml", "--workers", "2")
    assert [(p["id"], p["risk"], p["verdict"]) for p in one["posts"]] == [(p["id"], p["risk"], p["verdict"]) for p in two["posts"]]
    assert one["posts"] == two["posts"]  # findings, texts and sources too: each report has its own post back


def test_progress_bar_draws_on_a_terminal_only():
    from fauxpas.cli.review import _ProgressBar

    stream = io.StringIO()
    bar = _ProgressBar(stream)
    bar.started -= 1  # the run has lasted a second
    bar(250, 1000)
    assert "reviewing 250/1,000 posts" in stream.getvalue() and "25%" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")


# -- the HTML report ---------------------------------------------------------------------------------
def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_run(*args: str) -> subprocess.CompletedProcess:
    exe = chromium()
    if exe is None:
        pytest.skip("headless Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    with tempfile.TemporaryDirectory() as profile_dir:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile_dir}", "--hide-scrollbars"]
        return subprocess.run([exe, *flags, *args], capture_output=True, timeout=120)


@pytest.fixture
def html_report(month) -> Path:
    # A post whose text tries to inject markup: it must come out escaped.
    with (month / "june.csv").open("a", encoding="utf-8") as handle:
        handle.write('xss,2027-06-22,10:00,Twitter,"<script>alert(1)</script> <img src=x onerror=alert(2)> Hi"\n')
    result = run("review", "june.csv", "--profile", "london.yaml", "--freeze", "freeze.yaml", "--format", "html",
                 "-o", "report.html", cwd=month)
    assert result.returncode == 2  # the broken row
    return month / "report.html"


def test_html_report_is_self_contained_and_escaped(html_report):
    page = html_report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""<(script|img|link|iframe)[^>]+(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page and "<link" not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert page.count("<script>") == 1  # the report's own few lines


def test_html_report_renders_in_chromium(html_report, tmp_path):
    dom = chromium_run("--dump-dom", html_report.as_uri())
    assert dom.returncode == 0, dom.stderr.decode()[-2000:]
    html = dom.stdout.decode()
    assert "June – November 2027 at a glance" in html
    # heat map: the freeze days are striped, the blocked day is dark red and links to its riskiest post
    assert re.search(r'<td class="day h-block2 frozen" title="Tue 15 Jun[^"]*crisis freeze: Riverside shooting"><a href="#p\d+"', html)
    assert re.search(r'<td class="day h-\w+" title="Thu 11 Nov[^"]*sensitive: Armistice Day / Remembrance Day', html)
    # riskiest posts first, with findings highlighted in the text
    first_card = re.search(r'<article class="post v-(\w+)" id="p\d+" data-verdict="\w+">', html)
    assert first_card and first_card.group(1) == "block"
    assert re.search(r'<mark class="m-error" title="[^"]*echoes-crisis-keywords[^"]*">shooters</mark>', html)
    # correction plans: who is on watch, or nobody in red
    assert '<p class="nobody">Nobody on watch when it goes out at Wed 2 Jun 02:00. The next watch starts' in html
    assert "<b>Priya</b> on watch" in html
    assert "Fix now" in html and "The lesson" in html
    # counts by category and by schedule problem
    assert "Posts by category" in html and "Schedule problems" in html and "In a crisis freeze" in html
    assert "Rows that could not be read (1)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "alert(2)" in html and "<img src=\"x\"" not in html

    shot = tmp_path / "report.png"
    result = chromium_run("--window-size=1280,2400", f"--screenshot={shot}", html_report.as_uri())
    assert result.returncode == 0 and shot.is_file() and shot.stat().st_size > 50_000
    if os.environ.get("FAUXPAS_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["FAUXPAS_KEEP_SCREENSHOT"])
