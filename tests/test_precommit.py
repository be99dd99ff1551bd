"""The real pre-commit framework in a temporary git repository, using our .pre-commit-hooks.yaml:
a risky draft blocks the commit, a fine one goes through."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists() or not shutil.which("git"), reason="needs git and pre-commit")


def git(*args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str, dict]:
    """A snapshot of this project (working tree, not only HEAD) as a hook repository."""
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "fauxpas-hook"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    if (ROOT / "models").is_dir():
        shutil.copytree(ROOT / "models", repo / "models", ignore=ignore)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", PRE_COMMIT_HOME=str(base / "cache"), NO_COLOR="1")
    git("init", "-q", cwd=repo, env=env)
    git("add", "-A", cwd=repo, env=env)
    git("commit", "-qm", "snapshot", cwd=repo, env=env)
    rev = git("rev-parse", "HEAD", cwd=repo, env=env).stdout.strip()
    return repo, rev, env


def test_precommit_blocks_risky_draft_and_passes_fine_one(hook_repo, tmp_path):
    repo, rev, env = hook_repo
    work = tmp_path / "social"
    work.mkdir()
    git("init", "-q", cwd=work, env=env)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: fauxpas\n", encoding="utf-8")
    (work / "notes.py").write_text("print('storm sale 20% off')\n", encoding="utf-8")
    git("add", ".pre-commit-config.yaml", "notes.py", cwd=work, env=env)
    install = subprocess.run([str(PRE_COMMIT), "install"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    first = git("commit", "-qm", "config", cwd=work, env=env)
    assert first.returncode == 0, first.stdout + first.stderr  # .py files are not drafts

    (work / "storm.md").write_text("Stay safe as the hurricane hits! 30% off rain gear with code STORM30\n", encoding="utf-8")
    git("add", "storm.md", cwd=work, env=env)
    blocked = git("commit", "-m", "risky draft", cwd=work, env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "promo-near-disaster" in output and "storm.md" in output

    (work / "storm.md").write_text("Stay safe as the hurricane hits. Our stores are open as shelters tonight.\n", encoding="utf-8")
    git("add", "storm.md", cwd=work, env=env)
    passed = git("commit", "-m", "fine draft", cwd=work, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
