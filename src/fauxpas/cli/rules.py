"""``fauxpas rules`` lists every loaded rule; ``fauxpas explain RULE`` prints one in full."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from fauxpas.cli.common import choice


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
    app.command("explain")(explain)


def _load(config: Optional[Path]):
    from fauxpas.api import Session

    from fauxpas.nlp import get_nlp

    session = Session(config_file=config)
    rules = session.linter_for(Path.cwd() / "x.md").rules
    rules.compiled(get_nlp(), validate=True)  # list only rules that compile: patterns, regexes
    return rules


def rules(
    category: Optional[List[str]] = typer.Option(None, "--category", help="Only rules of these categories."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file with extra rule packs."),
) -> None:
    """List every loaded rule: id, category, severity, type and the pack it comes from."""
    choice(output_format, ("text", "json"), "--format")
    ruleset = _load(config)
    selected = [r for r in ruleset.rules if not category or r.spec.category in category]
    if output_format == "json":
        data = [{"id": r.id, "category": r.spec.category, "severity": r.spec.severity, "type": r.spec.type,
                 "pack": r.spec.pack, "message": r.spec.message} for r in selected]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    widths = [max([len(x) for x in col] + [len(h)]) for h, col in (
        ("ID", [r.id for r in selected]), ("CATEGORY", [r.spec.category for r in selected]),
        ("SEVERITY", [r.spec.severity for r in selected]), ("TYPE", [r.spec.type for r in selected]))]
    header = ["ID", "CATEGORY", "SEVERITY", "TYPE", "PACK"]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths + [0])).rstrip())
    for r in selected:
        row = [r.id, r.spec.category, r.spec.severity, r.spec.type]
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)) + "  " + r.spec.pack)
    print(f"\n{len(selected)} rules")


def explain(
    rule: str = typer.Argument(..., help="A rule id, as listed by `fauxpas rules`."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file with extra rule packs."),
) -> None:
    """Print a rule's message, why it matters, what to do, and its examples."""
    spec = _load(config).get(rule).spec
    out = [f"{spec.id} [{spec.category}] ({spec.severity}, {spec.type})", "", "Message:", f"  {spec.message}", "",
           "Why:", *("  " + line for line in _wrap(spec.why)), ""]
    if spec.suggestion:
        out += ["What to do:", *("  " + line for line in _wrap(spec.suggestion)), ""]
    if spec.accounts != ("brand", "personal", "executive"):
        out += [f"Applies to accounts: {', '.join(spec.accounts)}", ""]
    out += ["Flags:", *(f"  - {e.text}" for e in spec.flag_examples), "", "Passes:", *(f"  - {e.text}" for e in spec.pass_examples)]
    if spec.source:
        out += ["", "Sources:", *(f"  - {s}" for s in spec.source)]
    out += ["", f"Defined in {spec.path}:{spec.line}"]
    print("\n".join(out))


def _wrap(text: str) -> list[str]:
    import textwrap

    return textwrap.wrap(" ".join(text.split()), 92) or [""]
