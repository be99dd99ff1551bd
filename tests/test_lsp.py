"""The real language server driven over stdio like an editor: diagnostics with ranges and
codes on open and change, hover text, and code actions whose edits apply cleanly."""

from __future__ import annotations


import pytest

from helpers import EXE
from lsp_client import LspClient

DRAFT = "---\nplatform: x\nscheduled_at: 2027-03-16T09:00\n---\n🎉 Happy Friday, all!\n\nHi {{first_name}}, stay safe in the hurricane: 20% off, code STORM20\n"


def apply(text: str, edits: list[dict]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(pos: dict) -> int:
        before = "".join(lines[: pos["line"]])
        line = lines[pos["line"]] if pos["line"] < len(lines) else ""
        units, chars = 0, 0
        for ch in line:
            if units >= pos["character"]:
                break
            units += len(ch.encode("utf-16-le")) // 2
            chars += 1
        return len(before) + chars

    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


@pytest.fixture
def client(tmp_path):
    c = LspClient([str(EXE), "lsp", "--debounce", "0.05"], cwd=str(tmp_path))
    result = c.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}, timeout=60)
    assert result["capabilities"]["hoverProvider"]
    assert result["capabilities"]["codeActionProvider"]
    c.notify("initialized", {})
    yield c
    c.close()


def test_diagnostics_hover_and_code_actions(client, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}})
    diagnostics = client.diagnostics(uri, version=1, timeout=60)
    by_code = {d["code"]: d for d in diagnostics}
    assert {"weekday-greeting-mismatch", "promo-near-disaster", "post-risk"} <= set(by_code)
    greeting = by_code["weekday-greeting-mismatch"]
    # line 5 (0-based 4); the emoji is two UTF-16 units plus a space, so "Happy Friday" starts at 3
    assert greeting["range"] == {"start": {"line": 4, "character": 3}, "end": {"line": 4, "character": 15}}
    assert greeting["severity"] == 2 and greeting["source"] == "fauxpas"
    placeholder = next(d for d in diagnostics if d["data"] and d["data"]["category"] == "placeholder")
    assert placeholder["range"]["start"]["line"] == 6

    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 4, "character": 6}})
    value = hover["contents"]["value"]
    assert "weekday-greeting-mismatch" in value and "*Why:*" in value and "*What to do:*" in value

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": greeting["range"], "context": {"diagnostics": [greeting]}})
    ignore = next(a for a in actions if a["title"] == "Ignore weekday-greeting-mismatch in this paragraph")
    fixed = apply(DRAFT, ignore["edit"]["changes"][uri])
    assert "<!-- fauxpas: ignore[weekday-greeting-mismatch] reason -->\n🎉 Happy Friday" in fixed

    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": placeholder["range"], "context": {"diagnostics": [placeholder]}})
    remove = next(a for a in actions if a["title"] == "Remove the line with the placeholder")
    cleaned = apply(DRAFT, remove["edit"]["changes"][uri])
    assert "{{first_name}}" not in cleaned and "Happy Friday" in cleaned

    # the editor applies the suppression: the next diagnostics no longer carry that rule
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": fixed}]})
    after = client.diagnostics(uri, version=2, timeout=30)
    codes = {d["code"] for d in after}
    assert "weekday-greeting-mismatch" not in codes and "promo-near-disaster" in codes


def test_broken_front_matter_is_one_diagnostic(client, tmp_path):
    path = tmp_path / "bad.md"
    text = "---\nplatform: [x\n---\nHello\n"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    diagnostics = client.diagnostics(uri, version=1, timeout=60)
    assert [d["code"] for d in diagnostics] == ["input-error"]
    assert "front matter" in diagnostics[0]["message"]
