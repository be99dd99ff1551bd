"""Image checks: what a picture leaks in its metadata, whether it fits the platform, what text it
shows (OCR, read by the text rules) and whether it is a known image that must not be posted.

Findings: ``image-metadata`` (GPS, serials, owner names, editing history, text chunks, a stale
EXIF thumbnail, a hidden second picture) and ``image-content`` (platform limits from
``rules/data/images.yaml``, missing alt text, deny-listed pictures). A file that cannot be read
safely is an InputError naming the image; the post's other images and texts are still checked.
Pillow, imagehash and pytesseract are imported only when a post has an image.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fauxpas.analyzers import Analyzer
from fauxpas.errors import InputError
from fauxpas.models import Finding
from fauxpas.rules.masking import mask

if TYPE_CHECKING:  # pragma: no cover
    from fauxpas.analyzers.imagefile import ImageFacts
    from fauxpas.config import Config
    from fauxpas.models import Post
    from fauxpas.view import PostView

REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
FIX_HINT = "Remove the metadata: `fauxpas check --fix` writes a cleaned copy ({clean})."
PLATFORM_NAMES = {"x": "X", "linkedin": "LinkedIn", "instagram": "Instagram", "facebook": "Facebook",
                  "threads": "Threads", "bluesky": "Bluesky", "mastodon": "Mastodon"}
OCR_MISSING = ("tesseract is not installed, so text inside images was not read (install it with your package "
               "manager, e.g. `apt-get install tesseract-ocr` or `brew install tesseract`)")


@lru_cache(maxsize=1)
def platform_limits() -> dict[str, Any]:
    import yaml

    from fauxpas.paths import rules_dir

    with open(rules_dir() / "data" / "images.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_hash_list(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """(max_distance, entries) of one image-hashes.yaml; raises InputError naming the file."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise InputError(f"cannot read the image deny-list: {error}", str(path)) from None
    entries = data.get("images") or []
    if not isinstance(entries, list):
        raise InputError("'images' must be a list of {phash, name, reason}", str(path))
    good = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not re.fullmatch(r"[0-9a-f]{16}", str(entry.get("phash", ""))):
            raise InputError(f"entry {index}: needs 'phash' as 16 hex digits (from `fauxpas image-hash FILE`)", str(path))
        good.append({"phash": int(entry["phash"], 16), "name": str(entry.get("name", "")), "reason": str(entry.get("reason", ""))})
    distance = data.get("max_distance", 8)
    if not isinstance(distance, int) or not 0 <= distance <= 20:
        raise InputError("'max_distance' must be a whole number 0-20", str(path))
    return distance, good


def phash_hex(image: Any) -> str:
    import imagehash

    return str(imagehash.phash(image))


def dihedral(image: Any) -> list[Any]:
    """The picture in its 8 mirrored/rotated forms."""
    from PIL import Image

    T = Image.Transpose
    return [image] + [image.transpose(t) for t in (T.FLIP_LEFT_RIGHT, T.FLIP_TOP_BOTTOM, T.ROTATE_90, T.ROTATE_180,
                                                    T.ROTATE_270, T.TRANSPOSE, T.TRANSVERSE)]


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def clean_name(path: str) -> str:
    p = Path(path)
    suffix = ".jpg" if p.suffix.lower() in (".mpo",) else p.suffix
    return str(p.with_name(p.stem + ".clean" + suffix))


