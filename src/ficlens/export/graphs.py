"""The conversation graph, chapter by chapter: characters are nodes, an edge runs from a speaker to each
addressee with the number of lines per chapter (and per kind). GEXF (Gephi) gets one edge per pair and chapter
with the chapter as its spell, so Gephi's timeline plays the story; graph-json gets one networkx node-link graph
per chapter. Relationships, where the story model has them, are added as edges of kind 'relationship'.
"""

from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ficlens.export.base import Exporter, register
from ficlens.export.lines import Chapters, story_lines
from ficlens.export.options import ExportOptions
from ficlens.model import StoryModel

Edge = tuple[str, str, dict]


def conversation_edges(model: StoryModel, options: ExportOptions) -> tuple[dict[int, str | None], list[Edge]]:
    """The chapters (number -> title) and one edge per speaker, addressee and chapter, in a stable order."""
    lines = story_lines(model, options)
    titles = {line.chapter: line.chapter_title for line in lines}
    pairs: dict[tuple[str, str, int], Counter] = defaultdict(Counter)
    for line in lines:
        if line.speaker is None or line.kind == "narration":
            continue
        for addressee in line.addressees:
            if addressee != line.speaker:
                pairs[line.speaker, addressee, line.chapter][line.kind] += 1
    edges = [(a, b, _edge_attributes(chapter, kinds, titles)) for (a, b, chapter), kinds in sorted(pairs.items())]
    return titles, edges


def _add_characters(graph: nx.Graph, model: StoryModel) -> None:
    for c in model.characters:
        graph.add_node(c.id, label=c.name, gender=c.gender or "unknown", kind=c.kind, lines=c.lines)


def _edge_attributes(chapter: int, kinds: Counter, titles: dict[int, str | None]) -> dict:
    return {
        "kind": "conversation",
        "chapter": chapter,
        "chapter_title": titles.get(chapter) or "",
        "weight": sum(kinds.values()),
        **{f"{kind}_lines": count for kind, count in sorted(kinds.items())},
    }


def relationship_edges(model: StoryModel) -> list[Edge]:
    """Edges for the relations layer (`model.relationships`) when the model has one: one per phase of a
    relationship (friendly, hostile, ...) with the chapters it spans as its spell, or one without a spell."""
    chapters = Chapters(model)
    edges = []
    for relationship in getattr(model, "relationships", None) or []:
        data = relationship.model_dump(mode="json") if hasattr(relationship, "model_dump") else dict(relationship)
        if not data.get("a") or not data.get("b"):
            continue
        base = {"kind": "relationship", "relationship": data.get("kind") or ""}
        phases = [p for p in data.get("phases") or [] if isinstance(p, dict) and "start" in p and "end" in p]
        for phase in phases:
            spell = {"start": chapters.at(phase["start"])[0], "end": chapters.at(max(phase["end"] - 1, 0))[0]}
            edges.append((data["a"], data["b"], {**base, "polarity": phase.get("polarity") or "", **spell}))
        if not phases:
            edges.append((data["a"], data["b"], base))
    return edges


@register
class Gexf(Exporter):
    name = "gexf"
    suffix = ".gexf"
    description = "the conversation graph for Gephi; one edge per pair and chapter, the chapter as its spell"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        graph = nx.MultiDiGraph(name=model.work.title or model.source.name or "story")
        _add_characters(graph, model)
        for a, b, attributes in conversation_edges(model, options)[1]:
            chapter = attributes["chapter"]
            graph.add_edge(a, b, key=f"{a}-{b}-{chapter}", start=chapter, end=chapter, **attributes)
        for number, (a, b, attributes) in enumerate(relationship_edges(model)):
            graph.add_edge(a, b, key=f"{a}-{b}-relationship-{number}", **attributes)
        return {out: _gexf_bytes(graph)}


def _gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    """networkx's GEXF without the day it was written on, so the same model always gives the same file."""
    writer = GEXFWriter()
    writer.add_graph(graph)
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@register
class GraphJson(Exporter):
    name = "graph-json"
    suffix = ".graph.json"
    description = "one networkx node-link graph per chapter (nx.node_link_graph reads each back)"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        titles, edges = conversation_edges(model, options)
        chapters: dict[int, nx.DiGraph] = {}
        for number in sorted(titles):
            chapters[number] = nx.DiGraph(chapter=number, title=titles[number])
            _add_characters(chapters[number], model)
        for a, b, attributes in edges:
            chapters[attributes["chapter"]].add_edge(a, b, **attributes)
        payload = {
            "chapters": [nx.node_link_data(graph, edges="edges") for graph in chapters.values()],
            "relationships": [
                {"source": a, "target": b, **attributes} for a, b, attributes in relationship_edges(model)
            ],
        }
        return {out: json.dumps(payload, ensure_ascii=False, indent=2) + "\n"}
