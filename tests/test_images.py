"""Image checks on real files made here: metadata leaks, platform fit, hostile files, OCR,
known images, --fix; through the library and the real command line."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from fauxpas.analyzers.images import ImageAnalyzer
from fauxpas.analyzers.imagefile import inspect, verify_clean
from fauxpas.analyzers.ocr import tesseract_path
from fauxpas.config import Config
from fauxpas.linter import Linter
from fauxpas.models import Post, Source

from helpers import ROOT, run, run_json, write
from media import clean_photo, exif_bytes, graphic_with_text, photo_with_leaks, scene


@pytest.fixture(scope="module")
def no_rules():
    from fauxpas.rules.loader import RuleSet

    return RuleSet([])


def image_findings(paths, platform="x", alt=(), text="Our new lamp.", rules=None, config=None):
    from fauxpas.rules.loader import RuleSet

    config = config or Config(classifier=False)
    linter = Linter(config, rules=rules or RuleSet([]), use_classifier=False,
                    analyzers=[ImageAnalyzer(config, ocr=False)])
    post = Post(text=text, platform=platform, images=[str(p) for p in paths], alt_text=list(alt), source=Source("post.md", 3))
    report = linter.check(post)
    return [f for f in report.findings if f.origin == "image"], report


# -- metadata ---------------------------------------------------------------------------------
def test_photo_leaks_gps_serial_owner_software_and_uncropped_thumbnail(tmp_path):
    photo = photo_with_leaks(tmp_path / "lamp.jpg")
    found, _ = image_findings([photo], alt=["A lamp"])
    by_rule = {f.rule: f for f in found}
    assert {"gps-in-image", "camera-serial-in-image", "owner-name-in-image", "editing-history-in-image",
            "stale-exif-thumbnail"} <= set(by_rule)
    gps = by_rule["gps-in-image"]
    assert gps.category == "image-metadata" and gps.severity == "error" and "51.50, -0.13" in gps.message
    assert "032024001234" not in by_rule["camera-serial-in-image"].message          # masked
    assert "Jane Doe" not in by_rule["owner-name-in-image"].message
    assert "cropped" in by_rule["stale-exif-thumbnail"].message
    assert "lamp.clean.jpg" in gps.suggestion


def test_thumbnail_of_the_same_picture_is_not_flagged(tmp_path):
    photo = photo_with_leaks(tmp_path / "whole.jpg", cropped=False)
    found, _ = image_findings([photo], alt=["A lamp"])
    assert "stale-exif-thumbnail" not in {f.rule for f in found}
    assert "gps-in-image" in {f.rule for f in found}


def test_edited_thumbnail_with_same_shape_is_flagged(tmp_path):
    picture = scene((1200, 900), seed=1)
    other = scene((1200, 900), seed=7).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    thumb = other.copy()
    thumb.thumbnail((160, 120))
    import io

    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG")
    path = tmp_path / "edited.jpg"
    picture.save(path, "JPEG", exif=exif_bytes(ifd0={0x0131: "GIMP 2.10"}, thumbnail=buffer.getvalue()))
    assert inspect(path).thumbnail_differs


def test_xmp_iptc_and_png_text_chunks(tmp_path):
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
           b'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
           b'aux:SerialNumber="SN-77123" photoshop:City="Bristol">'
           b'<dc:creator><rdf:Seq><rdf:li>Sam Agency</rdf:li></rdf:Seq></dc:creator>'
           b'<xmpMM:History><rdf:Seq><rdf:li stEvt:action="saved" stEvt:softwareAgent="Adobe Photoshop 25.0"/></rdf:Seq></xmpMM:History>'
           b'</rdf:Description></rdf:RDF></x:xmpmeta>')
    jpeg = tmp_path / "agency.jpg"
    scene((800, 600)).save(jpeg, "JPEG", xmp=xmp)
    found, _ = image_findings([jpeg], alt=["x"])
    rules = {f.rule: f for f in found}
    assert {"owner-name-in-image", "camera-serial-in-image", "editing-history-in-image", "location-in-image"} <= set(rules)
    assert "Bristol" in rules["location-in-image"].message

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe")
    info.add_text("Comment", "internal build 42 from /home/jane/secret")
    info.add_text("parameters", "a lamp on a table, studio light, Steps: 30")
    png = tmp_path / "render.png"
    scene((800, 600)).save(png, "PNG", pnginfo=info)
    found, _ = image_findings([png], alt=["x"])
    chunk = [f for f in found if f.rule == "text-chunks-in-image"][0]
    assert "Comment" in chunk.message and "AI-generation prompt" in chunk.message
    assert "/home/jane/secret" not in chunk.message
    assert "owner-name-in-image" in {f.rule for f in found}


def test_a_clean_photo_with_alt_text_passes(tmp_path):
    photo = clean_photo(tmp_path / "fine.jpg")
    found, report = image_findings([photo], alt=["A brass lamp on an oak table"], platform="instagram")
    assert found == [] and report.verdict == "pass"


# -- platform fit -----------------------------------------------------------------------------
def _noise_png(path: Path, size) -> Path:
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(path, "PNG", compress_level=1)
    return path


def test_platform_limits(tmp_path):
    big = _noise_png(tmp_path / "big.png", (1400, 1300))        # ~5.5 MB: over X's 5 MB
    found, _ = image_findings([big], alt=["x"], platform="x")
    size = [f for f in found if f.rule == "image-file-too-large"][0]
    assert size.category == "image-content" and "X's 5.0 MB limit" in size.message and "2026-11-22" in size.notes[0]

    wide = clean_photo(tmp_path / "wide.jpg", size=(2000, 500))
    found, _ = image_findings([wide], alt=["x"], platform="instagram")
    assert "image-aspect-ratio" in {f.rule for f in found}

    gif = tmp_path / "anim.gif"
    frames = [scene((300, 300), seed=i) for i in range(5)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=80, loop=0)
    found, _ = image_findings([gif], alt=["x"], platform="facebook")
    assert "animation-not-supported" in {f.rule for f in found}
    photos = [clean_photo(tmp_path / f"p{i}.jpg", size=(400, 400)) for i in range(2)]
    found, _ = image_findings([gif, *photos], alt=["a", "b", "c"], platform="x")
    assert "animated-image-limit" in {f.rule for f in found}

    many = [clean_photo(tmp_path / f"m{i}.jpg", size=(200, 200)) for i in range(5)]
    found, _ = image_findings(many, alt=["a"] * 5, platform="x")
    assert [f.rule for f in found] == ["too-many-images"]

    huge = tmp_path / "huge.png"
    Image.new("L", (6100, 6000), 128).save(huge, "PNG")       # 36.6 M pixels
    found, _ = image_findings([huge], alt=["x"], platform="linkedin")
    assert "image-too-many-pixels" in {f.rule for f in found}


def test_missing_alt_text(tmp_path):
    photos = [clean_photo(tmp_path / f"p{i}.jpg", size=(400, 400)) for i in range(2)]
    found, _ = image_findings(photos, alt=["only one"], platform="bluesky")
    assert [(f.rule, f.severity) for f in found] == [("missing-alt-text", "warning")]
    assert "1 of 2 images has no alt text" in found[0].message


# -- hostile files ----------------------------------------------------------------------------
def _bomb_png(path: Path, side: int) -> Path:
    """A 1-bit PNG of side x side pixels, almost all zeros: a few KB on disk."""
    raw = zlib.compress(b"".join(b"\x00" + bytes((side + 7) // 8) for _ in range(side)), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    return path


def _hostile(tmp_path: Path) -> dict[str, Path]:
    good = clean_photo(tmp_path / "good.jpg", size=(1600, 1200))
    data = good.read_bytes()
    files = {
        "bomb": _bomb_png(tmp_path / "bomb.png", 10000),          # 100 M px: over the warning limit
        "truncated": tmp_path / "truncated.jpg",
        "html": tmp_path / "page.jpg",
        "heic": tmp_path / "phone.heic",
        "empty": tmp_path / "empty.png",
        "garbage": tmp_path / "noise.gif",
        "png_cut": tmp_path / "cut.png",
        "png_crc": tmp_path / "flipped.png",
    }
    png = clean_photo(tmp_path / "source.png", size=(600, 400), fmt="PNG").read_bytes()
    files["png_cut"].write_bytes(png[: len(png) * 2 // 3])
    flipped = bytearray(png)
    flipped[len(png) // 2] ^= 0xFF
    files["png_crc"].write_bytes(bytes(flipped))
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["html"].write_bytes(b"<!DOCTYPE html><html><body>not a picture</body></html>")
    files["heic"].write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100)
    files["empty"].write_bytes(b"")
    files["garbage"].write_bytes(b"GIF89a" + struct.pack("<HH", 16, 16) + b"\x80\x00\x00" + bytes(range(256)) * 4)
    return files


EXPECTED = {"bomb": "decompression bomb", "truncated": "truncated", "html": "HTML file", "heic": "HEIC images are not supported",
            "empty": "empty", "garbage": "corrupt", "png_cut": "truncated", "png_crc": "checksum"}


def test_hostile_images_are_one_line_input_errors(tmp_path):
    files = _hostile(tmp_path)
    for kind, path in files.items():
        with pytest.raises(Exception) as error:
            inspect(path)
        assert type(error.value).__name__ == "InputError", kind
        assert EXPECTED[kind] in str(error.value), (kind, str(error.value))
        assert "\n" not in str(error.value)


def test_cli_bad_images_exit_2_and_the_rest_is_still_checked(tmp_path):
    files = _hostile(tmp_path)
    refs = "\n".join(f"![pic](/{p.name})".replace("/", "") for p in files.values())
    draft = write(tmp_path / "post.md", "---\nplatform: x\n---\nCall me at [INSERT PHONE] about https://lumenbake.com/?utm_source=x\n\n" + refs + "\n")
    result = run("check", str(draft), cwd=tmp_path)
    err = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    errors = [line for line in err if line.startswith("fauxpas: error:")]
    assert len(errors) == len(files), err
    for kind, path in files.items():
        assert sum(path.name in line and EXPECTED[kind] in line for line in errors) == 1, (kind, err)
    out = result.stdout.decode()
    assert "tracking-parameters" in out and "bracketed-placeholder" in out   # the text and links were still checked


def test_cli_checks_an_image_given_directly(tmp_path):
    photo = photo_with_leaks(tmp_path / "photo.jpg")
    code, data, _ = run_json("check", str(photo), cwd=tmp_path)
    rules = {f["rule"] for f in data["posts"][0]["findings"]}
    assert code == 1 and "gps-in-image" in rules and "missing-alt-text" not in rules
    assert all(f["origin"] == "image" for f in data["posts"][0]["findings"])
    fine = clean_photo(tmp_path / "fine.png", fmt="PNG")
    result = run("check", str(fine), cwd=tmp_path)
    assert result.returncode == 0 and "1 pass" in result.stdout.decode()


def test_too_many_frames_and_oversize_files_are_refused(tmp_path, monkeypatch):
    from fauxpas.analyzers import imagefile

    gif = tmp_path / "long.gif"
    frames = [Image.new("RGB", (20, 20), (i * 8, 0, 0)) for i in range(30)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=10)
    monkeypatch.setattr(imagefile, "MAX_FRAMES", 10)
    with pytest.raises(Exception, match="30 frames"):
        inspect(gif)
    monkeypatch.setattr(imagefile, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(Exception, match="safety limit"):
        inspect(clean_photo(tmp_path / "x.jpg"))


# -- --fix ------------------------------------------------------------------------------------
def test_fix_writes_a_verified_clean_copy_and_in_place_keeps_a_backup(tmp_path):
    photo = tmp_path / "phone.jpg"
    scene((600, 400)).save(photo, "JPEG", exif=exif_bytes(ifd0={0x0112: 6, 0x013B: "Jane Doe"},
                                                           gps={1: "N", 2: (48.0, 51.0, 0.0), 3: "E", 4: (2.0, 21.0, 0.0)}))
    original = photo.read_bytes()
    draft = write(tmp_path / "post.md", "---\nplatform: x\nalt_text: [A lamp]\n---\nNew lamp ![A lamp](phone.jpg)\n")
    result = run("check", "--fix", str(draft), cwd=tmp_path)
    clean = tmp_path / "phone.clean.jpg"
    assert clean.exists() and photo.read_bytes() == original
    assert "phone.clean.jpg" in result.stderr.decode()
    assert verify_clean(clean) == []
    with Image.open(clean) as image:
        assert image.size == (400, 600)          # orientation 6 applied to the pixels
        assert not image.getexif()

    png = tmp_path / "render.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "from /home/jane")
    scene((300, 200)).save(png, "PNG", pnginfo=info)
    png_bytes = png.read_bytes()
    result = run("check", "--fix", "--in-place", str(png), cwd=tmp_path)
    assert (tmp_path / "render.png.bak").read_bytes() == png_bytes
    assert verify_clean(png) == [] and result.returncode == 0, result.stderr.decode()
    assert not (tmp_path / "render.clean.png").exists()


# -- known images -----------------------------------------------------------------------------
def test_image_hash_command_and_deny_list_with_mirrored_variants(tmp_path):
    banned = tmp_path / "banned.jpg"
    scene((900, 700), seed=3).save(banned, "JPEG")
    result = run("image-hash", str(banned), "--reason", "tied to the 2026 flood")
    line = result.stdout.decode()
    assert result.returncode == 0 and line.startswith("  - {phash: ") and '"tied to the 2026 flood"' in line
    pack = tmp_path / "pack"
    write(pack / "data" / "image-hashes.yaml", "max_distance: 8\nimages:\n" + line)
    config = Config(classifier=False, packs=(pack,))
    analyzer = ImageAnalyzer(config, ocr=False)

    def rules_for(path):
        post = Post(text="x", images=[str(path)], alt_text=["x"], source=Source("p.md"))
        linter = Linter(config, rules=__import__("fauxpas.rules.loader", fromlist=["RuleSet"]).RuleSet([]),
                        use_classifier=False, analyzers=[analyzer])
        return {f.rule for f in linter.check(post).findings}

    mirrored = tmp_path / "mirrored.png"
    with Image.open(banned) as image:
        image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((450, 350)).save(mirrored, "PNG")
    rotated = tmp_path / "rotated.jpg"
    with Image.open(banned) as image:
        image.transpose(Image.Transpose.ROTATE_90).save(rotated, "JPEG", quality=60)
    other = clean_photo(tmp_path / "other.jpg")
    assert "known-image" in rules_for(banned)
    assert "known-image" in rules_for(mirrored)
    assert "known-image" in rules_for(rotated)
    assert "known-image" not in rules_for(other)


# -- OCR --------------------------------------------------------------------------------------
@pytest.mark.skipif(tesseract_path() is None, reason="tesseract is not installed (CI installs it)")
def test_ocr_text_goes_through_the_text_rules(tmp_path, ruleset):
    graphic = graphic_with_text(tmp_path / "poster.png", ["Spring sale starts Friday", "Tickets: [INSERT LINK]"])
    config = Config(classifier=False)
    linter = Linter(config, rules=ruleset, use_classifier=False, analyzers=[ImageAnalyzer(config)])
    post = Post(text="Our spring poster is here.", images=[str(graphic)], alt_text=["Poster"], source=Source("p.md"))
    report = linter.check(post)
    placeholder = [f for f in report.findings if f.category == "placeholder"]
    assert placeholder and placeholder[0].origin == "image" and placeholder[0].message.startswith("in image text:")
    fine = graphic_with_text(tmp_path / "fine.png", ["Spring collection", "Available in three colours"])
    report = linter.check(Post(text="Spring.", images=[str(fine)], alt_text=["Poster"], source=Source("p.md")))
    assert not [f for f in report.findings if f.origin == "image"]


def test_without_tesseract_one_notice_and_other_checks_run(tmp_path, monkeypatch):
    from fauxpas.analyzers import ocr

    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    photo = photo_with_leaks(tmp_path / "a.jpg")
    config = Config(classifier=False)
    from fauxpas.rules.loader import RuleSet

    analyzer = ImageAnalyzer(config)
    linter = Linter(config, rules=RuleSet([]), use_classifier=False, analyzers=[analyzer])
    reports = list(linter.check_many([Post(text="a", images=[str(photo)], source=Source("p.md")) for _ in range(3)]))
    assert all("gps-in-image" in {f.rule for f in r.findings} for r in reports)
    assert len(linter.notices) == 1 and "tesseract is not installed" in linter.notices[0]
    assert all(not r.errors for r in reports)


# -- cost -------------------------------------------------------------------------------------
def test_text_only_posts_do_not_import_pillow_or_tldextract():
    code = ("import sys, fauxpas; r = fauxpas.check('Forty colleagues spent Thursday at the food bank.'); "
            "print(sorted(m for m in ('PIL', 'tldextract', 'idna', 'imagehash', 'pytesseract') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
