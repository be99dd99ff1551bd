"""Loading rule packs: YAML files of rules, validated strictly, compiled lazily.

A pack is a folder of ``*.yaml`` files (each a list of rules, or one rule per YAML document)
with an optional ``lexicons/`` folder. The shipped pack is ``rules/`` at the top of the
repository (bundled into the wheel). Loading never imports spaCy; compiling (building the shared
matchers) happens once, on the first post checked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from fauxpas.errors import RuleError, UsageError
from fauxpas.gcpause import gc_paused
from fauxpas.models import CATEGORIES
from fauxpas.paths import rules_dir
from fauxpas.rules.base import COMMON_KEYS, CompileContext, LexiconLookup, Rule, Validator, parse_spec
from fauxpas.yamlio import error_line, error_text, load_all_with_lines

MAX_PACK_FILE = 2 * 1024 * 1024


@dataclass
class RuleSet:
    """Every loaded rule, by id, and the compiled matchers they share."""

    rules: list[Rule] = field(default_factory=list)
    _ctx: CompileContext | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.by_id = {rule.id: rule for rule in self.rules}

    def get(self, rule_id: str) -> Rule:
        try:
            return self.by_id[rule_id]
        except KeyError:
            raise UsageError(f"unknown rule '{rule_id}' (see `fauxpas rules`)") from None

    def compiled(self, nlp: Any, validate: bool = False) -> CompileContext:
        """Compile every rule into shared matchers, once. ``validate`` also runs spaCy's pattern
        schema on the shipped packs (the tests and `fauxpas rules` do)."""
        if self._ctx is None:
            with self._lock:
                if self._ctx is None:
                    with gc_paused():
                        ctx = CompileContext(nlp, validate)
                        for rule in self.rules:
                            rule.compile(ctx)
                        ctx.finish()
                        for rule in self.rules:
                            rule.link(ctx)
                    self._ctx = ctx
        return self._ctx

    def resolve(self, names: Iterable[str], option: str) -> set[str]:
        """Rule ids for a list of rule ids and/or categories; unknown names are a UsageError."""
        ids: set[str] = set()
        for name in names:
            if name in self.by_id:
                ids.add(name)
            elif name in CATEGORIES:
                ids.update(rule.id for rule in self.rules if rule.spec.category == name)
            else:
                raise UsageError(f"{option}: '{name}' is neither a rule id nor a category (see `fauxpas rules`)")
        return ids


def load_rules(extra_packs: Iterable[Path] = (), include_builtin: bool = True) -> RuleSet:
    """Load the shipped rules and any user packs. Raises RuleError naming file and line."""
    with gc_paused():
        return _load_rules(extra_packs, include_builtin)


def _load_rules(extra_packs: Iterable[Path], include_builtin: bool) -> RuleSet:
    from fauxpas.rules.types import RULE_TYPES

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    builtin = rules_dir()
    packs = ([(builtin, "builtin")] if include_builtin else []) + [(Path(p), str(p)) for p in extra_packs]
    for folder, pack_name in packs:
        files = _pack_files(folder)
        lexicons = LexiconLookup([p for p in (_lexicon_dir(folder), builtin / "lexicons") if p.is_dir()])
        for path in files:
            for rule in _load_file(path, pack_name, lexicons, RULE_TYPES):
                if rule.id in seen:
                    raise RuleError(f"rule id '{rule.id}' is already defined in {seen[rule.id]}", rule.spec.path, rule.spec.line)
                seen[rule.id] = rule.spec.path
                rules.append(rule)
    return RuleSet(rules)


# Data files that text rule types read (analyzers and the profile have their own data files,
# which the classifier never sees).
RULE_DATA_FILES = ("data/greetings.yaml", "data/platforms.yaml")


def rules_hash(folder: Path | None = None) -> str:
    """sha256 over what decides the text rules' findings (rule packs, lexicons and the data files
    rule types read), in a stable order: the classifier uses those findings as features, so a
    model is only fresh for the rules it saw."""
    import hashlib

    folder = folder or rules_dir()
    files = [*folder.glob("*.yaml"), *folder.glob("*.yml"), *(folder / "lexicons").glob("*.txt"),
             *(folder / name for name in RULE_DATA_FILES)]
    digest = hashlib.sha256()
    for path in sorted(p for p in files if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _lexicon_dir(folder: Path) -> Path:
    return (folder if folder.is_dir() else folder.parent) / "lexicons"


def _pack_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise RuleError("rule pack not found", str(folder))
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _load_file(path: Path, pack: str, lexicons: LexiconLookup, types: dict[str, type[Rule]]) -> list[Rule]:
    name = str(path)
    try:
        if path.stat().st_size > MAX_PACK_FILE:
            raise RuleError(f"rule file is larger than {MAX_PACK_FILE // 1024} KiB", name)
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RuleError("rule file is not valid UTF-8", name) from None
    except OSError as error:
        raise RuleError(f"cannot read rule file: {error.strerror}", name) from None
    try:
        documents = load_all_with_lines(text, cache=True)
    except yaml.YAMLError as error:
        raise RuleError(error_text(error), name, error_line(error)) from None
    return _build_rules(documents, name, pack, lexicons, types)


def _build_rules(documents: Iterable[Any], name: str, pack: str, lexicons: LexiconLookup, types: dict[str, type[Rule]]) -> list[Rule]:
    items: list[Any] = []
    for document in documents:
        if document is None:
            continue
        if isinstance(document, list):
            items.extend((item, document.line_of(i) if hasattr(document, "line_of") else 1) for i, item in enumerate(document))
        else:
            items.append((document, getattr(document, "line", 1)))
    rules = []
    for item, line in items:
        if not isinstance(item, dict):
            raise RuleError("a rule must be a mapping of keys", name, line)
        v = Validator(item, name, item.line if hasattr(item, "line") else line)
        rule_type = v.str("type")
        if rule_type not in types:
            raise v.fail(f"unknown rule type '{rule_type}', expected one of: {', '.join(types)}", "type")
        cls = types[rule_type]
        v.no_unknown_keys(COMMON_KEYS + cls.OPTIONS)
        spec = parse_spec(v, pack)
        rules.append(cls(spec, item, lexicons))
    return rules
