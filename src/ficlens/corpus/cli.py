"""`ficlens corpus ...` (placeholder until the corpus commands land)."""

import typer

app = typer.Typer(no_args_is_help=True)
