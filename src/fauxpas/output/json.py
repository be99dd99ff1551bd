"""``--format json``: exactly the contract of DESIGN.md section 4."""

from __future__ import annotations

import json

from fauxpas.models import Report


def render_json(report: Report, **_: object) -> str:
    return dump_json(report.to_dict())


def dump_json(data: dict) -> str:
    """Indented for a person when the report is small; compact (C encoder, several times
    faster) when it is a whole calendar that a program will read."""
    small = len(data.get("posts", ())) <= 200
    return json.dumps(data, ensure_ascii=False, indent=2 if small else None,
                      separators=None if small else (",", ":")) + "\n"
