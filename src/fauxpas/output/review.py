"""Renderers of ``fauxpas review``: ``table`` (posts by date), ``json`` (DESIGN.md section 4 plus
the schedule), ``csv`` (one row per post, for spreadsheets) and ``html`` (output/html.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fauxpas.models import Finding, PostReport
from fauxpas.output.json import dump_json
from fauxpas.output.text import VERDICT_COLOUR, Style
from fauxpas.schedule import DAY_ABBR, fmt_duration

SCHEDULE_LABELS = {
    "posted-outside-watch-hours": "outside watch hours",
    "short-correction-window": "short correction window",
    "scheduled-during-crisis-freeze": "in a crisis freeze",
    "echoes-crisis-keywords": "echoing a crisis",
    "promotion-on-sensitive-date": "promotion on a sensitive date",
    "joke-on-sensitive-date": "joke on a sensitive date",
    "cheerful-on-sensitive-date": "cheerful on a sensitive date",
    "post-on-sensitive-date": "on a sensitive date",
    "duplicate-post": "duplicate",
    "near-duplicate-post": "near-duplicate",
    "post-burst": "in a burst",
}


def ordered(review: Any) -> list[tuple[PostReport, Any]]:
    """Posts by scheduled time (unscheduled last, in input order)."""
    pairs = review.pairs()
    return sorted(pairs, key=lambda pair: (pair[1].local is None, pair[1].local or 0, pair[0].post.source.path,
                                           pair[0].post.source.line))


def top_finding(post: PostReport) -> Finding | None:
    return post.findings[0] if post.findings else None


def headline(review: Any) -> str:
    summary = review.report.summary()
    dated = [info.local for _, info in review.pairs() if info.local is not None]
    span = ""
    if dated:
        first, last = min(dated), max(dated)
        span = f", {DAY_ABBR[first.weekday()]} {first.day} {first:%b %Y} – {DAY_ABBR[last.weekday()]} {last.day} {last:%b %Y}"
    noun = "post" if summary["posts"] == 1 else "posts"
    where = []
    if review.schedule.timezone:
        where.append(review.schedule.timezone)
    if review.schedule.profile:
        where.append(f"profile: {review.schedule.profile}")
    return f"Calendar review: {summary['posts']} {noun}{span}" + (f" ({'; '.join(where)})" if where else "")


def schedule_line(review: Any) -> str:
    counts = review.schedule.counts(review.report.posts)
    parts = [f"{n} {SCHEDULE_LABELS.get(rule, rule)}" for rule, n in counts.items()]
    return "Schedule: " + (", ".join(parts) if parts else "no schedule findings") + "."


def render_table(review: Any, colour: bool = False, width: int = 120, **_: object) -> str:
    s = Style(colour)
    lines = [s(headline(review), "bold"), ""]
    rows = ordered(review)
    if not rows:
        lines.append("No posts found to review.")
    fixed = 6 + 7 + 10 + 14 + 6 + 8
    message_width = max(30, width - fixed - 4)
    header = f"{'TIME':<6} {'PLATFORM':<9} {'ID':<14} {'RISK':>4}  {'VERDICT':<7} TOP FINDING"
    if rows:
        lines.append(s(header, "dim"))
    day = None
    for post, info in rows:
        this_day = info.local.date() if info.local else None
        if info.local is None and day != "unscheduled":
            day = "unscheduled"
            lines.append(s("Not scheduled", "bold"))
        elif info.local is not None and this_day != day:
            day = this_day
            extra = f"  · {', '.join(info.sensitive)}" if info.sensitive else ""
            lines.append(s(f"{DAY_ABBR[this_day.weekday()]} {this_day.day} {this_day:%b %Y}", "bold") + s(extra, "magenta"))
        clock = f"{info.local:%H:%M}" if info.local else "--:--"
        platform = (post.post.platform or "-")[:9]
        ident = _clip(post.post.id, 14)
        top = top_finding(post)
        message = f"{top.rule}: {top.message}" if top else ""
        verdict = s(f"{post.verdict.upper():<7}", VERDICT_COLOUR[post.verdict], "bold")
        lines.append(f"{clock:<6} {platform:<9} {ident:<14} {post.risk:>4}  {verdict} {_clip(message, message_width)}")
    lines.append("")
    summary = review.report.summary()
    parts = [s(f"{summary['block']} block", "red" if summary["block"] else "dim"),
             s(f"{summary['warn']} warn", "yellow" if summary["warn"] else "dim"),
             s(f"{summary['pass']} pass", "green")]
    line = f"Reviewed {summary['posts']} post{'s' if summary['posts'] != 1 else ''}: " + ", ".join(parts) + "."
    if review.report.errors:
        count = len(review.report.errors)
        line += s(f" {count} input error{'s' if count != 1 else ''}.", "red")
    lines.append(line)
    lines.append(schedule_line(review))
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def render_review_json(review: Any, **_: object) -> str:
    return dump_json(review.to_dict())


CSV_COLUMNS = ("id", "scheduled_at", "platform", "account", "risk", "verdict", "categories", "rules", "top_rule",
               "top_message", "top_suggestion", "on_watch", "watchers", "source")


def render_csv(review: Any, **_: object) -> str:
    """One row per post, in date order. Cells that a spreadsheet would run as a formula
    (starting with =, +, -, @) are prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for post, info in ordered(review):
        top = top_finding(post)
        categories = list(dict.fromkeys(f.category for f in post.findings))
        rules = list(dict.fromkeys(f.rule for f in post.findings))
        source = post.post.source
        writer.writerow([_cell(v) for v in (
            post.post.id,
            info.local.isoformat(timespec="minutes") if info.local else "",
            post.post.platform or "",
            post.post.account or "",
            post.risk,
            post.verdict,
            ";".join(categories),
            ";".join(rules),
            top.rule if top else "",
            top.message if top else "",
            (top.suggestion or "") if top else "",
            "" if info.on_watch is None else ("yes" if info.on_watch else "no"),
            "; ".join(info.watchers),
            f"{source.path}:{source.line}",
        )])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def window_text(review: Any) -> str:
    window = review.schedule.correction_window
    return fmt_duration(window) if window else "the correction window"


__all__ = ["render_csv", "render_review_json", "render_table", "ordered", "top_finding"]
