"""``fauxpas profile``: write an author profile (``init``), see what it weighs (``show``), and learn
weights from the author's past posts (``learn``)."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from fauxpas.cli.common import choice, command_group, print_errors, split_names
from fauxpas.errors import UsageError
from fauxpas.models import ACCOUNTS, PLATFORMS

DEFAULT_FILE = "fauxpas-profile.yaml"

app = command_group("profile", "The author profile: what this author is prone to, and when someone can correct a post.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="profile")


# -- the Mini-IPIP (Donnellan, Oswald, Baird & Lucas 2006): 20 public-domain IPIP items -------------
# (statement, trait, reverse-keyed); the key is published at ipip.ori.org/MiniIPIPKey.htm.
INVENTORY: tuple[tuple[str, str, bool], ...] = (
    ("Am the life of the party.", "extraversion", False),
    ("Sympathize with others' feelings.", "agreeableness", False),
    ("Get chores done right away.", "conscientiousness", False),
    ("Have frequent mood swings.", "neuroticism", False),
    ("Have a vivid imagination.", "openness", False),
    ("Don't talk a lot.", "extraversion", True),
    ("Am not interested in other people's problems.", "agreeableness", True),
    ("Often forget to put things back in their proper place.", "conscientiousness", True),
    ("Am relaxed most of the time.", "neuroticism", True),
    ("Am not interested in abstract ideas.", "openness", True),
    ("Talk to a lot of different people at parties.", "extraversion", False),
    ("Feel others' emotions.", "agreeableness", False),
    ("Like order.", "conscientiousness", False),
    ("Get upset easily.", "neuroticism", False),
    ("Have difficulty understanding abstract ideas.", "openness", True),
    ("Keep in the background.", "extraversion", True),
    ("Am not really interested in others.", "agreeableness", True),
    ("Make a mess of things.", "conscientiousness", True),
    ("Seldom feel blue.", "neuroticism", True),
    ("Do not have a good imagination.", "openness", True),
)
TRAIT_ORDER = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
SCALE = "1 very inaccurate, 2 moderately inaccurate, 3 neither, 4 moderately accurate, 5 very accurate"


def score_inventory(answers: list[int | None]) -> dict[str, float]:
    """Mini-IPIP answers (1-5, None = skipped) -> each trait's mean, reverse-keyed items as 6 - x,
    rescaled from 1-5 to 0-1. A trait with no answered item is left out."""
    if len(answers) != len(INVENTORY):
        raise UsageError(f"--answers needs {len(INVENTORY)} values (1-5, or blank to skip), got {len(answers)}")
    sums: dict[str, list[int]] = {}
    for (_, trait, reverse), answer in zip(INVENTORY, answers):
        if answer is None:
            continue
        sums.setdefault(trait, []).append(6 - answer if reverse else answer)
    return {t: round((sum(v) / len(v) - 1) / 4, 2) for t in TRAIT_ORDER if (v := sums.get(t))}


def _likert(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError(f"answer with a number from 1 to 5 (or nothing to skip), not '{text}'")
    return int(text)


def _parse_answers(value: str) -> list[int | None]:
    return [_likert(part) for part in value.split(",")]


def _parse_trait(value: str) -> tuple[str, float]:
    name, sep, number = value.partition("=")
    name = name.strip().lower()
    if not sep or name not in TRAIT_ORDER:
        raise UsageError(f"--trait must look like extraversion=0.8 (traits: {', '.join(TRAIT_ORDER)}), not '{value}'")
    try:
        score = float(number)
    except ValueError:
        raise UsageError(f"--trait {name}: '{number}' is not a number from 0 to 1") from None
    if not 0 <= score <= 1:
        raise UsageError(f"--trait {name}: {score} is not from 0 to 1")
    return name, score


DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = {"daily": DAY_NAMES, "everyday": DAY_NAMES, "all": DAY_NAMES, "weekdays": DAY_NAMES[:5], "weekends": DAY_NAMES[5:],
             "weekend": DAY_NAMES[5:]}


def parse_watch(text: str) -> list[dict[str, Any]]:
    """'mon-fri 08:00-18:00 Priya; sat 10:00-14:00' -> [{days: [...], hours: '08:00-18:00',
    who: 'Priya'}, {days: [sat], hours: '10:00-14:00'}]: who is on watch is optional."""
    from fauxpas.profile import parse_hours

    slots = []
    for part in re.split(r"[;\n]", text):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(?:(.+?)\s+)?(\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})(?:\s+(.+))?", part)
        if not match:
            raise ValueError(f"watch hours look like 'mon-fri 08:00-18:00' (then who, optionally), not '{part}'")
        days_text, hours, who = match.group(1), re.sub(r"\s+", "", match.group(2)), match.group(3)
        start, end = parse_hours(hours)
        days = _parse_days(days_text) if days_text else list(DAY_NAMES)
        slot = {"days": days, "hours": f"{start:%H:%M}-{'24:00' if hours.endswith('24:00') else format(end, '%H:%M')}"}
        if who:
            slot["who"] = who.strip()
        slots.append(slot)
    return slots


def _parse_days(text: str) -> list[str]:
    days: list[str] = []
    for token in re.split(r"[,\s]+", text.strip().lower()):
        if not token:
            continue
        if token in DAY_WORDS:
            days.extend(DAY_WORDS[token])
            continue
        first, sep, last = token.partition("-")
        try:
            a = DAY_NAMES.index(first[:3])
            b = DAY_NAMES.index(last[:3]) if sep else a
        except ValueError:
            raise ValueError(f"days are mon, tue, ... sun, ranges like mon-fri, or daily/weekdays/weekends, not '{token}'") from None
        index = a
        while True:
            days.append(DAY_NAMES[index])
            if index == b:
                break
            index = (index + 1) % 7
    return list(dict.fromkeys(days))


def _local_timezone() -> str:
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = os.readlink("/etc/localtime")
            name = link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else ""
        except OSError:
            name = ""
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(name)
        return name
    except Exception:
        return "UTC"


def _timezone(text: str) -> str:
    from zoneinfo import ZoneInfo

    text = text.strip()
    try:
        ZoneInfo(text)
    except Exception:
        raise ValueError(f"unknown time zone '{text}' (use an IANA name such as Europe/London)") from None
    return text


def _duration(text: str) -> str:
    from fauxpas.profile import parse_duration

    parse_duration(text)
    return text.strip()


def _names(text: str, choices: tuple[str, ...] | None = None, what: str = "") -> list[str]:
    values = [v.strip() for v in re.split(r"[,;]", text) if v.strip()]
    if choices is not None:
        for value in values:
            if value not in choices:
                raise ValueError(f"unknown {what} '{value}' (known: {', '.join(choices)})")
    return values


class Answers:
    """Where answers come from: a terminal (ask, re-ask on a bad answer), piped standard input (one
    answer per line, in question order; blank or missing = default), or nothing (--no-input, or no
    standard input): defaults. Never waits for input that is not coming."""

    def __init__(self, no_input: bool):
        self.tty = False
        self.lines: list[str] | None = None
        if no_input or sys.stdin is None or sys.stdin.closed:
            self.lines = []
        elif sys.stdin.isatty():
            self.tty = True
        else:
            self.lines = _read_piped_stdin().splitlines()
        self.asked = 0

    def ask(self, question: str, default: str, parse: Callable[[str], Any]) -> Any:
        self.asked += 1
        if self.tty:
            while True:
                shown = f" [{default}]" if default else ""
                print(f"{question}{shown}: ", end="", file=sys.stderr, flush=True)
                line = sys.stdin.readline()
                if not line:  # end of input on a terminal (Ctrl-D): take the defaults from here on
                    self.tty, self.lines = False, []
                    return parse(default)
                text = line.strip() or default
                try:
                    return parse(text)
                except (ValueError, UsageError) as error:
                    print(f"  {error}", file=sys.stderr)
        text = self.lines.pop(0).strip() if self.lines else ""
        try:
            return parse(text or default)
        except (ValueError, UsageError) as error:
            raise UsageError(f"answer {self.asked} ({question.strip()}): {error}") from None

    def say(self, text: str) -> None:
        if self.tty:
            print(text, file=sys.stderr)


def _read_piped_stdin(timeout: float = 2.0) -> str:
    """Piped answers; an open pipe that stays silent (no data within ``timeout``) counts as none."""
    try:
        import select

        ready, _, _ = select.select([sys.stdin], [], [], timeout)
        if not ready:
            return ""
    except (ImportError, OSError, ValueError):
        pass
    try:
        return sys.stdin.read()
    except (OSError, ValueError):
        return ""


@app.command("init")
def init(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help=f"Where to write the profile (default: {DEFAULT_FILE})."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file (its old version is kept as FILE.bak)."),
    no_input: bool = typer.Option(False, "--no-input", help="Ask nothing: use the flags and defaults."),
    account: Optional[str] = typer.Option(None, "--account", help="brand, personal or executive."),
    name: Optional[str] = typer.Option(None, "--name", help="Name of the account or author."),
    answers: Optional[str] = typer.Option(None, "--answers", help="The 20 inventory answers (1-5) in order, comma-separated; blank skips one."),
    trait: Optional[List[str]] = typer.Option(None, "--trait", help="A trait score from 0 to 1, e.g. extraversion=0.8 (repeatable; wins over --answers)."),
    archetype: Optional[List[str]] = typer.Option(None, "--archetype", help="Archetypes (comma-separated, repeatable), see `fauxpas profile show --archetypes`."),
    timezone: Optional[str] = typer.Option(None, "--timezone", help="IANA time zone, e.g. Europe/London."),
    watch: Optional[List[str]] = typer.Option(None, "--watch", help="When someone can correct a post within minutes, and optionally who, e.g. \"mon-fri 08:00-18:00 Priya\" (repeatable)."),
    correction_window: Optional[str] = typer.Option(None, "--correction-window", help="Time wanted after each post inside watch hours, e.g. 2h or 90m."),
    domain: Optional[List[str]] = typer.Option(None, "--domain", help="Your own domains (comma-separated, repeatable)."),
    brand_term: Optional[List[str]] = typer.Option(None, "--brand-term", help="Brand terms (comma-separated, repeatable)."),
    competitor: Optional[List[str]] = typer.Option(None, "--competitor", help="Competitors' domains or names (comma-separated, repeatable)."),
    avoid: Optional[List[str]] = typer.Option(None, "--avoid", help="Topics to avoid, e.g. politics,religion (repeatable)."),
    allow: Optional[List[str]] = typer.Option(None, "--allow", help="Topics this account may talk about, e.g. politics (repeatable)."),
    platform: Optional[List[str]] = typer.Option(None, "--platform", help=f"Platforms: {', '.join(PLATFORMS)} (comma-separated, repeatable)."),
) -> None:
    """Write an author profile: a short personality inventory and the account's settings.

    Asks on a terminal; reads one answer per line from piped input; with --no-input (or no input)
    uses the flags and defaults. Every question has a flag."""
    from fauxpas.weighting import load_trait_data

    target = out or Path(DEFAULT_FILE)
    if target.exists() and not force:
        raise UsageError(f"{target} exists: use --force to overwrite it (the old version is kept as {target.name}.bak)")
    if target.exists() and target.is_dir():
        raise UsageError(f"{target} is a folder")
    choice(account, ACCOUNTS, "--account")
    known = load_trait_data()
    archetype_names, topic_names = tuple(known.archetypes), tuple(known.topics)

    def flag_list(values: Optional[List[str]], choices: tuple[str, ...] | None, option: str) -> list[str] | None:
        if not values:
            return None
        names = list(split_names(values))
        for value in names:
            if choices is not None and value not in choices:
                raise UsageError(f"{option}: unknown value '{value}' (known: {', '.join(choices)})")
        return names

    flags_traits = dict(_parse_trait(t) for t in trait or ())
    inventory = None
    if answers is not None:
        try:
            inventory = _parse_answers(answers)
        except ValueError as error:
            raise UsageError(f"--answers: {error}") from None
        score_inventory(inventory)  # checks the number of answers
    watch_slots = None
    if watch:
        try:
            watch_slots = [slot for w in watch for slot in parse_watch(w)]
        except ValueError as error:
            raise UsageError(f"--watch: {error}") from None
    for value, check, option in ((timezone, _timezone, "--timezone"), (correction_window, _duration, "--correction-window")):
        if value is not None:
            try:
                check(value)
            except ValueError as error:
                raise UsageError(f"{option}: {error}") from None

    ask = Answers(no_input)
    profile: dict[str, Any] = {}
    profile["account"] = account or ask.ask("Account type (brand, personal, executive)", "brand",
                                            lambda t: _one_of(t, ACCOUNTS, "account type"))
    profile["name"] = name if name is not None else ask.ask("Name of the account or author (optional)", "", str.strip)
    traits: dict[str, float] = {}
    if inventory is not None:
        traits = score_inventory(inventory)
    elif not flags_traits:
        ask.say(f"\nHow accurately does each statement describe you? ({SCALE}; Enter skips)")
        replies = []
        for number, (statement, _, _) in enumerate(INVENTORY, 1):
            replies.append(ask.ask(f"{number:2}/{len(INVENTORY)} {statement}", "", _likert))
        traits = score_inventory(replies)
    inventory_used = any(t not in flags_traits for t in traits)
    traits.update(flags_traits)
    profile["traits"] = {t: traits[t] for t in TRAIT_ORDER if t in traits}
    listing = ", ".join(archetype_names)
    profile["archetypes"] = flag_list(archetype, archetype_names, "--archetype")
    if profile["archetypes"] is None:
        profile["archetypes"] = ask.ask(f"Archetypes that fit, comma-separated ({listing}; Enter for none)", "",
                                        lambda t: _names(t, archetype_names, "archetype"))
    profile["timezone"] = timezone or ask.ask("Time zone (IANA name)", _local_timezone(), _timezone)
    profile["watch"] = watch_slots if watch_slots is not None else ask.ask(
        "Watch hours, when someone can correct a post within minutes, and who (e.g. mon-fri 08:00-18:00 Priya; several separated by ';')",
        "mon-fri 09:00-17:00", parse_watch)
    profile["correction_window"] = correction_window or ask.ask("Correction window wanted after each post (e.g. 2h, 90m)", "2h", _duration)
    for key, values, question, choices in (
        ("own_domains", domain, "Your own domains, comma-separated (e.g. lumenbake.com)", None),
        ("brand_terms", brand_term, "Brand terms, comma-separated", None),
        ("competitors", competitor, "Competitors' domains or names, comma-separated", None),
        ("avoid_topics", avoid, f"Topics to avoid, comma-separated ({', '.join(topic_names)})", topic_names),
        ("allow_topics", allow, "Topics this account may talk about even so (a campaign account: politics)", topic_names),
        ("platforms", platform, f"Platforms, comma-separated ({', '.join(PLATFORMS)})", PLATFORMS),
    ):
        given = flag_list(values, choices, "--" + key.rstrip("s").replace("_", "-").replace("own-domain", "domain"))
        profile[key] = given if given is not None else ask.ask(question, "", lambda t, c=choices, k=key: _names(t, c, k.replace("_", " ")))
    profile["weights"] = {}

    from fauxpas.profile import ProfileError, parse_profile

    try:
        parse_profile(dict(profile), target)
    except ProfileError as error:
        raise UsageError(error.message) from None
    text = render_profile(profile, inventory_used=inventory_used)
    target.parent.mkdir(parents=True, exist_ok=True)
    backup_note = ""
    if target.exists():
        from fauxpas.learn import backup

        backup_note = f" (the old version is in {backup(target)})"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}{backup_note}")
    print(f"use it with: fauxpas check --profile {target} ...  or  profile: {target.name} in .fauxpas.yaml")


def _one_of(text: str, options: tuple[str, ...], what: str) -> str:
    text = text.strip().lower()
    if text not in options:
        raise ValueError(f"{what} must be one of: {', '.join(options)}")
    return text


def _yaml_value(value: Any) -> str:
    if isinstance(value, str):
        if re.fullmatch(r"[A-Za-z][\w.\-/+ ]*", value) and value.lower() not in {"yes", "no", "true", "false", "null", "on", "off", "y", "n"} \
                and not value.endswith(" "):
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return json.dumps(value)


def render_profile(profile: dict[str, Any], inventory_used: bool) -> str:
    lines = [f"# fauxpas author profile, written by `fauxpas profile init` on {date.today().isoformat()}.",
             "# Keys: DESIGN.md section 6; what each trait, archetype and topic weighs: `fauxpas profile show`."]
    if inventory_used:
        lines.append("# Traits (0-1) from the Mini-IPIP (Donnellan, Oswald, Baird & Lucas 2006), 20 public-domain IPIP items.")
    comments = {
        "account": "brand | personal | executive",
        "watch": "when someone can correct a post within minutes",
        "correction_window": "wanted after each post, inside watch hours",
        "weights": "learned by `fauxpas profile learn`",
    }
    for key, value in profile.items():
        if key == "name" and not value:
            continue
        if key == "watch":
            lines.append(f"watch:{'  # ' + comments['watch']}")
            for slot in value:
                lines.append(f"  - days: {_yaml_value(slot['days'])}")
                lines.append(f"    hours: \"{slot['hours']}\"")
                if slot.get("who"):
                    lines.append(f"    who: {_yaml_value(slot['who'])}")
            if not value:
                lines[-1] = "watch: []  # " + comments["watch"]
            continue
        line = f"{key}: {_yaml_value(value)}"
        if key in comments:
            line += f"  # {comments[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


# -- show ------------------------------------------------------------------------------------------

def resolve_profile(option: Optional[Path], must_exist: bool = True) -> Path:
    """--profile, else `profile:` in the nearest configuration, else ./fauxpas-profile.yaml."""
    if option is not None:
        if must_exist and not option.is_file():
            raise UsageError(f"--profile: no such file: {option}")
        return option
    from fauxpas.config import find_config_file, load_config

    found = find_config_file(Path.cwd())
    if found is not None:
        config = load_config(found)
        if config.profile is not None:
            if must_exist and not config.profile.is_file():
                raise UsageError(f"{found}: profile '{config.profile}' does not exist")
            return config.profile
    default = Path(DEFAULT_FILE)
    if default.is_file() or not must_exist:
        return default
    raise UsageError("no profile: give --profile FILE, set `profile:` in .fauxpas.yaml, or run `fauxpas profile init`")


@app.command("show")
def show(
    profile: Optional[Path] = typer.Option(None, "--profile", help=f"The profile (default: `profile:` in .fauxpas.yaml, else {DEFAULT_FILE})."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
    archetypes: bool = typer.Option(False, "--archetypes", help="List the archetypes and topics a profile may name, instead."),
) -> None:
    """The blunder types this profile is most prone to, how much each weighs, and why."""
    from fauxpas.profile import load_profile
    from fauxpas.weighting import Weighting, load_trait_data

    choice(output_format, ("text", "json"), "--format")
    data = load_trait_data()
    if archetypes:
        sys.stdout.write(_render_catalogue(data, output_format))
        return
    path = resolve_profile(profile)
    loaded = load_profile(path)
    weighting = Weighting.from_profile(loaded, data)
    rows = weighting.categories()
    if output_format == "json":
        result = {
            "profile": str(path),
            "account": loaded.account,
            "traits": {t: {"score": v, "band": _band(v, data)} for t, v in loaded.traits.items()},
            "archetypes": list(loaded.archetypes),
            "avoid_topics": list(loaded.avoid_topics),
            "allow_topics": list(loaded.allow_topics),
            "bounds": {"min": weighting.minimum, "max": weighting.maximum},
            "categories": [row.to_dict() for row in rows],
        }
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write(render_show(path, loaded, rows, data))


def _band(value: float, data: Any) -> str:
    return "high" if value >= data.high else "low" if value <= data.low else "middle"


def render_show(path: Path, profile: Any, rows: list[Any], data: Any) -> str:
    lines = [f"Author profile {path}: {profile.account} account" + (f", {profile.timezone}" if profile.timezone else "")]
    if profile.traits:
        lines.append("traits: " + ", ".join(f"{t} {v:.2f} ({_band(v, data)})" for t, v in profile.traits.items()))
    extras = []
    if profile.archetypes:
        extras.append("archetypes: " + ", ".join(profile.archetypes))
    if profile.avoid_topics:
        extras.append("avoids: " + ", ".join(profile.avoid_topics))
    if profile.allow_topics:
        extras.append("allows: " + ", ".join(profile.allow_topics))
    if extras:
        lines.append("; ".join(extras))
    lines.append("")
    if not rows:
        lines.append("This profile weighs nothing up or down: add traits, archetypes or topics, or run `fauxpas profile learn`.")
        return "\n".join(lines) + "\n"
    sources: list[str] = []
    width = max(len("category"), *(len(r.category) for r in rows))
    lines.append(f"{'category':<{width}}  {'weight':>6}  why")
    for row in rows:
        first = True
        for reason in row.reasons:
            refs = []
            for cite in reason.sources:
                if cite not in sources:
                    sources.append(cite)
                refs.append(str(sources.index(cite) + 1))
            detail = f"x{reason.factor:g}"
            if reason.evidence:
                detail += f", {reason.evidence} evidence"
            if refs:
                detail += f", [{','.join(refs)}]"
            if reason.rules is not None:
                detail += f", {len(reason.rules)} rules"
            text = f"{reason.text} ({detail})"
            head = f"{row.category:<{width}}  {'x' + format(row.multiplier, '.2f'):>6}" if first else " " * (width + 8)
            lines.append(f"{head}  {text}")
            first = False
    lines.append("")
    lines.append(f"Weights multiply the risk a finding of that category adds (kept within x{data.minimum:g}-x{data.maximum:g}).")
    if sources:
        lines.append("Sources:")
        lines.extend(f"  [{n}] {cite}" for n, cite in enumerate(sources, 1))
    return "\n".join(lines) + "\n"


def _render_catalogue(data: Any, output_format: str) -> str:
    if output_format == "json":
        return json.dumps({
            "archetypes": {n: {"description": d, "categories": {e.category: e.weight for e in entries}}
                           for n, (d, entries) in data.archetypes.items()},
            "topics": {n: {"description": t.description, "categories": list(t.categories), "avoid": t.avoid, "allow": t.allow}
                       for n, t in data.topics.items()},
        }, indent=2) + "\n"
    lines = ["Archetypes (archetypes: in a profile):"]
    for name, (description, entries) in data.archetypes.items():
        weights = ", ".join(f"{e.category} x{e.weight:g}" for e in entries)
        lines.append(f"  {name:<13} {description}: {weights}")
    lines.append("")
    lines.append("Topics (avoid_topics / allow_topics):")
    for name, topic in data.topics.items():
        lines.append(f"  {name:<13} {topic.description}: {', '.join(topic.categories)} (avoid x{topic.avoid:g}, allow x{topic.allow:g})")
    return "\n".join(lines) + "\n"


# -- learn -----------------------------------------------------------------------------------------

@app.command("learn")
def learn_cmd(
    history: List[Path] = typer.Argument(..., help="Past posts: CSV/JSONL/JSON/YAML with the calendar columns (and optionally deleted/regretted), or the X archive's tweets.js."),
    profile: Optional[Path] = typer.Option(None, "--profile", help=f"The profile to write the weights into (created if missing; default: `profile:` in .fauxpas.yaml, else {DEFAULT_FILE})."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the weights without writing them."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Learn how often this author's posts fall into each blunder type, compared with the corpus,
    and write those propensities into the profile as weights (with the counts behind them)."""
    from fauxpas.learn import backup, learn, load_base_rates, read_history, replace_weights
    from fauxpas.profile import load_profile, parse_profile
    from fauxpas.yamlio import load_with_lines

    choice(output_format, ("text", "json"), "--format")
    path = resolve_profile(profile, must_exist=False)
    existing = path.is_file()
    loaded = load_profile(path) if existing else None
    posts, errors = [], []
    for item in history:
        found, failed = read_history(item)
        posts.extend(found)
        errors.extend(failed)
    if errors:
        print_errors(errors)
        raise typer.Exit(2)
    if not posts:
        raise UsageError("no posts found in " + ", ".join(str(h) for h in history))
    base = load_base_rates()
    result = learn(posts, account=loaded.account if loaded else "brand", base=base)
    weights = result.weights()
    comment = (f"learned by `fauxpas profile learn` on {date.today().isoformat()} from {result.posts} posts "
               f"({result.regretted} deleted or regretted) in {', '.join(h.name for h in history)}")
    old = path.read_text(encoding="utf-8") if existing else "account: brand  # brand | personal | executive\n"
    new = replace_weights(old, weights, comment)
    parse_profile(load_with_lines(new), path)  # never write a profile that would not load
    backup_path = None
    if not dry_run:
        if existing:
            backup_path = backup(path)
        path.write_text(new, encoding="utf-8")
    if output_format == "json":
        sys.stdout.write(json.dumps({"profile": str(path), "written": not dry_run, "backup": str(backup_path) if backup_path else None,
                                     "posts": result.posts, "regretted": result.regretted,
                                     "regretted_unflagged": result.skipped_regrets, "weights": weights}, indent=2) + "\n")
        return
    rows = sorted(result.counts.values(), key=lambda c: (-c.weight, -c.flagged, c.category))
    width = max(len(r.category) for r in rows)
    lines = [f"{result.posts} past posts, {result.regretted} deleted or regretted.", "",
             f"{'category':<{width}}  {'flagged':>7}  {'share':>6}  {'usual':>6}  {'regret':>6}  weight"]
    quiet = [r.category for r in rows if r.flagged == 0 and abs(r.weight - 1) < 0.05]
    for row in rows:
        if row.category in quiet:
            continue
        lines.append(f"{row.category:<{width}}  {row.flagged:>7}  {row.flagged / max(row.posts, 1):>6.1%}  {row.base_rate:>6.1%}  "
                     f"{row.regretted:>6}  x{row.weight:.2f}")
    if quiet:
        lines.append(f"No findings, too few posts to tell (x0.95-x1.00): {', '.join(sorted(quiet))}.")
    if result.skipped_regrets:
        lines.append(f"{result.skipped_regrets} regretted posts had no finding: a kind of mistake fauxpas does not see yet.")
    lines.append("")
    if dry_run:
        lines.append(f"Not written (--dry-run); would update {path}.")
    else:
        lines.append(f"Wrote the weights of {len(weights)} categories to {path}" + (f" (backup: {backup_path})." if backup_path else " (new file)."))
    sys.stdout.write("\n".join(lines) + "\n")


@app.command("base-rates", hidden=True)
def base_rates_cmd(
    corpus: Path = typer.Option(None, "--corpus", help="The corpus folder (default: the repository's corpus/)."),
    out: Path = typer.Option(None, "--out", help="Where to write (default: rules/data/base_rates.yaml)."),
) -> None:
    """Measure how often the linter flags each category on the corpus (for `profile learn`)."""
    from fauxpas.classifier.corpus import corpus_root
    from fauxpas.learn import base_rates_file, compute_base_rates, write_base_rates

    folder = corpus or corpus_root()
    if not (folder / "posts").is_dir():
        raise UsageError(f"no corpus at {folder} (needs posts/)")
    result = compute_base_rates(folder, progress=lambda m: print(m, file=sys.stderr))
    target = out or base_rates_file()
    write_base_rates(result, target)
    print(f"wrote {target}")
