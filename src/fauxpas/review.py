"""Reviewing a whole content calendar: every post's own checks, then the schedule checks.

``review_paths`` reads calendars (CSV, JSONL, JSON, YAML, XLSX) and folders of drafts, checks
every post with the Session's linter (text, links, images, classifier, profile weighting; on
several processes with ``workers``), then runs :func:`fauxpas.schedule.check_schedule` over all
of them at once. Inputs that cannot be read become ``report.errors``; the others are reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from fauxpas.errors import FauxpasError
from fauxpas.models import Post, PostReport, Report
from fauxpas.profile import Profile, load_profile
from fauxpas.schedule import (
    Freeze, ScheduleOptions, ScheduleSummary, SensitiveDate, check_schedule, load_freezes,
    load_sensitive_dates, shipped_calendar, to_profile_zone, zone_of,
)
from fauxpas.scoring import Thresholds

Progress = Callable[[int, int], None]


@dataclass
class Review:
    """A reviewed calendar: the per-post report (schedule findings included) and the schedule."""

    report: Report
    schedule: ScheduleSummary
    profile: Profile | None = None
    inputs: list[str] = field(default_factory=list)

    def pairs(self) -> list[tuple[PostReport, Any]]:
        return list(zip(self.report.posts, self.schedule.posts))

    def to_dict(self) -> dict[str, Any]:
        """DESIGN.md section 4, plus each post's ``scheduled_at`` and ``schedule``, and a top-level
        ``schedule`` summary."""
        data = self.report.to_dict()
        for item, (post, info) in zip(data["posts"], self.pairs()):
            item["scheduled_at"] = post.post.scheduled_at.isoformat() if post.post.scheduled_at else None
            item["schedule"] = info.to_dict()
        data["schedule"] = self.schedule.to_dict(self.report.posts)
        return data


def resolve_profile(session: Any, paths: Sequence[Path], profile_path: Path | None) -> Profile | None:
    """The ``--profile`` file, else the ``profile:`` of the first input's configuration."""
    if profile_path is not None:
        return load_profile(profile_path)
    for path in paths:
        if path.exists():
            configured = session.config_for(path).profile
            return load_profile(configured) if configured else None
    return None


def review_paths(
    paths: Iterable[Path],
    session: Any,
    *,
    profile: Profile | None = None,
    freezes: Sequence[Freeze] = (),
    sensitive_dates: Sequence[SensitiveDate] = (),
    workers: int = 1,
    burst_minutes: float = 10.0,
    progress: Progress | None = None,
) -> Review:
    """Read, check and schedule-check every post of the given calendars and draft folders."""
    report = Report()
    zone = zone_of(profile)
    groups: list[tuple[Any, Thresholds, list[Post]]] = []
    by_linter: dict[int, int] = {}
    inputs: list[str] = []
    for path, posts in session.read_paths(paths, report):
        inputs.append(str(path))
        for post in posts:
            post.scheduled_at = to_profile_zone(post.scheduled_at, zone)
        try:
            linter = session.linter_for(path)
        except FauxpasError as error:
            report.errors.append(error)
            continue
        key = id(linter)
        if key not in by_linter:
            by_linter[key] = len(groups)
            groups.append((linter, linter.config.thresholds, []))
        groups[by_linter[key]][2].extend(posts)

    total = sum(len(posts) for _, _, posts in groups)
    thresholds: list[Thresholds] = []
    done = 0
    for linter, levels, posts in groups:
        try:
            checked = _check(linter, posts, workers)
            for post_report in checked:
                report.posts.append(post_report)
                report.errors.extend(post_report.errors)
                thresholds.append(levels)
                done += 1
                if progress is not None:
                    progress(done, total)
        except FauxpasError as error:
            report.errors.append(error)
    report.notices = session.notices()

    _, shipped = shipped_calendar()
    options = ScheduleOptions(
        profile=profile, freezes=tuple(freezes), sensitive_dates=(*shipped, *sensitive_dates),
        burst_minutes=burst_minutes, ignore=_ignored_names(groups),
        default_platform=groups[0][0].config.platform if groups else None,
        default_account=(profile.account if profile else None) or (groups[0][0].config.account if groups else "brand"),
    )
    summary = check_schedule(report.posts, options, thresholds)
    return Review(report=report, schedule=summary, profile=profile, inputs=inputs)


def _check(linter: Any, posts: list[Post], workers: int) -> Iterable[PostReport]:
    if workers > 1:
        from fauxpas.parallel import check_parallel

        return check_parallel(linter, posts, workers)
    return linter.check_many(posts)


def _ignored_names(groups: Sequence[tuple[Any, Thresholds, list[Post]]]) -> frozenset[str]:
    names: set[str] = set()
    for linter, _, _ in groups[:1]:
        names.update(linter.config.ignore)
        names.update(linter.config.disable)
    return frozenset(names)


def schedule_files(session: Any, paths: Sequence[Path], freeze: Sequence[Path] | None,
                   sensitive: Sequence[Path] | None) -> tuple[list[Path], list[Path]]:
    """The freeze and sensitive-date files: those given on the command line, else the
    ``freeze:`` and ``sensitive_dates:`` of the first input's configuration."""
    config = next((session.config_for(path) for path in paths if path.exists()), None)
    return (list(freeze) if freeze else list(config.freeze if config else ()),
            list(sensitive) if sensitive else list(config.sensitive_dates if config else ()))


def load_options(freeze_paths: Sequence[Path] = (), sensitive_paths: Sequence[Path] = ()) -> tuple[list[Freeze], list[SensitiveDate]]:
    """The freeze files and the user's sensitive-date files (ConfigError naming file and line)."""
    freezes = [f for path in freeze_paths for f in load_freezes(path)]
    dates = [d for path in sensitive_paths for d in load_sensitive_dates(path)]
    return freezes, dates


__all__ = ["Review", "load_options", "resolve_profile", "review_paths", "schedule_files"]
