"""The author profile: loading, trait/archetype/topic weighting, and `fauxpas profile init/show/learn`."""

from __future__ import annotations

import json

import pytest
import yaml

from fauxpas.models import Post
from fauxpas.profile import ProfileError, load_profile, parse_profile
from helpers import run, write

HOSTILE = "Honestly you are an idiot if you think our delivery was late. Read the email, moron."
POLITICAL = "We stand with the Democrats on this one. Vote blue!"

PRONE = "account: personal\ntraits: {agreeableness: 0.2, neuroticism: 0.8}\narchetypes: [hothead]\n"
CALM = "account: personal\ntraits: {agreeableness: 0.9, neuroticism: 0.2}\n"


@pytest.fixture(scope="module")
def rules_only():
    from fauxpas.rules.loader import load_rules

    return load_rules()


def _linter(rules, profile_text: str | None):
    from fauxpas.linter import Linter

    profile = parse_profile(yaml.safe_load(profile_text)) if profile_text else None
    return Linter(rules=rules, use_classifier=False, profile=profile)


# -- loading ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, line, words", [
    ("account: brand\ntraits: {extraversion: 0.8}\nmood: sunny\n", 3, "unknown key 'mood'"),
    ("account: brand\narchetypes: [joker, jokster]\n", 2, "jokster"),
    ("account: brand\navoid_topics: [politcs]\n", 2, "politcs"),
    ("account: brand\nweights:\n  oversharing: {weight: 1.2}\n  profanity: {weight: 9}\n", 4, "weights.profanity.weight"),
    ("account: brand\nweights:\n  not-a-category: 1.2\n", 3, "unknown category"),
    ("account: brand\ntraits: {extraversion: 1.8}\n", 2, "from 0 to 1"),
    ("account: brand\navoid_topics: [politics]\nallow_topics: [politics]\n", 3, "both"),
    ("account: brand\nwatch:\n  - days: [mon]\n    hours: \"09:00-17:00\"\n    whom: Sam\n", 5, "unknown key 'whom'"),
    ("account: brand\nwatch:\n  - days: [mon]\n    hours: \"09:00-17:00\"\n    who: 42\n", 5, "a name or a list of names"),
])
def test_profile_load_errors_name_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path / "author.yaml", text)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert "\n" not in message


def test_trait_data_validates_and_its_topic_rules_exist(rules_only):
    from fauxpas.weighting import load_trait_data

    data = load_trait_data()
    assert {"joker", "night-owl", "crusader", "oversharer", "hothead"} <= set(data.archetypes)
    assert {"politics", "religion", "alcohol"} <= set(data.topics)
    for bands in data.traits.values():
        for entries in bands.values():
            for entry in entries:
                assert entry.reason and entry.sources and entry.evidence in ("strong", "moderate", "weak")
    categories = {rule.id: rule.spec.category for rule in rules_only.rules}
    for topic in data.topics.values():
        if topic.rules is None:
            continue
        for rule in topic.rules:
            assert rule in categories, f"topic {topic.name} names unknown rule {rule}"
            assert categories[rule] in topic.categories
        for category in topic.categories:
            assert any(categories[r] == category for r in topic.rules), f"topic {topic.name}: no rule of {category}"


def test_trait_data_errors_name_file_and_line(tmp_path):
    from fauxpas.errors import RuleError
    from fauxpas.weighting import parse_trait_data

    path = write(tmp_path / "traits.yaml", "sources:\n  s1: {cite: A study}\narchetypes:\n  joker:\n    description: jokes\n"
                                            "    weights:\n      - {category: offensive-humor, weight: 1.4, reason: r, sources: [s9], evidence: weak}\n")
    with pytest.raises(RuleError) as caught:
        parse_trait_data(path)
    assert str(caught.value).startswith(f"{path}:7: ")


# -- weighting -------------------------------------------------------------------------------------

