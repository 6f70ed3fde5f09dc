"""The report's conversation graph: an inline SVG drawn here, so the page stays one file with no chart library.

Characters sit on a circle in cast order (most lines first, clockwise from the top); a line joins two
characters who spoke to each other, thicker for more lines. Each line carries its lines per chapter and each
character the chapter it first appears in, so the page's slider can show the graph up to any chapter.
Names are escaped like all story text.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict

from markupsafe import Markup, escape

from ficlens.model import Character, StoryModel

GRAPH_NODES = 30
SIZE = 560
MARGIN = 80  # room for the names around the circle
NODE_RADIUS = (5.0, 16.0)
EDGE_WIDTH = (1.0, 10.0)


def graph_svg(model: StoryModel, colour_class: dict[str, str], order: list[str]) -> Markup:
    """The SVG for the characters in `order` (ids, most lines first) who talk to someone; empty if nobody does."""
    chapter_starts = sorted(s.start for s in model.segments if s.kind == "chapter")
    pairs = _pairs(model, chapter_starts)
    talkers = {character for pair in pairs for character in pair}
    chosen = [c for c in order if c in talkers][:GRAPH_NODES]
    if not chosen:
        return Markup("")
    characters = {c.id: c for c in model.characters}
    radius, centre = SIZE / 2 - MARGIN, SIZE / 2
    angle = {cid: 2 * math.pi * i / len(chosen) for i, cid in enumerate(chosen)}
    position = {cid: (centre + radius * math.sin(a), centre - radius * math.cos(a)) for cid, a in angle.items()}
    totals = {pair: sum(by.values()) for pair, by in pairs.items()}
    most = max(totals.values())
    out = []
    if len(chapter_starts) > 1:
        out.append(
            f'<label class="graph-upto">Up to chapter <output>{len(chapter_starts)}</output> '
            f'<input type="range" min="1" max="{len(chapter_starts)}" value="{len(chapter_starts)}"></label>'
        )
    out.append(
        f'<svg class="graph" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="Who talks to whom" data-most="{most}">'
    )
    out += _edges(pairs, totals, position, characters, most)
    out += _nodes(model, chosen, position, characters, colour_class, chapter_starts)
    out.append("</svg>")
    return Markup("".join(out))


def _chapter(chapter_starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(chapter_starts, offset) - 1)


def _pairs(model: StoryModel, chapter_starts: list[int]) -> dict[tuple[str, str], Counter]:
    """Lines between two characters (either way round) by chapter."""
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for u in model.utterances:
        for addressee in u.addressees:
            if u.speaker and addressee != u.speaker:
                pairs[tuple(sorted((u.speaker, addressee)))][_chapter(chapter_starts, u.start)] += 1
    return pairs


def _edges(
    pairs: dict[tuple[str, str], Counter],
    totals: dict[tuple[str, str], int],
    position: dict[str, tuple[float, float]],
    characters: dict[str, Character],
    most: int,
) -> list[str]:
    """One line per pair, thinnest first so the thick ones lie on top."""
    out = []
    for (a, b), count in sorted(totals.items(), key=lambda item: item[1]):
        if a in position and b in position:
            (x1, y1), (x2, y2) = position[a], position[b]
            width = EDGE_WIDTH[0] + (EDGE_WIDTH[1] - EDGE_WIDTH[0]) * math.sqrt(count / most)
            label = escape(f"{characters[a].name} \u2013 {characters[b].name}: {count} lines")
            by_chapter = " ".join(f"{c}:{n}" for c, n in sorted(pairs[(a, b)].items()))
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}"'
                f' data-a="{escape(a)}" data-b="{escape(b)}" data-by="{by_chapter}"><title>{label}</title></line>'
            )
    return out


def _nodes(
    model: StoryModel,
    chosen: list[str],
    position: dict[str, tuple[float, float]],
    characters: dict[str, Character],
    colour_class: dict[str, str],
    chapter_starts: list[int],
) -> list[str]:
    """One circle per character, sized by its lines, named outside the circle, with its first chapter."""
    radius, centre = SIZE / 2 - MARGIN, SIZE / 2
    lines = Counter(u.speaker for u in model.utterances if u.speaker)
    loudest = max(1, *(lines[c] for c in chosen))
    out = []
    for cid in chosen:
        mentions = [s for s, _ in characters[cid].mentions] + [u.start for u in model.utterances if u.speaker == cid]
        first = _chapter(chapter_starts, min(mentions))
        x, y = position[cid]
        r = NODE_RADIUS[0] + (NODE_RADIUS[1] - NODE_RADIUS[0]) * math.sqrt(lines[cid] / loudest)
        anchor = "middle" if abs(x - centre) < radius / 3 else ("start" if x > centre else "end")
        dx = 0 if anchor == "middle" else (r + 4 if anchor == "start" else -r - 4)
        dy = -r - 6 if anchor == "middle" and y < centre else (r + 16 if anchor == "middle" else 4)
        name = escape(characters[cid].name)
        out.append(
            f'<g class="gnode {colour_class.get(cid, "k-none")}" data-s="{escape(cid)}" data-first="{first}"'
            f' tabindex="0" role="button"><title>{name}: {lines[cid]} lines</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"></circle>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{name}</text></g>'
        )
    return out
