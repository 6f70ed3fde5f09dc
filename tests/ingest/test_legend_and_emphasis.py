"""Legends, emphasis utterances, and end to end through analyze_bytes on every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.analysis import Analysis
from ficlens.dialogue import find_quotes
from ficlens.dialogue.emphasis import emphasis_utterances
from ficlens.ingest import read_document
from ficlens.structure import find_structure
from tests.ingest import epubs

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"

LEGEND_HTML = b"""<html><body><div id="x">
<p>Disclaimer: I own nothing.</p>
<p>"Talking"<br/>'Thinking'<br/><b>bold</b> = Kurama speaking<br/><i>italics</i> = thoughts</p>
<p>Naruto sat by the river.</p>
<p><b>Get up, kit.</b></p>
<p>He looked at <i>Icha Icha</i> and frowned. <i>Why does he read that?</i></p>
<p>"Hello," said Sakura. She smiled at <i>him</i>.</p>
</div></body></html>"""


def analysed(data: bytes, notes: str = "keep") -> Analysis:
    analysis = Analysis(document=read_document(data, notes=notes))
    find_structure(analysis)
    find_quotes(analysis)
    emphasis_utterances(analysis)
    return analysis


def test_legend_in_html() -> None:
    document = read_document(LEGEND_HTML)
    assert document.legend == {
        "double_quote": {"kind": "speech", "speaker": None, "meaning": "Talking"},
        "single_quote": {"kind": "thought", "speaker": None, "meaning": "Thinking"},
        "bold": {"kind": "telepathy", "speaker": "Kurama", "meaning": "Kurama speaking"},
        "italic": {"kind": "thought", "speaker": None, "meaning": "thoughts"},
    }
    legend_note = [document.text[s.start : s.end] for s in document.segments if s.kind == "author_note"]
    assert legend_note == ["\"Talking\"\n'Thinking'\nbold = Kurama speaking\nitalics = thoughts"]
    stripped = read_document(LEGEND_HTML, notes="strip")
    assert stripped.text.startswith("Naruto sat by the river.") and stripped.legend == document.legend


def test_emphasis_utterances_with_legend() -> None:
    analysis = analysed(LEGEND_HTML)
    text = analysis.text
    found = [(text[q.inner_start : q.inner_end], q.kind, q.legend_speaker) for q in analysis.quotes]
    assert found == [
        ("Get up, kit.", "telepathy", "Kurama"),
        ("Why does he read that?", "thought", None),
        ("Hello,", "speech", None),
    ]
    assert [q.start for q in analysis.quotes] == sorted(q.start for q in analysis.quotes)


def test_italic_thoughts_without_legend() -> None:
    html = b"""<html><body>
    <p>She opened <i>The Tale of the Gutsy Ninja</i> again.</p>
    <p><i>This cannot be happening.</i> Sasuke ran.</p>
    <p>It was <i>very</i> late, and <i>nobody was awake</i> at all.</p>
    <p>"Do not say <i>that word again</i> here," said Ino.</p>
    </body></html>"""
    analysis = analysed(html)
    thoughts = [analysis.text[q.inner_start : q.inner_end] for q in analysis.quotes if q.kind == "thought"]
    assert thoughts == ["This cannot be happening."]


def test_plain_text_legend_with_markers() -> None:
    data = (
        b'"talking"\n\'thinking\'\n**Kurama speaking**\n\nNaruto yawned.\n\n**Wake up.**\n\n"Fine," said Naruto.\n'
    )
    document = read_document(data)
    assert document.text == data.decode() and not document.include_text
    assert document.legend["bold"] == {"kind": "telepathy", "speaker": "Kurama", "meaning": "Kurama speaking"}
    assert [document.text[s.start : s.end] for s in document.segments] == ["\"talking\"\n'thinking'\n**Kurama speaking**"]
    analysis = analysed(data)
    found = [(analysis.text[q.inner_start : q.inner_end], q.kind, q.legend_speaker) for q in analysis.quotes]
    assert found == [("Wake up.", "telepathy", "Kurama"), ("Fine,", "speech", None)]


def test_no_legend_in_ordinary_opening() -> None:
    assert read_document(b'"Talking is hard," said Naruto.\n\n"Thinking too," said Sasuke.\n').legend == {}


def _speakers(data: bytes, name: str, notes: str = "keep") -> dict[str, str | None]:
    from ficlens import analyze_bytes

    model = analyze_bytes(data, name=name, fandom=None, notes=notes)
    names = {c.id: c.name for c in model.characters}
    for utterance in model.utterances:
        assert model.text[utterance.start : utterance.end].strip("\"“”'‘’*_").startswith(utterance.text.strip()[:5])
    return {u.text: names.get(u.speaker) if u.speaker else None for u in model.utterances}


@pytest.mark.parametrize(
    ("source", "line", "speaker"),
    [
        ("ao3_multi.html", "We should go now,", "Naruto"),
        ("ao3_single.html", "You are reading that again,", "Iruka"),
        ("fff.html", "It is ready,", "Hinata"),
        ("fff.txt", "This one has a crack,", "Naruto"),
        ("ffn.txt", "That bowl is mine,", "Sasuke"),
        ("fff.epub", "Fold it along the line,", "Sakura"),
        ("ao3.epub", "What a drag,", "Shikamaru"),
    ],
)
@pytest.mark.parametrize("notes", ["keep", "strip"])
def test_speaker_end_to_end(source: str, line: str, speaker: str, notes: str) -> None:
    if source == "fff.epub":
        data = epubs.fff_epub()
    elif source == "ao3.epub":
        data = epubs.ao3_epub()
    else:
        data = (FIXTURES / source).read_bytes()
    speakers = _speakers(data, source, notes)
    assert speaker in (speakers.get(line) or "")
