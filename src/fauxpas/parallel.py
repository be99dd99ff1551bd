"""Checking many posts on several cores.

Each worker process builds its own pipeline and compiled rules once (with ``fork`` they are
inherited already built), then checks a share of the posts in order-preserving chunks. Reports
come back without their parsed Docs; findings, risk, verdict and similar case travel as is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from typing import Any, Iterable, Iterator

from fauxpas.models import Post, PostReport

CHUNK = 512
_WORKER_LINTER: Any = None


def _init(linter: Any) -> None:
    global _WORKER_LINTER
    _WORKER_LINTER = linter


def _check_chunk(posts: list[Post]) -> list[PostReport]:
    reports = list(_WORKER_LINTER.check_many(posts))
    for report in reports:
        report.doc = None
    return reports


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def check_parallel(linter: Any, posts: Iterable[Post], workers: int) -> Iterator[PostReport]:
    """Like ``linter.check_many(posts)``, spread over ``workers`` processes (1: in this process)."""
    posts = list(posts)
    if workers <= 1 or len(posts) < 2 * CHUNK:
        yield from linter.check_many(posts)
        return
    # Build everything once in the parent; forked workers inherit it ready to use.
    list(linter.check_many(posts[:1]))
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    chunks = [posts[i:i + CHUNK] for i in range(0, len(posts), CHUNK)]
    with context.Pool(workers, initializer=_init, initargs=(linter,)) as pool:
        for reports in pool.imap(_check_chunk, chunks):
            yield from reports
