"""Property-based tests (hypothesis) over every reader and the whole analysis (issue 12).

Invariants on generated inputs: a reader returns a Document or raises `InputError` (nothing else); every
segment and emphasis span lies in the text; plain text is the file's own decoded text; every utterance,
segment and mention of a story model slices back to its text; `analyze` either writes a complete JSON or
nothing at all. The `ci` profile (the default) keeps the number of examples small so the suite stays fast;
HYPOTHESIS_PROFILE=thorough runs many more.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ficlens.cli import app
from ficlens.ingest import Document, InputError, read_document
from ficlens.pipeline import analyze_bytes
from tests.ingest import epubs

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
ANALYSIS_EXAMPLES = settings().max_examples if PROFILE == "thorough" else 8
"""The whole analysis is slower than a reader: fewer examples in every profile but `thorough`."""

WORDS = st.sampled_from(
    ["Naruto", "Sakura", "said", "the", "rain", "Why?", "no", "—", "…", "café", "Zoë", "A/N:", "Chapter 1",
     "\u201c", "\u201d", '"', "'", "*", "**", "_", "<", ">", "&", "&amp;", "\t", "Rated: Fiction T", "By:",
     "TABLE OF CONTENTS", "End file.", "\ufeff", "\u00a0", "🙂", "\r\n", "\n", "\n\n", " "]
)  # fmt: skip
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=60).map(" ".join)
PARAGRAPHS = st.lists(TEXT, min_size=1, max_size=8)
INLINE = st.sampled_from(["i", "b", "em", "strong", "u", "span", "a", "font"])
BLOCK = st.sampled_from(["p", "div", "blockquote", "h2", "li", "section"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def markup(draw) -> str:
    """HTML paragraphs with inline styles, <br/>, <hr/>, unclosed tags and deep nesting."""
    pieces = []
    for paragraph in draw(PARAGRAPHS):
        words = paragraph.split(" ")
        cut = draw(st.integers(0, len(words)))
        inline = draw(INLINE)
        styled = f"{_escape(' '.join(words[:cut]))} <{inline}>{_escape(' '.join(words[cut:]))}</{inline}>"
        separator = draw(st.sampled_from(["", "<br/>", "<br/><br/>", "<hr/>", "<div>", "</div>"]))
        pieces.append(f"<{draw(BLOCK)}>{styled}{separator}</{draw(BLOCK)}>")
    depth = draw(st.integers(0, 300))
    return "<div>" * depth + "".join(pieces)


def html_page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()


def check_document(document: Document) -> None:
    text = document.text
    assert text.strip()
    for segment in document.segments:
        assert 0 <= segment.start < segment.end <= len(text)
    for span in document.emphasis:
        assert 0 <= span.start < span.end <= len(text)
    for warning in document.warnings:
        assert warning and "\n" not in warning


def read(data: bytes) -> Document | None:
    """A Document, or None for an InputError (any other exception fails the test); checks the invariants."""
    try:
        document = read_document(data, name="generated")
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        return None
    check_document(document)
    return document


@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    read(data)


@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_plain_text_is_the_decoded_file(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
        encoding = "utf-8"
    document = read(data)
    if document is not None and document.source_format == "text" and encoding in ("utf-8", "utf-16"):
        assert document.text == data.decode(encoding)


@given(markup())
def test_html(body: str) -> None:
    read(html_page(body))


@given(markup(), st.integers(1, 4))
def test_epub(body: str, files: int) -> None:
    items = [(f"c{n}", f"c{n}.xhtml") for n in range(files)]
    pages = {href: epubs.xhtml(f"<h2>Chapter {n}</h2>{body}") for n, (_, href) in enumerate(items)}
    read(epubs.build({"content.opf": epubs.opf(items), **pages}))


@given(st.lists(TEXT, min_size=1, max_size=4), st.sampled_from(["\t", " " * 8]), st.sampled_from(["\n", "\r\n"]))
def test_fanficfare_txt(chapters: list[str], indent: str, newline: str) -> None:
    titles = [f"{n + 1}. Part" for n in range(len(chapters))]
    lines = ["", "Title", "", "by someone", "", "Rating: T", "Chapters: 2", "Words: 10", "", "TABLE OF CONTENTS", ""]
    lines += titles + [""]
    for title, chapter in zip(titles, chapters, strict=True):
        lines += [indent + title, "", chapter, ""]
    lines += ["End file."]
    read(newline.join(lines).encode())


@given(st.lists(TEXT, max_size=4), TEXT)
def test_fanfiction_net_text(header: list[str], story: str) -> None:
    meta = "Rated: Fiction T - English - Humor - Chapters: 1 - Words: 10 - id: 1"
    read("\n".join([*header, "By: someone", meta, "", story]).encode())


@given(st.sampled_from(["ao3_page.html", "ffn_page.html", "ao3_multi.html", "fff.html"]), TEXT)
def test_saved_pages_with_generated_story_text(name: str, text: str) -> None:
    fixture = (Path(__file__).parent / "fixtures" / "ingest" / name).read_text(encoding="utf-8")
    read(fixture.replace("The", _escape(text), 3).encode())


def check_model_offsets(data: bytes) -> None:
    try:
        model = analyze_bytes(data, name="generated", fandom="none")
    except InputError:
        return
    text = model.text
    for utterance in model.utterances:
        assert 0 <= utterance.start < utterance.end <= len(text)
        assert utterance.text in text[utterance.start : utterance.end]
    for segment in model.segments:
        assert 0 <= segment.start < segment.end <= len(text)
    for character in model.characters:
        for start, end in character.mentions:
            assert 0 <= start < end <= len(text)


@settings(max_examples=ANALYSIS_EXAMPLES)
@given(st.lists(TEXT, min_size=1, max_size=6).map("\n\n".join))
def test_analysis_of_plain_text(text: str) -> None:
    check_model_offsets(text.encode("utf-8"))


@settings(max_examples=ANALYSIS_EXAMPLES)
@given(markup())
def test_analysis_of_html(body: str) -> None:
    check_model_offsets(html_page(body))


@settings(max_examples=ANALYSIS_EXAMPLES)
@given(st.one_of(st.binary(max_size=300), TEXT.map(str.encode)))
def test_analyze_writes_everything_or_nothing(tmp_path_factory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("out")
    story, out = folder / "story.txt", folder / "out.json"
    story.write_bytes(data)
    result = CliRunner().invoke(app, ["analyze", str(story), "--json", str(out), "--timeout", "0",
                                      "--max-memory", "0", "--fandom", "none"])  # fmt: skip
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == (["out.json", "story.txt"] if result.exit_code == 0
                                                        else ["story.txt"])  # fmt: skip
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        assert json.loads(out.read_text())["text"] is not None
