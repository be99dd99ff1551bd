"""Analyzers: sources of findings that are not text rules (links, images; schedules later).

An analyzer sees each post once. ``extra_texts`` may add texts that the text rules should also
read (words found in an image by OCR, as field ``image_text``); ``analyze`` returns findings
about the post itself (a tracking link, GPS in a photo) given the parsed main text. Problems
with an input the post points to (a corrupt image) are raised as InputError by the analyzer and
reported by the linter as an input error, while the rest of the post is still checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from fauxpas.config import Config
    from fauxpas.models import Finding, Post
    from fauxpas.view import PostView


class Analyzer:
    """Base class: override what the analyzer needs."""

    name = ""

    def __init__(self, config: "Config"):
        self.config = config
        # Things the user should know once per run that are not findings (e.g. "tesseract is not
        # installed: text inside images was not read"). Collected by the Session into Report.notices.
        self.notices: list[str] = []

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def extra_texts(self, post: "Post") -> list[tuple[str, str]]:
        """(field, text) pairs for the text rules, e.g. ("image_text", words read from an image)."""
        return []

    def analyze(self, post: "Post", view: "PostView") -> list["Finding"]:
        return []


def default_analyzers(config: "Config") -> list[Analyzer]:
    """The analyzers every check runs. Their modules import nothing heavy: Pillow, tldextract and
    idna are imported on the first post that has an image or a link."""
    from fauxpas.analyzers.images import ImageAnalyzer
    from fauxpas.analyzers.links import LinkAnalyzer

    analyzers: list[Any] = [LinkAnalyzer(config), ImageAnalyzer(config)]
    return analyzers
