"""``fauxpas profile learn``: an author's own propensities, from their past posts.

What is compared. A post is *flagged* for a category when the linter (shipped rules and model,
no profile weighting) gives it a finding of that category that would warn on its own (weight
>= 0.30). The author's share of flagged posts per category is compared with the **base rate**:
the share the same linter flags in a typical stream of posts. The base rates are measured once
on the labelled corpus (``fauxpas profile base-rates`` writes ``rules/data/base_rates.yaml``):

    base = (1 - p) x flagged share among the corpus's fine posts
           +     p  x flagged share among its blunders,        p = 0.11

because the corpus over-represents blunders by design (56% of its posts), while about 11% of
tweets are deleted by their authors (Bhattacharya & Ganguly 2016), our estimate of how many
posts in a real stream are ones the author would take back. The classifier's part is measured
out of fold (5-fold cross-validation): the model never scores posts it was trained on there,
just as it never has seen an author's history.

The weight. Deleted or regretted posts count twice (``REGRET_WEIGHT``), in the flags and in the
number of posts. With ``k`` flagged (weighted) posts out of ``n`` (weighted), expected
``e = n x base``:

    weight = (k + A) / (e + A),   A = 3,   kept within 0.7 - 1.8

``A`` acts as three imaginary posts flagged at exactly the base rate: with few posts the weight
stays near 1, and it moves only as the author's own evidence grows. The weights and the counts
behind them are written into the profile's ``weights``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from fauxpas.errors import InputError, RuleError
from fauxpas.models import Post, Source
from fauxpas.paths import rules_dir

FLAG_WEIGHT = 0.30
PREVALENCE = 0.11
REGRET_WEIGHT = 2.0
PRIOR = 3.0
MIN_WEIGHT, MAX_WEIGHT = 0.7, 1.8
MIN_BASE = 0.002  # a category the corpus almost never flags: one hit is not a 50x propensity
REGRET_COLUMNS = ("regretted", "deleted", "regret", "is_deleted", "was_deleted", "removed", "deleted_at")
FALSE_VALUES = {"", "0", "false", "no", "n", "f", "none", "null", "nan", "-"}


def base_rates_file() -> Path:
    return rules_dir() / "data" / "base_rates.yaml"


# -- reading an author's history ------------------------------------------------------------------

@dataclass
class HistoryPost:
    post: Post
    regretted: bool = False


def read_history(path: Path) -> tuple[list[HistoryPost], list[InputError]]:
    """Past posts from a calendar-style file (CSV, TSV, JSONL, JSON, YAML; the calendar column
    aliases, plus a ``deleted``/``regretted`` column) or an X archive's ``tweets.js``."""
    name = str(path)
    if not path.is_file():
        return [], [InputError("no such file", name)]
    from fauxpas.sources.draft import decode

    try:
        text = decode(path.read_bytes(), name)
    except OSError as error:
        return [], [InputError(f"cannot read: {error.strerror}", name)]
    except InputError as error:
        return [], [error]
    if path.suffix.lower() == ".js" or text.lstrip().startswith("window.YTD."):
        return _read_x_archive(text, name, path)
    return _read_calendar_history(path, text, name)


def _read_calendar_history(path: Path, text: str, name: str) -> tuple[list[HistoryPost], list[InputError]]:
    from fauxpas.sources import calendar

    readers = {".csv": "_csv_rows", ".tsv": "_csv_rows", ".jsonl": "_jsonl_rows", ".ndjson": "_jsonl_rows",
               ".json": "_json_rows", ".yaml": "_yaml_rows", ".yml": "_yaml_rows"}
    suffix = path.suffix.lower()
    reader = getattr(calendar, readers.get(suffix, ""), None)
    if reader is None:
        if suffix in calendar.CALENDAR_SUFFIXES:  # a format the calendar reader has and we do not: no regret column
            posts, errors = calendar.read_calendar(path, name)
            return [HistoryPost(p) for p in posts], errors
        return [], [InputError(f"cannot read '{suffix or path.name}' as a history (use CSV, TSV, JSONL, JSON, YAML or the X archive's tweets.js)", name)]
    history: list[HistoryPost] = []
    errors: list[InputError] = []
    for item in reader(text, name):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        number, line, row = item
        try:
            post = calendar.row_to_post(row, name, number, line, path.parent)
        except InputError as error:
            errors.append(error)
            continue
        history.append(HistoryPost(post, _regretted(row)))
    return history, errors


def _regretted(row: dict[str, Any]) -> bool:
    for header, value in row.items():
        key = re.sub(r"[\s\-/]+", "_", str(header).strip().lower())
        if key in REGRET_COLUMNS:
            if isinstance(value, bool):
                return value
            if value is None:
                return False
            return str(value).strip().lower() not in FALSE_VALUES
    return False


