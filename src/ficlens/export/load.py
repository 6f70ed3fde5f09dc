"""Read a story model written earlier (`ficlens analyze --json`), checked against the model's classes."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ficlens.export.errors import ExportError
from ficlens.model import StoryModel


def load_model(path: Path, data: bytes | None = None) -> StoryModel:
    """The model in `path` (or in `data`, its bytes already read); `ExportError` with one line if it is none."""
    try:
        return StoryModel.model_validate_json(path.read_bytes() if data is None else data)
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise ExportError(
            f"{path}: not a ficlens story model ({error.error_count()} problems; first at {where}: {first['msg']})"
        ) from None


def looks_like_model(data: bytes) -> bool:
    """A JSON object with the story model's keys, rather than a story to analyse."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"ficlens_version"' in data[:65536]
