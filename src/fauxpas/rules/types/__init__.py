"""The registry of rule types: the ``type:`` of a YAML rule names one of these classes."""

from __future__ import annotations

from fauxpas.rules.base import Rule
from fauxpas.rules.types.cooccurrence import CooccurrenceRule
from fauxpas.rules.types.greeting import GreetingRule
from fauxpas.rules.types.hashtag import HashtagSegmentationRule
from fauxpas.rules.types.metric import MetricRule
from fauxpas.rules.types.phrase import PhraseRule
from fauxpas.rules.types.regex import RegexRule
from fauxpas.rules.types.token_pattern import TokenPatternRule

RULE_TYPES: dict[str, type[Rule]] = {
    cls.TYPE: cls
    for cls in (
        PhraseRule,
        TokenPatternRule,
        RegexRule,
        CooccurrenceRule,
        HashtagSegmentationRule,
        MetricRule,
        GreetingRule,
    )
}

__all__ = ["RULE_TYPES"]
