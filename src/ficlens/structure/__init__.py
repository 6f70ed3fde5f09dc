"""Structure: paragraphs, chapters, scenes, flashbacks, POV sections and author's notes (see `segments.py`).

The marker-line patterns and the paragraph splitter live in `ficlens.textlayout`, shared with the readers and
the report."""

from ficlens.structure.segments import chapter_starts_known, find_structure

__all__ = ["chapter_starts_known", "find_structure"]
