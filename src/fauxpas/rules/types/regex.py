"""``type: regex`` — regular expressions run by RE2, a linear-time engine.

    patterns: ['\\bAKIA[0-9A-Z]{16}\\b']
    ignore_case: false        # default true
    validate: luhn            # optional: luhn | iban | phone | us-ssn | uk-nino | not-a-date
    group: 1                  # optional: report this group's span instead of the whole match

RE2 has no backtracking, so a user's pattern can never hang a hook or an editor (no
catastrophic backtracking); the price is no look-around or back-references, and such a pattern
is rejected when the rules are compiled (on first use, or `fauxpas rules`), naming file and line. All regex rules are also added to one
RE2 prefilter (FilteredRE2), so only patterns whose literal parts occur in a post are run.
"""

from __future__ import annotations

from typing import Any, Iterable

from fauxpas.errors import RuleError
from fauxpas.rules.base import CompileContext, Hit, Rule, Validator
from fauxpas.rules.validators import VALIDATORS
from fauxpas.view import PostView


def re2_options(ignore_case: bool = False):
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not ignore_case
    options.max_mem = 8 << 20
    return options


def compile_re2(pattern: str, ignore_case: bool, path: str, line: int):
    """Compile for UTF-8 bytes input (see PostView.utf8)."""
    import re2

    try:
        return re2.compile(pattern.encode("utf-8"), options=re2_options(ignore_case))
    except Exception as error:  # re2.error carries bytes
        detail = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        raise RuleError(f"regex does not compile (RE2 syntax, no look-around or back-references): {detail}", path, line) from None


def _group_index(regex, group: int | str) -> int:
    if isinstance(group, int):
        return group
    index = regex.groupindex
    return index[group.encode()] if group.encode() in index else index[group]


class RegexRule(Rule):
    TYPE = "regex"
    OPTIONS = ("patterns", "ignore_case", "validate", "group")

    def parse(self, v: Validator) -> None:
        patterns = v.data.get("patterns")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise v.fail("'patterns' must be a non-empty list of regular expressions", "patterns")
        self.ignore_case = v.bool("ignore_case", True)
        validate = v.str("validate", required=False)
        if validate is not None and validate not in VALIDATORS:
            raise v.fail(f"'validate' is '{validate}', expected one of: {', '.join(VALIDATORS)}", "validate")
        self.validate = VALIDATORS[validate] if validate else None
        group = v.data.get("group", 0)
        if isinstance(group, bool) or not isinstance(group, (int, str)):
            raise v.fail("'group' must be a group number or name", "group")
        self.group = group
        self.patterns = list(patterns)
        self.lines = [patterns.line_of(i) if hasattr(patterns, "line_of") else v.line for i in range(len(patterns))]
        self.set_indices: list[int] = []
        self.compiled: list[Any] = []

    def compile(self, ctx: CompileContext) -> None:
        """Register the patterns with the shared RE2 filter, which compiles each once."""
        prefix = "(?i)" if self.ignore_case else ""
        self.set_indices = []
        for pattern, line in zip(self.patterns, self.lines):
            try:
                self.set_indices.append(ctx.add_regex(prefix + pattern))
            except Exception:
                compile_re2(pattern, self.ignore_case, self.spec.path, line)  # raises with RE2's reason
                raise RuleError("regex could not be added to the shared filter", self.spec.path, line) from None

    def link(self, ctx: CompileContext) -> None:
        """After the filter is compiled: take its compiled patterns and check the group exists."""
        self.compiled = []
        for index, line in zip(self.set_indices, self.lines):
            regex = ctx.regex_set.re(index)
            group = self.group
            if isinstance(group, str) and group.encode() not in regex.groupindex and group not in regex.groupindex:
                raise RuleError(f"regex has no group named '{group}'", self.spec.path, line)
            if isinstance(group, int) and group > regex.groups:
                raise RuleError(f"regex has no group {group}", self.spec.path, line)
            self.compiled.append(regex)

    def triggers(self) -> list[tuple[str, int]]:
        return [("regex", index) for index in self.set_indices]

    def run(self, view: PostView) -> Iterable[Hit]:
        candidates = view.regex_candidates
        hits = []
        for index, regex in zip(self.set_indices, self.compiled):
            if candidates is not None and index not in candidates:
                continue
            for match in regex.finditer(view.utf8):
                group = _group_index(regex, self.group)
                start, end = match.span(group)
                if start < 0:
                    continue
                start, end = view.char_offset(start), view.char_offset(end)
                value = view.text[start:end]
                if self.validate is not None and not self.validate(value):
                    continue
                hits.append(Hit(start, end, {"match": value}))
        return hits