class ImageAnalyzer(Analyzer):
    """Image findings for one configuration (results cached per file for the run)."""

    name = "images"

    def __init__(self, config: "Config", ocr: bool | None = None):
        super().__init__(config)
        self.ocr = ocr  # None: when tesseract is installed
        self._facts: dict[tuple[str, int, int], Any] = {}
        self._ocr_text: dict[tuple[str, int, int], str] = {}
        self._hashes: tuple[int, list[dict[str, Any]]] | None = None

    # -- per file, cached -------------------------------------------------------------------
    @staticmethod
    def _key(path: str) -> tuple[str, int, int]:
        try:
            st = os.stat(path)
            return (os.path.abspath(path), st.st_mtime_ns, st.st_size)
        except OSError:
            return (os.path.abspath(path), 0, -1)

    def facts(self, path: str) -> "ImageFacts":
        """Facts of one image; raises InputError (cached, so one bad file is reported once per post)."""
        key = self._key(path)
        cached = self._facts.get(key)
        if cached is None:
            from fauxpas.analyzers.imagefile import inspect

            try:
                cached = inspect(path, want_small=bool(self.hash_list()[1]))
            except InputError as error:
                cached = error
            self._facts[key] = cached
        if isinstance(cached, InputError):
            raise InputError(cached.message, cached.path, cached.line)
        return cached

    def hash_list(self) -> tuple[int, list[dict[str, Any]]]:
        if self._hashes is None:
            from fauxpas.paths import rules_dir

            distance, entries = load_hash_list(rules_dir() / "data" / "image-hashes.yaml")
            for pack in self.config.packs:
                extra = Path(pack) / "data" / "image-hashes.yaml"
                if extra.is_file():
                    d, more = load_hash_list(extra)
                    distance = max(distance, d)
                    entries.extend(more)
            self._hashes = (distance, entries)
        return self._hashes

    @staticmethod
    def local_images(post: "Post") -> list[str]:
        return [ref for ref in post.images if ref and not REMOTE.match(ref)]

    # -- Analyzer interface -------------------------------------------------------------------
    def extra_texts(self, post: "Post") -> list[tuple[str, str]]:
        images = self.local_images(post)
        if not images or self.ocr is False:
            return []
        from fauxpas.analyzers.ocr import OcrUnavailable, read_text, tesseract_path

        if tesseract_path() is None:
            if self.ocr is None:
                self.notice(OCR_MISSING)
                return []
        texts = []
        for path in images:
            key = self._key(path)
            if key not in self._ocr_text:
                try:
                    self.facts(path)  # every safety guard first; a bad file is reported by analyze()
                except InputError:
                    continue
                try:
                    self._ocr_text[key] = self._read(path, read_text)
                except OcrUnavailable as error:
                    self.notice(f"text inside {os.path.basename(path)} was not read: {error}")
                    self._ocr_text[key] = ""
            if self._ocr_text[key].strip():
                texts.append(("image_text", self._ocr_text[key]))
        return texts

    @staticmethod
    def _read(path: str, read_text) -> str:
        import warnings

        from PIL import Image, ImageOps

        from fauxpas.analyzers.imagefile import open_image

        image = open_image(path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.seek(0)
                if image.format in ("JPEG", "MPO") and max(image.size) > 4000:
                    image.draft("RGB", (image.width // 2, image.height // 2))
                image.load()
                upright = ImageOps.exif_transpose(image)
                return read_text(upright)
        finally:
            image.close()

    def analyze(self, post: "Post", view: "PostView") -> list[Finding]:
        images = self.local_images(post)
        if not images:
            return []
        findings: list[Finding] = []
        errors: list[InputError] = []
        facts_list: list[ImageFacts] = []
        for path in images:
            try:
                facts = self.facts(path)
            except InputError as error:
                where = f" (image of {post.source.path}:{post.source.line})" if post.source.path != path else ""
                errors.append(InputError(error.message + where, error.path, error.line))
                continue
            facts_list.append(facts)
            position = self._position(post, path)
            findings.extend(self._with_position(self._metadata(facts), position, post))
            findings.extend(self._with_position(self._known(facts), position, post))
            findings.extend(self._with_position(self._fit_one(facts, post), position, post))
        findings.extend(self._with_position(self._fit_post(post, images, facts_list), None, post))
        if errors:
            first = errors[0]
            first.findings = findings           # type: ignore[attr-defined]  # kept by the linter
            first.more_errors = errors[1:]      # type: ignore[attr-defined]
            raise first
        return findings

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _position(post: "Post", path: str) -> int | None:
        name = os.path.basename(path)
        offset = post.text.find(name) if name else -1
        return offset if offset >= 0 else None

    @staticmethod
    def _with_position(findings: list[Finding], offset: int | None, post: "Post") -> list[Finding]:
        from fauxpas.linter import position

        for finding in findings:
            if offset is not None:
                finding.start, finding.end = offset, offset
                finding.line, finding.column = position(post, offset)
            else:
                finding.line, finding.column = post.source.line, None
        return findings

    def _metadata(self, facts: "ImageFacts") -> list[Finding]:
        name = os.path.basename(facts.path)
        fix = FIX_HINT.format(clean=os.path.basename(clean_name(facts.path)))
        out: list[Finding] = []

        def add(rule: str, severity: str, message: str, suggestion: str = fix) -> None:
            out.append(Finding(rule=rule, category="image-metadata", severity=severity, message=f"{name}: {message}",
                               origin="image", suggestion=suggestion))

        if facts.gps is not None:
            lat, lon = facts.gps
            place = f"; also names {', '.join(dict.fromkeys(facts.place))[:80]}" if facts.place else ""
            add("gps-in-image", "error", f"carries the GPS position where it was taken (about {lat:.2f}, {lon:.2f}, "
                f"from {facts.gps_source}{place}): anyone who downloads it can see the place")
        elif facts.place:
            add("location-in-image", "warning", f"names the place it was taken ({', '.join(dict.fromkeys(facts.place))[:80]})")
        if facts.serials:
            shown = ", ".join(f"{label.replace('XMP ', '')} {mask(value)}" for label, value in facts.serials[:3])
            add("camera-serial-in-image", "warning", f"carries the camera's serial number ({shown}): it links every "
                "photo from that camera to its owner")
        if facts.owners:
            shown = ", ".join(f"{label} '{mask(value)}'" for label, value in facts.owners[:4])
            add("owner-name-in-image", "warning", f"names its owner or author in its metadata ({shown})")
        if facts.history:
            add("editing-history-in-image", "warning", f"keeps its editing history or the computer it was made on "
                f"({'; '.join(facts.history)[:140]})")
        elif facts.software:
            add("editing-history-in-image", "info", f"names the software that edited it "
                f"({', '.join(dict.fromkeys(v for _, v in facts.software))[:100]})")
        if facts.text_chunks:
            keys = list(dict.fromkeys(k for k, _ in facts.text_chunks))
            ai = [k for k in keys if k.lower() in ("parameters", "prompt", "workflow", "negative_prompt")]
            extra = " (an AI-generation prompt or workflow)" if ai else ""
            chars = sum(len(v) for _, v in facts.text_chunks)
            add("text-chunks-in-image", "warning", f"carries hidden text{extra}: {', '.join(keys[:6])} ({chars} characters)")
        if facts.thumbnail_differs:
            add("stale-exif-thumbnail", "error", f"its embedded EXIF thumbnail does not match: {facts.thumbnail_differs}")
        if facts.extra_frames_note:
            add("hidden-extra-picture", "warning", facts.extra_frames_note)
        return out

    def _known(self, facts: "ImageFacts") -> list[Finding]:
        distance, entries = self.hash_list()
        if not entries or facts.small is None:
            return []
        import imagehash

        best: tuple[int, dict[str, Any]] | None = None
        for variant in dihedral(facts.small):
            value = int(str(imagehash.phash(variant)), 16)
            for entry in entries:
                bits = bin(value ^ entry["phash"]).count("1")
                if bits <= distance and (best is None or bits < best[0]):
                    best = (bits, entry)
        if best is None:
            return []
        entry = best[1]
        label = f" '{entry['name']}'" if entry["name"] else ""
        reason = f": {entry['reason']}" if entry["reason"] else ""
        return [Finding(rule="known-image", category="image-content", severity="error",
                        message=f"{os.path.basename(facts.path)} matches the deny-listed image{label}{reason} "
                                f"(hash distance {best[0]}/64)", origin="image",
                        suggestion="Do not post this picture; choose another.")]

    def _platform(self, post: "Post") -> tuple[str | None, dict[str, Any]]:
        platform = post.platform or self.config.platform
        spec = platform_limits()["platforms"].get(platform or "", {}) if platform else {}
        return platform, spec

    def _fit_one(self, facts: "ImageFacts", post: "Post") -> list[Finding]:
        platform, spec = self._platform(post)
        if not spec:
            return []
        shown = PLATFORM_NAMES.get(platform or "", platform)
        verified = platform_limits().get("verified")
        name = os.path.basename(facts.path)
        out: list[Finding] = []

        def add(rule: str, severity: str, message: str, suggestion: str) -> None:
            out.append(Finding(rule=rule, category="image-content", severity=severity, message=f"{name}: {message}",
                               origin="image", suggestion=suggestion, notes=[f"{shown} limits as verified on {verified}: {spec.get('source', '')}"]))

        formats = spec.get("formats")
        if formats and facts.format not in formats:
            add("unsupported-image-format", "warning", f"{shown} does not take {facts.format} images "
                f"(accepted: {', '.join(f for f in formats if f != 'MPO')})", "Export it as JPEG or PNG.")
        is_gif = facts.format == "GIF" and facts.animated
        limit = spec.get("max_gif_bytes") if is_gif and spec.get("max_gif_bytes") else spec.get("max_bytes")
        if limit and facts.bytes > limit:
            add("image-file-too-large", "warning", f"is {_size(facts.bytes)}, over {shown}'s {_size(limit)} limit for "
                f"{'an animated GIF' if is_gif else 'an image'}", "Resize or recompress it before posting.")
        w, h = facts.oriented
        if spec.get("max_pixels") and w * h > spec["max_pixels"]:
            add("image-too-many-pixels", "warning", f"has {w}x{h} = {w * h / 1e6:.1f} million pixels, over {shown}'s "
                f"{spec['max_pixels'] / 1e6:.1f} million", "Scale it down before posting.")
        if spec.get("max_frames") and facts.animated and facts.frames > spec["max_frames"]:
            add("too-many-frames", "warning", f"has {facts.frames} frames, over {shown}'s {spec['max_frames']}",
                "Shorten the animation.")
        aspect = spec.get("aspect")
        if aspect and h:
            ratio = w / h
            if ratio < aspect[0] - 0.005 or ratio > aspect[1] + 0.005:
                add("image-aspect-ratio", "warning", f"is {w}x{h} ({ratio:.2f}:1); {shown} shows {aspect[0]:g}:1 to "
                    f"{aspect[1]:g}:1 and will crop it", "Crop it yourself to a supported shape so nothing important is cut.")
        if spec.get("min_width") and w < spec["min_width"]:
            add("image-too-small", "info", f"is {w} px wide; {shown} scales images under {spec['min_width']} px up, "
                "which blurs them", "Use a larger version of the picture.")
        if spec.get("animation") is False and facts.animated:
            add("animation-not-supported", "info", f"is animated ({facts.frames} frames), but {shown} shows it as a still picture",
                "Post it as a video, or pick the frame you want shown.")
        return out

    def _fit_post(self, post: "Post", images: list[str], facts_list: list["ImageFacts"]) -> list[Finding]:
        platform, spec = self._platform(post)
        shown = PLATFORM_NAMES.get(platform or "", platform)
        out: list[Finding] = []
        count = len(post.images)
        if spec.get("max_images") and count > spec["max_images"]:
            out.append(Finding(rule="too-many-images", category="image-content", severity="warning",
                               message=f"{count} images in one post; {shown} takes at most {spec['max_images']}",
                               origin="image", suggestion="Split the post, or choose the strongest pictures."))
        animated = [f for f in facts_list if f.animated]
        if spec.get("max_animated") and animated and (len(animated) > spec["max_animated"] or count > len(animated)):
            out.append(Finding(rule="animated-image-limit", category="image-content", severity="warning",
                               message=f"{shown} takes {spec['max_animated']} animated image per post, not mixed with "
                                       f"other images ({len(animated)} animated of {count})", origin="image",
                               suggestion="Post the animation on its own."))
        direct = count == 1 and post.text.strip() == "" and os.path.abspath(post.images[0]) == os.path.abspath(post.source.path)
        supports_alt = spec.get("alt_text", True) if spec else True
        alts = [a for a in post.alt_text if a.strip()]
        if supports_alt and not direct and len(alts) < count:
            missing = count - len(alts)
            where = f" on {shown}" if shown else ""
            out.append(Finding(rule="missing-alt-text", category="image-content", severity="warning",
                               message=f"{missing} of {count} image{'s' if count != 1 else ''} {'have' if missing != 1 else 'has'} "
                                       f"no alt text{where}: people using screen readers will miss {'them' if missing != 1 else 'it'}",
                               origin="image", suggestion="Describe each picture in a short sentence (front matter "
                               "`alt_text:` or the Markdown ![description](image.jpg))."))
        return out
