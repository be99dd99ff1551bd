"""``fauxpas review``: check a whole content calendar, post by post and as a schedule."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from fauxpas.cli.common import choice, print_errors, split_names, use_colour
from fauxpas.errors import UsageError
from fauxpas.models import ACCOUNTS, PLATFORMS

FORMATS = ("table", "json", "csv", "html")


def register(app: typer.Typer) -> None:
    app.command("review")(review)


def review(
    paths: List[Path] = typer.Argument(..., help="Calendars (.csv, .jsonl, .json, .yaml, .xlsx) and folders of Markdown drafts."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Author profile (YAML): time zone, watch hours, correction window."),
    freeze: Optional[List[Path]] = typer.Option(None, "--freeze", help="Crisis freeze file: a YAML list of {name, from, to, keywords} (repeatable; default: 'freeze:' in the configuration)."),
    sensitive_dates: Optional[List[Path]] = typer.Option(None, "--sensitive-dates", help="Your own sensitive dates (YAML, as rules/data/sensitive-dates.yaml; repeatable; default: 'sensitive_dates:' in the configuration)."),
    output_format: str = typer.Option("table", "--format", help="Output format: table, json, csv or html."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report to this file instead of standard output."),
    workers: int = typer.Option(1, "--workers", help="Worker processes for the post checks (0: one per core)."),
    burst_minutes: float = typer.Option(10.0, "--burst-minutes", help="Posts on one platform closer than this are a burst (0: off)."),
    platform: Optional[str] = typer.Option(None, "--platform", help=f"Platform for posts that do not say: {', '.join(PLATFORMS)}."),
    account: Optional[str] = typer.Option(None, "--account", help="Account type for posts that do not say: brand, personal or executive."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or categories (comma-separated, repeatable)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a post reaches this verdict: warn or block (default block)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Use this configuration file instead of searching for one."),
    color: str = typer.Option("auto", "--color", help="Colour for the table: auto, always or never."),
) -> None:
    """Review a content calendar: every post's checks, then watch hours, sensitive dates, crisis
    freezes, duplicates and bursts over the whole schedule."""
    from fauxpas.api import Session
    from fauxpas.review import load_options, resolve_profile, review_paths, schedule_files

    choice(output_format, FORMATS, "--format")
    choice(platform, PLATFORMS, "--platform")
    choice(account, ACCOUNTS, "--account")
    choice(fail_on, ("warn", "block"), "--fail-on")
    choice(color, ("auto", "always", "never"), "--color")
    if config is not None and not config.is_file():
        raise UsageError(f"--config: no such file: {config}")
    if profile is not None and not profile.is_file():
        raise UsageError(f"--profile: no such file: {profile}")
    for option, files in (("--freeze", freeze), ("--sensitive-dates", sensitive_dates)):
        for path in files or ():
            if not path.is_file():
                raise UsageError(f"{option}: no such file: {path}")
    if workers < 0:
        raise UsageError("--workers must be 0 (one per core) or more")
    if burst_minutes < 0:
        raise UsageError("--burst-minutes must be 0 (off) or more")
    if output_format == "html" and output is None and sys.stdout.isatty():
        raise UsageError("--format html writes a file: add -o report.html")
    if workers == 0:
        from fauxpas.parallel import default_workers

        workers = default_workers()

    session = Session(config_file=config, account=account, platform=platform, ignore=split_names(ignore),
                      fail_on=fail_on, profile=profile.resolve() if profile else None)
    the_profile = resolve_profile(session, paths, profile)
    freezes, dates = load_options(*schedule_files(session, paths, freeze, sensitive_dates))
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        result = review_paths(paths, session, profile=the_profile, freezes=freezes, sensitive_dates=dates,
                              workers=workers, burst_minutes=burst_minutes, progress=bar)
    finally:
        if bar is not None:
            bar.close()

    from fauxpas.output.review import render_csv, render_review_json, render_table

    if output_format == "table":
        import shutil

        width = shutil.get_terminal_size((120, 24)).columns if output is None and sys.stdout.isatty() else 120
        rendered = render_table(result, colour=output is None and use_colour(color), width=width)
    elif output_format == "json":
        rendered = render_review_json(result)
    elif output_format == "csv":
        rendered = render_csv(result)
    else:
        from fauxpas.output.html import render_html

        rendered = render_html(result)
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
        print(f"fauxpas: wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(rendered)
    for notice in [*result.report.notices, *result.schedule.notices]:
        print(f"fauxpas: note: {notice}", file=sys.stderr)
    print_errors(result.report.errors)
    if result.report.errors:
        raise typer.Exit(2)
    fail_verdicts = {"block"}
    if (fail_on or _config_fail_on(session)) == "warn":
        fail_verdicts.add("warn")
    if any(p.verdict in fail_verdicts for p in result.report.posts):
        raise typer.Exit(1)


def _config_fail_on(session) -> str:
    configs = list(session._configs.values())
    return "warn" if any(c.fail_on == "warn" for c in configs) else "block"


class _ProgressBar:
    """A one-line progress bar on standard error (only when it is a terminal), redrawn at most
    ten times a second, shown only once a run lasts more than half a second."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and (now - self.last < 0.1 or now - self.started < 0.5):
            return
        if done == total and not self.shown:
            return
        self.last = now
        self.shown = True
        width = 28
        filled = int(width * done / total) if total else width
        rate = done / max(1e-6, now - self.started)
        self.stream.write(f"\r\033[2Kreviewing {done:,}/{total:,} posts ▕{'█' * filled}{'░' * (width - filled)}▏ "
                          f"{100 * done // max(1, total)}%  {rate:,.0f}/s")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[2K")
            self.stream.flush()
