"""Helpers for tests that run the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "fauxpas"


def run(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_COLOR="1")
    environment.update(env or {})
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([str(EXE), *args], cwd=cwd, input=data, capture_output=True, env=environment, timeout=120)


def run_json(*args: str, cwd: Path | None = None, stdin: str | None = None) -> tuple[int, dict, str]:
    result = run(*args, "--format", "json", cwd=cwd, stdin=stdin)
    return result.returncode, json.loads(result.stdout.decode()), result.stderr.decode()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
