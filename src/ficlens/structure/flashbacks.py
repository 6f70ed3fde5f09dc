"""Where a flashback began when the text marks only its end."""

from __future__ import annotations

from ficlens.analysis import Analysis
from ficlens.textlayout import MEMORY_LEAD, SENTENCE_END


def flashback_start(analysis: Analysis, end_index: int, breaks: list[int], chapters: list[tuple[int, str]]) -> int:
    """Where a flashback closed by an end marker alone began: after the sentence that leads into the memory."""
    text = analysis.text
    floor = max([b for b in breaks] + [c for c, _ in chapters] + [0])
    for index in range(end_index - 1, -1, -1):
        paragraph = analysis.paragraphs[index]
        if paragraph.start < floor:
            break
        if not paragraph.story:
            continue
        chunk = text[paragraph.start : paragraph.end]
        if '"' in chunk[:2] or "“" in chunk[:2]:
            continue
        leads = list(MEMORY_LEAD.finditer(chunk))
        if not leads:
            continue
        sentence_end = SENTENCE_END.search(chunk, leads[-1].end())
        cut = paragraph.start + (sentence_end.end() if sentence_end else len(chunk))
        following = text[cut : analysis.paragraphs[end_index].start]
        return cut + (len(following) - len(following.lstrip()))
    first = next((p for p in analysis.paragraphs if p.start >= floor and p.story), None)
    return first.start if first else floor
