"""Structure: paragraphs, chapters, scenes, flashbacks, POV sections and author's notes (see `segments.py`)."""

from ficlens.structure.segments import chapter_starts_known, find_structure
from ficlens.textlayout import (
    CHAPTER,
    FLASHBACK_END,
    FLASHBACK_START,
    NOTE,
    POV,
    REVIEW_REQUEST,
    SCENE_BREAK,
    lines_are_paragraphs,
    split_paragraphs,
)

__all__ = [
    "CHAPTER", "FLASHBACK_END", "FLASHBACK_START", "NOTE", "POV", "REVIEW_REQUEST", "SCENE_BREAK",
    "chapter_starts_known", "find_structure", "lines_are_paragraphs", "split_paragraphs",
]
