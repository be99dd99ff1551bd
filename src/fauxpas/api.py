"""The library's entry points: what the CLI, the pre-commit hook and the language server call.

A Session resolves each file's configuration (walking up from the file), applies the caller's
overrides, and keeps one Linter per configuration and one compiled RuleSet per set of packs,
so a batch of files shares the spaCy pipeline and compiled matchers.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from fauxpas import sources
from fauxpas.config import Config, find_config_file, load_config
from fauxpas.errors import FauxpasError, InputError
from fauxpas.linter import Linter
from fauxpas.models import Post, PostReport, Report, Source
from fauxpas.profile import Profile, load_profile
from fauxpas.rules.loader import RuleSet, load_rules


class Session:
    """Checks many inputs with per-file configuration and shared, once-loaded resources."""

    def __init__(self, config_file: Path | None = None, discover: bool = True, **overrides: Any):
        self.config_file = config_file
        self.discover = discover
        self.overrides = overrides
        self._configs: dict[Path | None, Config] = {}
        self._rule_sets: dict[tuple[Path, ...], RuleSet] = {}
        self._linters: dict[Config, Linter] = {}
        self._profiles: dict[Path, Profile] = {}
        if config_file is not None:
            self._configs[None] = load_config(config_file).merged(**overrides)

    def config_for(self, path: Path | None) -> Config:
        if self.config_file is not None or not self.discover or path is None:
            key = None
            if key not in self._configs:
                self._configs[key] = Config().merged(**self.overrides)
            return self._configs[key]
        found = find_config_file(path)
        if found not in self._configs:
            base = load_config(found) if found else Config()
            self._configs[found] = base.merged(**self.overrides)
        return self._configs[found]

    def linter_for(self, path: Path | None) -> Linter:
        config = self.config_for(path)
        linter = self._linters.get(config)
        if linter is None:
            rules = self._rule_sets.get(config.packs)
            if rules is None:
                rules = self._rule_sets[config.packs] = load_rules(config.packs)
            linter = self._linters[config] = Linter(config, rules, profile=self._profile(config))
        return linter

    def _profile(self, config: Config) -> Profile | None:
        """The configuration's author profile, read once per file for the whole session."""
        if config.profile is None:
            return None
        if config.profile not in self._profiles:
            self._profiles[config.profile] = load_profile(config.profile)
        return self._profiles[config.profile]

    def profile_for(self, path: Path | None) -> Profile | None:
        """The author profile that applies to a file (``profile:`` in its configuration, or the
        ``profile`` override), or None."""
        return self._profile(self.config_for(path))

    def first_rule_set(self) -> RuleSet | None:
        """The rules used so far (for renderers that describe rules, such as SARIF)."""
        return next(iter(self._rule_sets.values()), None)

    def check_posts(self, posts: Iterable[Post], path: Path | None = None) -> list[PostReport]:
        return list(self.linter_for(path).check_many(posts))

    def read_paths(self, paths: Iterable[Path], report: Report) -> Iterator[tuple[Path, list[Post]]]:
        """The posts of every file under ``paths``, file by file; what cannot be read goes to
        ``report.errors`` and the rest goes on (shared by `check` and `review`)."""
        for root in paths:
            if not root.exists():
                report.errors.append(InputError("no such file or directory", str(root)))
                continue
            for path in sources.iter_files(root):
                posts, errors = sources.load(path)
                report.errors.extend(errors)
                if posts:
                    yield path, posts

    def check_paths(self, paths: Iterable[Path]) -> Report:
        """Check files and directories. Unreadable inputs become ``report.errors``; the rest go on."""
        report = Report()
        for path, posts in self.read_paths(paths, report):
            try:
                checked = self.check_posts(posts, path)
            except FauxpasError as error:
                report.errors.append(error)
                continue
            report.posts.extend(checked)
            report.errors.extend(e for post in checked for e in post.errors)
        report.notices = self.notices()
        return report

    def check_text(self, text: str, name: str = "<stdin>") -> Report:
        post = sources.from_text(text, name)
        path = Path(name) if name != "<stdin>" else Path.cwd() / "stdin.md"
        checked = self.check_posts([post], path)
        return Report(posts=checked, errors=[e for p in checked for e in p.errors], notices=self.notices())

    def notices(self) -> list[str]:
        return list(dict.fromkeys(n for linter in self._linters.values() for n in linter.notices))


def check(
    text: str,
    *,
    platform: str | None = None,
    account: str | None = None,
    scheduled_at: datetime | None = None,
    alt_text: Iterable[str] = (),
    config: Config | None = None,
) -> PostReport:
    """Check one post's text and return its report (risk, verdict, findings).

    >>> check("Hurricane sale! 20% off everything while the storm rages").verdict
    'block'
    """
    post = Post(text=text, platform=platform, account=account, scheduled_at=scheduled_at,
                alt_text=list(alt_text), source=Source("<text>"))
    return _default_linter(config).check(post)


_LINTERS: dict[Config, Linter] = {}


def _default_linter(config: Config | None) -> Linter:
    config = config or Config()
    if config not in _LINTERS:
        _LINTERS[config] = Linter(config)
    return _LINTERS[config]
