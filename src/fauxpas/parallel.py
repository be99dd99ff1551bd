"""Checking many posts on several cores.

Each worker process builds its own pipeline and compiled rules once (with ``fork`` they are
inherited already built), then checks a share of the posts in order-preserving chunks.

What crosses between processes is kept small, because on a two-core machine the parent's
unpickling competes with the workers for the same cores: with ``fork`` the posts are inherited
and a worker is sent only a range of indices, and a report comes back without its post (the
parent puts its own back) and without its parsed Doc. The garbage collector's objects are
frozen before forking, so collections in a worker do not copy the parent's memory page by page.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from typing import Any, Iterable, Iterator

from fauxpas.models import Post, PostReport

CHUNK = 512
_WORKER_LINTER: Any = None
_WORKER_POSTS: list[Post] | None = None


def _init(linter: Any, posts: list[Post] | None) -> None:
    global _WORKER_LINTER, _WORKER_POSTS
    _WORKER_LINTER = linter
    _WORKER_POSTS = posts


def _check_chunk(job: tuple[int, int] | list[Post]) -> list[PostReport]:
    posts = _WORKER_POSTS[job[0]:job[1]] if isinstance(job, tuple) else job  # type: ignore[index]
    reports = list(_WORKER_LINTER.check_many(posts))
    for report in reports:
        report.doc = None
        report.post = None  # type: ignore[assignment]  # the parent has it
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
    linter.preload()
    list(linter.check_many(posts[:1]))
    forking = "fork" in mp.get_all_start_methods()
    context = mp.get_context("fork") if forking else mp.get_context()
    ranges = [(i, min(i + CHUNK, len(posts))) for i in range(0, len(posts), CHUNK)]
    jobs: list[Any] = ranges if forking else [posts[a:b] for a, b in ranges]
    if forking:
        gc.freeze()
    try:
        with context.Pool(workers, initializer=_init, initargs=(linter, posts if forking else None)) as pool:
            for (start, _), reports in zip(ranges, pool.imap(_check_chunk, jobs)):
                for offset, report in enumerate(reports):
                    report.post = posts[start + offset]
                    yield report
    finally:
        if forking:
            gc.unfreeze()
