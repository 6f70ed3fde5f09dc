"""What the web app's panels read: a story model cut into chapters of plain-data paragraphs.

The browser builds every element from these dicts with ``textContent``, so story text never becomes markup;
a novel is sent one chapter (or one page of a long chapter) at a time instead of as one 3 MB page.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ficlens.model import EmphasisSpan, StoryModel, Utterance
from ficlens.report.html import palette
from ficlens.textlayout import split_paragraphs

# A chapter longer than this is sent in pages of about this many characters (cut at paragraph ends).
PAGE_CHARS = 60_000
# Lines this short inside paragraphs are a hard wrap (Project Gutenberg), shown as flowing text.
WRAP_WIDTH = 80
MIN_WRAPPED_LINES = 20
SEARCH_LIMIT = 200
SEARCH_CONTEXT = 60
# Segments that style the paragraphs they touch (chapters are the navigation itself).
REGION_KINDS = ("flashback", "author_note", "pov", "scene_break")


@dataclass(frozen=True)
class Section:
    """One unit of the reader: a chapter, or one page of a long chapter."""

    start: int
    end: int
    title: str
    chapter: int


class StoryView:
    """A story model with the look-ups the panels need, computed once per analysis."""

    def __init__(self, model: StoryModel) -> None:
        self.model = model
        self.paragraphs = split_paragraphs(model.text) or ([(0, len(model.text))] if model.text else [])
        self._paragraph_ends = [end for _, end in self.paragraphs]
        self.sections = self._sections()
        self._section_starts = [s.start for s in self.sections]
        self._utterances = sorted(model.utterances, key=lambda u: (u.start, -u.end))
        self._utterance_starts = [u.start for u in self._utterances]
        self._regions = sorted((s for s in model.segments if s.kind in REGION_KINDS), key=lambda s: s.start)

    @property
    def title(self) -> str:
        return self.model.work.title or self.model.source.name or "Untitled story"

    # -- chapters -------------------------------------------------------------------------------------------

    def _chapters(self) -> list[tuple[int, int, str]]:
        text = self.model.text
        marks = sorted((s for s in self.model.segments if s.kind == "chapter"), key=lambda s: s.start)
        if not marks:
            return [(0, len(text), self.model.work.title or "Story")]
        chapters = []
        if text[: marks[0].start].strip():
            chapters.append((0, marks[0].start, "Opening"))
        for number, mark in enumerate(marks):
            end = marks[number + 1].start if number + 1 < len(marks) else len(text)
            chapters.append((mark.start, end, (mark.title or "").strip() or f"Chapter {number + 1}"))
        return chapters

    def _sections(self) -> list[Section]:
        sections: list[Section] = []
        for number, (start, end, title) in enumerate(self._chapters()):
            pages = self._page_cuts(start, end, self._paragraph_ends)
            for page, (a, b) in enumerate(pages):
                label = title if len(pages) == 1 else f"{title} ({page + 1}/{len(pages)})"
                sections.append(Section(a, b, label, number))
        return sections

    @staticmethod
    def _page_cuts(start: int, end: int, paragraph_ends: list[int]) -> list[tuple[int, int]]:
        cuts, position = [], start
        while end - position > PAGE_CHARS:
            index = bisect.bisect_left(paragraph_ends, position + PAGE_CHARS)
            cut = paragraph_ends[index] if index < len(paragraph_ends) else end
            if cut >= end:
                break
            cuts.append((position, cut))
            position = cut
        cuts.append((position, end))
        return cuts

    def section_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._section_starts, offset) - 1)

    # -- summary --------------------------------------------------------------------------------------------

    def cast(self) -> list[dict]:
        """Characters ordered by lines (then by first appearance), with colours and lines per section."""
        model = self.model
        spoken: dict[str, list[int]] = defaultdict(list)
        for utterance in model.utterances:
            if utterance.speaker:
                spoken[utterance.speaker].append(utterance.start)
        offsets = {c.id: [s for s, _ in c.mentions] + spoken[c.id] for c in model.characters}
        ordered = sorted(
            model.characters, key=lambda c: (-len(spoken[c.id]), min(offsets[c.id], default=len(model.text)), c.name)
        )
        colours = palette(len(ordered))
        rows = []
        for character, colour in zip(ordered, colours, strict=True):
            seen = offsets[character.id]
            counts = Counter(self.section_of(start) for start in spoken[character.id])
            rows.append(
                {
                    "id": character.id,
                    "name": character.name,
                    "aliases": [a for a in character.aliases if a != character.name],
                    "gender": character.gender or "unknown",
                    "kind": character.kind,
                    "lines": len(spoken[character.id]),
                    "mentions": len(character.mentions),
                    "first": self.section_of(min(seen)) if seen else None,
                    "last": self.section_of(max(seen)) if seen else None,
                    "colour": colour,
                    "timeline": [counts.get(i, 0) for i in range(len(self.sections))],
                }
            )
        return rows

    def edges(self) -> list[list]:
        """[speaker id, addressee id, section, count]: the graph up to any section is a sum over these."""
        counts: Counter = Counter()
        for utterance in self.model.utterances:
            if utterance.speaker:
                section = self.section_of(utterance.start)
                for addressee in utterance.addressees:
                    if addressee != utterance.speaker:
                        counts[(utterance.speaker, addressee, section)] += 1
        return [[s, a, section, n] for (s, a, section), n in sorted(counts.items())]

    def summary(self) -> dict:
        model = self.model
        return {
            "title": self.title,
            "source": model.source.name,
            "fandom": model.fandom,
            "authors": model.work.authors,
            "stats": model.stats.model_dump(),
            "warnings": model.warnings,
            "sections": [
                {"title": s.title, "chapter": s.chapter, "start": s.start, "end": s.end} for s in self.sections
            ],
            "cast": self.cast(),
            "edges": self.edges(),
            "unknown_lines": sum(1 for u in model.utterances if not u.speaker),
            "hard_wrapped": self.hard_wrapped(),
        }

    def hard_wrapped(self) -> bool:
        """Whether line breaks inside paragraphs are a fixed-width wrap rather than the author's (verse, letters)."""
        text = self.model.text
        widths = sorted(len(line) for s, e in self.paragraphs for line in text[s:e].split("\n")[:-1])
        return len(widths) >= MIN_WRAPPED_LINES and widths[len(widths) // 2] <= WRAP_WIDTH

    # -- the reader -----------------------------------------------------------------------------------------

    def section(self, index: int) -> dict:
        section = self.sections[index]
        first = bisect.bisect_right(self._paragraph_ends, section.start)
        utterances = self._overlapping(section.start, section.end)
        emphasis = [e for e in self.model.emphasis if e.start < section.end and e.end > section.start]
        paragraphs, used = [], {}
        previous_end = self._paragraph_ends[first - 1] if first else -1
        for start, end in self.paragraphs[first:]:
            if start >= section.end:
                break
            pieces = self._pieces(start, end, utterances, emphasis)
            used.update((u.id, u) for u in utterances if u.start < end and u.end > start)
            marks = self._marks(start, end, previous_end)
            paragraphs.append({"start": start, "end": end, "marks": marks, "pieces": pieces})
            previous_end = end
        return {
            "index": index,
            "title": section.title,
            "paragraphs": paragraphs,
            "utterances": {uid: _utterance(u) for uid, u in used.items()},
        }

    def _pieces(self, start: int, end: int, utterances: list[Utterance], emphasis: list[EmphasisSpan]) -> list[list]:
        """[text, utterance id or None, emphasis styles] runs that tile text[start:end] exactly; where two
        utterances overlap, the one that starts first keeps the text."""
        quotes = [(max(u.start, start), min(u.end, end), u.id) for u in utterances if u.start < end and u.end > start]
        styles = [(max(e.start, start), min(e.end, end), e.style) for e in emphasis if e.start < end and e.end > start]
        points = sorted({start, end, *(p for a, b, _ in quotes + styles for p in (a, b))})
        text, pieces = self.model.text, []
        for a, b in zip(points, points[1:], strict=False):
            uid = next((u for s, e, u in quotes if s <= a and b <= e), None)
            style = sorted({st for s, e, st in styles if s <= a and b <= e})
            if pieces and pieces[-1][1] == uid and pieces[-1][2] == style:
                pieces[-1][0] += text[a:b]
            else:
                pieces.append([text[a:b], uid, style])
        return pieces

    def _overlapping(self, start: int, end: int) -> list[Utterance]:
        # An utterance longer than a page is rare; look back far enough to catch one that began before `start`.
        lo = bisect.bisect_left(self._utterance_starts, start - PAGE_CHARS)
        hi = bisect.bisect_left(self._utterance_starts, end)
        return [u for u in self._utterances[lo:hi] if u.end > start]

    def _marks(self, start: int, end: int, previous_end: int) -> list[dict]:
        """The regions a paragraph lies in; `first` marks the paragraph a region begins in (it may begin in the
        blank lines before it), so its label shows once."""
        return [
            {"kind": s.kind, "title": s.title, "first": s.start >= previous_end}
            for s in self._regions
            if s.start < end and s.end > start
        ]

    # -- search ---------------------------------------------------------------------------------------------

    def search(self, query: str) -> dict:
        text = self.model.text
        hits = []
        for match in re.finditer(re.escape(query), text, flags=re.IGNORECASE):
            a, b = match.span()
            hits.append(
                {
                    "offset": a,
                    "section": self.section_of(a),
                    "before": text[max(0, a - SEARCH_CONTEXT) : a],
                    "match": text[a:b],
                    "after": text[b : b + SEARCH_CONTEXT],
                }
            )
            if len(hits) >= SEARCH_LIMIT:
                break
        return {"query": query, "hits": hits, "truncated": len(hits) >= SEARCH_LIMIT}


def _utterance(utterance: Utterance) -> dict:
    return {
        "kind": utterance.kind,
        "speaker": utterance.speaker,
        "addressees": utterance.addressees,
        "confidence": utterance.confidence,
        "evidence": utterance.evidence,
        "addressee_evidence": utterance.addressee_evidence,
    }
