"""One error hierarchy: everything ficlens raises on purpose is a `FiclensError`, with a one-line message
meant for the user (the command line prints it and exits 1; it never shows a traceback for these)."""

from __future__ import annotations


class FiclensError(Exception):
    """Base of every error ficlens raises on purpose."""


class InputError(FiclensError):
    """A work that cannot be read; the message is one line meant for the user."""


class UnknownFandom(FiclensError, ValueError):
    """No pack of that name ships with ficlens."""


class PipelineError(FiclensError):
    """Steps listed in an order where one reads a layer that no earlier step assigns."""


class MissingModel(FiclensError, RuntimeError):
    """The English spaCy pipeline is not installed."""


class InputNotFound(FiclensError):
    """An INPUT argument of a corpus run matched nothing."""


class StoreError(FiclensError):
    """The corpus store cannot be used (locked, not a store, unwritable); one line for the user."""


class ClusterError(FiclensError):
    """The corpus cluster could not be started or reached; one line for the user."""


class LimitExceeded(FiclensError):
    """A work went past its time or memory limit (`ficlens.limits`); one line for the user."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind
        """'TimeLimit', 'MemoryLimit' or 'WorkerDied' (the error type a corpus run records)."""


__all__ = [
    "ClusterError", "FiclensError", "InputError", "InputNotFound", "LimitExceeded", "MissingModel",
    "PipelineError", "StoreError", "UnknownFandom",
]
