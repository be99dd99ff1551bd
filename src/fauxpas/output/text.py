"""``--format text``: findings in the style of ruff (``path:line:col: rule-id [category] message``),
then each post's risk and verdict, then a summary. Coloured on a terminal, plain when piped."""

from __future__ import annotations

from fauxpas.models import PostReport, Report

COLOURS = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36", "magenta": "35"}
VERDICT_COLOUR = {"pass": "green", "warn": "yellow", "block": "red"}
SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}


class Style:
    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, *names: str) -> str:
        if not self.colour or not names:
            return text
        codes = ";".join(COLOURS[n] for n in names)
        return f"\033[{codes}m{text}\033[0m"


def render_text(report: Report, colour: bool = False, show_pass: bool = False, **_: object) -> str:
    s = Style(colour)
    lines: list[str] = []
    for post in report.posts:
        if post.verdict == "pass" and not post.findings and not show_pass:
            continue
        lines.extend(_post_lines(post, s))
    summary = report.summary()
    if summary["posts"] == 0 and not report.errors:
        lines.append("No posts found to check.")
    else:
        parts = [s(f"{summary['block']} block", "red" if summary["block"] else "dim"),
                 s(f"{summary['warn']} warn", "yellow" if summary["warn"] else "dim"),
                 s(f"{summary['pass']} pass", "green")]
        noun = "post" if summary["posts"] == 1 else "posts"
        line = f"Checked {summary['posts']} {noun}: " + ", ".join(parts) + "."
        if report.errors:
            line += s(f" {len(report.errors)} input error{'s' if len(report.errors) != 1 else ''}.", "red")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _post_lines(post: PostReport, s: Style) -> list[str]:
    path = post.post.source.path
    lines = []
    for f in post.findings:
        where = f"{path}:{f.line or post.post.source.line}:{f.column or 1}:"
        lines.append(
            f"{s(where, 'bold')} {s(f.rule, SEVERITY_COLOUR[f.severity], 'bold')} {s('[' + f.category + ']', 'dim')} {f.message}"
        )
        if f.suggestion:
            lines.append(f"  {s('help:', 'cyan')} {f.suggestion}")
        for note in f.notes:
            lines.append(f"  {s('note:', 'magenta')} {note}")
    if post.similar_case is not None:
        case = post.similar_case
        lines.append(f"  {s('resembles:', 'magenta')} {case.title} — lesson: {case.lesson}")
    label = post.post.id if post.post.source.row is not None else path
    verdict = s(post.verdict.upper(), VERDICT_COLOUR[post.verdict], "bold")
    lines.append(f"{label}: risk {post.risk}/100 {verdict}")
    lines.append("")
    return lines
