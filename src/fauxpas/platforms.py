"""Platform limits (from ``rules/data/platforms.yaml``) and counting text as each platform counts.

X weighs code points (most Latin text 1, CJK and emoji 2) and counts every URL as 23; Bluesky
and Mastodon count graphemes (Mastodon with URLs as 23); Threads counts emoji by their UTF-8
bytes; the others count characters.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from fauxpas.paths import rules_dir
from fauxpas.yamlio import safe_load

URL = regex.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
EMOJI = regex.compile(r"\p{Extended_Pictographic}")


@lru_cache(maxsize=4)
def load_limits(path: Path | None = None) -> dict[str, Any]:
    data = safe_load((path or rules_dir() / "data" / "platforms.yaml").read_text(encoding="utf-8"))
    return data["platforms"]


def limit(platform: str | None, key: str) -> Any:
    if not platform:
        return None
    entry = load_limits().get(platform) or {}
    return entry.get(key)


_EMOJI_SEQUENCE = regex.compile(
    r"(?:\p{Regional_Indicator}\p{Regional_Indicator}"
    r"|\p{Extended_Pictographic}(?:[\uFE0F\U0001F3FB-\U0001F3FF]|\u200D\p{Extended_Pictographic})*)"
)
_HEAVY = regex.compile(r"[^\u0000-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]")


def _x_weight(text: str) -> int:
    """twitter-text v3: an emoji sequence weighs 2; code points outside the light ranges 2; others 1."""
    text = _EMOJI_SEQUENCE.sub("ee", text)
    return len(text) + len(_HEAVY.findall(text))


def count(text: str, platform: str | None) -> int:
    """Length of ``text`` as ``platform`` counts it against its limit."""
    method = limit(platform, "counting") or "chars"
    url_length = limit(platform, "url_length")
    body = text
    urls = 0
    if url_length and ("://" in text or "www." in text.lower()):  # the URL pattern needs one of them
        urls = len(URL.findall(text))
        body = URL.sub("", text)
    if body.isascii():
        n = len(body)  # every counting method agrees on plain ASCII
    elif method == "x-weighted":
        n = _x_weight(body)
    elif method == "graphemes":
        n = len(regex.findall(r"\X", body))
    elif method == "emoji-bytes":
        n = sum(len(g.encode("utf-8")) if EMOJI.search(g) else 1 for g in regex.findall(r"\X", body))
    else:
        n = len(body)
    return n + urls * (url_length or 0)
