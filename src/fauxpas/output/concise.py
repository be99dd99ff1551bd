"""``--format concise``: one line per finding, ``path:line:col: severity rule message``, for
editors' compiler/quickfix lists (Vim's errorformat, Emacs compilation-mode)."""

from __future__ import annotations

from fauxpas.models import Report


def render_concise(report: Report, **_: object) -> str:
    lines = []
    for post in report.posts:
        path = post.post.source.path
        for f in post.findings:
            lines.append(f"{path}:{f.line or post.post.source.line}:{f.column or 1}: {f.severity} {f.rule} {f.message}")
    return "\n".join(lines) + ("\n" if lines else "")