def _read_x_archive(text: str, name: str, path: Path) -> tuple[list[HistoryPost], list[InputError]]:
    match = re.match(r"\s*window\.YTD\.([\w.]+)\s*=\s*", text)
    start = match.end() if match else 0
    deleted_file = bool(match and "deleted" in match.group(1)) or "deleted" in path.name.lower()
    try:
        data = json.loads(text[start:])
    except json.JSONDecodeError as error:
        line = text.count("\n", 0, start) + error.lineno
        return [], [InputError(f"not an X archive tweets file: invalid JSON ({error.msg})", name, line)]
    if not isinstance(data, list):
        return [], [InputError("not an X archive tweets file: expected a list after 'window.YTD.tweets.part0 ='", name, 1)]
    history: list[HistoryPost] = []
    errors: list[InputError] = []
    for number, item in enumerate(data, 1):
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict):
            errors.append(InputError(f"entry {number} is not a tweet object", name))
            continue
        body = tweet.get("full_text", tweet.get("text"))
        if not isinstance(body, str) or not body.strip():
            continue
        body = html.unescape(body)
        if body.startswith("RT @"):
            continue  # someone else's words
        post = Post(text=body, id=str(tweet.get("id_str") or tweet.get("id") or f"{path.stem}:{number}"), platform="x",
                    source=Source(name, 1, number))
        created = tweet.get("created_at")
        if isinstance(created, str):
            try:
                post.scheduled_at = datetime.strptime(created, "%a %b %d %H:%M:%S %z %Y")
            except ValueError:
                pass
        history.append(HistoryPost(post, deleted_file or bool(tweet.get("deleted_at"))))
    return history, errors


# -- base rates ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BaseRates:
    rates: dict[str, float]
    prevalence: float
    flag_weight: float
    path: Path | None = None

    def of(self, category: str) -> float | None:
        return self.rates.get(category)


@lru_cache(maxsize=2)
def _load_base(path: str, mtime: float) -> BaseRates:
    name = path
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuleError(f"cannot read base rates: {error}", name) from None
    categories = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(categories, dict):
        raise RuleError("base rates need a 'categories' mapping (regenerate with `fauxpas profile base-rates`)", name)
    rates = {}
    for category, entry in categories.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("base"), (int, float)):
            raise RuleError(f"category '{category}' needs a numeric 'base'", name)
        rates[str(category)] = float(entry["base"])
    return BaseRates(rates, float(data.get("prevalence", PREVALENCE)), float(data.get("flag_weight", FLAG_WEIGHT)), Path(path))


def load_base_rates(path: Path | None = None) -> BaseRates:
    path = path or base_rates_file()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise RuleError("no base rates: run `fauxpas profile base-rates` in a source checkout", str(path)) from None
    return _load_base(str(path), mtime)


def flagged_categories(findings: Iterable[Any], flag_weight: float = FLAG_WEIGHT) -> set[str]:
    """Categories with a finding that would warn on its own (unweighted)."""
    return {f.category for f in findings if f.weight >= flag_weight - 1e-9}


