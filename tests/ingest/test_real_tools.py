"""Files as other fan-fiction tools write them (issue 12): fixtures of the same structure, written for ficlens."""

from __future__ import annotations

from pathlib import Path

from ficlens.ingest import Document, read_document
from tests.ingest import epubs
from tests.ingest.test_formats import check_spans

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ingest"


def read(name: str) -> Document:
    document = read_document((FIXTURES / name).read_bytes(), name=name)
    check_spans(document)
    return document


def chapter_titles(document: Document) -> list[str | None]:
    return [s.title for s in document.segments if s.kind == "chapter"]


def notes(document: Document) -> list[str]:
    return [document.text[s.start : s.end] for s in document.segments if s.kind == "author_note"]


def test_fanficfare_txt_default_output() -> None:
    """Chapter titles indented with 8 spaces (tab expanded by the wrapping), CRLF, 78-column wrap."""
    document = read("fff_default.txt")
    assert document.source_format == "fff_txt"
    assert document.work.title == "Keeper of the Light" and document.work.authors == ["fixturewriter"]
    assert chapter_titles(document) == ["1. Stairs", "2. Storm"]
    assert "\r" not in document.text
    assert "counting each of the one hundred and twelve steps aloud" in document.text  # wrapped lines run on
    assert document.work.summary.endswith("told in two short chapters.")
    assert notes(document)[1] == (  # the `**Author's Note:**` label and its `> ` quoted paragraphs
        "Author's Note:\n\nWritten for the lighthouse prompt. The keeper has no name on purpose, so please do not "
        "ask.\n\nMara is his niece."
    )
    assert ">" not in document.text and "**" not in document.text


def test_fichub_epub() -> None:
    document = read_document(epubs.fichub_epub())
    check_spans(document)
    work = document.work
    assert (work.title, work.authors, work.words, work.chapters) == ("Salt and Iron", ["fixturewriter"], 2345, "3")
    assert work.source_url == "https://archiveofourown.org/works/5150"
    assert work.summary == "Two hunters and one very long drive."
    assert chapter_titles(document) == ["Chapter 1: Gas Station", "Chapter 2: Motel"]
    assert any(n.startswith("End Notes") for n in notes(document))  # a note, not a third chapter
    assert "FicHub" not in document.text and "Status:" not in document.text


def test_webtoepub_ffn_epub() -> None:
    document = read_document(epubs.webtoepub_ffn_epub())
    check_spans(document)
    work = document.work
    assert (work.title, work.authors, work.rating, work.words) == ("Ramen Rivals", ["fixturewriter"], "T", 3000)
    assert work.source_url == "https://www.fanfiction.net/s/999/1/"  # not the cover image's source
    assert work.summary == "Two rivals, one ramen stand, and a bet."
    assert chapter_titles(document) == ["1. The Last Bowl", "2. The Rematch"]
    assert "Information" not in document.text and "Rated:" not in document.text


def test_webtoepub_cover_source_never_the_story_url() -> None:
    data = epubs.build({
        "content.opf": epubs.opf([("c1", "c1.xhtml")], "Cover", extra=(
            '<dc:source id="id.cover-image">https://example.invalid/cover.jpg</dc:source>')),
        "c1.xhtml": epubs.xhtml("<p>Text.</p>"),
    })
    assert read_document(data).work.source_url is None


def test_saved_ao3_work_page() -> None:
    """The full-work view saved from a logged-in browser: not 'Archive of Our Own', every chapter, no menus."""
    document = read("ao3_page.html")
    work = document.work
    assert document.source_format == "ao3_page"
    assert (work.title, work.authors, work.chapters, work.words) == ("Paper Lanterns", ["fixturewriter"], "2/2", 4321)
    assert work.fandoms == ["Naruto"] and work.characters == ["Uzumaki Naruto", "Hyuuga Hinata"]
    assert work.source_url == "https://archiveofourown.org/works/777"
    assert chapter_titles(document) == ["Chapter 1: Dusk", "Chapter 2: Dawn"]
    for site_text in ("Archive of Our Own", "Hi, reader", "Kudos", "Comments", "Chapter Text", "Footer", "Fandoms",
                      "Lovely"):
        assert site_text not in document.text
    assert any("The first chapter." in n for n in notes(document))
    assert notes(document)[-1] == "End Notes:\n\nThank you for reading."


