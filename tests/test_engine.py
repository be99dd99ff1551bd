"""The rule engine through the Python API: rule types, validation, context guards, scoring."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from fauxpas import Config, Linter, Post, RuleError, UsageError, check, load_rules
from fauxpas.models import Finding
from fauxpas.scoring import Thresholds, risk, weigh

EXAMPLES = "examples: {flag: [x, y], pass: [x, y]}"


def pack(tmp_path: Path, body: str, name: str = "pack.yaml") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def linter_for(tmp_path: Path, body: str, **config) -> Linter:
    folder = pack(tmp_path, body)
    rules = load_rules([folder], include_builtin=False)
    return Linter(Config(**config), rules, use_classifier=False, analyzers=[])  # rule types alone


def rule(rule_id: str, rule_type: str, extra: str, category: str = "profanity", severity: str = "warning", common: str = "") -> str:
    return textwrap.dedent(f"""\
    - id: {rule_id}
      category: {category}
      severity: {severity}
      type: {rule_type}
      message: "found {{match}}"
      why: because
    """) + textwrap.indent(textwrap.dedent(extra), "  ") + textwrap.indent(textwrap.dedent(common), "  ") + f"  {EXAMPLES}\n"


def findings(linter: Linter, text: str, **post) -> list[Finding]:
    return linter.check(Post(text=text, **post)).findings


def test_phrase_rule_matches_lemmas(tmp_path):
    linter = linter_for(tmp_path, rule("death-word", "phrase", "terms: [die]\nmatch_on: lemma\n"))
    assert [f.excerpt for f in findings(linter, "Three people DIED and one is dying")] == ["DIED", "dying"]
    assert findings(linter, "Diet tips for the summer") == []


def test_token_pattern_rule(tmp_path):
    body = rule("sale-storm", "token-pattern", 'patterns:\n  - [{LOWER: "storm"}, {OP: "?"}, {LEMMA: "sale"}]\n')
    linter = linter_for(tmp_path, body)
    assert [f.excerpt for f in findings(linter, "Our storm sales start now")] == ["storm sales"]


def test_invalid_token_pattern_names_file_and_line(tmp_path):
    linter = linter_for(tmp_path, rule("bad-pattern", "token-pattern", 'patterns:\n  - [{LOWR: "storm"}]\n'))
    with pytest.raises(RuleError) as error:
        linter.check(Post(text="x"))
    assert "pack.yaml:8" in str(error.value) and "invalid token pattern" in str(error.value)
    assert "LOWR" in str(error.value)


def test_regex_rule_uses_re2_and_validators(tmp_path):
    body = rule("card", "regex", "patterns: ['\\b\\d(?:[ -]?\\d){12,18}\\b']\nvalidate: luhn\n", category="privacy-leak")
    linter = linter_for(tmp_path, body)
    found = findings(linter, "Card 4111 1111 1111 1111 and order 1234 5678 9012 3456")
    assert len(found) == 1
    assert found[0].excerpt == "41•• •••• •••• •111" and "4111 1111" not in found[0].message


def test_regex_with_backreference_is_rejected_with_line(tmp_path):
    from fauxpas.nlp import get_nlp

    rules = load_rules([pack(tmp_path, rule("backref", "regex", 'patterns: ["(a)\\\\1"]\n'))], include_builtin=False)
    with pytest.raises(RuleError) as error:
        rules.compiled(get_nlp())
    assert "pack.yaml:7" in str(error.value) and "RE2" in str(error.value)


def test_catastrophic_user_pattern_runs_in_linear_time(tmp_path):
    import time

    linter = linter_for(tmp_path, rule("evil", "regex", "patterns: ['(a+)+$']\n"))
    start = time.perf_counter()
    findings(linter, "a" * 5000 + "!")
    assert time.perf_counter() - start < 2.0


def test_unknown_key_is_an_error_with_suggestion(tmp_path):
    body = rule("typo", "phrase", "terms: [x]\nskip_quotd: true\n")
    with pytest.raises(RuleError) as error:
        load_rules([pack(tmp_path, body)], include_builtin=False)
    assert "pack.yaml:8" in str(error.value) and "did you mean 'skip_quoted'" in str(error.value)


def test_rule_needs_two_examples_of_each_kind(tmp_path):
    body = "- id: few\n  category: profanity\n  severity: info\n  type: phrase\n  terms: [x]\n  message: m\n  why: w\n  examples: {flag: [x], pass: [y, z]}\n"
    with pytest.raises(RuleError, match="at least two"):
        load_rules([pack(tmp_path, body)], include_builtin=False)


def test_cooccurrence_window(tmp_path):
    body = rule("near", "cooccurrence", "a: {terms: [storm]}\nb: {terms: [sale]}\nwithin: 3\n", category="tragedy-exploitation")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "storm sale today")
    assert not findings(linter, "The storm has passed and we hope everyone is safe and well. Our spring sale is on.")


def test_cooccurrence_within_a_sentence(tmp_path):
    body = rule("same-sentence", "cooccurrence", "a: {terms: [storm]}\nb: {terms: [sale]}\nwithin: sentence\n",
                category="tragedy-exploitation")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "Hello all. The storm is here, so our sale is on!")
    assert not findings(linter, "The storm is here. Stay safe! Our sale starts next month.")


def test_token_pattern_regex_on_hashtags(tmp_path):
    patterns = """\
    patterns:
      - [{TEXT: {REGEX: "^#Ask[A-Z]"}}]
      - [{LOWER: {REGEX: '^#\\w*stormsale$|^blackout$'}}, {LOWER: "deals"}]
    """
    linter = linter_for(tmp_path, rule("ask-tag", "token-pattern", patterns, category="open-invitation-risk"))
    assert [f.excerpt for f in findings(linter, "Questions? #AskAcme today")] == ["#AskAcme"]
    assert not findings(linter, "A bit #askew today")
    assert [f.excerpt for f in findings(linter, "Blackout deals all week")] == ["Blackout deals"]
    assert [f.excerpt for f in findings(linter, "#BigStormSale deals all week")] == ["#BigStormSale deals"]


@pytest.mark.parametrize("pattern, prefix", [
    ("^#Ask[A-Z0-9]", "#Ask"),
    ("(?i)^#ASK[A-Z0-9]{2,}$", "#ASK"),
    ("^#(?:pray|rip)\\w*", "#"),
    ("^#Pray\\w*$|^#[A-Z]+Strong$", "#"),
    ("^#Pray|RIP", ""),          # one alternative is not anchored
    ("^ab?c", "a"),              # an optional character ends the prefix
    ("^a+b", "a"),               # so does a repeated one
    ("^[ab]c", ""),
    ("^\\#x", "#x"),
    ("abc", ""),
])
def test_literal_prefix_of_token_regexes(pattern, prefix):
    from fauxpas.rules.types.token_pattern import literal_prefix

    assert literal_prefix(pattern) == prefix


def test_context_guards_quotes_negation_accounts(tmp_path):
    body = rule("guarded", "phrase", "terms: [guaranteed returns]\n", common="skip_quoted: true\nskip_negated: true\naccounts: [brand]\n",
                category="legal-regulatory")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "Guaranteed returns of 12% a year!", account="brand")
    assert not findings(linter, 'Beware anyone promising "guaranteed returns" online.', account="brand")
    assert not findings(linter, "There are no guaranteed returns in investing.", account="brand")
    assert not findings(linter, "Guaranteed returns of 12% a year!", account="personal")


def test_exceptions_unless_and_allow_terms(tmp_path):
    body = rule("word", "phrase", "terms: [mental, sponsored]\n", common="exceptions: [mental health]\nunless: ['#ad']\n")
    linter = linter_for(tmp_path, body)
    assert [f.excerpt for f in findings(linter, "That is mental")] == ["mental"]
    assert not findings(linter, "Mental health matters")
    assert not findings(linter, "A sponsored trip #ad")
    assert findings(linter, "A sponsored trip #adventure")
    allowed = linter_for(tmp_path, body, allow_terms=("mental",))
    assert not findings(allowed, "That is mental")


def test_hashtag_segmentation_modes(tmp_path):
    body = rule("misread", "hashtag-segmentation", "terms: [anal, sex]\n", category="unfortunate-hashtag")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "Party tonight #susanalbumparty")
    assert not findings(linter, "Party tonight #SusanAlbumParty")
    assert not findings(linter, "Cricket at Lord's #middlesex")


def test_metric_length_counts_like_x(tmp_path):
    body = rule("too-long", "metric", "metric: length\nmax: platform\n", category="platform-format")
    linter = linter_for(tmp_path, body)
    url = "https://example.com/" + "a" * 200
    assert not findings(linter, "Read this " + url, platform="x"), "a URL counts as 23 on X"
    assert findings(linter, "🎉" * 141, platform="x"), "emoji weigh 2 on X"
    assert not findings(linter, "🎉" * 141, platform="bluesky"), "Bluesky counts graphemes: 141 of 300"
    assert not findings(linter, "x" * 280, platform="x")
    assert findings(linter, "x" * 281, platform="x")
    assert findings(linter, "é" * 301, platform="bluesky")


def test_caps_ratio_counts_letters_of_any_script(tmp_path):
    body = rule("shouting", "metric", "metric: caps_ratio\nmax: 0.6\nmin_letters: 10\n", category="platform-format")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "ÉTÉ À PARIS : TOUT EST GRATUIT AUJOURD’HUI")
    assert findings(linter, "WE ARE SO EXCITED TO ANNOUNCE THIS https://example.com/lowercase-path-here #launchday")
    assert not findings(linter, "Été à Paris : tout est gratuit aujourd’hui, VRAIMENT")
    assert not findings(linter, "OK GO")  # under min_letters


def test_word_frequencies_match_wordfreq():
    from wordfreq import zipf_frequency

    from fauxpas.segment import word_zipf

    for word in ("the", "album", "susan", "anal", "thatcher", "thatchers", "kidnap", "zzxqj", "a", "rapist", "therapist"):
        assert word_zipf(word) == zipf_frequency(word, "en"), word


def test_greeting_needs_a_schedule(tmp_path):
    body = rule("day", "greeting", "check: weekday\n", category="timing-greeting")
    linter = linter_for(tmp_path, body)
    assert findings(linter, "Happy Friday!", scheduled_at=datetime(2027, 3, 16, 9))
    assert not findings(linter, "Happy Friday!", scheduled_at=datetime(2027, 3, 19, 9))
    assert not findings(linter, "Happy Friday!")


def test_select_unknown_name_is_usage_error(ruleset):
    with pytest.raises(UsageError):
        Linter(Config(select=("nope",)), ruleset)


def test_scoring_is_monotonic_and_thresholds_apply():
    def finding(rule_id, severity, confidence=1.0):
        f = Finding(rule=rule_id, category="profanity", severity=severity, message="m", confidence=confidence)
        weigh(f)
        return f

    one = [finding("a", "warning")]
    assert risk(one) == 40 and Thresholds().verdict(40) == "warn"
    two = one + [finding("b", "warning", 0.5)]
    assert risk(two) > risk(one)
    assert risk(one + [finding("a", "warning")]) == risk(one), "the same rule counts once"
    assert risk([finding("c", "error")]) == 75 and Thresholds().verdict(75) == "block"
    assert risk([finding("d", "info")]) == 5 and Thresholds().verdict(5) == "pass"
    assert Thresholds(warn=10, block=50).verdict(40) == "warn"


def test_public_api_check():
    report = check("Stay safe in the hurricane! 20% off everything with code STORM20")
    assert report.verdict == "block"
    assert report.findings[0].category == "tragedy-exploitation"
    assert check("Lovely to see everyone at the food bank today.").verdict == "pass"


def test_shipped_rules_cover_every_category_and_validate(ruleset):
    assert len(ruleset.rules) >= 10
    for r in ruleset.rules:
        assert r.spec.why and r.spec.message
