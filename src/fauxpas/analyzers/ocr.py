"""Text inside images, read by Tesseract through ``pytesseract`` when the binary is installed.

Only words Tesseract is reasonably sure of (confidence >= 60) are kept, line by line, so that a
photo's texture does not become invented words for the text rules. ``OMP_THREAD_LIMIT=1`` makes
Tesseract about three times faster on small machines (research notes section 3).
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from typing import Any

MIN_CONFIDENCE = 60
MAX_SIDE = 2000        # larger pictures are scaled down first: text that matters is not tiny
MIN_SIDE = 900         # small graphics are scaled up: Tesseract wants ~30 px letters
TIMEOUT = 20           # seconds per image


@lru_cache(maxsize=1)
def tesseract_path() -> str | None:
    """The tesseract binary (``TESSERACT_CMD`` or the PATH), or None."""
    explicit = os.environ.get("TESSERACT_CMD")
    if explicit:
        return explicit if os.path.isfile(explicit) and os.access(explicit, os.X_OK) else None
    return shutil.which("tesseract")


class OcrUnavailable(Exception):
    """Tesseract is not installed or could not run."""


def read_text(image: Any, lang: str = "eng") -> str:
    """The words Tesseract reads in a Pillow image, as lines of text ('' when none)."""
    path = tesseract_path()
    if path is None:
        raise OcrUnavailable("tesseract is not installed")
    try:
        import pytesseract
    except ImportError:
        raise OcrUnavailable("the pytesseract package is not installed") from None
    from PIL import Image

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pytesseract.pytesseract.tesseract_cmd = path
    grey = image.convert("L")
    side = max(grey.size)
    if side > MAX_SIDE:
        grey.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    elif side < MIN_SIDE:
        factor = MIN_SIDE / side
        grey = grey.resize((round(grey.width * factor), round(grey.height * factor)), Image.Resampling.LANCZOS)
    try:
        data = pytesseract.image_to_data(grey, lang=lang, config="--psm 11", timeout=TIMEOUT,
                                         output_type=pytesseract.Output.DICT)
    except RuntimeError as error:  # pytesseract raises RuntimeError on its timeout
        raise OcrUnavailable(f"tesseract took over {TIMEOUT} s") from error
    except (pytesseract.TesseractError, OSError) as error:
        raise OcrUnavailable(f"tesseract failed: {str(error).strip()[:120]}") from error
    words: list[tuple[float, int, int, str]] = []  # (centre y, left, height, word)
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        try:
            confidence = float(data["conf"][i])
        except (TypeError, ValueError):
            confidence = -1
        if not word or confidence < MIN_CONFIDENCE:
            continue
        height = max(1, int(data["height"][i]))
        words.append((data["top"][i] + height / 2, data["left"][i], height, word))
    # psm 11 finds text runs anywhere: rebuild lines from positions, top to bottom, left to right.
    words.sort()
    lines: list[list[tuple[float, int, int, str]]] = []
    for item in words:
        if lines and abs(item[0] - lines[-1][0][0]) <= max(item[2], lines[-1][0][2]) / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    return "\n".join(" ".join(w for _, _, _, w in sorted(line, key=lambda t: t[1])) for line in lines)
