"""The one error an export raises: its message is one line meant for the user."""

from ficlens.errors import FiclensError


class ExportError(FiclensError):
    """A story model that cannot be exported as asked (ids outside the cast, a voice map that misses a voice)."""
