"""``--format json``: exactly the contract of DESIGN.md section 4."""

from __future__ import annotations

import json

from fauxpas.models import Report


def render_json(report: Report, **_: object) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
