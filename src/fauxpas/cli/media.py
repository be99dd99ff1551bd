"""``fauxpas image-hash FILE...``: the deny-list line for pictures that must never be posted."""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from fauxpas.errors import UsageError


def register(app: typer.Typer) -> None:
    app.command("image-hash")(image_hash)


def image_hash(
    files: List[Path] = typer.Argument(..., help="Pictures to deny-list."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why the picture must not be posted (goes into the line)."),
) -> None:
    """Print the line to add under `images:` in rules/data/image-hashes.yaml (or a pack's data/image-hashes.yaml)."""
    import json
    import sys
    import warnings

    from PIL import Image

    from fauxpas.analyzers.imagefile import open_image
    from fauxpas.analyzers.images import phash_hex
    from fauxpas.cli.common import print_errors
    from fauxpas.errors import InputError

    if not files:
        raise UsageError("give one or more image files")
    errors: list[InputError] = []
    for path in files:
        try:
            image = open_image(path)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    image.load()
                    value = phash_hex(image.convert("RGB"))
            except InputError:
                raise
            except Exception as error:  # noqa: BLE001 - a bad file is one line, never a traceback
                raise InputError(f"corrupt image: cannot decode it ({str(error)[:100] or type(error).__name__})", str(path)) from None
            finally:
                image.close()
        except InputError as error:
            errors.append(error)
            continue
        entry = {"phash": value, "name": os.path.basename(str(path)), "reason": reason or "TODO: why it must not be posted"}
        sys.stdout.write("  - {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()) + "}\n")
    print_errors(errors)
    if errors:
        raise typer.Exit(2)