def test_two_profiles_weigh_the_same_post_differently_and_say_why(rules_only):
    post = Post(text=HOSTILE)
    plain = _linter(rules_only, "account: personal\n").check(post)
    prone = _linter(rules_only, PRONE).check(post)
    calm = _linter(rules_only, CALM).check(post)
    assert calm.risk < plain.risk < prone.risk
    assert (prone.verdict, calm.verdict) == ("warn", "pass")
    hostile = [f for f in prone.findings if f.category == "hostile-reply"]
    assert hostile and all(f.notes for f in hostile)
    notes = hostile[0].notes
    assert "weighted up for you: low agreeableness goes with bad-mouthing others and hostile replies (x1.4)" in notes
    assert any(n.startswith("weighted up for you: anger lowers self-control") for n in notes)
    assert any(n.startswith("weighted down for you: high agreeableness") for f in calm.findings for n in f.notes)
    assert not any(f.notes for f in plain.findings)


def test_unrelated_categories_are_not_weighted(rules_only):
    report = _linter(rules_only, PRONE).check(Post(text="Call me on +44 7700 900123 to book, address is 12 Acacia Avenue"))
    assert report.findings
    assert all(not f.notes for f in report.findings if f.category not in ("hostile-reply", "profanity", "insensitive-language"))


def test_allow_topics_turns_political_findings_down_and_avoid_turns_them_up(rules_only):
    post = Post(text=POLITICAL)
    plain = _linter(rules_only, None).check(post)
    campaign = _linter(rules_only, "account: brand\nallow_topics: [politics]\n").check(post)
    careful = _linter(rules_only, "account: brand\navoid_topics: [politics]\n").check(post)
    assert plain.verdict == "warn"
    assert campaign.risk < plain.risk < careful.risk
    assert campaign.verdict == "pass"
    political = [f for f in campaign.findings if f.category == "political-religious"]
    assert political and all("weighted down for you: politics is allowed for this account (allow_topics) (x0.3)" in f.notes
                             for f in political)


def test_allowing_politics_does_not_quieten_a_partisan_slur():
    from fauxpas.weighting import load_trait_data

    assert "partisan-slur" not in load_trait_data().topics["politics"].rules


def test_learned_weights_apply_with_their_counts(rules_only):
    text = "account: personal\nweights:\n  hostile-reply: {weight: 1.6, posts: 200, flagged: 9, regretted: 3, base_rate: 0.0076}\n"
    report = _linter(rules_only, text).check(Post(text=HOSTILE))
    note = next(n for f in report.findings for n in f.notes)
    assert note == ("weighted up for you: hostile reply came up in 9 of your 200 past posts, 4.5% against 0.8% usually, "
                    "3 of them deleted or regretted (x1.6)")


def test_profile_account_is_the_default_unless_configuration_sets_one(rules_only):
    from fauxpas.config import Config
    from fauxpas.linter import Linter

    profile = parse_profile({"account": "personal"})
    assert Linter(rules=rules_only, use_classifier=False, profile=profile).config.account == "personal"
    assert Linter(Config(account="executive"), rules=rules_only, use_classifier=False, profile=profile).config.account == "executive"
    given = Config().merged(account="brand")
    assert Linter(given, rules=rules_only, use_classifier=False, profile=profile).config.account == "brand"


def test_session_finds_the_profile_through_configuration(tmp_path):
    from fauxpas.api import Session

    write(tmp_path / "team" / "author.yaml", PRONE)
    write(tmp_path / ".fauxpas.yaml", "profile: team/author.yaml\nclassifier: false\n")
    draft = write(tmp_path / "drafts" / "reply.md", HOSTILE + "\n")
    session = Session()
    report = session.check_paths([draft])
    assert session.profile_for(draft).archetypes == ("hothead",)
    assert report.posts[0].risk > 50
    assert any("weighted up for you" in n for f in report.posts[0].findings for n in f.notes)


# -- the command line: check --profile --------------------------------------------------------------

def test_check_with_two_profiles_gives_two_risks(tmp_path):
    draft = write(tmp_path / "reply.md", HOSTILE + "\n")
    write(tmp_path / "prone.yaml", PRONE)
    write(tmp_path / "calm.yaml", CALM)
    results = {}
    for name in ("prone", "calm"):
        result = run("check", "--format", "json", "--profile", str(tmp_path / f"{name}.yaml"), str(draft), cwd=tmp_path)
        results[name] = json.loads(result.stdout)["posts"][0]
    assert results["prone"]["risk"] > results["calm"]["risk"]
    assert any("weighted up for you" in n for f in results["prone"]["findings"] for n in f.get("notes", []))
    assert any("weighted down for you" in n for f in results["calm"]["findings"] for n in f.get("notes", []))
    text = run("check", "--profile", str(tmp_path / "prone.yaml"), str(draft), cwd=tmp_path).stdout.decode()
    assert "note: weighted up for you: low agreeableness goes with bad-mouthing others and hostile replies" in text


