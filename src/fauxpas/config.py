"""Configuration: ``.fauxpas.yaml`` or ``[tool.fauxpas]`` in ``pyproject.toml``, found by walking
up from each checked file (as ruff does); command-line options win over the file.

    account: brand                # default account type for posts that do not say
    platform: x                   # default platform
    packs: [rules/our-brand]      # extra rule packs (folders of YAML), relative to this file
    disable: [profanity, rule-id] # rules or categories switched off
    select: []                    # only these rules or categories (empty: all)
    allow_terms: [Scunthorpe]     # exact terms never flagged
    thresholds: {warn: 30, block: 70}
    fail_on: block                # block | warn: what makes the exit code 1
    profile: author.yaml          # the author profile (relative to this file): see fauxpas/profile.py
    classifier: true              # false: rules only
    model: models/                # a model folder from `fauxpas train --out` (default: the shipped one)
    own_domains: [lumenbake.com]  # the account's domains: links imitating them are lookalikes
    competitors: [crumbco.com]    # competitors' domains (or bare names): links to them are flagged

``online`` (fetch links) is a command-line choice only (``fauxpas check --online``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from fauxpas.errors import ConfigError
from fauxpas.models import ACCOUNTS, PLATFORMS
from fauxpas.scoring import Thresholds
from fauxpas.yamlio import error_line, error_text, load_with_lines, read_user_file

CONFIG_NAMES = (".fauxpas.yaml", ".fauxpas.yml")
KEYS = ("account", "platform", "packs", "disable", "select", "ignore", "allow_terms", "thresholds", "fail_on", "profile", "classifier", "model",
        "own_domains", "competitors", "freeze", "sensitive_dates")


@dataclass(frozen=True)
class Config:
    account: str = "brand"
    platform: str | None = None
    packs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    allow_terms: tuple[str, ...] = ()
    thresholds: Thresholds = field(default_factory=Thresholds)
    fail_on: str = "block"
    profile: Path | None = None
    classifier: bool = True
    model: Path | None = None
    own_domains: tuple[str, ...] = ()
    competitors: tuple[str, ...] = ()
    freeze: tuple[Path, ...] = ()  # crisis freeze files for `review` (its --freeze wins)
    sensitive_dates: tuple[Path, ...] = ()  # the team's own sensitive dates for `review`
    online: bool = False  # command line only: fetch links (SSRF-safe) for status, redirects, title
    path: Path | None = None
    account_given: bool = False  # the file or the command line set `account` (else the profile's applies)

    def merged(self, **options: Any) -> "Config":
        """A copy with command-line options applied (None means "not given")."""
        given = {k: v for k, v in options.items() if v is not None and v != ()}
        if "account" in given:
            given["account_given"] = True
        return replace(self, **given)


def find_config_file(start: Path) -> Path | None:
    """The nearest ``.fauxpas.yaml`` or ``pyproject.toml`` with ``[tool.fauxpas]`` above ``start``."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "fauxpas" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path) -> Config:
    """Read and validate one configuration file. Raises ConfigError naming file and line."""
    name = str(path)
    text = read_user_file(path, "configuration", ConfigError)
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("fauxpas", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"invalid TOML: {error}", name) from None
    else:
        try:
            data = load_with_lines(text) or {}
        except yaml.YAMLError as error:
            raise ConfigError(error_text(error), name, error_line(error)) from None
    if not isinstance(data, dict):
        raise ConfigError("configuration must be a mapping of keys", name)
    return _parse(data, path)


def _line(data: Any, key: str) -> int | None:
    return data.line_of(key) if hasattr(data, "line_of") else None


def _parse(data: dict[str, Any], path: Path) -> Config:
    name = str(path)

    def fail(message: str, key: str) -> ConfigError:
        return ConfigError(message, name, _line(data, key))

    for key in data:
        if key not in KEYS:
            raise fail(f"unknown key '{key}' (expected: {', '.join(KEYS)})", key)

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"'{key}' must be a list of strings", key)
        return tuple(value)

    account = data.get("account", "brand")
    if account not in ACCOUNTS:
        raise fail(f"'account' must be one of: {', '.join(ACCOUNTS)}", "account")
    platform = data.get("platform")
    if platform is not None and platform not in PLATFORMS:
        raise fail(f"'platform' must be one of: {', '.join(PLATFORMS)}", "platform")
    fail_on = data.get("fail_on", "block")
    if fail_on not in ("warn", "block"):
        raise fail("'fail_on' must be 'warn' or 'block'", "fail_on")
    thresholds = Thresholds()
    if "thresholds" in data:
        raw = data["thresholds"]
        if not isinstance(raw, dict) or set(raw) - {"warn", "block"}:
            raise fail("'thresholds' must be a mapping with 'warn' and/or 'block'", "thresholds")
        values = {**{"warn": 30, "block": 70}, **raw}
        if not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100 for v in values.values()) or values["warn"] > values["block"]:
            raise fail("thresholds must be whole numbers 1-100 with warn <= block", "thresholds")
        thresholds = Thresholds(values["warn"], values["block"])
    base = path.parent
    packs = tuple((base / p).resolve() for p in names("packs"))
    for pack in packs:
        if not pack.exists():
            raise fail(f"rule pack '{pack}' does not exist", "packs")
    schedule_files: dict[str, tuple[Path, ...]] = {}
    for key in ("freeze", "sensitive_dates"):
        schedule_files[key] = tuple((base / p).resolve() for p in names(key))
        for file in schedule_files[key]:
            if not file.is_file():
                raise fail(f"'{key}': no such file: {file}", key)
    classifier = data.get("classifier", True)
    if not isinstance(classifier, bool):
        raise fail("'classifier' must be true or false", "classifier")
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, str):
        raise fail("'profile' must be a path", "profile")
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise fail("'model' must be the path of a model folder", "model")
    own_domains = names("own_domains")
    for domain in own_domains:
        if not _is_domain(domain):
            raise fail(f"'own_domains': '{domain}' is not a domain name (write it like lumenbake.com, without https://)", "own_domains")
    competitors = names("competitors")
    for entry in competitors:
        if not entry.strip() or ("." in entry and not _is_domain(entry)) or "/" in entry:
            raise fail(f"'competitors': '{entry}' is neither a domain name (crumbco.com) nor a plain name (crumbco)", "competitors")
    return Config(
        account=account,
        account_given="account" in data,
        platform=platform,
        packs=packs,
        select=names("select"),
        ignore=names("ignore"),
        disable=names("disable"),
        allow_terms=names("allow_terms"),
        thresholds=thresholds,
        fail_on=fail_on,
        profile=(base / profile).resolve() if profile else None,
        classifier=classifier,
        model=(base / model).resolve() if model else None,
        own_domains=own_domains,
        competitors=competitors,
        freeze=schedule_files["freeze"],
        sensitive_dates=schedule_files["sensitive_dates"],
        path=path,
    )


def _is_domain(value: str) -> bool:
    """A host name with at least two labels that IDNA (UTS #46) accepts."""
    value = value.strip().rstrip(".")
    if "." not in value or "/" in value or ":" in value or " " in value:
        return False
    import idna

    try:
        idna.encode(value, uts46=True)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True