def compute_base_rates(corpus_dir: Path, prevalence: float = PREVALENCE,
                       progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Measure, on the labelled corpus, how often the linter flags each category: rules as
    shipped, the classifier out of fold. Returns the content of ``base_rates.yaml``."""
    import numpy as np

    from fauxpas.classifier import train
    from fauxpas.classifier.corpus import corpus_hash, read_posts
    from fauxpas.classifier.runtime import blunder_weight
    from fauxpas.linter import load_model
    from fauxpas.rules.loader import load_rules, rules_hash

    rows = read_posts(corpus_dir / "posts")
    data = train.prepare(rows, progress)
    decision, predicted = train.cross_validate(data, progress=progress)
    a, b = train.platt(decision, data.labels)
    probabilities = 1.0 / (1.0 + np.exp(-(a * decision + b)))
    model = load_model()
    if not model:
        raise RuleError("no trained model: run `fauxpas train` first", str(corpus_dir))
    low, warn = model.thresholds["low"], model.thresholds["warn"]
    category_of = {rule.id: rule.spec.category for rule in load_rules().rules}
    counts: dict[str, dict[str, int]] = {}
    totals = {"ok": 0, "blunder": 0}
    for i, row in enumerate(rows):
        label = row["label"]
        totals[label] += 1
        flagged = {category_of.get(rule, "") for rule, weight in data.rule_weights[i].items() if weight >= FLAG_WEIGHT - 1e-9}
        if blunder_weight(float(probabilities[i]), low, warn) >= FLAG_WEIGHT - 1e-9:
            flagged.add(str(predicted[i]))
        for category in flagged - {""}:
            counts.setdefault(category, {"ok": 0, "blunder": 0})[label] += 1
    from fauxpas.models import CATEGORIES

    categories = {}
    for category in CATEGORIES:
        c = counts.get(category, {"ok": 0, "blunder": 0})
        ok, blunder = c["ok"] / max(totals["ok"], 1), c["blunder"] / max(totals["blunder"], 1)
        categories[category] = {"base": round((1 - prevalence) * ok + prevalence * blunder, 5),
                                "ok": round(ok, 5), "blunder": round(blunder, 5)}
    return {
        "generated": date.today().isoformat(),
        "corpus_hash": corpus_hash(corpus_dir),
        "rules_hash": rules_hash(),
        "posts": totals,
        "prevalence": prevalence,
        "flag_weight": FLAG_WEIGHT,
        "categories": categories,
    }


BASE_RATES_HEADER = """\
# Base rates for `fauxpas profile learn` (written by `fauxpas profile base-rates`; do not edit).
# For each category: the share of corpus posts the linter flags (a finding of that category that
# would warn on its own, weight >= flag_weight), among fine posts (ok), among blunders (blunder),
# and mixed as a real stream of posts would be (base = (1 - prevalence) x ok + prevalence x blunder;
# prevalence 0.11 = the share of tweets their authors delete, Bhattacharya & Ganguly 2016).
# The classifier's part is measured out of fold (5-fold cross-validation). See fauxpas/learn.py.
"""


def write_base_rates(result: dict[str, Any], path: Path) -> None:
    body = yaml.safe_dump({k: v for k, v in result.items() if k != "categories"}, sort_keys=False)
    lines = ["categories:"]
    for category, entry in result["categories"].items():
        lines.append(f"  {category}: {{base: {entry['base']}, ok: {entry['ok']}, blunder: {entry['blunder']}}}")
    path.write_text(BASE_RATES_HEADER + body + "\n".join(lines) + "\n", encoding="utf-8")


# -- learning ------------------------------------------------------------------------------------

@dataclass
class CategoryCount:
    category: str
    posts: int = 0
    flagged: int = 0
    regretted: int = 0
    weighted_posts: float = 0.0
    weighted_flagged: float = 0.0
    base_rate: float = 0.0

    @property
    def expected(self) -> float:
        return self.weighted_posts * max(self.base_rate, MIN_BASE)

    @property
    def weight(self) -> float:
        raw = (self.weighted_flagged + PRIOR) / (self.expected + PRIOR)
        return round(max(MIN_WEIGHT, min(MAX_WEIGHT, raw)), 2)

    def to_profile(self) -> dict[str, Any]:
        return {"weight": self.weight, "posts": self.posts, "flagged": self.flagged, "regretted": self.regretted,
                "base_rate": round(self.base_rate, 4)}


@dataclass
class LearnResult:
    posts: int
    regretted: int
    counts: dict[str, CategoryCount]
    skipped_regrets: int = 0  # regretted posts nothing flagged: a kind of blunder the linter does not see
    errors: list[Exception] = field(default_factory=list)

    def weights(self) -> dict[str, dict[str, Any]]:
        return {c: count.to_profile() for c, count in self.counts.items()}


def learn(history: list[HistoryPost], account: str = "brand", base: BaseRates | None = None,
          linter: Any = None) -> LearnResult:
    """Run the linter over past posts and estimate each category's weight for this author."""
    from fauxpas.config import Config
    from fauxpas.linter import Linter

    base = base or load_base_rates()
    linter = linter or Linter(Config(account=account))
    # categories the corpus cannot measure (images, links, schedules: base rate 0) are left out
    counts = {c: CategoryCount(c, base_rate=rate) for c, rate in base.rates.items() if rate > 0}
    regretted_total = unexplained = 0
    for item, report in zip(history, linter.check_many(h.post for h in history)):
        weight = REGRET_WEIGHT if item.regretted else 1.0
        regretted_total += item.regretted
        flagged = flagged_categories(report.findings, base.flag_weight)
        if item.regretted and not flagged:
            unexplained += 1
        for count in counts.values():
            count.posts += 1
            count.weighted_posts += weight
            if count.category in flagged:
                count.flagged += 1
                count.regretted += item.regretted
                count.weighted_flagged += weight
    return LearnResult(len(history), regretted_total, counts, unexplained)


# -- writing the profile -------------------------------------------------------------------------

def replace_weights(text: str, weights: dict[str, dict[str, Any]], comment: str) -> str:
    """The profile's text with its top-level ``weights:`` block replaced (or added at the end);
    everything else, comments included, stays as the author wrote it."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"weights\s*:", line)), None)
    block = [f"# {comment}", "weights:"]
    for category, entry in weights.items():
        inner = ", ".join(f"{k}: {v}" for k, v in entry.items())
        block.append(f"  {category}: {{{inner}}}")
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join([*lines, "", *block]) + "\n"
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
        end += 1
    # drop our own comment line written last time, right above the block
    while start > 0 and lines[start - 1].startswith("# learned by `fauxpas profile learn`"):
        start -= 1
    return "\n".join([*lines[:start], *block, *lines[end:]]) + "\n"


def backup(path: Path) -> Path:
    """Copy a file to ``name.bak`` (replacing an older backup) and return the backup's path."""
    target = path.with_name(path.name + ".bak")
    shutil.copy2(path, target)
    return target
