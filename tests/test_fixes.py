"""One fix mechanism for everything declared safe: rule replacements and tracking parameters,
previewed with --diff (nothing written) and applied with --fix (atomic, with a backup)."""

from __future__ import annotations

from helpers import run, write

DRAFT = "---\nplatform: x\n---\nWe did it!!!!! Read https://shop.example.com/news?utm_source=x&id=4 now\n"


def test_diff_previews_every_declared_fix_without_writing(tmp_path):
    draft = write(tmp_path / "post.md", DRAFT)
    result = run("check", "--diff", str(draft), cwd=tmp_path)
    out = result.stdout.decode()
    assert result.returncode == 1, out
    assert "-We did it!!!!! Read https://shop.example.com/news?utm_source=x&id=4 now" in out
    assert "+We did it! Read https://shop.example.com/news?id=4 now" in out
    assert draft.read_text() == DRAFT and not list(tmp_path.glob("*.bak"))


def test_fix_applies_them_together_and_keeps_a_backup(tmp_path):
    draft = write(tmp_path / "post.md", DRAFT)
    result = run("check", "--fix", str(draft), cwd=tmp_path)
    assert "fixed:" in result.stderr.decode()
    assert draft.read_text() == "---\nplatform: x\n---\nWe did it! Read https://shop.example.com/news?id=4 now\n"
    assert (tmp_path / "post.md.bak").read_text() == DRAFT
    again = run("check", "--diff", str(draft), cwd=tmp_path)
    assert again.returncode == 0 and "No fixes to apply." in again.stdout.decode()


def test_diff_and_fix_together_is_a_usage_error(tmp_path):
    draft = write(tmp_path / "post.md", DRAFT)
    result = run("check", "--diff", "--fix", str(draft), cwd=tmp_path)
    assert result.returncode == 2 and "not both" in result.stderr.decode()
