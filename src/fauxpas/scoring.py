"""From findings to a risk score (0-100) and a verdict.

Each finding carries a weight w in [0, 0.97]:

    w = severity weight (error 0.75, warning 0.40, info 0.05) x confidence x profile multiplier

Findings of the same rule count once (the strongest), so one slur repeated is one reason, not
five. The post's risk is the chance that at least one reason is real, treating them as
independent:

    risk = round(100 x (1 - prod(1 - w)))

Adding a finding, raising a confidence or a multiplier can only raise the risk (monotonic).
The verdict is ``block`` at or above the block threshold (default 70), ``warn`` at or above the
warn threshold (default 30), else ``pass``; both thresholds are configurable. With the defaults,
one error-severity finding blocks, one warning warns, and info findings alone never warn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from fauxpas.models import Finding

SEVERITY_WEIGHT = {"error": 0.75, "warning": 0.40, "info": 0.05}
MAX_WEIGHT = 0.97


@dataclass(frozen=True)
class Thresholds:
    warn: int = 30
    block: int = 70

    def verdict(self, risk: int) -> str:
        if risk >= self.block:
            return "block"
        if risk >= self.warn:
            return "warn"
        return "pass"


def weigh(finding: Finding, multiplier: float = 1.0) -> float:
    """Set and return the finding's weight."""
    base = SEVERITY_WEIGHT[finding.severity] * finding.confidence * multiplier
    finding.weight = max(0.0, min(MAX_WEIGHT, base))
    return finding.weight


def risk(findings: Iterable[Finding]) -> int:
    strongest: dict[str, float] = {}
    for finding in findings:
        strongest[finding.rule] = max(strongest.get(finding.rule, 0.0), finding.weight)
    remaining = 1.0
    for weight in strongest.values():
        remaining *= 1.0 - weight
    return int(round(100 * (1.0 - remaining)))
