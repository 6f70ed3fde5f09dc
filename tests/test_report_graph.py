"""The HTML report's cast order (most lines first) and its inline conversation graph."""

from __future__ import annotations

import lxml.html

from ficlens.model import Interaction
from ficlens.report import render_html
from tests.test_report import char, make_model, utt

TEXT = '"Hi," said Bea. "Yo," said Al. "Hey," said Al. "Go away," Cy wrote.'
EVIL = '<img src=x onerror="window.__pwned=1">'


def model_with(names: dict[str, str]):
    cast = [char(cid, name) for cid, name in names.items()]
    utterances = [
        utt("u0", TEXT, '"Hi,"', "c1", addressees=["c0"]),
        utt("u1", TEXT, '"Yo,"', "c0", addressees=["c1"]),
        utt("u2", TEXT, '"Hey,"', "c0", addressees=["c1"]),
        utt("u3", TEXT, '"Go away,"', "c2", kind="written"),
    ]
    interactions = [
        Interaction(speaker="c1", addressee="c0", chapter=0, lines=1, words=3),
        Interaction(speaker="c0", addressee="c1", chapter=0, lines=2, words=6),
    ]
    return make_model(TEXT, cast, utterances, interactions=interactions)


def test_cast_is_ordered_by_lines_and_the_graph_joins_who_talks():
    html = render_html(model_with({"c2": "Cy", "c1": "Bea", "c0": "Al"}))
    document = lxml.html.fromstring(html)
    rows = document.xpath('//table[contains(@class, "cast")]/tbody/tr')
    assert [r.get("data-s") for r in rows] == ["c0", "c2", "c1"]  # Al 2 lines; Cy and Bea 1 each, in cast order
    nodes = document.xpath('//section[@id="graph"]//*[contains(@class, "gnode")]')
    assert [n.get("data-s") for n in nodes] == ["c0", "c1"]  # Cy writes to no one
    (edge,) = document.xpath('//section[@id="graph"]//line')
    assert {edge.get("data-a"), edge.get("data-b")} == {"c0", "c1"} and "3 lines" in edge.findtext("title")


def test_graph_names_are_escaped_and_absent_when_nobody_talks():
    html = render_html(model_with({"c0": EVIL, "c1": "Bea", "c2": "Cy"}))
    assert EVIL not in html and "&lt;img src=x onerror=" in html
    model = model_with({"c0": "Al", "c1": "Bea", "c2": "Cy"})
    silent = [u.model_copy(update={"addressees": []}) for u in model.utterances]
    quiet = model.model_copy(update={"utterances": silent, "interactions": []})
    assert 'id="graph"' not in render_html(quiet)


def two_chapters():
    from ficlens.model import Segment

    text = 'Chapter 1\n\n"Hi," said Bea to Al.\n\nChapter 2\n\n"Yo," said Al to Cy.\n'
    cast = [char("c0", "Al"), char("c1", "Bea"), char("c2", "Cy")]
    utterances = [utt("u0", text, '"Hi,"', "c1", addressees=["c0"]), utt("u1", text, '"Yo,"', "c0", addressees=["c2"])]
    middle = text.index("Chapter 2")
    segments = [
        Segment(kind="chapter", start=0, end=middle, title="Chapter 1"),
        Segment(kind="chapter", start=middle, end=len(text), title="Chapter 2"),
    ]
    cast[0].mentions.append((text.index("Al"), text.index("Al") + 2))  # named in chapter 1, speaks in chapter 2
    cast[2].mentions.append((text.index("Cy"), text.index("Cy") + 2))
    return make_model(text, cast, utterances, segments)


def test_graph_lines_and_nodes_carry_their_chapters_for_the_slider():
    document = lxml.html.fromstring(render_html(two_chapters()))
    (slider,) = document.xpath('//label[@class="graph-upto"]/input')
    assert slider.get("max") == "2" and slider.get("value") == "2"
    by = {frozenset((line.get("data-a"), line.get("data-b"))): line.get("data-by") for line in document.xpath("//line")}
    assert by == {frozenset({"c0", "c1"}): "0:1", frozenset({"c0", "c2"}): "1:1"}
    first = {g.get("data-s"): g.get("data-first") for g in document.xpath('//*[contains(@class, "gnode")]')}
    assert first == {"c0": "0", "c1": "0", "c2": "1"}
