"""The HTML report: one self-contained page per story model."""

from ficlens.report.html import render_html

__all__ = ["render_html"]
