"""Every rule's own examples are tests: each `flag` example must raise that rule, each `pass`
example must not (LanguageTool and detect-secrets style)."""

from __future__ import annotations

import pytest

from fauxpas.models import Post, Source
from fauxpas.rules.loader import load_rules

RULES = load_rules().rules
CASES = [
    pytest.param(rule.id, kind, index, id=f"{rule.id}-{kind}-{index}")
    for rule in RULES
    for kind, examples in (("flag", rule.spec.flag_examples), ("pass", rule.spec.pass_examples))
    for index in range(len(examples))
]


@pytest.fixture(scope="module")
def example_reports(linter):
    posts, keys = [], []
    for rule in linter.rules.rules:
        for kind, examples in (("flag", rule.spec.flag_examples), ("pass", rule.spec.pass_examples)):
            for index, example in enumerate(examples):
                posts.append(Post(text=example.text, account=example.account or "brand", platform=example.platform,
                                  scheduled_at=example.scheduled_at, source=Source(f"{rule.id}:{kind}:{index}")))
                keys.append((rule.id, kind, index))
    return dict(zip(keys, linter.check_many(posts)))


@pytest.mark.parametrize("rule_id,kind,index", CASES)
def test_rule_example(example_reports, rule_id, kind, index):
    report = example_reports[(rule_id, kind, index)]
    fired = [f for f in report.findings if f.rule == rule_id]
    text = report.post.text
    if kind == "flag":
        assert fired, f"{rule_id} should flag: {text!r}"
    else:
        assert not fired, f"{rule_id} should not flag: {text!r} (found {[f.message for f in fired]})"


def test_every_text_category_has_rules():
    from fauxpas.models import TEXT_CATEGORIES

    covered = {rule.spec.category for rule in RULES}
    missing = [c for c in (*TEXT_CATEGORIES, "platform-format") if c not in covered]
    assert not missing, f"categories without rules: {missing}"


def test_rule_ids_are_unique_and_named_after_patterns():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if i.startswith(("avoid-", "dont-", "do-not-", "no-"))], "name rules after the pattern, not the advice"
