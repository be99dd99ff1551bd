"""Masking of personal data and secrets, so fauxpas's own output never repeats a leak."""

from __future__ import annotations

MASK = "•"


def mask(text: str) -> str:
    """Keep the shape and a little of each end; hide the rest of every letter and digit.

    >>> mask("+44 7700 900123")
    '+4• •••• •••123'
    """
    alnum = [i for i, ch in enumerate(text) if ch.isalnum()]
    if len(alnum) <= 4:
        keep: set[int] = set(alnum[-1:]) if len(alnum) > 2 else set()
    elif len(alnum) <= 10:
        keep = {alnum[0], alnum[-1], alnum[-2]}
    else:
        keep = set(alnum[:2]) | set(alnum[-3:])
    return "".join(ch if (not ch.isalnum() or i in keep) else MASK for i, ch in enumerate(text))
