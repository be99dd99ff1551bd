"""Reading posts: drafts with front matter and suppression comments, calendars, configuration."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fauxpas import Session
from fauxpas.config import find_config_file, load_config
from fauxpas.sources import load

from helpers import write

STORM = "Stay safe as the hurricane rolls in. 25% off rain boots with code STORM25!"


def test_front_matter_fields_and_positions(tmp_path):
    draft = write(tmp_path / "d.md", "---\nid: p1\nplatform: Twitter\naccount: executive\nscheduled_at: 2027-03-16 09:30\n"
                  "images: [a.jpg, b.png]\nalt_text: [A dog]\nignore: [promo-near-disaster]\n---\n\nHello\n")
    (post,), errors = load(draft)
    assert not errors
    assert (post.id, post.platform, post.account) == ("p1", "x", "executive")
    assert post.scheduled_at == datetime(2027, 3, 16, 9, 30)
    assert post.images == [str(tmp_path / "a.jpg"), str(tmp_path / "b.png")] and post.alt_text == ["A dog"]
    assert post.ignore == ["promo-near-disaster"]
    assert post.source.line == 10


def test_markdown_images_comments_and_code_are_not_text(tmp_path):
    draft = write(tmp_path / "d.md", "Look ![A storm cloud](img/cloud.jpg)\n<!-- 20% off code SALE -->\n```\nhurricane sale\n```\nDone\n")
    (post,), _ = load(draft)
    assert post.images == [str(tmp_path / "img/cloud.jpg")] and post.alt_text == ["A storm cloud"]
    assert "SALE" not in post.text and "hurricane" not in post.text
    assert len(post.text) == len(draft.read_text()), "blanking keeps every offset"


def test_suppression_comment_covers_next_paragraph_only(tmp_path):
    text = f"<!-- fauxpas: ignore[promo-near-disaster] agreed with legal -->\n{STORM}\n\n{STORM}\n"
    report = Session().check_paths([write(tmp_path / "d.md", text)])
    found = [f for f in report.posts[0].findings if f.rule == "promo-near-disaster"]
    assert [f.line for f in found] == [4]
    assert report.posts[0].suppressed >= 1


def test_suppression_for_the_whole_draft_and_by_category(tmp_path):
    text = f"{STORM}\n\n<!-- fauxpas: ignore-file[tragedy-exploitation] -->\n\n{STORM}\n"
    report = Session().check_paths([write(tmp_path / "d.md", text)])
    assert not [f for f in report.posts[0].findings if f.category == "tragedy-exploitation"]
    text = f"<!-- fauxpas: ignore-file -->\n{STORM}\n"
    report = Session().check_paths([write(tmp_path / "e.md", text)])
    assert report.posts[0].findings == [] and report.posts[0].verdict == "pass"


def test_csv_calendar_with_aliases_date_time_and_bad_rows(tmp_path):
    calendar = write(tmp_path / "cal.csv", "Post ID,Publish Date,Time,Network,Caption,Ignore\n"
                     f'a,2027-03-16,09:00,Instagram,"{STORM}",\n'
                     'b,2027-13-40,09:00,x,"Hello",\n'
                     ',2027-03-17,10:00,x,,\n'
                     f'c,2027-03-18,10:00,x,"{STORM}",tragedy-exploitation\n')
    posts, errors = load(calendar)
    assert [p.id for p in posts] == ["a", "c"]
    assert posts[0].platform == "instagram" and posts[0].scheduled_at == datetime(2027, 3, 16, 9, 0)
    assert posts[0].source.line == 2 and posts[0].source.row == 1
    assert [(e.line, "cannot read" in str(e) or "no text" in str(e)) for e in errors] == [(3, True), (4, True)]
    report = Session().check_paths([calendar])
    verdicts = {p.post.id: p.verdict for p in report.posts}
    assert verdicts == {"a": "block", "c": "pass"}
    assert len(report.errors) == 2


def test_csv_with_broken_quote_reports_the_line(tmp_path):
    calendar = write(tmp_path / "cal.csv", 'id,text\n1,"fine post"\n2,"broken "quote" here\n')
    posts, errors = load(calendar)
    assert [p.id for p in posts] == ["1"]
    assert errors and errors[0].line == 3


def test_jsonl_json_and_yaml_calendars_give_lines(tmp_path):
    jsonl = write(tmp_path / "c.jsonl", '{"id": "j1", "message": "Hi"}\nnot json\n{"id": "j2", "content": "Yo", "scheduled_at": "2027-03-16T09:00:00Z"}\n')
    posts, errors = load(jsonl)
    assert [p.id for p in posts] == ["j1", "j2"] and errors[0].line == 2
    assert posts[1].scheduled_at.tzinfo is not None
    js = write(tmp_path / "c.json", '[\n  {"id": "a", "text": "one"},\n\n  {"id": "b", "copy": "two"}\n]\n')
    posts, _ = load(js)
    assert [(p.id, p.source.line) for p in posts] == [("a", 2), ("b", 4)]
    yml = write(tmp_path / "c.yaml", "- text: one\n  platform: linkedin\n- body: two\n  media: a.jpg; b.jpg\n")
    posts, _ = load(yml)
    assert [p.source.line for p in posts] == [1, 3] and posts[0].platform == "linkedin"
    assert [Path(i).name for i in posts[1].images] == ["a.jpg", "b.jpg"]


def test_config_discovery_yaml_and_pyproject(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.fauxpas]\naccount = "personal"\ndisable = ["profanity"]\n')
    nested = tmp_path / "drafts" / "2027"
    nested.mkdir(parents=True)
    found = find_config_file(nested / "a.md")
    assert found == tmp_path / "pyproject.toml"
    config = load_config(found)
    assert config.account == "personal" and config.disable == ("profanity",)
    write(tmp_path / "drafts" / ".fauxpas.yaml", "platform: bluesky\nthresholds: {warn: 20, block: 60}\n")
    config = load_config(find_config_file(nested / "a.md"))
    assert config.platform == "bluesky" and config.thresholds.block == 60


def test_config_packs_add_user_rules(tmp_path):
    pack = tmp_path / "ourrules"
    write(pack / "brand.yaml", """\
- id: competitor-name
  category: political-religious
  severity: warning
  type: phrase
  terms: [crumbco]
  message: "Mentions {match}"
  why: We never name competitors.
  examples: {flag: [crumbco is bad, try crumbco], pass: [crumbs, cookies]}
""")
    write(tmp_path / ".fauxpas.yaml", "packs: [ourrules]\n")
    report = Session().check_paths([write(tmp_path / "d.md", "Better than CrumbCo!")])
    assert [f.rule for f in report.posts[0].findings if f.origin == "rule"] == ["competitor-name"]
