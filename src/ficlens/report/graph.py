"""The report's conversation graph: an inline SVG drawn here, so the page stays one file with no chart library.

Characters sit on a circle in cast order (most lines first, clockwise from the top); a line joins two
characters who spoke to each other, thicker for more lines. Names are escaped like all story text.
"""

from __future__ import annotations

import math
from collections import Counter

from markupsafe import Markup, escape

from ficlens.model import StoryModel

GRAPH_NODES = 30
SIZE = 560
MARGIN = 80  # room for the names around the circle
NODE_RADIUS = (5.0, 16.0)
EDGE_WIDTH = (1.0, 10.0)


def graph_svg(model: StoryModel, colour_class: dict[str, str], order: list[str]) -> Markup:
    """The SVG for the characters in `order` (ids, most lines first) who talk to someone; empty if nobody does."""
    pairs: Counter = Counter()
    for interaction in model.interactions:
        if interaction.speaker != interaction.addressee:
            pairs[tuple(sorted((interaction.speaker, interaction.addressee)))] += interaction.count
    talkers = {character for pair in pairs for character in pair}
    chosen = [c for c in order if c in talkers][:GRAPH_NODES]
    if not chosen:
        return Markup("")
    names = {c.id: c.name for c in model.characters}
    lines = Counter(u.speaker for u in model.utterances if u.speaker)
    radius, centre = SIZE / 2 - MARGIN, SIZE / 2
    position = {
        cid: (
            centre + radius * math.sin(2 * math.pi * i / len(chosen)),
            centre - radius * math.cos(2 * math.pi * i / len(chosen)),
        )
        for i, cid in enumerate(chosen)
    }
    out = [f'<svg class="graph" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="Who talks to whom">']
    most = max(pairs.values())
    for (a, b), count in sorted(pairs.items(), key=lambda item: item[1]):
        if a in position and b in position:
            (x1, y1), (x2, y2) = position[a], position[b]
            width = EDGE_WIDTH[0] + (EDGE_WIDTH[1] - EDGE_WIDTH[0]) * math.sqrt(count / most)
            label = escape(f"{names.get(a, a)} \u2013 {names.get(b, b)}: {count} lines")
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{width:.1f}"'
                f' data-a="{escape(a)}" data-b="{escape(b)}"><title>{label}</title></line>'
            )
    loudest = max(1, *(lines[c] for c in chosen))
    for cid in chosen:
        x, y = position[cid]
        r = NODE_RADIUS[0] + (NODE_RADIUS[1] - NODE_RADIUS[0]) * math.sqrt(lines[cid] / loudest)
        anchor = "middle" if abs(x - centre) < radius / 3 else ("start" if x > centre else "end")
        dx = 0 if anchor == "middle" else (r + 4 if anchor == "start" else -r - 4)
        dy = -r - 6 if anchor == "middle" and y < centre else (r + 16 if anchor == "middle" else 4)
        name = escape(names.get(cid, cid))
        out.append(
            f'<g class="gnode {colour_class.get(cid, "k-none")}" data-s="{escape(cid)}" tabindex="0" role="button">'
            f'<title>{name}: {lines[cid]} lines</title><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"></circle>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{name}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))
