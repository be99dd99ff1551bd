"""The model on disk, and loading it safely.

    models/fauxpas.skops   the scikit-learn model (vectorisers, blunder model, calibration,
                           category model) in skops format: no pickle; loaded only if every
                           type in it is on TRUSTED_TYPES
    models/fauxpas.npz     the same model as plain arrays, for checks (np.load, allow_pickle=False)
    models/card.json       corpus hash, library versions, training date, cross-validated
                           metrics, thresholds, and the sha256 of both model files

A model file whose hash does not match the card (tampered, or copied from elsewhere) is refused
with a ModelError, which the CLI reports in one line with exit code 2.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fauxpas.errors import FauxpasError

SKOPS_NAME = "fauxpas.skops"
NPZ_NAME = "fauxpas.npz"
CARD_NAME = "card.json"
MAX_MODEL_BYTES = 200 * 1024 * 1024

# Every type the skops file may contain. Anything else makes loading fail.
TRUSTED_TYPES = [
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int", "builtins.float",
    "builtins.bool", "builtins.NoneType",
    "numpy.ndarray", "numpy.dtype", "numpy.float64", "numpy.int64", "numpy.int32", "numpy.str_",
    "sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
]


class ModelError(FauxpasError):
    """A model file that is missing, does not match its card, or contains untrusted types."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_card(folder: Path) -> dict[str, Any]:
    path = folder / CARD_NAME
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError("no model card (run `fauxpas train`)", str(path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(f"unreadable model card: {error}", str(path)) from None
    if not isinstance(card, dict) or "files" not in card or "thresholds" not in card:
        raise ModelError("not a fauxpas model card", str(path))
    return card


def verify(folder: Path, name: str, card: dict[str, Any]) -> Path:
    path = folder / name
    if not path.is_file():
        raise ModelError("model file is missing (run `fauxpas train`)", str(path))
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise ModelError("model file is too large to be ours", str(path))
    expected = card["files"].get(name)
    if expected != sha256(path):
        raise ModelError("model file does not match its card (tampered, or from another training run): refusing to load", str(path))
    return path


def load_runtime(folder: Path) -> Any:
    """The numpy-only model used by `check` (no scikit-learn import)."""
    import numpy as np

    from fauxpas.classifier.runtime import RuntimeModel

    card = read_card(folder)
    path = verify(folder, NPZ_NAME, card)
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        return RuntimeModel(arrays, card)
    except (ValueError, OSError, KeyError, IndexError) as error:
        raise ModelError(f"cannot read model arrays: {error}", str(path)) from None


def load_sklearn(folder: Path) -> dict[str, Any]:
    """The scikit-learn model, through skops with an explicit trusted-types list."""
    import skops.io as sio

    card = read_card(folder)
    path = verify(folder, SKOPS_NAME, card)
    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
    if untrusted:
        raise ModelError(f"model contains untrusted types: {', '.join(untrusted[:5])}", str(path))
    return sio.load(path, trusted=TRUSTED_TYPES)


def save(folder: Path, model: dict[str, Any], arrays: dict[str, Any], card: dict[str, Any]) -> None:
    """Write the three files; the card last, with the hashes of the other two."""
    import numpy as np
    import skops.io as sio

    folder.mkdir(parents=True, exist_ok=True)
    skops_path, npz_path = folder / SKOPS_NAME, folder / NPZ_NAME
    sio.dump(model, skops_path)
    np.savez(npz_path, **arrays)  # uncompressed: loading it is a copy, not a decompression
    card["files"] = {SKOPS_NAME: sha256(skops_path), NPZ_NAME: sha256(npz_path)}
    (folder / CARD_NAME).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
