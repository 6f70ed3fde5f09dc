"""ficlens: read a story and write its story model (cast, who says what to whom, structure)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ficlens")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from ficlens.pipeline import analyze_bytes, analyze_document  # noqa: E402

__all__ = ["__version__", "analyze_bytes", "analyze_document"]
