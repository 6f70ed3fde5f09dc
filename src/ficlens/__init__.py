"""ficlens: read a story and write its story model (cast, who says what to whom, structure)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ficlens.version import __version__

if TYPE_CHECKING:
    from ficlens.pipeline import analyze_bytes, analyze_document

__all__ = ["__version__", "analyze_bytes", "analyze_document"]


def __getattr__(name: str):
    """The pipeline (and spaCy with it) loads on first use, so `ficlens --version` and the commands that never
    analyse start fast."""
    if name in ("analyze_bytes", "analyze_document"):
        from ficlens import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'ficlens' has no attribute {name!r}")
