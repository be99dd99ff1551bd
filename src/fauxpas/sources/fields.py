"""Field values as people type them in front matter and spreadsheets."""

from __future__ import annotations

import re
from typing import Any

PLATFORM_ALIASES = {
    "x": "x", "twitter": "x", "x/twitter": "x", "twitter/x": "x", "tweet": "x",
    "linkedin": "linkedin", "li": "linkedin",
    "instagram": "instagram", "ig": "instagram", "insta": "instagram",
    "facebook": "facebook", "fb": "facebook", "meta": "facebook",
    "threads": "threads",
    "bluesky": "bluesky", "bsky": "bluesky",
    "mastodon": "mastodon", "fediverse": "mastodon",
}


def normalise_platform(value: str | None) -> str | None:
    if value is None:
        return None
    key = value.strip().lower()
    return PLATFORM_ALIASES.get(key)


def split_list(value: Any, separator: str | None = ";") -> list[str]:
    """A list from a YAML list, or from a string separated by ``separator`` characters."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value)
    if separator is None:
        return [text.strip()] if text.strip() else []
    parts = re.split("[" + re.escape(separator) + "]", text)
    return [p.strip() for p in parts if p.strip()]
