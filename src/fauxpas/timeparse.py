"""Parsing the dates and times people put in front matter and calendars."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%d/%m/%Y %H:%M", "%d.%m.%Y %H:%M",
    "%m/%d/%Y %I:%M %p", "%Y-%m-%d %I:%M %p", "%d %b %Y %H:%M", "%b %d %Y %H:%M",
)
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%b %d %Y")


def parse_datetime(value: Any, time_value: Any = None) -> datetime:
    """Parse ISO 8601 (with or without zone) and a few common calendar spellings.

    ``time_value`` joins a separate time column ("date" + "time"). Raises ValueError with a
    message a person understands.
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if time_value not in (None, ""):
            text = f"{text} {str(time_value).strip()}"
        result = _parse_text(text)
    else:
        raise ValueError(f"cannot read '{value}' as a date and time")
    if time_value not in (None, "") and isinstance(value, (date, datetime)) and not isinstance(value, str):
        parsed_time = _parse_time(str(time_value))
        result = datetime.combine(result.date(), parsed_time, result.tzinfo)
    return result


def _parse_text(text: str) -> datetime:
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"cannot read '{text}' as a date and time (use ISO 8601, e.g. 2027-03-16T09:30)")


def _parse_time(text: str) -> time:
    for fmt in ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I %p"):
        try:
            return datetime.strptime(text.strip(), fmt).time()
        except ValueError:
            continue
    raise ValueError(f"cannot read '{text}' as a time of day")
