"""Find the works to analyse: files, folders (recursive) and glob patterns; hash their content."""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficlens.errors import InputNotFound


@dataclass(frozen=True)
class Candidate:
    path: str  # absolute (as the file system names it: may hold lone surrogates for non-UTF-8 bytes)
    size: int  # -1: cannot be read (see `error`)
    mtime_ns: int
    error: str | None = None
    """Why it cannot be read (an unreadable folder, a symlink loop); it is then a failed work of the run."""

    @property
    def shown(self) -> str:
        return shown(self.path)


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it can be printed and stored: the bytes of a file name that is not valid UTF-8 become `\\xNN`
    escapes (Python holds them as lone surrogates, which no JSON, terminal or Arrow column takes)."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _walk(folder: Path, problems: list[Candidate]) -> Iterator[Path]:
    """Every file under `folder`, recursively, in a stable order; hidden files and folders skipped. A folder
    that cannot be listed is added to `problems` (never skipped silently); symlinked folders are not followed,
    so a symlink loop cannot loop."""

    def unreadable(error: OSError) -> None:
        where = error.filename if error.filename is not None else folder
        problems.append(Candidate(os.path.abspath(where), -1, -1, f"cannot read this folder ({error.strerror})"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _resolve(file: Path) -> tuple[str, os.stat_result | None, str | None]:
    """The absolute path, its stat (None if unreadable) and what is wrong with it."""
    try:
        resolved = file.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a symlink loop so
        return os.path.abspath(file), None, "a symlink loop"
    except OSError as error:
        problem = "a symlink loop" if error.errno == errno.ELOOP else f"cannot read it ({error.strerror})"
        return os.path.abspath(file), None, problem
    try:
        return str(resolved), resolved.stat(), None
    except OSError as error:
        return str(resolved), None, f"cannot read it ({error.strerror})"


def find_inputs(inputs: Iterable[str], exclude: Path | None = None) -> list[Candidate]:
    """Expand INPUT arguments into files (each once, in the order given); skip anything under `exclude`
    (the store itself, when it lies inside an input folder). Raises `InputNotFound`. Files and folders that
    cannot be read come back with size -1 and an `error`."""
    excluded = exclude.resolve() if exclude is not None else None
    seen: set[str] = set()
    found: list[Candidate] = []
    for argument in inputs:
        path = Path(argument).expanduser()
        if path.exists() or os.path.islink(path):
            matches = [path]
        elif glob.has_magic(argument):
            matches = [Path(m) for m in sorted(glob.glob(os.path.expanduser(argument), recursive=True))]
            if not matches:
                raise InputNotFound(f"{shown(argument)}: no file matches this pattern")
        else:
            raise InputNotFound(f"{shown(argument)}: no such file or folder")
        for match in matches:
            problems: list[Candidate] = []
            files = _walk(match, problems) if match.is_dir() else [match]
            for file in files:
                key, info, problem = _resolve(file)
                if excluded is not None and Path(key).is_relative_to(excluded):
                    continue
                if key in seen or (info is not None and not stat.S_ISREG(info.st_mode)):
                    continue
                seen.add(key)
                if info is None:
                    found.append(Candidate(key, -1, -1, problem))
                else:
                    found.append(Candidate(key, info.st_size, info.st_mtime_ns))
            for problem_folder in problems:
                if problem_folder.path not in seen:
                    seen.add(problem_folder.path)
                    found.append(problem_folder)
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


ZIP_BYTES_PER_WORD = 8
"""Unpacked bytes of an EPUB per word of its text: XHTML markup and styles come to about a third of it."""


def estimate_words(data: bytes) -> int:
    """Roughly how many words `data` holds, before any decoding: whitespace-separated runs of a text or HTML
    file, an EPUB's unpacked size over `ZIP_BYTES_PER_WORD`. It sizes the corpus batches, so cheapness matters
    more than exactness (markup counts a little, a word more or less changes nothing)."""
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return sum(info.file_size for info in archive.infolist()) // ZIP_BYTES_PER_WORD
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return len(data) // ZIP_BYTES_PER_WORD  # the worker reports it as a bad input; any size will do
    return len(data.split())
