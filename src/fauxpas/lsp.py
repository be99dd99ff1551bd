"""``fauxpas lsp``: a language server over stdio (pygls), an adapter over the library.

Diagnostics for Markdown and text drafts on open, on save and on change (debounced), with the
rule id as code and the category in the data; hover shows the rule's message, why, what to do
and the similar case's lesson; code actions apply a declared safe fix, remove a placeholder line,
or insert the suppression comment for the paragraph. The spaCy pipeline, rules and model are
loaded once per server (they live in the Session and the process-wide caches).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fauxpas import __version__
from fauxpas.api import Session
from fauxpas.errors import FauxpasError
from fauxpas.models import Finding, PostReport

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
SOURCE = "fauxpas"


@dataclass
class Checked:
    """The last check of one open document."""

    version: int | None
    text: str
    report: PostReport | None
    diagnostics: list[types.Diagnostic]
    findings: list[tuple[types.Range, Finding]]


def utf16_column(line: str, column: int) -> int:
    """LSP counts UTF-16 code units; fauxpas counts code points (1-based)."""
    prefix = line[: max(0, column - 1)]
    return len(prefix.encode("utf-16-le")) // 2


class FauxpasServer(LanguageServer):
    def __init__(self, debounce: float = 0.25):
        super().__init__("fauxpas", __version__)
        self.session = Session()
        self.debounce = debounce
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}

    # -- checking -----------------------------------------------------------------------------------
    def check_document(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        text = document.source
        path = to_fs_path(uri) or uri
        lines = text.splitlines() or [""]
        diagnostics: list[types.Diagnostic] = []
        located: list[tuple[types.Range, Finding]] = []
        report = None
        try:
            result = self.session.check_text(text, path)
            report = result.posts[0] if result.posts else None
            errors = list(result.errors) + (list(report.errors) if report else [])
        except FauxpasError as error:
            errors = [error]
        for error in errors:
            line = max(0, (getattr(error, "line", None) or 1) - 1)
            diagnostics.append(types.Diagnostic(range=_line_range(lines, line), message=getattr(error, "message", str(error)),
                                                severity=types.DiagnosticSeverity.Error, code="input-error", source=SOURCE))
        if report is not None:
            for finding in report.findings:
                rng = self.finding_range(report, finding, lines)
                located.append((rng, finding))
                diagnostics.append(types.Diagnostic(
                    range=rng, message=finding.message, severity=SEVERITY[finding.severity], code=finding.rule,
                    source=SOURCE, data={"category": finding.category, "origin": finding.origin}))
            if report.verdict != "pass":
                first = max(0, report.post.source.line - 1)
                diagnostics.append(types.Diagnostic(
                    range=_line_range(lines, first), message=f"post risk {report.risk}/100: {report.verdict}",
                    severity=types.DiagnosticSeverity.Hint, code="post-risk", source=SOURCE))
        self.checked[uri] = Checked(document.version, text, report, diagnostics, located)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version))

    def finding_range(self, report: PostReport, finding: Finding, lines: list[str]) -> types.Range:
        from fauxpas.linter import position

        if finding.start is None or finding.line is None or finding.column is None:
            return _line_range(lines, max(0, (finding.line or report.post.source.line) - 1))
        end_line, end_column = position(report.post, finding.end if finding.end is not None else finding.start)
        start_line = finding.line - 1
        return types.Range(
            start=types.Position(line=start_line, character=utf16_column(_get(lines, start_line), finding.column)),
            end=types.Position(line=end_line - 1, character=utf16_column(_get(lines, end_line - 1), end_column)),
        )

    def schedule(self, uri: str) -> None:
        """Check after the writer pauses: a burst of changes costs one check."""
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        loop = asyncio.get_event_loop()
        self.pending[uri] = loop.call_later(self.debounce, self._run_pending, uri)

    def _run_pending(self, uri: str) -> None:
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.check_document(uri)

    # -- hover and actions ----------------------------------------------------------------------------
    def findings_at(self, uri: str, position: types.Position) -> list[tuple[types.Range, Finding]]:
        checked = self.checked.get(uri)
        if checked is None:
            return []
        return [(r, f) for r, f in checked.findings if _contains(r, position)]

    def hover_text(self, uri: str, position: types.Position) -> str | None:
        found = self.findings_at(uri, position)
        if not found:
            return None
        checked = self.checked[uri]
        rules = self.session.first_rule_set()
        parts = []
        for _, finding in found:
            part = [f"**{finding.rule}** [{finding.category}] — {finding.message}"]
            spec = rules.by_id[finding.rule].spec if rules is not None and finding.rule in rules.by_id else None
            if spec is not None:
                part.append(f"*Why:* {' '.join(spec.why.split())}")
            if finding.suggestion:
                part.append(f"*What to do:* {finding.suggestion}")
            parts.append("\n\n".join(part))
        report = checked.report
        if report is not None and report.similar_case is not None:
            case = report.similar_case
            parts.append(f"*Resembles:* {case.title} ({case.year}) — lesson: {case.lesson}")
        if report is not None:
            parts.append(f"Post risk {report.risk}/100 ({report.verdict}).")
        return "\n\n---\n\n".join(parts)

    def code_actions(self, uri: str, rng: types.Range) -> list[types.CodeAction]:
        checked = self.checked.get(uri)
        if checked is None:
            return []
        lines = checked.text.splitlines()
        actions: list[types.CodeAction] = []
        seen_rules: set[str] = set()
        for frange, finding in checked.findings:
            if not _overlaps(frange, rng):
                continue
            diagnostic = next((d for d in checked.diagnostics if d.code == finding.rule and d.range == frange), None)
            diagnostics = [diagnostic] if diagnostic else None
            if finding.fix is not None and finding.start is not None:
                actions.append(_action(f"Replace with '{finding.fix}'", uri, [types.TextEdit(range=frange, new_text=finding.fix)],
                                       diagnostics, preferred=True))
            if finding.category == "placeholder" and finding.start is not None:
                line = frange.start.line
                whole = types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=0))
                actions.append(_action("Remove the line with the placeholder", uri, [types.TextEdit(range=whole, new_text="")], diagnostics))
            if finding.rule not in seen_rules:
                seen_rules.add(finding.rule)
                line = _paragraph_start(lines, frange.start.line, checked.report)
                comment = f"<!-- fauxpas: ignore[{finding.rule}] reason -->\n"
                edit = types.TextEdit(range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)),
                                      new_text=comment)
                actions.append(_action(f"Ignore {finding.rule} in this paragraph", uri, [edit], diagnostics))
        return actions


def _action(title: str, uri: str, edits: list[types.TextEdit], diagnostics: Any, preferred: bool = False) -> types.CodeAction:
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=diagnostics, is_preferred=preferred or None,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


def _get(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _line_range(lines: list[str], line: int) -> types.Range:
    text = _get(lines, line)
    return types.Range(start=types.Position(line=line, character=0),
                       end=types.Position(line=line, character=len(text.encode("utf-16-le")) // 2))


def _contains(rng: types.Range, pos: types.Position) -> bool:
    return (rng.start.line, rng.start.character) <= (pos.line, pos.character) <= (rng.end.line, rng.end.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def _paragraph_start(lines: list[str], line: int, report: PostReport | None) -> int:
    """First line of the paragraph containing ``line`` (not above the body's first line)."""
    floor = max(0, report.post.source.line - 1) if report is not None else 0
    while line > floor and _get(lines, line - 1).strip():
        line -= 1
    return line


def build_server(debounce: float = 0.25) -> FauxpasServer:
    server = FauxpasServer(debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FauxpasServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FauxpasServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FauxpasServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FauxpasServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: FauxpasServer, params: types.HoverParams) -> types.Hover | None:
        text = ls.hover_text(params.text_document.uri, params.position)
        if text is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: FauxpasServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params.text_document.uri, params.range)

    return server


def serve(debounce: float = 0.25) -> None:
    """Run the server on stdin/stdout until the client exits."""
    from fauxpas.nlp import get_nlp

    get_nlp()  # warm before the first request, not during it
    build_server(debounce).start_io()
