"""Each format fans have: metadata, chapters, notes, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.ingest import Document, read_document, sniff
from tests.ingest import epubs

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def chapters(document: Document) -> list[tuple[str | None, str]]:
    return [(s.title, document.text[s.start : s.end]) for s in document.segments if s.kind == "chapter"]


def notes(document: Document) -> list[str]:
    return [document.text[s.start : s.end] for s in document.segments if s.kind == "author_note"]


def check_spans(document: Document) -> None:
    """Every span lies inside the text and no segment starts or ends inside a paragraph separator."""
    text = document.text
    for segment in document.segments:
        assert 0 <= segment.start < segment.end <= len(text)
        assert text[segment.start] not in " \n" and text[segment.end - 1] not in " \n"
    for emphasis in document.emphasis:
        assert 0 <= emphasis.start < emphasis.end <= len(text)
        assert text[emphasis.start : emphasis.end].strip() == text[emphasis.start : emphasis.end]


def test_ao3_multi_chapter_metadata() -> None:
    document = read_document(load("ao3_multi.html"), name="work.html")
    work = document.work
    assert document.source_format == work.source_format == "ao3_html"
    assert document.include_text
    assert work.title == "The Long Road Home"
    assert work.authors == ["fixturewriter"]
    assert work.rating == "Teen And Up Audiences"
    assert work.warnings == ["No Archive Warnings Apply"]
    assert work.categories == ["Gen"]
    assert work.fandoms == ["Naruto"]
    assert work.relationships == ["Uzumaki Naruto & Uchiha Sasuke"]
    assert work.characters == ["Uzumaki Naruto", "Uchiha Sasuke", "Haruno Sakura"]
    assert work.tags == ["Friendship", "Road Trip"]
    assert work.language == "English"
    assert work.series == ["Part 1 of Roads"]
    assert (work.published, work.updated, work.words, work.chapters) == ("2021-03-01", "2021-04-10", 1234, "2/2")
    assert work.summary == "Three friends walk home & argue about ramen."
    assert work.source_url == "http://archiveofourown.org/works/424242"


def test_ao3_multi_chapter_keep_notes() -> None:
    document = read_document(load("ao3_multi.html"), notes="keep")
    check_spans(document)
    found = chapters(document)
    assert [title for title, _ in found] == ["Chapter 1: The Gate", "Chapter 2: The River"]
    first = found[0][1]
    assert first.startswith("Chapter 1: The Gate\n\n")
    assert '"We should go now," said Naruto.' in first and "Sakura" not in first
    assert "* * *" in first  # the scene-break <hr>
    assert found[1][1].endswith("The end of chapter two.")
    found_notes = notes(document)
    assert found_notes[0] == "Summary:\n\nThree friends walk home & argue about ramen."
    assert any("This chapter is short." in n for n in found_notes)
    assert any(n.endswith("Please leave a comment!") for n in found_notes)
    assert found_notes[-1] == "End Notes:\n\nThank you for reading."
    assert "drop by the archive" not in document.text
    assert '"I am not swimming," said Sakura.\nShe crossed her arms.' in document.text  # <br> -> "\n"
    styled = {(document.text[e.start : e.end], e.style) for e in document.emphasis}
    assert styled == {("early", "italic"), ("This is going to be a very long walk.", "italic"), ("cold", "bold")}


def test_ao3_multi_chapter_strip_notes() -> None:
    document = read_document(load("ao3_multi.html"), notes="strip")
    check_spans(document)
    assert not notes(document)
    for gone in ("Summary", "beta", "short", "comment", "chapter two", "Thank you"):
        assert gone not in document.text
    assert document.text.startswith("Chapter 1: The Gate\n\nThe gate stood open")
    assert [t for t, _ in chapters(document)] == ["Chapter 1: The Gate", "Chapter 2: The River"]


def test_ao3_single_chapter() -> None:
    document = read_document(load("ao3_single.html"))
    work = document.work
    assert work.authors == ["fixturewriter", "secondwriter"]
    assert work.warnings == ["Creator Chose Not To Use Archive Warnings", "No Archive Warnings Apply"]
    assert work.categories == ["Gen", "Other"]
    assert work.fandoms == ["Naruto", "Boruto: Naruto Next Generations"]
    assert work.characters == ["Hatake Kakashi"]
    assert work.words == 321 and work.published == "2022-05-05"
    [(title, chapter)] = chapters(document)
    assert title == "A Quiet Morning"
    assert chapter.startswith("A/N: Set after the war.") and chapter.endswith("Please review!")
    stripped = read_document(load("ao3_single.html"), notes="strip")
    assert stripped.text.startswith("Kakashi turned a page")
    assert stripped.text.endswith('"I like the ending," said Kakashi.')


def test_fff_html() -> None:
    document = read_document(load("fff.html"))
    work = document.work
    assert document.source_format == "fff_html"
    assert work.title == "Tea Time" and work.authors == ["fixturewriter"]
    assert work.source_url == "https://www.fanfiction.net/s/5555/1/"
    assert work.fandoms == ["Naruto"] and work.tags == ["Humor", "Friendship"]
    assert work.characters == ["Naruto U.", "Hinata H."] and work.rating == "K+"
    assert work.words == 2500 and work.chapters == "2"
    assert work.summary == "Two friends share a pot of tea."
    found = chapters(document)
    assert found == [
        ("1. Kettle", '1. Kettle\n\nThe kettle began to whistle.\n\n"It is ready," said Hinata.'),
        ("2. Cups", '2. Cups\n\nNaruto found two cups.\n\n"This one has a crack," said Naruto.'),
    ]
    assert "Table of Contents" not in document.text


def test_fff_txt() -> None:
    document = read_document(load("fff.txt"), name="tea.txt")
    assert document.source_format == "fff_txt"
    assert document.work.title == "Tea Time" and document.work.authors == ["fixturewriter"]
    assert document.work.published == "2019-01-02" and document.work.words == 2500
    assert [t for t, _ in chapters(document)] == ["1. Kettle", "2. Cups"]
    assert "End file." not in document.text and "TABLE OF CONTENTS" not in document.text
    assert chapters(document)[1][1].endswith("A/N: Thanks for reading, please review!")
    stripped = read_document(load("fff.txt"), notes="strip")
    assert stripped.text.endswith('"This one has a crack," said Naruto.')


def test_ffn_text() -> None:
    document = read_document(load("ffn.txt"))
    work = document.work
    assert document.source_format == "ffn_text"
    assert work.title == "Ramen Rivals" and work.authors == ["fixturewriter"] and work.fandoms == ["Naruto"]
    assert work.rating == "T" and work.language == "English" and work.tags == ["Humor", "Friendship"]
    assert work.relationships == ["Naruto U./Sasuke U."]
    assert work.characters == ["Naruto U.", "Sasuke U.", "Sakura H."]
    assert (work.chapters, work.words, work.updated, work.published) == ("2", 9000, "5/6/2020", "1/2/2020")
    assert work.source_url == "https://www.fanfiction.net/s/1234567/1/"
    assert work.summary == "Two genin argue over the last bowl of ramen. Short and silly."
    assert "Rated:" not in document.text
    assert [t for t, _ in chapters(document)] == ["Chapter 1: The Last Bowl", "Chapter 2: The Rematch"]
    stripped = read_document(load("ffn.txt"), notes="strip")
    assert "Disclaimer" not in stripped.text and "Please review" not in stripped.text


def test_fff_epub() -> None:
    document = read_document(epubs.fff_epub(), name="cranes.epub")
    check_spans(document)
    work = document.work
    assert document.source_format == "fff_epub"
    assert work.title == "Paper Cranes" and work.authors == ["fixturewriter"]
    assert work.source_url == "https://archiveofourown.org/works/31337"
    assert work.fandoms == ["Naruto"] and work.rating == "Teen And Up Audiences"
    assert work.warnings == ["No Archive Warnings Apply"]
    assert work.characters == ["Uzumaki Naruto", "Haruno Sakura"]
    assert work.relationships == ["Haruno Sakura & Uzumaki Naruto"]
    assert work.tags == ["Fluff", "Origami"]
    assert work.words == 2020 and work.chapters == "2/2" and work.summary == "Sakura teaches Naruto to fold."
    found = chapters(document)
    assert [t for t, _ in found] == ["1. Folding", "2. Flying"]
    assert found[0][1].startswith("1. Folding\n\nNotes for the Chapter:\n\nA short one.")
    assert found[1][1] == '2. Flying\n\n"Look, it flies!" said Naruto.\n\n* * *\n\nThe crane landed on the table.'
    assert any(n.startswith("Notes for the Chapter:") for n in notes(document))
    assert "A short one." not in read_document(epubs.fff_epub(), notes="strip").text
    styled = [(document.text[e.start : e.end], e.style) for e in document.emphasis]
    assert styled == [("Notes for the Chapter:", "bold"), ("very", "italic"), ("I will never get this right.", "italic")]


def test_ao3_epub_from_calibre() -> None:
    document = read_document(epubs.ao3_epub())
    check_spans(document)
    work = document.work
    assert document.source_format == "ao3_epub"
    assert work.title == "Clouds" and work.authors == ["fixturewriter"] and work.rating == "Mature"
    assert work.characters == ["Nara Shikamaru", "Uzumaki Naruto"]
    assert work.updated == "2018-09-09" and work.words == 5050
    assert work.summary == "Shikamaru watches the sky."
    found = chapters(document)
    assert [t for t, _ in found] == ["Chapter 1: Up", "Chapter 2: Down"]
    assert found[0][1].endswith("More soon.") and "Rain began" in found[1][1]
    assert any("First notes." in n for n in notes(document))
    assert not document.warnings


def test_plain_text_unchanged() -> None:
    data = b'Chapter 1\r\n\r\nA/N: hello\r\n\r\n"Hi," said Naruto.\r\n'
    document = read_document(data)
    assert document.text == data.decode() and not document.include_text and document.source_format == "text"
    stripped = read_document(data, notes="strip")
    assert stripped.include_text and "A/N" not in stripped.text
    assert stripped.text == 'Chapter 1\r\n\r\n"Hi," said Naruto.\r\n'


def test_sniff_by_content_not_name() -> None:
    assert sniff(load("ao3_multi.html")) == "html"
    assert sniff(epubs.fff_epub()) == "zip"
    assert read_document(load("ao3_multi.html"), name="story.txt").source_format == "ao3_html"
    assert read_document(load("ffn.txt"), name="story.html").source_format == "ffn_text"


@pytest.mark.parametrize("style", ["<i>", "<em>", '<span style="font-style: italic">'])
def test_emphasis_tags(style: str) -> None:
    close = "</" + style[1:].split()[0].rstrip(">") + ">"
    html = f"<html><body><p>She said {style}nothing at all{close} today.</p></body></html>".encode()
    document = read_document(html)
    [emphasis] = document.emphasis
    assert document.text[emphasis.start : emphasis.end] == "nothing at all" and emphasis.style == "italic"


def test_fff_txt_underscores_are_italics() -> None:
    text = (b"Tea Time\r\n\r\nby someone\r\n\r\nTABLE OF CONTENTS\r\n\r\n\t1. One\r\n\r\n\t1. One\r\n\r\n"
            b"She read the card.\r\n\r\n _Dear Ann, the kettle is\r\nbroken again._\r\n\r\nThe file_name_here stays.\r\n")
    document = read_document(text, name="tea.txt")
    assert document.source_format == "fff_txt"
    assert [document.text[e.start : e.end] for e in document.emphasis] == ["_Dear Ann, the kettle is\nbroken again._"]