def test_check_with_a_broken_profile_exits_2_with_one_line(tmp_path):
    draft = write(tmp_path / "post.md", "Fresh bread today\n")
    bad = write(tmp_path / "bad.yaml", "account: brand\narchetypes: [jester]\n")
    result = run("check", "--profile", str(bad), str(draft), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(set(lines)) == 1 and f"{bad}:2:" in lines[0] and "jester" in lines[0]
    missing = run("check", "--profile", str(tmp_path / "nope.yaml"), str(draft), cwd=tmp_path)
    assert missing.returncode == 2 and len(missing.stderr.decode().strip().splitlines()) == 1


# -- profile init ----------------------------------------------------------------------------------

ALL_HIGH = "5,5,5,5,5,1,1,1,1,1,5,5,5,5,1,1,1,1,1,1"  # reverse-keyed items answered 1: every trait 1.0


def test_score_inventory_reverses_keyed_items():
    from fauxpas.cli.profile import score_inventory

    assert score_inventory([int(x) for x in ALL_HIGH.split(",")]) == dict.fromkeys(
        ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"), 1.0)
    assert score_inventory([3] * 20) == dict.fromkeys(
        ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"), 0.5)
    partial = score_inventory([5] + [None] * 19)
    assert partial == {"extraversion": 1.0}


def test_profile_init_from_flags_without_input(tmp_path):
    out = tmp_path / "author.yaml"
    result = run("profile", "init", "--out", str(out), "--account", "executive", "--answers", ALL_HIGH,
                 "--trait", "agreeableness=0.2", "--archetype", "joker,night-owl", "--timezone", "America/New_York",
                 "--watch", "mon-fri 08:00-18:00 Priya Shah", "--watch", "sat 10:00-14:00", "--correction-window", "90m",
                 "--domain", "lumenbake.example", "--brand-term", "Lumen Bakery", "--avoid", "religion", "--allow", "politics",
                 "--platform", "x,linkedin", stdin=b"")
    assert result.returncode == 0, result.stderr
    profile = load_profile(out)
    assert profile.account == "executive"
    assert profile.traits == {"openness": 1.0, "conscientiousness": 1.0, "extraversion": 1.0, "agreeableness": 0.2, "neuroticism": 1.0}
    assert profile.archetypes == ("joker", "night-owl")
    assert profile.timezone == "America/New_York"
    assert [(s.days, s.start.hour, s.end.hour, s.who) for s in profile.watch] == [
        ((0, 1, 2, 3, 4), 8, 18, "Priya Shah"), ((5,), 10, 14, None)]
    assert profile.correction_window.total_seconds() == 90 * 60
    assert profile.own_domains == ("lumenbake.example",) and profile.brand_terms == ("Lumen Bakery",)
    assert profile.avoid_topics == ("religion",) and profile.allow_topics == ("politics",)
    assert profile.platforms == ("x", "linkedin")
    assert "Mini-IPIP" in out.read_text()


def test_profile_init_with_no_input_uses_defaults_and_never_hangs(tmp_path):
    out = tmp_path / "p.yaml"
    result = run("profile", "init", "--out", str(out), "--timezone", "Europe/London")  # stdin: an empty pipe
    assert result.returncode == 0, result.stderr
    profile = load_profile(out)
    assert profile.account == "brand" and profile.traits == {}
    assert [(s.days, s.start.hour, s.end.hour) for s in profile.watch] == [((0, 1, 2, 3, 4), 9, 17)]


def test_profile_init_reads_answers_from_stdin(tmp_path):
    out = tmp_path / "p.yaml"
    inventory = ["4", "2", "2", "4", "3", "1", "4", "4", "2", "3", "5", "2", "3", "5", "3", "2", "4", "4", "2", "3"]
    answers = ["personal", "Sam Baker", *inventory, "joker", "Europe/Paris", "daily 07:00-23:00", "3h",
               "sam.example", "", "", "politics, religion", "", "x"]
    result = run("profile", "init", "--out", str(out), stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    profile = load_profile(out)
    assert profile.account == "personal" and profile.name == "Sam Baker"
    # extraversion: 4, 6-1, 5, 6-2 -> 4.5 -> 0.88; agreeableness: 2, 6-4, 2, 6-4 -> 2 -> 0.25
    assert profile.traits["extraversion"] == 0.88 and profile.traits["agreeableness"] == 0.25
    assert profile.traits["neuroticism"] == 0.81  # 4, 6-2, 5, 6-2 -> 4.25 -> 0.81
    assert profile.archetypes == ("joker",) and profile.timezone == "Europe/Paris"
    assert profile.watch[0].days == tuple(range(7)) and profile.correction_window.total_seconds() == 3 * 3600
    assert profile.avoid_topics == ("politics", "religion") and profile.platforms == ("x",)


def test_profile_init_bad_answer_on_stdin_exits_2_with_one_line(tmp_path):
    result = run("profile", "init", "--out", str(tmp_path / "p.yaml"), stdin="celebrity\n")
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "account type must be one of" in lines[0]
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("args, words", [
    (["--trait", "extraversion=high"], "--trait extraversion"),
    (["--trait", "charm=0.5"], "--trait must look like"),
    (["--answers", "1,2,3"], "needs 20 values"),
    (["--answers", ",".join(["7"] * 20)], "--answers"),
    (["--watch", "someday 9-5"], "--watch"),
    (["--timezone", "Mars/Olympus"], "unknown time zone"),
    (["--archetype", "jester"], "--archetype"),
    (["--allow", "football"], "football"),
    (["--account", "company"], "--account"),
])
def test_profile_init_bad_flags_exit_2_with_one_line(tmp_path, args, words):
    result = run("profile", "init", "--no-input", "--out", str(tmp_path / "p.yaml"), *args)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and words in lines[0], lines


def test_profile_init_never_overwrites_without_force_and_keeps_a_backup(tmp_path):
    out = write(tmp_path / "p.yaml", "account: personal\n")
    refused = run("profile", "init", "--no-input", "--out", str(out))
    assert refused.returncode == 2 and "--force" in refused.stderr.decode()
    assert out.read_text() == "account: personal\n"
    forced = run("profile", "init", "--no-input", "--force", "--out", str(out), "--account", "brand", "--timezone", "UTC")
    assert forced.returncode == 0, forced.stderr
    assert (tmp_path / "p.yaml.bak").read_text() == "account: personal\n"
    assert load_profile(out).account == "brand"


# -- profile show ----------------------------------------------------------------------------------

def test_profile_show_lists_the_most_prone_categories_with_reasons(tmp_path):
    path = write(tmp_path / "p.yaml", PRONE + "allow_topics: [politics]\n")
    text = run("profile", "show", "--profile", str(path)).stdout.decode()
    rows = [line for line in text.splitlines() if line[:1].isalpha() and " x" in line and "  " in line]
    assert rows[0].startswith("hostile-reply") and "x2.00" in rows[0]
    assert "low agreeableness goes with bad-mouthing others and hostile replies (x1.4, strong evidence" in text
    assert "political-religious" in text and "politics is allowed for this account" in text
    assert "Stoughton, Thompson & Meade 2013" in text
    data = json.loads(run("profile", "show", "--profile", str(path), "--format", "json").stdout)
    categories = [c["category"] for c in data["categories"]]
    assert categories[0] == "hostile-reply" and categories[-1] == "political-religious"
    assert data["categories"][-1]["multiplier"] == 0.3
    assert data["traits"]["agreeableness"] == {"score": 0.2, "band": "low"}


def test_profile_show_finds_the_profile_through_configuration(tmp_path):
    write(tmp_path / "author.yaml", CALM)
    write(tmp_path / ".fauxpas.yaml", "profile: author.yaml\n")
    result = run("profile", "show", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "high agreeableness goes with fewer hostile replies" in result.stdout.decode()
    nothing = run("profile", "show", cwd=tmp_path / "..")
    assert nothing.returncode == 2 and len(nothing.stderr.decode().strip().splitlines()) == 1


# -- profile learn ---------------------------------------------------------------------------------

HISTORY_CSV = """date,time,message,deleted
2026-01-05,09:00,Fresh sourdough is out of the oven this morning,
2026-01-06,23:40,"Honestly you are an idiot if you think our bread is stale, moron",yes
2026-01-08,11:00,Our new rye loaf is here. Come and try a slice,no
2026-01-09,22:10,"You are pathetic and your complaint is garbage, idiot",1
2026-01-12,10:00,Thank you all for a lovely first year of baking with us,
"""

TWEETS_JS = """window.YTD.tweets.part0 = [
  {"tweet": {"id_str": "11", "full_text": "Croissants are ready &amp; warm", "created_at": "Wed Oct 10 08:19:24 +0000 2018"}},
  {"tweet": {"id_str": "12", "full_text": "You are a clown and your review is garbage, idiot", "created_at": "Thu Oct 11 21:19:24 +0000 2018"}},
  {"tweet": {"id_str": "13", "full_text": "RT @someone: big news", "created_at": "Thu Oct 11 23:20:24 +0000 2018"}}
]
"""


def test_profile_learn_writes_weights_with_counts_and_keeps_a_backup(tmp_path):
    profile = write(tmp_path / "author.yaml", "# my profile\naccount: personal  # me\ntraits: {extraversion: 0.7}\n")
    history = write(tmp_path / "history.csv", HISTORY_CSV)
    tweets = write(tmp_path / "tweets.js", TWEETS_JS)
    result = run("profile", "learn", str(history), str(tweets), "--profile", str(profile))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "7 past posts, 2 deleted or regretted." in out  # the retweet is not the author's
    assert (tmp_path / "author.yaml.bak").read_text().startswith("# my profile\naccount: personal  # me\n")
    text = profile.read_text()
    assert text.startswith("# my profile\naccount: personal  # me\ntraits: {extraversion: 0.7}\n")
    learned = load_profile(profile).weights
    hostile = learned["hostile-reply"]
    assert hostile["posts"] == 7 and hostile["flagged"] >= 3 and hostile["regretted"] == 2
    assert 1.3 < hostile["weight"] <= 1.8 and 0 < hostile["base_rate"] < 0.05
    assert all(0.7 <= entry["weight"] <= 1.8 for entry in learned.values())
    assert learned["placeholder"]["flagged"] == 0 and learned["placeholder"]["weight"] <= 1.0
    # learning again replaces the block instead of adding a second one
    again = run("profile", "learn", str(history), "--profile", str(profile))
    assert again.returncode == 0, again.stderr
    assert profile.read_text().count("weights:") == 1
    assert load_profile(profile).weights["hostile-reply"]["posts"] == 5


def test_learned_weight_shrinks_towards_1_with_few_posts():
    from fauxpas.learn import CategoryCount

    few = CategoryCount("profanity", posts=3, flagged=1, weighted_posts=3, weighted_flagged=1, base_rate=0.006)
    many = CategoryCount("profanity", posts=300, flagged=100, weighted_posts=300, weighted_flagged=100, base_rate=0.006)
    clean = CategoryCount("profanity", posts=2000, flagged=0, weighted_posts=2000, weighted_flagged=0, base_rate=0.006)
    assert 1.0 < few.weight < many.weight == 1.8
    assert clean.weight == 0.7


def test_profile_learn_bad_history_exits_2_with_one_line(tmp_path):
    profile = write(tmp_path / "author.yaml", "account: brand\n")
    bad = write(tmp_path / "tweets.js", "window.YTD.tweets.part0 = [ {\"tweet\": ")
    result = run("profile", "learn", str(bad), "--profile", str(profile))
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0]
    assert profile.read_text() == "account: brand\n" and not (tmp_path / "author.yaml.bak").exists()
    missing = run("profile", "learn", str(tmp_path / "none.csv"), "--profile", str(profile))
    assert missing.returncode == 2 and len(missing.stderr.decode().strip().splitlines()) == 1
