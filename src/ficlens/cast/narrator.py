"""Whether the story is told in the first person (then the cast has a narrator, "I")."""

from __future__ import annotations

from ficlens.analysis import Analysis


def narrated_in_first_person(analysis: Analysis) -> bool:
    """Narration (outside quotations) with many first-person pronouns."""
    quotes = [(q.start, q.end) for q in analysis.quotes]
    narration = first = 0
    qi = 0
    for paragraph in analysis.paragraphs:
        if paragraph.doc is None:
            continue
        for token in paragraph.doc:
            offset = paragraph.start + token.idx
            while qi < len(quotes) and quotes[qi][1] <= offset:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] <= offset:
                continue
            narration += 1
            if token.text in ("I", "me", "my", "myself") and token.tag_ in ("PRP", "PRP$"):
                first += 1
    return narration > 200 and first > 0.012 * narration
