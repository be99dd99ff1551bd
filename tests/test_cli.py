"""The command line as a user meets it: real files in, real output and exit codes checked."""

from __future__ import annotations

import json
import re

import pytest

from helpers import ROOT, run, run_json, write

STORM = "Stay safe as the hurricane rolls in. 25% off rain boots with code STORM25!\n"
FINE = "Forty colleagues spent Thursday at the food bank. Thank you all for your time.\n"


def test_check_blocking_draft_exits_1_with_ruff_style_lines(tmp_path):
    draft = write(tmp_path / "storm.md", "---\nplatform: x\n---\n" + STORM)
    result = run("check", str(draft), cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1, out
    assert re.search(r"storm\.md:4:\d+: promo-near-disaster \[tragedy-exploitation\] Promotion", out)
    assert re.search(r"storm\.md: risk (7[5-9]|[89]\d)/100 BLOCK", out), "one error finding blocks on its own"
    assert "Checked 1 post: 1 block, 0 warn, 0 pass." in out
    assert "\x1b[" not in out, "output must be plain when piped"


def test_check_fine_draft_exits_0(tmp_path):
    draft = write(tmp_path / "fine.md", FINE)
    result = run("check", str(draft), cwd=tmp_path)
    assert result.returncode == 0, result.stdout.decode()
    assert "Checked 1 post: 0 block, 0 warn, 1 pass." in result.stdout.decode()


def test_json_output_follows_the_contract(tmp_path):
    write(tmp_path / "a.md", "---\nid: launch-1\nplatform: x\n---\n" + STORM)
    write(tmp_path / "b.md", FINE)
    code, data, _ = run_json("check", str(tmp_path), cwd=tmp_path)
    assert code == 1
    assert data["version"] == 1
    assert data["summary"] == {"posts": 2, "pass": 1, "warn": 0, "block": 1}
    post = next(p for p in data["posts"] if p["id"] == "launch-1")
    assert set(post) >= {"id", "source", "risk", "verdict", "findings", "similar_case"}
    assert post["source"]["line"] == 5 and post["source"]["path"].endswith("a.md")
    assert post["verdict"] == "block" and 0 <= post["risk"] <= 100
    finding = post["findings"][0]
    assert set(finding) >= {"rule", "category", "severity", "message", "span", "line", "column", "suggestion", "origin"}
    assert finding["origin"] == "rule" and finding["severity"] in ("info", "warning", "error")
    text = STORM
    start, end = finding["span"]["start"], finding["span"]["end"]
    assert text[start:end].lower() in ("hurricane", "25% off", "code")
    other = next(p for p in data["posts"] if p["id"] != "launch-1")
    assert other["verdict"] == "pass" and other["findings"] == []


def test_fail_on_warn_turns_a_warning_into_exit_1(tmp_path):
    write(tmp_path / ".fauxpas.yaml", "classifier: false\n")  # the rule's warning alone
    draft = write(tmp_path / "fri.md", "---\nscheduled_at: 2027-03-16T09:00\n---\nHappy Friday, team!\n")
    assert run("check", str(draft), cwd=tmp_path).returncode == 0
    assert run("check", "--fail-on", "warn", str(draft), cwd=tmp_path).returncode == 1


def test_select_and_ignore_by_rule_and_category(tmp_path):
    draft = write(tmp_path / "s.md", STORM)
    assert run("check", "--ignore", "tragedy-exploitation", str(draft), cwd=tmp_path).returncode == 0
    assert run("check", "--select", "promo-near-disaster", str(draft), cwd=tmp_path).returncode == 1
    assert run("check", "--select", "profanity", str(draft), cwd=tmp_path).returncode == 0


def test_unknown_rule_in_select_is_a_usage_error(tmp_path):
    draft = write(tmp_path / "s.md", FINE)
    result = run("check", "--select", "no-such-rule", str(draft), cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "no-such-rule" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "name,content,expect",
    [
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.md", "Caf\xe9 opening".encode("latin-1"), "not valid UTF-8"),
        ("frontmatter.md", b"---\nplatform: [x\n---\nHello\n", "broken front matter"),
        ("unclosed.md", b"---\nplatform: x\nHello there\n", "front matter is not closed"),
        ("huge.md", b"word " * 250_000, "over the"),
        ("badplatform.md", b"---\nplatform: myspace\n---\nHello\n", "unknown platform"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_others_still_checked(tmp_path, name, content, expect):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write(tmp_path / "zz-good.md", STORM)
    result = run("check", str(bad), str(good), cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert expect in err and name in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert "promo-near-disaster" in result.stdout.decode(), "the good draft must still be checked"


def test_missing_path_and_debug_traceback(tmp_path):
    result = run("check", str(tmp_path / "nope.md"), cwd=tmp_path)
    assert result.returncode == 2 and "no such file" in result.stderr.decode()
    bad = write(tmp_path / ".fauxpas.yaml", "acount: brand\n")
    draft = write(tmp_path / "d.md", FINE)
    result = run("check", str(draft), cwd=tmp_path)
    assert result.returncode == 2
    assert ".fauxpas.yaml:1: unknown key 'acount'" in result.stderr.decode()
    debug = run("--debug", "check", str(draft), cwd=tmp_path)
    assert debug.returncode != 0 and "Traceback" in debug.stderr.decode()
    bad.unlink()


def test_stdin_with_filename_finds_config(tmp_path):
    write(tmp_path / ".fauxpas.yaml", "disable: [tragedy-exploitation]\n")
    result = run("check", "--stdin", "--stdin-filename", str(tmp_path / "draft.md"), cwd=tmp_path, stdin=STORM)
    assert result.returncode == 0, result.stdout.decode()
    result = run("check", "--stdin", cwd=tmp_path.parent, stdin=STORM)
    assert result.returncode == 1
    assert "<stdin>:1:" in result.stdout.decode()


def test_rules_lists_every_rule_and_explain_prints_one():
    result = run("rules")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert re.search(r"promo-near-disaster\s+tragedy-exploitation\s+error\s+cooccurrence\s+builtin", out)
    count = int(re.search(r"(\d+) rules", out).group(1))
    listed = json.loads(run("rules", "--format", "json").stdout)
    assert len(listed) == count >= 10
    explain = run("explain", "promo-near-disaster").stdout.decode()
    for part in ("Why:", "What to do:", "Flags:", "Passes:", "Gap"):
        assert part in explain
    missing = run("explain", "no-such-rule")
    assert missing.returncode == 2 and "unknown rule" in missing.stderr.decode()


def test_bundled_example_runs(tmp_path):
    result = run("check", str(ROOT / "examples" / "drafts"), str(ROOT / "examples" / "calendar.csv"), cwd=ROOT)
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "storm-sale.md" in out and "BLOCK" in out
    assert "cal-2: risk" in out
