"""Rules are data; rule *types* are code.

``loader`` reads and strictly validates YAML rule packs, ``base`` holds what every rule shares,
and ``types/`` has one small module per rule type (phrase list, token pattern, regex,
co-occurrence, hashtag segmentation, metric, greeting). A new rule is a YAML change; a new rule
type is a new module registered in ``types/__init__.py``.
"""

from fauxpas.rules.base import Example, Hit, Rule, RuleSpec
from fauxpas.rules.loader import RuleSet, load_rules

__all__ = ["Example", "Hit", "Rule", "RuleSet", "RuleSpec", "load_rules"]
