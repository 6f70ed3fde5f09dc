"""Write files so that a reader never sees half of one: write a temporary file beside it, then rename."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

FILE_MODE = 0o666
"""What `open()` would create, before the umask: mkstemp's private 0600 would hide reports from other users."""


@cache
def _umask() -> int:
    """Read once: reading the umask means setting it, which is best not repeated while other threads run."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.fchmod(handle.fileno(), FILE_MODE & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
