"""`ficlens serve`: a local web app to explore a story's cast, quotations and conversations, and correct the cast."""

from ficlens.serve.app import create_app, run
from ficlens.serve.state import ServeConfig

__all__ = ["ServeConfig", "create_app", "run"]
