"""Checks that turn a regex match into a real finding: a card number must pass Luhn, an IBAN
its mod-97 check. Keeps number-shaped false alarms (order numbers, dates) out of the output."""

from __future__ import annotations

import re
from datetime import date
from typing import Callable


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def luhn(text: str) -> bool:
    number = digits(text)
    if not 13 <= len(number) <= 19 or len(set(number)) == 1:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban(text: str) -> bool:
    compact = re.sub(r"[\s-]", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def phone(text: str) -> bool:
    """7 to 15 digits (E.164), not a year range or a date."""
    number = digits(text)
    if not 7 <= len(number) <= 15 or len(set(number)) <= 2:
        return False
    if re.fullmatch(r"(19|20)\d\d[-–/ ](19|20)\d\d", text.strip()):
        return False
    return True


def us_ssn(text: str) -> bool:
    number = digits(text)
    if len(number) != 9:
        return False
    area, group, serial = number[:3], number[3:5], number[5:]
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def uk_nino(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    return bool(re.fullmatch(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact))


def not_a_date(text: str) -> bool:
    """Reject things like 2027-03-16 or 16/03/2027 that number patterns would catch."""
    for pattern in (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"):
        m = re.fullmatch(pattern, text.strip())
        if m:
            parts = [int(p) for p in m.groups()]
            year = parts[0] if len(m.group(1)) == 4 else parts[2]
            rest = parts[1:] if len(m.group(1)) == 4 else parts[:2]
            for month, day in (rest, rest[::-1]):
                try:
                    date(year, month, day)
                    return False
                except ValueError:
                    continue
    return True


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "luhn": luhn,
    "iban": iban,
    "phone": phone,
    "us-ssn": us_ssn,
    "uk-nino": uk_nino,
    "not-a-date": not_a_date,
}
