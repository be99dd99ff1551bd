"""Opening untrusted images safely and reading what they carry besides pixels.

Guards, in order (research notes section 2): the file size is checked before anything is read;
only an allow-list of formats is opened (``Image.open(formats=...)``), so exotic decoders never
see the bytes; Pillow's decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``) is an error, its
warning included; frames are capped; the first frame is decoded (reduced in JPEG "draft" mode,
which still reads every byte) so truncated and corrupt files fail here, as one ``InputError``
line, and never later. Pillow is imported only when a post has an image.

Metadata is read with Pillow alone: EXIF IFD0, the Exif and GPS sub-IFDs and IFD1 (the embedded
thumbnail), XMP and IPTC by their raw fields, PNG text chunks and JPEG/GIF comments.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fauxpas.errors import InputError

MAX_IMAGE_BYTES = 64 * 1024 * 1024       # no social platform takes more than 15 MB for an image
MAX_FRAMES = 2000
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")  # JPEG also opens phone MPO files
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp",
                  ".heic", ".heif", ".avif"}

# EXIF tags (TIFF/EXIF 2.32 numbers)
TAG_ORIENTATION = 0x0112
OWNER_TAGS = {0x013B: "Artist", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
EXIF_OWNER_TAGS = {0xA430: "CameraOwnerName"}
SERIAL_TAGS = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber"}
SOFTWARE_TAGS = {0x0131: "Software", 0x000B: "ProcessingSoftware"}
HOST_TAGS = {0x013C: "HostComputer"}
IPTC_OWNER = {(2, 80): "By-line", (2, 116): "Copyright Notice", (2, 122): "Writer/Editor", (2, 110): "Credit"}
IPTC_PLACE = {(2, 90): "City", (2, 92): "Sub-location", (2, 95): "Province/State", (2, 101): "Country"}
XMP_OWNER = ("dc:creator", "dc:rights", "xmpRights:Owner", "photoshop:Credit", "Iptc4xmpCore:CreatorContactInfo", "tiff:Artist")
XMP_SERIAL = ("aux:SerialNumber", "exifEX:BodySerialNumber", "aux:LensSerialNumber", "exifEX:LensSerialNumber")
XMP_HISTORY = ("xmpMM:History", "photoshop:DocumentAncestors", "xmpMM:DerivedFrom")
XMP_TOOL = ("xmp:CreatorTool",)
XMP_GPS = ("exif:GPSLatitude", "exif:GPSLongitude")
XMP_PLACE = ("photoshop:City", "photoshop:State", "photoshop:Country", "Iptc4xmpCore:Location")
# PNG text keys that are not a leak by themselves (colour and layout housekeeping).
HARMLESS_TEXT_KEYS = {"XML:com.adobe.xmp", "icc", "dpi", "gamma", "srgb", "transparency", "chromaticity",
                      "aspect", "exif", "duration", "loop", "background", "version", "interlace", "progressive",
                      "progression", "jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform",
                      "mp", "mpoffset", "icc_profile", "photoshop", "xmp", "comment", "compression", "timestamp",
                      "extension", "disposal", "blend", "default_image", "bbox", "has_transparency_data",
                      "date:create", "date:modify", "date:timestamp"}


@dataclass
class ImageFacts:
    """What one image file is and carries (no pixels kept)."""

    path: str
    bytes: int
    format: str
    width: int                       # as stored
    height: int
    oriented: tuple[int, int]        # as displayed (EXIF Orientation applied)
    orientation: int = 1
    frames: int = 1
    animated: bool = False
    gps: tuple[float, float] | None = None
    gps_source: str = ""
    place: list[str] = field(default_factory=list)        # City/Country text fields
    owners: list[tuple[str, str]] = field(default_factory=list)    # (field, value)
    serials: list[tuple[str, str]] = field(default_factory=list)
    software: list[tuple[str, str]] = field(default_factory=list)
    history: list[str] = field(default_factory=list)       # XMP history / ancestors / host computer
    text_chunks: list[tuple[str, str]] = field(default_factory=list)  # (key, value) PNG text, comments
    thumbnail: tuple[int, int] | None = None               # size of the EXIF thumbnail
    thumbnail_differs: str | None = None                   # why it differs from the image
    extra_frames_note: str | None = None                   # MPO second picture
    small: Any = None                                      # a small RGB copy (<= 256 px) for hashing/OCR
    has_metadata: bool = False


def _fail(path: str, message: str) -> InputError:
    return InputError(message, path)


def sniff(head: bytes) -> str | None:
    """Names of formats we refuse but can recognise, for a clearer message."""
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
        return "HEIC"
    if head[4:12] in (b"ftypavif", b"ftypavis"):
        return "AVIF"
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return "SVG"
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "HTML"
    return None


def open_image(path: str | Path) -> Any:
    """Open ``path`` with every guard; the caller closes it. Raises InputError (one line)."""
    from PIL import Image, UnidentifiedImageError

    name = str(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        raise _fail(name, "image not found") from None
    except OSError as error:
        raise _fail(name, f"cannot read image: {error.strerror}") from None
    if not os.path.isfile(name):
        raise _fail(name, "image path is not a file")
    if st.st_size == 0:
        raise _fail(name, "image file is empty")
    if st.st_size > MAX_IMAGE_BYTES:
        raise _fail(name, f"image is {st.st_size / 1048576:.0f} MB, over the {MAX_IMAGE_BYTES // 1048576} MB safety limit; "
                          "no platform accepts it anyway")
    try:
        with open(name, "rb") as handle:
            head = handle.read(64)
    except OSError as error:
        raise _fail(name, f"cannot read image: {error.strerror}") from None
    known = sniff(head)
    if known in ("HEIC", "AVIF"):
        raise _fail(name, f"{known} images are not supported; export it as JPEG or PNG (most platforms want those anyway)")
    if known in ("SVG", "HTML"):
        raise _fail(name, f"this is {'an' if known == 'HTML' else 'an'} {known} file, not a picture fauxpas can check; "
                          "export it as PNG or JPEG")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(name, formats=ALLOWED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _fail(name, f"image refused as a decompression bomb ({_pixels_text(error)})") from None
        except UnidentifiedImageError:
            raise _fail(name, f"not a picture in an accepted format ({', '.join(ALLOWED_FORMATS)}), "
                              "or the file is corrupt") from None
        except Exception as error:  # noqa: BLE001 - a hostile file must never crash the linter
            raise _fail(name, f"corrupt image ({_reason(error)})") from None
    return image


def _pixels_text(error: Exception) -> str:
    match = re.search(r"\((\d+) pixels\) exceeds limit of (\d+)", str(error))
    if match:
        have, limit = int(match.group(1)), int(match.group(2))
        return f"{have / 1e6:.0f} million pixels, over the {limit / 1e6:.0f} million pixel limit"
    return "too many pixels"


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def inspect(path: str | Path, want_small: bool = False) -> ImageFacts:
    """Open, decode the first frame (reduced) and read the metadata of one image."""
    from PIL import ExifTags, Image

    name = str(path)
    image = open_image(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                facts = _read(image, name)
                frames = facts.frames
                if frames > MAX_FRAMES:
                    raise _fail(name, f"image has {frames} frames, over the {MAX_FRAMES} frame safety limit")
                image.seek(0)
                if image.format == "PNG":
                    texts, late_exif = _walk_png(name)
                    _png_texts(texts, facts)
                    if late_exif and "exif" not in image.info:
                        exif = Image.Exif()
                        exif.load(late_exif)
                        _exif_facts(exif, image, facts)
                        facts.thumbnail = None  # a thumbnail after the pixels is not compared
                    if not want_small and facts.thumbnail is None:
                        return facts  # every chunk's CRC checked: no need to inflate the pixels
                if image.format in ("JPEG", "MPO"):
                    image.draft("RGB", (max(64, image.width // 8), max(64, image.height // 8)))
                image.load()
                small = _small_copy(image)
                facts.small = small if want_small or facts.thumbnail else None
                if facts.thumbnail is not None:
                    facts.thumbnail_differs = _thumbnail_differs(image, small, name)
                    if not want_small:
                        facts.small = None
            except InputError:
                raise
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _fail(name, f"image refused as a decompression bomb ({_pixels_text(error)})") from None
            except MemoryError:
                raise _fail(name, "image is too large to decode") from None
            except Exception as error:  # noqa: BLE001
                message = _reason(error)
                if "truncated" in message or isinstance(error, (EOFError,)):
                    raise _fail(name, f"image is truncated: the file ends before the picture does ({message})") from None
                raise _fail(name, f"corrupt image: cannot decode it ({message})") from None
    finally:
        image.close()
    del ExifTags
    return facts


def _small_copy(image: Any) -> Any:
    small = image.convert("RGB") if image.mode != "RGB" else image.copy()
    small.thumbnail((256, 256))
    return small


def _read(image: Any, name: str) -> ImageFacts:
    fmt = image.format or "?"
    frames = getattr(image, "n_frames", 1) or 1
    facts = ImageFacts(name, os.path.getsize(name), fmt, image.width, image.height, (image.width, image.height),
                       frames=frames, animated=bool(getattr(image, "is_animated", False)) and fmt != "MPO")
    if fmt == "MPO" and frames > 1:
        facts.extra_frames_note = f"the file holds {frames} pictures (a phone's multi-picture JPEG); only the first is shown"
    # PNG: getexif() would inflate every pixel to look for an eXIf chunk after the image data;
    # _walk_png finds it without that.
    exif = image.getexif() if fmt != "PNG" or "exif" in image.info else None
    if exif:
        _exif_facts(exif, image, facts)
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    if xmp:
        facts.has_metadata = True
        _read_xmp(xmp if isinstance(xmp, (bytes, str)) else b"", facts)
    if "photoshop" in image.info or fmt in ("JPEG", "MPO", "TIFF"):
        try:
            from PIL import IptcImagePlugin

            iptc = IptcImagePlugin.getiptcinfo(image) or {}
        except Exception:  # noqa: BLE001 - a broken IPTC block is not worth failing the image
            iptc = {}
        if iptc:
            facts.has_metadata = True
        for key, label in IPTC_OWNER.items():
            value = _text(iptc.get(key))
            if value:
                facts.owners.append((f"IPTC {label}", value))
        for key, label in IPTC_PLACE.items():
            value = _text(iptc.get(key))
            if value:
                facts.place.append(f"{label} {value}")
    comment = image.info.get("comment")
    if comment:
        facts.has_metadata = True
        facts.text_chunks.append(("comment", _text(comment)))
    return facts


def _exif_facts(exif: Any, image: Any, facts: ImageFacts) -> None:
    from PIL import ExifTags

    facts.has_metadata = True
    orientation = exif.get(TAG_ORIENTATION, 1)
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        facts.orientation = orientation
        if orientation in (5, 6, 7, 8):
            facts.oriented = (image.height, image.width)
    for tags, into in ((OWNER_TAGS, facts.owners), (SERIAL_TAGS, facts.serials), (SOFTWARE_TAGS, facts.software)):
        for tag, label in tags.items():
            value = _text(exif.get(tag))
            if value:
                into.append((label, value))
    for tag, label in HOST_TAGS.items():
        value = _text(exif.get(tag))
        if value:
            facts.history.append(f"{label}: {value}")
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    for tags, into in ((EXIF_OWNER_TAGS, facts.owners), (SERIAL_TAGS, facts.serials)):
        for tag, label in tags.items():
            value = _text(sub.get(tag))
            if value and (label, value) not in into:
                into.append((label, value))
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        position = _gps(gps)
        if position is not None:
            facts.gps, facts.gps_source = position, "EXIF GPS"
    ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    if ifd1 and 0x0201 in ifd1 and 0x0202 in ifd1:
        facts.thumbnail = (0, 0)


def _png_texts(texts: list[tuple[str, str]], facts: ImageFacts) -> None:
    for key, value in texts:
        if key in HARMLESS_TEXT_KEYS:
            continue
        facts.has_metadata = True
        text = _text(value)
        if key.lower() == "software":
            facts.software.append(("PNG Software", text))
        elif key.lower() in ("author", "copyright", "artist"):
            facts.owners.append((f"PNG {key}", text))
        else:
            facts.text_chunks.append((key, text))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _walk_png(name: str) -> tuple[list[tuple[str, str]], bytes | None]:
    """Check every PNG chunk (length, CRC, IEND present) without inflating the pixels, and return
    the text chunks (tEXt, zTXt, iTXt) wherever they are, also after the image data."""
    import struct
    import zlib

    with open(name, "rb") as handle:
        data = handle.read()
    if data[:8] != PNG_SIGNATURE:
        raise _fail(name, "corrupt image: not a PNG signature")
    pos, texts, seen_data, exif = 8, [], False, None
    while True:
        if pos + 8 > len(data):
            raise _fail(name, "image is truncated: the file ends before the picture does (no IEND chunk)")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise _fail(name, f"image is truncated: the file ends inside its {kind.decode('latin-1')} chunk")
        body = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != struct.unpack(">I", data[end - 4:end])[0]:
            raise _fail(name, f"corrupt image: the checksum of its {kind.decode('latin-1')} chunk is wrong")
        if kind in (b"IDAT", b"fdAT"):
            seen_data = True
        elif kind == b"IEND":
            break
        elif kind == b"eXIf":
            exif = body
        elif kind in (b"tEXt", b"zTXt", b"iTXt"):
            key, _, rest = body.partition(b"\x00")
            try:
                if kind == b"tEXt":
                    value = rest.decode("latin-1")
                elif kind == b"zTXt":
                    value = zlib.decompressobj().decompress(rest[1:], 1_000_000).decode("latin-1")
                else:
                    flag, _method, rest2 = rest[0], rest[1], rest[2:]
                    _lang, _, rest3 = rest2.partition(b"\x00")
                    _translated, _, text = rest3.partition(b"\x00")
                    if flag:
                        text = zlib.decompressobj().decompress(text, 1_000_000)
                    value = text.decode("utf-8", errors="replace")
            except (zlib.error, IndexError):
                value = ""
            texts.append((key.decode("latin-1"), value))
        pos = end
    if not seen_data:
        raise _fail(name, "corrupt image: the PNG has no image data")
    return texts, exif


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        if value[:2] in (b"\xff\xfe",) or (len(value) > 1 and value[1:2] == b"\x00"):
            text = value.decode("utf-16-le", errors="ignore")   # XP* tags are UCS-2
        else:
            text = value.decode("utf-8", errors="replace")
    elif isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value if _text(v))
    else:
        text = str(value)
    return " ".join(text.replace("\x00", " ").split())[:500]


def _ratio(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return float("nan")


def _gps(gps: dict) -> tuple[float, float] | None:
    lat, lon = gps.get(2), gps.get(4)
    if not lat or not lon:
        return None
    try:
        def degrees(parts: Any) -> float:
            d, m, s = (list(parts) + [0, 0, 0])[:3]
            return _ratio(d) + _ratio(m) / 60 + _ratio(s) / 3600

        latitude, longitude = degrees(lat), degrees(lon)
    except TypeError:
        return None
    if gps.get(1) in ("S", b"S"):
        latitude = -latitude
    if gps.get(3) in ("W", b"W"):
        longitude = -longitude
    if latitude != latitude or longitude != longitude or abs(latitude) > 90 or abs(longitude) > 180:
        return None
    if latitude == 0 and longitude == 0:
        return None
    return latitude, longitude


def _xmp_values(text: str, name: str) -> list[str]:
    """Values of an XMP property written as an attribute or an element (tags inside stripped)."""
    values = []
    local = re.escape(name)
    for m in re.finditer(rf'{local}\s*=\s*"([^"]*)"', text):
        values.append(m.group(1))
    for m in re.finditer(rf"<{local}\b[^>]*>(.*?)</{local}>", text, re.S):
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        values.append(" ".join(inner.split()))
    return [v for v in values if v.strip()]


def _read_xmp(raw: bytes | str, facts: ImageFacts) -> None:
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    text = text[:1_000_000]
    for name in XMP_OWNER:
        for value in _xmp_values(text, name):
            facts.owners.append((f"XMP {name}", value))
    for name in XMP_SERIAL:
        for value in _xmp_values(text, name):
            if ("XMP " + name, value) not in facts.serials:
                facts.serials.append((f"XMP {name}", value))
    for name in XMP_TOOL:
        for value in _xmp_values(text, name):
            facts.software.append((f"XMP {name}", value))
    for name in XMP_HISTORY:
        if re.search(re.escape(name), text):
            actions = _xmp_values(text, "stEvt:softwareAgent") if name == "xmpMM:History" else []
            detail = f" ({'; '.join(dict.fromkeys(actions))[:120]})" if actions else ""
            facts.history.append(f"XMP {name}{detail}")
    for name in XMP_PLACE:
        for value in _xmp_values(text, name):
            facts.place.append(value)
    if facts.gps is None:
        lat, lon = _xmp_values(text, "exif:GPSLatitude"), _xmp_values(text, "exif:GPSLongitude")
        if lat and lon:
            position = (_xmp_coord(lat[0]), _xmp_coord(lon[0]))
            if None not in position:
                facts.gps, facts.gps_source = position, "XMP GPS"  # type: ignore[assignment]


def _xmp_coord(value: str) -> float | None:
    """XMP GPS coordinates are written 'DDD,MM.mmk' or 'DDD,MM,SSk' (k = N/S/E/W)."""
    m = re.match(r"^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$", value, re.I)
    if not m:
        return None
    d, mi, s, hemi = m.groups()
    number = float(d) + float(mi or 0) / 60 + float(s or 0) / 3600
    return -number if hemi.upper() in "SW" else number


# -- thumbnail --------------------------------------------------------------------------------
def _dhash_bits(image: Any) -> list[bool]:
    from PIL import Image

    grey = image.convert("L").resize((9, 8), Image.Resampling.BILINEAR)
    px = grey.tobytes()
    return [px[r * 9 + c] > px[r * 9 + c + 1] for r in range(8) for c in range(8)]


def _trim_bars(image: Any) -> Any:
    """Remove the black (or white) letterbox bars cameras add to fit a thumbnail to 160x120."""
    from PIL import ImageChops

    rgb = image.convert("RGB")
    for colour in ((0, 0, 0), (255, 255, 255)):
        from PIL import Image

        background = Image.new("RGB", rgb.size, colour)
        diff = ImageChops.difference(rgb, background).convert("L").point(lambda v: 255 if v > 24 else 0)
        box = diff.getbbox()
        if box and (box[2] - box[0]) * (box[3] - box[1]) < rgb.width * rgb.height * 0.98:
            return rgb.crop(box)
    return rgb


def _thumbnail_differs(image: Any, small: Any, name: str) -> str | None:
    """Why the EXIF thumbnail shows something else than the picture (a crop, an edit), or None."""
    from PIL import Image

    raw = getattr(image, "info", {}).get("exif")
    ifd1 = image.getexif().get_ifd(-1)
    offset, length = ifd1.get(0x0201), ifd1.get(0x0202)
    if not raw or not isinstance(offset, int) or not isinstance(length, int) or length <= 0:
        return None
    tiff = raw[6:] if raw[:6] == b"Exif\x00\x00" else raw
    data = tiff[offset:offset + length]
    if len(data) < 100 or data[:2] != b"\xff\xd8":
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            thumb = Image.open(io.BytesIO(data), formats=("JPEG",))
            if thumb.width * thumb.height > 4_000_000:
                return None
            thumb.load()
    except Exception:  # noqa: BLE001 - an unreadable thumbnail is not the picture's fault
        return None
    content = _trim_bars(thumb)
    if content.width < 8 or content.height < 8:
        return None
    main_ratio = small.width / small.height
    thumb_ratio = content.width / content.height
    if abs(thumb_ratio - main_ratio) / main_ratio > 0.12:
        return (f"the thumbnail's shape ({thumb.width}x{thumb.height}, content {thumb_ratio:.2f}:1) differs from the "
                f"picture's ({main_ratio:.2f}:1): it likely shows the picture before it was cropped")
    a, b = _dhash_bits(content), _dhash_bits(small)
    bits = sum(x != y for x, y in zip(a, b))
    colour_gap = _colour_gap(content, small)
    if bits > 16 or colour_gap > 40:
        return (f"the thumbnail ({thumb.width}x{thumb.height}) shows a different picture (hash distance {bits}/64): "
                "it likely keeps the picture as it was before editing")
    return None


def _colour_gap(a: Any, b: Any) -> float:
    """Mean absolute difference of two 8x8 colour versions (0-255)."""
    from PIL import Image

    pa = a.convert("RGB").resize((8, 8), Image.Resampling.BILINEAR).tobytes()
    pb = b.convert("RGB").resize((8, 8), Image.Resampling.BILINEAR).tobytes()
    total = sum(abs(x - y) for x, y in zip(pa, pb))
    return total / (64 * 3)


# -- cleaning ---------------------------------------------------------------------------------
LEAK_INFO_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "mp", "mpoffset")


def clean_copy(source: str | Path, target: str | Path) -> list[str]:
    """Write ``target``: the picture of ``source`` with orientation applied and every metadata block
    removed, then reopen it and verify. Returns what was removed. Raises InputError."""
    from PIL import Image, ImageOps, ImageSequence

    name = str(source)
    image = open_image(name)
    removed: list[str] = []
    try:
        fmt = image.format
        info = dict(image.info)
        exif = image.getexif()
        if exif:
            removed.append("EXIF" + (" (GPS, camera, owner)" if exif.get_ifd(0x8825) or 0x013B in exif else ""))
        for key in ("xmp", "XML:com.adobe.xmp"):
            if key in info:
                removed.append("XMP")
        if "photoshop" in info:
            removed.append("IPTC/Photoshop")
        if "comment" in info:
            removed.append("comment")
        if fmt == "PNG":
            texts = [k for k, v in info.items() if isinstance(k, str) and k not in HARMLESS_TEXT_KEYS and isinstance(v, (str, bytes))]
            if texts:
                removed.append("PNG text (" + ", ".join(texts[:5]) + ")")
        icc = info.get("icc_profile")
        animated = bool(getattr(image, "is_animated", False)) and fmt != "MPO"
        options: dict[str, Any] = {}
        if icc:
            options["icc_profile"] = icc
        out_format = "JPEG" if fmt == "MPO" else fmt
        tmp = Path(str(target) + ".tmp")
        if animated:
            frames, durations = [], []
            for frame in ImageSequence.Iterator(image):
                fresh = Image.new(frame.mode, frame.size)
                if frame.mode == "P":
                    fresh.putpalette(frame.getpalette() or [])
                fresh.paste(frame)
                frames.append(fresh)
                durations.append(frame.info.get("duration", info.get("duration", 100)))
            options.update(save_all=True, append_images=frames[1:], duration=durations, loop=info.get("loop", 0))
            if "transparency" in info and out_format == "GIF":
                options["transparency"] = info["transparency"]
            frames[0].save(tmp, out_format, **options)
        else:
            image.load()
            oriented = ImageOps.exif_transpose(image)
            fresh = Image.new(oriented.mode, oriented.size)
            if oriented.mode == "P":
                fresh.putpalette(oriented.getpalette() or [])
                if "transparency" in info:
                    options["transparency"] = info["transparency"]
            fresh.paste(oriented)
            if out_format == "JPEG":
                if fresh.mode not in ("RGB", "L", "CMYK"):
                    fresh = fresh.convert("RGB")
                options.update(quality=95, subsampling=0 if fmt in ("PNG",) else 2, optimize=True)
            if exif.get(TAG_ORIENTATION, 1) not in (1, None):
                removed.append("orientation applied to the pixels")
            fresh.save(tmp, out_format, **options)
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001
        raise _fail(name, f"could not write a cleaned copy ({_reason(error)})") from None
    finally:
        image.close()
    problems = verify_clean(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise _fail(name, f"cleaned copy still carries {', '.join(problems)}; nothing was written")
    os.replace(tmp, target)
    return removed


def verify_clean(path: str | Path) -> list[str]:
    """Metadata blocks still present in ``path`` (empty when clean)."""
    from PIL import Image

    problems = []
    with Image.open(path) as image:
        if image.getexif():
            problems.append("EXIF")
        for key in LEAK_INFO_KEYS:
            if key in image.info and key != "exif":
                problems.append(key)
        if image.format == "PNG":
            texts = [k for k, v in image.info.items() if isinstance(k, str) and k not in HARMLESS_TEXT_KEYS and isinstance(v, (str, bytes))]
            if texts:
                problems.append("PNG text")
        applist = getattr(image, "applist", [])
        if any(marker not in ("APP0", "APP2", "APP14") for marker, _ in applist):
            problems.append("APP segments " + ", ".join(m for m, _ in applist))
    return problems
