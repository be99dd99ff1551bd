"""``--format sarif``: SARIF 2.1.0, for GitHub code scanning and other CI viewers.

Each rule that fired is described once (message, why, suggestion, category); each finding is a
result with its location. Columns are counted in Unicode code points, as fauxpas counts them
(``columnKind: unicodeCodePoints``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fauxpas.models import Finding, PostReport, Report

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_descriptor(finding: Finding, rules: Any) -> dict[str, Any]:
    spec = None
    if rules is not None and finding.rule in getattr(rules, "by_id", {}):
        spec = rules.by_id[finding.rule].spec
    descriptor: dict[str, Any] = {
        "id": finding.rule,
        "name": "".join(part.capitalize() for part in finding.rule.split("-")),
        "shortDescription": {"text": spec.message if spec else finding.message},
        "defaultConfiguration": {"level": LEVEL[spec.severity if spec else finding.severity]},
        "properties": {"category": finding.category, "tags": [finding.category]},
    }
    if spec is not None:
        descriptor["fullDescription"] = {"text": " ".join(spec.why.split())}
        help_text = spec.suggestion or spec.why
        descriptor["help"] = {"text": help_text, "markdown": f"**{spec.id}** ({spec.category})\n\n{' '.join(spec.why.split())}\n\n{help_text}"}
    elif finding.suggestion:
        descriptor["help"] = {"text": finding.suggestion}
    return descriptor


def _region(post: PostReport, finding: Finding) -> dict[str, Any]:
    from fauxpas.linter import position

    region: dict[str, Any] = {"startLine": finding.line or post.post.source.line}
    if finding.column:
        region["startColumn"] = finding.column
    if finding.start is not None and finding.end is not None and finding.end > finding.start:
        end_line, end_column = position(post.post, finding.end)
        region["endLine"], region["endColumn"] = end_line, end_column
    return region


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix()


def render_sarif(report: Report, rules: Any = None, **_: object) -> str:
    from fauxpas import __version__

    descriptors: dict[str, dict[str, Any]] = {}
    results = []
    for post in report.posts:
        for finding in post.findings:
            if finding.rule not in descriptors:
                descriptors[finding.rule] = _rule_descriptor(finding, rules)
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": list(descriptors).index(finding.rule),
                "level": LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(post.post.source.path)},
                    "region": _region(post, finding),
                }}],
                "properties": {"category": finding.category, "origin": finding.origin, "postId": post.post.id,
                               "risk": post.risk, "verdict": post.verdict},
            }
            results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "fauxpas", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/fauxpas/fauxpas", "rules": list(descriptors.values())}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
