"""ficlens: read a story and write its story model (cast, who says what to whom, structure)."""

from ficlens.pipeline import analyze_bytes, analyze_document
from ficlens.version import __version__

__all__ = ["__version__", "analyze_bytes", "analyze_document"]
