"""Find the works to analyse: files, folders (recursive) and glob patterns; hash their content."""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputNotFound


@dataclass(frozen=True)
class Candidate:
    path: str  # absolute
    size: int
    mtime_ns: int


def _walk(folder: Path) -> Iterator[Path]:
    """Every regular file under `folder`, recursively, in a stable order; hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def find_inputs(inputs: Iterable[str], exclude: Path | None = None) -> list[Candidate]:
    """Expand INPUT arguments into files (each once, in the order given); skip anything under `exclude`
    (the store itself, when it lies inside an input folder). Raises `InputNotFound`."""
    excluded = exclude.resolve() if exclude is not None else None
    seen: set[str] = set()
    found: list[Candidate] = []
    for argument in inputs:
        path = Path(argument).expanduser()
        if path.exists():
            matches = [path]
        elif glob.has_magic(argument):
            matches = [Path(m) for m in sorted(glob.glob(os.path.expanduser(argument), recursive=True))]
            if not matches:
                raise InputNotFound(f"{argument}: no file matches this pattern")
        else:
            raise InputNotFound(f"{argument}: no such file or folder")
        for match in matches:
            files = _walk(match) if match.is_dir() else [match]
            for file in files:
                resolved = file.resolve()
                if excluded is not None and resolved.is_relative_to(excluded):
                    continue
                key = str(resolved)
                if key in seen:
                    continue
                try:
                    info = resolved.stat()
                except OSError:
                    info = None
                if info is not None and not resolved.is_file():
                    continue
                seen.add(key)
                found.append(Candidate(key, info.st_size if info else -1, info.st_mtime_ns if info else -1))
    return found


def hash_file(path: str, chunk: int = 1 << 20) -> tuple[str, bytes | None]:
    """The sha256 of a file; its bytes too when it is small enough to keep (for shipping to workers)."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
            parts.append(block)
    return digest.hexdigest(), b"".join(parts)
