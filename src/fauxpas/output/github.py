"""``--format github``: GitHub Actions workflow commands, so findings show as annotations on the
pull request's files (``::error file=...,line=...,col=...,title=...::message``)."""

from __future__ import annotations

from fauxpas.models import Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, **_: object) -> str:
    lines = []
    for post in report.posts:
        path = post.post.source.path
        for f in post.findings:
            fields = [f"file={_property(path)}", f"line={f.line or post.post.source.line}"]
            if f.column:
                fields.append(f"col={f.column}")
            fields.append(f"title={_property(f'{f.rule} [{f.category}]')}")
            message = f.message + (f" — {f.suggestion}" if f.suggestion else "")
            lines.append(f"::{LEVEL[f.severity]} {','.join(fields)}::{_data(message)}")
        if post.verdict != "pass":
            lines.append(f"::notice file={_property(path)},line={post.post.source.line},title=fauxpas::"
                         f"{_data(f'post {post.post.id}: risk {post.risk}/100, {post.verdict}')}")
    return "\n".join(lines) + ("\n" if lines else "")
