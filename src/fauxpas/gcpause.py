"""Pausing Python's cyclic garbage collector while long-lived structures are built.

Importing spaCy, building the pipeline, loading the rules and compiling their indexes allocate
hundreds of thousands of objects that live as long as the process. With the collector on, every
full collection during that build walks all of them again: about a twelfth of a cold
``fauxpas check``. Nothing is lost by pausing it: cycles made meanwhile are collected as usual
once it runs again.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
