"""``fauxpas check``: check drafts, calendars or stdin and report findings, risk and verdict."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from fauxpas.cli.common import choice, print_errors, split_names, use_colour
from fauxpas.models import ACCOUNTS, PLATFORMS
from fauxpas.errors import UsageError

FORMATS = ("text", "json", "concise", "github", "sarif")


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    paths: Optional[List[Path]] = typer.Argument(None, help="Drafts (.md, .txt), calendars (.csv, .jsonl, .json, .yaml) or folders."),
    stdin: bool = typer.Option(False, "--stdin", help="Read one draft from standard input."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", help="Name to report for --stdin (also finds its configuration)."),
    output_format: str = typer.Option("text", "--format", help="Output format: text, json, concise, github or sarif."),
    platform: Optional[str] = typer.Option(None, "--platform", help=f"Platform for posts that do not say: {', '.join(PLATFORMS)}."),
    account: Optional[str] = typer.Option(None, "--account", help="Account type for posts that do not say: brand, personal or executive."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rule ids or categories (comma-separated, repeatable)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Skip these rule ids or categories (comma-separated, repeatable)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a post reaches this verdict: warn or block (default block)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Use this configuration file instead of searching for one."),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Author profile (YAML) that weights findings; overrides `profile:` in the configuration."),
    color: str = typer.Option("auto", "--color", help="Colour: auto, always or never."),
    show_pass: bool = typer.Option(False, "--show-pass", help="Also list posts that pass."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the report to this file instead of standard output."),
    online: bool = typer.Option(False, "--online", help="Also fetch each link (safely: public addresses only) for status, redirects and title."),
    fix: bool = typer.Option(False, "--fix", help="Write cleaned copies of images (name.clean.jpg) and strip tracking parameters from links in drafts."),
    in_place: bool = typer.Option(False, "--in-place", help="With --fix: replace the images themselves (a .bak backup is kept)."),
    diff: bool = typer.Option(False, "--diff", help="Show what --fix would change (unified diffs, planned image copies) without writing."),
) -> None:
    """Check posts before they go out: findings, a risk score (0-100) and a verdict."""
    from fauxpas.api import Session

    choice(output_format, FORMATS, "--format")
    choice(platform, PLATFORMS, "--platform")
    choice(account, ACCOUNTS, "--account")
    choice(fail_on, ("warn", "block"), "--fail-on")
    choice(color, ("auto", "always", "never"), "--color")
    if stdin and paths:
        raise UsageError("give either --stdin or paths, not both")
    if not stdin and not paths:
        raise UsageError("nothing to check: give paths, or --stdin")
    if config is not None and not config.is_file():
        raise UsageError(f"--config: no such file: {config}")
    if profile is not None and not profile.is_file():
        raise UsageError(f"--profile: no such file: {profile}")
    if in_place and not fix:
        raise UsageError("--in-place only makes sense with --fix")
    if diff and fix:
        raise UsageError("give --diff (preview) or --fix (apply), not both")
    if diff and stdin:
        raise UsageError("--diff works on files, not --stdin")
    if fix and stdin:
        raise UsageError("--fix works on files, not --stdin")

    session = Session(
        config_file=config,
        account=account,
        platform=platform,
        select=split_names(select),
        ignore=split_names(ignore),
        fail_on=fail_on,
        online=online or None,
        profile=profile.resolve() if profile is not None else None,
    )
    if stdin:
        raw = sys.stdin.buffer.read()
        from fauxpas.sources.draft import decode

        name = stdin_filename or "<stdin>"
        report = session.check_text(decode(raw, name), name)
    else:
        report = session.check_paths(paths or [])
        if fix:
            from fauxpas.fixes import apply_fixes

            fixed = apply_fixes(report.posts, in_place=in_place)
            for result in fixed.done:
                backup = f" (backup {result.backup})" if result.backup else ""
                target = f" -> {result.written}" if result.written and result.written != result.path else ""
                print(f"fauxpas: fixed: {result.path}{target}: {result.action}{backup}", file=sys.stderr)
            if fixed.changed_inputs:
                report = session.check_paths(paths or [])  # what remains after the fixes
            report.errors.extend(fixed.errors)
        elif diff:
            from fauxpas.fixes import apply_fixes

            preview = apply_fixes(report.posts, dry_run=True)
            sys.stdout.write("".join(d if d.endswith("\n") else d + "\n" for d in preview.diffs) or "No fixes to apply.\n")
            print_errors(report.errors + preview.errors)
            raise typer.Exit(2 if report.errors or preview.errors else (1 if preview.diffs else 0))

    from fauxpas.output import RENDERERS

    rendered = RENDERERS[output_format](report, colour=output is None and use_colour(color), show_pass=show_pass,
                                        rules=session.first_rule_set())
    if output is not None:
        output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    for notice in report.notices:
        print(f"fauxpas: note: {notice}", file=sys.stderr)
    print_errors(report.errors)
    if report.errors:
        raise typer.Exit(2)
    fail_verdicts = {"block"}
    effective_fail_on = fail_on or _config_fail_on(session)
    if effective_fail_on == "warn":
        fail_verdicts.add("warn")
    if any(p.verdict in fail_verdicts for p in report.posts):
        raise typer.Exit(1)


def _config_fail_on(session) -> str:
    configs = list(session._configs.values())
    return "warn" if any(c.fail_on == "warn" for c in configs) else "block"