def test_saved_ffn_chapter_page() -> None:
    document = read("ffn_page.html")
    work = document.work
    assert document.source_format == "ffn_page"
    assert (work.title, work.authors, work.fandoms, work.rating) == ("Ramen Rivals", ["fixturewriter"], ["Naruto"], "T")
    assert chapter_titles(document) == ["2. The Rematch"]
    for site_text in ("Just In", "Community", "Follow/Fav", "Login", "Review", "Privacy", "Prev", "Rated:"):
        assert site_text not in document.text
    assert document.text.endswith('"Two bowls," said Naruto. "Whoever finishes last pays."\n\nSasuke only sighed.')


def test_ffn_page_copied_as_text() -> None:
    document = read("ffn_copied.txt")
    assert document.work.title == "Ramen Rivals"  # not the breadcrumb, not "Follow/Fav"
    assert document.work.fandoms == ["Naruto"] and document.work.authors == ["fixturewriter"]
    assert chapter_titles(document) == ["Chapter 1: The Last Bowl", "Chapter 2: The Rematch"]


def test_ao3_epub_preface_split_over_two_files() -> None:
    document = read_document(epubs.ao3_split_preface_epub())
    check_spans(document)
    work = document.work
    assert (work.title, work.authors, work.fandoms) == ("Kites", ["fixturewriter"], ["Naruto"])
    assert work.summary == "A windy day."
    assert notes(document) == ["Summary:\n\nA windy day.", "Notes:\n\nFor the kite club."]
    assert document.text.endswith('The string pulled hard.\n\n"Hold on," said Naruto.')


def test_br_separated_paragraphs_become_paragraphs() -> None:
    document = read_document(epubs.br_paragraphs_epub())
    check_spans(document)
    paragraphs = document.text.split("\n\n")
    assert len([p for p in paragraphs if p.startswith('"Line')]) == 6
    assert "Roses\nare\nred\nstill" in paragraphs  # verse keeps its line breaks
    italic = [document.text[e.start : e.end] for e in document.emphasis]
    assert italic == ["Naruto"] * 6  # each span moved with its line, offsets into the extracted text


def test_br_br_is_a_paragraph_break() -> None:
    document = read_document(b"<html><body><p>First part.<br/><br/>Second part.</p></body></html>")
    assert document.text == "First part.\n\nSecond part."


def test_epubmerge_anthology_lists_each_work() -> None:
    document = read_document(epubs.epubmerge_epub())
    check_spans(document)
    work = document.work
    assert work.title == "Anthology"
    assert [(w.title, w.first_chapter, w.last_chapter) for w in work.works] == [
        ("First Snow", 1, 2), ("Spring Thaw", 3, 5)]
    assert chapter_titles(document) == ["Flakes", "Drifts", "Mud", "Buds", "Rain"]


def test_single_work_has_no_works_list() -> None:
    assert read_document(epubs.fff_epub()).work.works == []


def test_a_chapter_of_labels_after_the_first_is_never_taken_for_a_title_page() -> None:
    form = "<h2>Chapter 2: The Report</h2><p>Title: Mission log</p><p>Status: Complete</p><p>Words: 12</p>"
    items = [("c1", "c1.xhtml"), ("c2", "c2.xhtml"), ("c3", "c3.xhtml")]
    data = epubs.build({
        "content.opf": epubs.opf(items, "Logs"),
        "c1.xhtml": epubs.xhtml("<h2>Chapter 1: Start</h2><p>It began.</p>"),
        "c2.xhtml": epubs.xhtml(form),
        "c3.xhtml": epubs.xhtml("<h2>Notes from the Underground</h2><p>A chapter, not a note.</p>"),
    })
    document = read_document(data)
    assert chapter_titles(document) == ["Chapter 1: Start", "Chapter 2: The Report", "Notes from the Underground"]
    assert "Status: Complete" in document.text and document.work.title == "Logs"
