"""Placeholder report; replaced by the full report."""

from html import escape

from ficlens.model import StoryModel


def render_html(model: StoryModel) -> str:
    return f"<!doctype html><meta charset=utf-8><pre>{escape(model.text)}</pre>"
