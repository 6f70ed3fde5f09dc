"""The report's relations section: a timeline of memberships and events, and the relationship graph as
inline SVG (no script, no network). Every name and sentence from the story is escaped here."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from ficlens.model import StoryModel

POLARITY_COLOURS = {"friendly": "#16a34a", "hostile": "#dc2626", "neutral": "#94a3b8"}
GRAPH_SIZE = 420
MAX_NODES = 24
"""Characters drawn in the graph: those in the most relationships."""
MAX_EVENT_TEXT = 160


def relations_section(model: StoryModel) -> dict | None:
    """What the template shows, or None for a story with no groups and no relationships."""
    if not (model.memberships or model.events or model.relationships):
        return None
    names = {c.id: c.name for c in model.characters}
    groups = {g.id: g.name for g in model.groups}
    size = max(len(model.text), 1)
    timeline = [
        {
            "character": names.get(m.character, m.character),
            "group": groups.get(m.group, m.group),
            "left": round(100 * m.start / size, 2),
            "width": max(round(100 * (m.end - m.start) / size, 2), 0.5),
            "confidence": m.confidence,
        }
        for m in sorted(model.memberships, key=lambda m: (names.get(m.character, ""), m.start))
    ]
    events = [
        {
            "kind": e.kind,
            "character": names.get(e.character, e.character),
            "group": groups.get(e.group, e.group),
            "at": round(100 * e.start / size),
            "text": " ".join(e.text.split())[:MAX_EVENT_TEXT],
        }
        for e in model.events
    ]
    return {"timeline": timeline, "events": events, "graph": relationship_svg(model, names)}


def relationship_svg(model: StoryModel, names: dict[str, str]) -> Markup:
    """Characters on a circle; an edge per relationship, coloured by its last phase (dashed when it turned)."""
    degree: dict[str, int] = {}
    for r in model.relationships:
        degree[r.a] = degree.get(r.a, 0) + 1
        degree[r.b] = degree.get(r.b, 0) + 1
    nodes = sorted(degree, key=lambda c: (-degree[c], names.get(c, c)))[:MAX_NODES]
    if not nodes:
        return Markup("")
    centre, radius = GRAPH_SIZE / 2, GRAPH_SIZE / 2 - 70
    place = {
        c: (centre + radius * math.cos(2 * math.pi * n / len(nodes)), centre + radius * math.sin(2 * math.pi * n / len(nodes)))
        for n, c in enumerate(nodes)
    }
    parts = [f'<svg class="relgraph" viewBox="0 0 {GRAPH_SIZE} {GRAPH_SIZE}" role="img" '
             f'aria-label="Relationship graph" xmlns="http://www.w3.org/2000/svg">']
    for r in model.relationships:
        if r.a not in place or r.b not in place:
            continue
        (x1, y1), (x2, y2) = place[r.a], place[r.b]
        last = r.phases[-1].polarity
        dash = ' stroke-dasharray="5 3"' if len({p.polarity for p in r.phases}) > 1 else ""
        story = " → ".join(p.polarity for p in r.phases)
        title = escape(f"{names.get(r.a, r.a)} – {names.get(r.b, r.b)}: {story}")
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{POLARITY_COLOURS[last]}" '
                     f'stroke-width="2"{dash}><title>{title}</title></line>')
    for c in nodes:
        x, y = place[c]
        anchor = "start" if x >= centre else "end"
        dx = 8 if x >= centre else -8
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#334155"/>'
                     f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="11">'
                     f'{escape(names.get(c, c))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
