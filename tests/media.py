"""Real image files for the image tests, made with Pillow alone (EXIF written through Pillow's
Exif; the EXIF thumbnail IFD1 is appended by hand because Pillow does not write one)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


def exif_bytes(ifd0: dict | None = None, exif_ifd: dict | None = None, gps: dict | None = None,
               thumbnail: bytes | None = None) -> bytes:
    """APP1 EXIF payload ('Exif\\0\\0' + TIFF) with optional sub-IFDs and an IFD1 JPEG thumbnail."""
    exif = Image.Exif()
    for tag, value in (ifd0 or {}).items():
        exif[tag] = value
    if exif_ifd:
        sub = exif.get_ifd(0x8769)
        sub.update(exif_ifd)
    if gps:
        exif.get_ifd(0x8825).update(gps)
    if not exif_ifd and not gps and not ifd0:
        exif[0x0131] = "camera firmware 1.0"
    raw = exif.tobytes()
    if thumbnail is None:
        return raw
    tiff = bytearray(raw[6:])
    endian = "<" if tiff[:2] == b"II" else ">"
    ifd0_offset = struct.unpack(endian + "I", tiff[4:8])[0]
    count = struct.unpack(endian + "H", tiff[ifd0_offset:ifd0_offset + 2])[0]
    next_pointer = ifd0_offset + 2 + count * 12
    if len(tiff) % 2:
        tiff += b"\x00"
    ifd1_offset = len(tiff)
    thumb_offset = ifd1_offset + 2 + 2 * 12 + 4
    ifd1 = struct.pack(endian + "H", 2)
    ifd1 += struct.pack(endian + "HHII", 0x0201, 4, 1, thumb_offset)
    ifd1 += struct.pack(endian + "HHII", 0x0202, 4, 1, len(thumbnail))
    ifd1 += struct.pack(endian + "I", 0)
    tiff[next_pointer:next_pointer + 4] = struct.pack(endian + "I", ifd1_offset)
    tiff += ifd1 + thumbnail
    return b"Exif\x00\x00" + bytes(tiff)


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def scene(size=(1200, 800), seed: int = 0) -> Image.Image:
    """A picture with structure (not a flat colour), so hashes and thumbnails mean something."""
    w, h = size
    image = Image.new("RGB", size, (40 + seed * 20 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x0 = (i * 97 + seed * 31) % w
        y0 = (i * 53 + seed * 17) % h
        draw.ellipse([x0, y0, x0 + w // 5, y0 + h // 4], fill=((i * 40 + seed * 50) % 255, (i * 90) % 255, (200 - i * 15) % 255))
    draw.rectangle([w // 10, h // 2, w // 2, h - h // 10], fill=(250, 220, 30))
    return image


def photo_with_leaks(path: Path, cropped: bool = True) -> Path:
    """A 'phone photo': GPS, serial, owner, editing software, and a thumbnail of the uncropped shot."""
    original = Image.new("RGB", (1600, 1200), "white")
    draw = ImageDraw.Draw(original)
    draw.rectangle([0, 0, 800, 1200], fill=(230, 10, 10))          # the part that gets cropped away
    draw.text((100, 500), "SECRET", fill="white")
    draw.rectangle([800, 0, 1600, 1200], fill=(20, 60, 200))
    draw.ellipse([1000, 300, 1400, 900], fill=(250, 250, 0))
    thumb = original.copy()
    thumb.thumbnail((160, 120))
    picture = original.crop((800, 0, 1600, 1200)) if cropped else original
    payload = exif_bytes(
        ifd0={0x010F: "Canon", 0x0110: "Canon EOS R5", 0x0131: "Adobe Photoshop 25.0 (Macintosh)", 0x013B: "Jane Doe",
              0x8298: "(c) Jane Doe 2026", 0x0112: 1},
        exif_ifd={0xA431: "032024001234", 0xA430: "Jane Doe"},
        gps={1: "N", 2: (51.0, 30.0, 12.34), 3: "W", 4: (0.0, 7.0, 39.0)},
        thumbnail=jpeg_bytes(thumb),
    )
    picture.save(path, "JPEG", exif=payload, quality=90)
    return path


def clean_photo(path: Path, size=(1080, 1080), fmt: str = "JPEG") -> Path:
    scene(size).save(path, fmt)
    return path


def graphic_with_text(path: Path, lines: list[str], size=(1280, 720)) -> Path:
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font = _font(56)
    y = 140
    for line in lines:
        draw.text((90, y), line, fill=(10, 10, 10), font=font)
        y += 110
    image.save(path, "PNG")
    return path


def _font(size: int):
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                      "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"):
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)
