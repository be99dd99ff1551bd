"""Shared fixtures: the shipped rules and one linter over them, loaded once per test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def ruleset():
    from fauxpas.nlp import get_nlp
    from fauxpas.rules.loader import load_rules

    rules = load_rules()
    rules.compiled(get_nlp(), validate=True)  # spaCy's schema checks every shipped token pattern
    return rules


@pytest.fixture(scope="session")
def linter(ruleset):
    from fauxpas.linter import Linter

    return Linter(rules=ruleset)


@pytest.fixture(scope="session")
def fauxpas_exe() -> str:
    exe = Path(sys.executable).parent / "fauxpas"
    return str(exe) if exe.exists() else "fauxpas"


@pytest.fixture
def clean_env(tmp_path):
    env = dict(os.environ)
    env.pop("FORCE_COLOR", None)
    env["NO_COLOR"] = "1"
    return env
