"""Benchmark the image and link checks against their targets.

    python bench/bench_media.py

* metadata + platform checks per image (a 1080x1080 JPEG phone photo with EXIF, GPS and an
  EXIF thumbnail, and a 1920x1080 PNG), target <= 10 ms;
* offline link checks per URL (a mix of 2,000 distinct URLs: tracking, shorteners, internal,
  lookalikes, fine links), target <= 0.2 ms;
* OCR of a 1280x720 graphic with text, target <= 1.5 s (skipped without tesseract).

Each number is the median of several runs; caches are cleared between runs so every image is
opened and decoded and every URL is parsed and checked again.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fauxpas.analyzers.images import ImageAnalyzer  # noqa: E402
from fauxpas.analyzers.links import LinkAnalyzer, parse_host  # noqa: E402
from fauxpas.config import Config  # noqa: E402
from fauxpas.models import Post, Source  # noqa: E402


def bench_images(folder: Path) -> dict[str, float]:
    from media import graphic_with_text, photo_with_leaks, scene

    photo = photo_with_leaks(folder / "photo.jpg")
    from PIL import Image

    with Image.open(photo) as im:   # a phone-sized photo with the same leaks
        exif = im.info["exif"]
    big = folder / "phone.jpg"
    scene((1080, 1080)).save(big, "JPEG", quality=90, exif=exif)
    png = folder / "graphic.png"
    graphic_with_text(png, ["Spring sale", "Tickets: [INSERT LINK]"], size=(1920, 1080))
    results = {}
    config = Config(classifier=False, platform="instagram")
    for name, path in (("jpeg 1080x1080 with EXIF+GPS+thumbnail", big), ("png 1920x1080 graphic", png)):
        runs = []
        for _ in range(30):
            analyzer = ImageAnalyzer(config, ocr=False)
            post = Post(text="", platform="instagram", images=[str(path)], alt_text=["x"], source=Source("p.md"))
            start = time.perf_counter()
            analyzer.analyze(post, None)  # type: ignore[arg-type]
            runs.append(time.perf_counter() - start)
        results[name] = statistics.median(runs[3:]) * 1000
    return results


def urls() -> list[str]:
    base = ["https://lumenbake.com/spring?utm_source=nl&utm_medium=email&id={i}",
            "https://bit.ly/3xY{i}", "http://192.168.1.{j}/admin", "https://staging{i}.lumenbake.com/x",
            "https://docs.google.com/document/d/{i}abc/edit", "https://xn--lumenbke-66g.com/{i}",
            "https://shop{i}.example.org/item?id={i}&page=2", "https://en.wikipedia.org/wiki/Item_{i}",
            "https://files{i}.s3.amazonaws.com/f.pdf?X-Amz-Signature=abc{i}", "https://lumenbakes{i}.com/"]
    return [b.format(i=i, j=i % 250) for i in range(200) for b in base]


def bench_links() -> float:
    config = Config(classifier=False, own_domains=("lumenbake.com",), competitors=("crumbco.com",))
    items = urls()
    LinkAnalyzer(config).issues("https://warm.example.com/")   # import tldextract/idna and load data once
    runs = []
    for _ in range(5):
        parse_host.cache_clear()
        analyzer = LinkAnalyzer(config)
        start = time.perf_counter()
        for url in items:
            analyzer.issues(url)
        runs.append((time.perf_counter() - start) / len(items))
    return statistics.median(runs) * 1000


def bench_ocr(folder: Path) -> float | None:
    from media import graphic_with_text
    from PIL import Image

    from fauxpas.analyzers.ocr import read_text, tesseract_path

    if tesseract_path() is None:
        return None
    path = graphic_with_text(folder / "ocr.png", ["Summer sale starts Friday", "Tickets: [INSERT LINK]",
                                                  "Call 0161 496 0000 for details", "Terms apply, see site"])
    runs = []
    with Image.open(path) as image:
        image.load()
        for _ in range(5):
            start = time.perf_counter()
            text = read_text(image)
            runs.append(time.perf_counter() - start)
    assert "[INSERT LINK]" in text, text
    return statistics.median(runs)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        images = bench_images(folder)
        per_url = bench_links()
        ocr = bench_ocr(folder)
    ok = True
    for name, ms in images.items():
        good = ms <= 10
        ok &= good
        print(f"image metadata+platform  {name:42s} {ms:7.2f} ms/image   target <= 10 ms   {'OK' if good else 'SLOW'}")
    good = per_url <= 0.2
    ok &= good
    print(f"link checks offline      {len(urls())} distinct URLs{'':22s} {per_url:7.3f} ms/URL     target <= 0.2 ms  {'OK' if good else 'SLOW'}")
    if ocr is None:
        print("OCR                      skipped: tesseract is not installed")
    else:
        good = ocr <= 1.5
        ok &= good
        print(f"OCR                      1280x720 graphic, 4 lines{'':17s} {ocr:7.2f} s          target <= 1.5 s   {'OK' if good else 'SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
