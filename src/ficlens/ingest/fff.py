"""FanFicFare output: EPUB (title_page.xhtml + fileNNNN.xhtml), HTML and TXT.

FanFicFare writes a title page of `Label: value` entries (EPUB: `<b>Label:</b> value<br/>` or a table of
`<td><b>Label:</b></td><td>value</td>` rows; HTML: the same table; TXT: `Label: value` lines), then a table
of contents, then each chapter: EPUB `body.fff_chapter` with `h3.fff_chapter_title`, HTML
`<a name="section0001"><h2>title</h2></a>` followed by the chapter's HTML, TXT a tab-indented title line.
Chapter notes an adapter copied from the site are in `div.fff_chapter_notes`.
"""

from __future__ import annotations

import re

from lxml import etree

from ficlens.ingest.assemble import Chapter, Parts
from ficlens.ingest.markup import Para, classes, paragraphs, tag, text_of
from ficlens.model import Work

_LIST_FIELDS = {
    "category": "fandoms", "categories": "fandoms", "fandom": "fandoms", "fandoms": "fandoms",
    "characters": "characters", "character": "characters",
    "relationships": "relationships", "relationship": "relationships", "pairings": "relationships",
    "ships": "relationships",
    "warnings": "warnings", "warning": "warnings", "archive warnings": "warnings",
    "genre": "tags", "genres": "tags", "extra tags": "tags", "freeform tags": "tags", "additional tags": "tags",
    "tags": "tags",
    "ao3 categories": "categories",
    "series": "series",
    "author": "authors", "authors": "authors",
}  # fmt: skip
_TEXT_FIELDS = {
    "title": "title", "rating": "rating", "rated": "rating", "language": "language",
    "published": "published", "date published": "published", "updated": "updated", "date updated": "updated",
    "chapters": "chapters", "summary": "summary", "description": "summary", "story url": "source_url",
    "url": "source_url",
}  # fmt: skip


def apply_labels(work: Work, entries: list[tuple[str, str]]) -> None:
    """Fill `work` from FanFicFare's title-page entries (label, value)."""
    for label, value in entries:
        key = label.strip().rstrip(":").strip().lower()
        value = value.strip()
        if not value:
            continue
        if key in _LIST_FIELDS:
            name = _LIST_FIELDS[key]
            items = [v.strip() for v in re.split(r",\s*", value) if v.strip()]
            current = getattr(work, name)
            setattr(work, name, current + [i for i in items if i not in current])
        elif key in _TEXT_FIELDS:
            setattr(work, _TEXT_FIELDS[key], value)
        elif key in ("words", "word count"):
            digits = re.sub(r"[,.\s]", "", value)
            work.words = int(digits) if digits.isdigit() else None


def title_page_entries(el: etree._Element) -> list[tuple[str, str]]:
    """`<b>Label:</b> value` entries of an EPUB or HTML title page (line or table form)."""
    entries = []
    for bold in el.iter("b", "strong"):
        label = text_of(bold)
        if not label.endswith(":") or len(label) > 40:
            continue
        parent = bold.getparent()
        if parent is not None and tag(parent) == "td" and text_of(parent) == label:
            cell = parent.getnext()
            value = text_of(cell) if cell is not None and tag(cell) == "td" else ""
        else:
            pieces = [bold.tail or ""]
            sibling = bold.getnext()
            while sibling is not None and tag(sibling) not in ("br", "b", "strong"):
                pieces.append(text_of(sibling) + " " + (sibling.tail or ""))
                sibling = sibling.getnext()
            value = re.sub(r"\s+", " ", " ".join(pieces)).strip()
        entries.append((label[:-1], value))
    return entries


def heading_meta(work: Work, heading: etree._Element | None) -> None:
    """`<h1><a href="url">Title</a> by <a>Author</a></h1>` (h3 in the EPUB)."""
    if heading is None:
        return
    links = [a for a in heading.iter("a")]
    if links:
        work.title = work.title or text_of(links[0]) or None
        work.source_url = work.source_url or links[0].get("href") or None
        authors = [text_of(a) for a in links[1:] if text_of(a)]
        if authors and not work.authors:
            work.authors = authors
    else:
        match = re.match(r"^(.*?)\s+by\s+(.+)$", text_of(heading))
        if match:
            work.title = work.title or match.group(1)
            work.authors = work.authors or [a.strip() for a in match.group(2).split(",")]


def is_fff_html(root: etree._Element) -> bool:
    return bool(root.xpath("//a[starts-with(@name, 'section')]")) and bool(
        root.xpath("//table[contains(@class,'full')] | //a[@name='TOCTOP']")
    )


def _chapter_items(chapter: Chapter, container: etree._Element, skip=None) -> None:
    for child in container:
        if not tag(child) or (skip is not None and skip(child)):
            continue
        if "fff_chapter_notes" in classes(child):
            chapter.add("note", paragraphs(child))
        else:
            chapter.add("text", paragraphs(child, skip=skip))
        if child.tail and child.tail.strip():
            chapter.add("text", [Para(child.tail.strip())])


def read_fff_html(root: etree._Element, encoding: str) -> Parts:
    work = Work()
    body = next(iter(root.xpath("//body")), root)
    heading_meta(work, next(iter(body.xpath(".//h1")), None))
    table = next(iter(body.xpath(".//table[contains(@class,'full')]")), None)
    if table is not None:
        apply_labels(work, title_page_entries(table))
    parts = Parts(work=work, source_format="fff_html", encoding=encoding)
    current: Chapter | None = None
    for child in body:
        name = tag(child)
        if not name or name == "h1" or child is table:
            continue
        anchor = (child.get("name") or "") if name == "a" else ""
        if anchor == "TOCTOP" or (name == "p" and current is None and child.xpath(".//a[starts-with(@href,'#section')]")):
            continue
        if anchor.startswith("section"):
            current = Chapter(title=text_of(child) or None)
            parts.chapters.append(current)
        elif current is not None:
            if "fff_chapter_notes" in classes(child):
                current.add("note", paragraphs(child))
            else:
                current.add("text", paragraphs(child))
        if current is not None and child.tail and child.tail.strip():
            current.add("text", [Para(child.tail.strip())])
    if work.summary and parts.chapters:
        parts.before.append([Para("Summary:"), *(Para(p) for p in work.summary.split("\n\n") if p.strip())])
    return parts


def read_fff_chapter(body: etree._Element) -> Chapter:
    """One `body.fff_chapter` document of a FanFicFare EPUB."""
    title_el = next(iter(body.xpath(".//*[contains(@class,'fff_chapter_title')]")), None)
    if title_el is None:
        title_el = next(iter(body.xpath("./h1|./h2|./h3")), None)
    chapter = Chapter(title=text_of(title_el) if title_el is not None else None)
    _chapter_items(chapter, body, skip=lambda el: el is title_el)
    return chapter


# ------------------------------------------------------------------------------------------------------ TXT

_TXT_LABEL = re.compile(r"^([A-Z][A-Za-z0-9 ]{1,30}):\s+(.+)$")
WRAP_WIDTH = 78
"""FanFicFare wraps TXT at 78 columns; a line this close to the width was wrapped, so it runs on."""
WRAPPED = WRAP_WIDTH - 20


def _indented(line: str) -> bool:
    """A chapter title line: FanFicFare writes a tab, which its text wrapping turns into eight spaces."""
    return line.startswith(("\t", " " * 8)) and bool(line.strip())


def _join_wrapped(lines: list[str]) -> str:
    """One paragraph from its lines: a wrapped line runs on with a space, a short line keeps its line break."""
    text, previous = "", 0
    for line in lines:
        line = line.rstrip()
        if text:
            text += " " if previous >= WRAPPED else "\n"
        text += line.strip() if text else line.lstrip()
        previous = len(line)
    return text


def is_fff_txt(text: str) -> bool:
    head = text[:20000]
    if "TABLE OF CONTENTS" in head and re.search(r"^by .+$", head[:2000], re.M):
        return True
    lines = [line for line in head.splitlines()[:40] if line.strip()]
    labels = sum(1 for line in lines if _TXT_LABEL.match(line.strip()))
    return (
        labels >= 3
        and any(line.strip().startswith("by ") for line in lines[:4])
        and text.rstrip().endswith("End file.")
    )


def read_fff_txt(text: str, encoding: str) -> Parts:
    work = Work()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = _title_and_authors(lines, work)
    index, entries, toc = _header(lines, index)
    apply_labels(work, entries)
    body = _body(lines[index:])
    parts = Parts(work=work, source_format="fff_txt", encoding=encoding)
    if work.summary:
        parts.before.append([Para("Summary:"), Para(work.summary)])
    _read_chapters(body, set(toc), parts)
    return parts


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _title_and_authors(lines: list[str], work: Work) -> int:
    """The title line and the `by ...` line under it; the index of the line after them."""
    index = _skip_blank(lines, 0)
    if index < len(lines):
        work.title = lines[index].strip()
        index += 1
    index = _skip_blank(lines, index)
    if index < len(lines) and lines[index].strip().startswith("by "):
        work.authors = [a.strip() for a in lines[index].strip()[3:].split(",") if a.strip()]
        index += 1
    return index


def _header(lines: list[str], index: int) -> tuple[int, list[tuple[str, str]], list[str]]:
    """The `Label: value` entries and the table of contents; the index of the first body line."""
    entries: list[tuple[str, str]] = []
    while index < len(lines):
        line = lines[index].strip()
        if line == "TABLE OF CONTENTS":
            index, toc = _toc(lines, index + 1)
            return index, entries, toc
        if _indented(lines[index]):
            break
        match = _TXT_LABEL.match(line)
        if match:
            entries.append((match.group(1), match.group(2)))
        elif line and entries:
            label, value = entries[-1]
            entries[-1] = (label, value + " " + line)  # a wrapped value (a long summary)
        index += 1
    return index, entries, []


def _toc(lines: list[str], index: int) -> tuple[int, list[str]]:
    """The chapter titles listed up to the first indented line (or the first title's second showing)."""
    toc: list[str] = []
    while index < len(lines) and not _indented(lines[index]):
        entry = lines[index].strip()
        if entry:
            if toc and entry == toc[0]:
                break
            toc.append(entry)
        index += 1
    return index, toc


def _body(body: list[str]) -> list[str]:
    """The body without its trailing blank lines and `End file.`."""
    while body and not body[-1].strip():
        body.pop()
    if body and body[-1].strip() == "End file.":
        body.pop()
    return body


def _read_chapters(body: list[str], titles: set[str], parts: Parts) -> None:
    """Chapters start at an indented title line (any indented line when there is no table of contents)."""
    current: Chapter | None = None
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block and any(b.strip() for b in block):
            paragraphs.append(_join_wrapped(block).strip())
        block.clear()

    def chapter_done() -> None:
        flush()
        if paragraphs:
            _add_with_notes(current or _implicit(parts, parts.work), paragraphs)
        paragraphs.clear()

    for line in body:
        stripped = line.strip()
        if _indented(line) and (stripped in titles or not titles):
            chapter_done()
            current = Chapter(title=stripped)
            parts.chapters.append(current)
        elif not stripped:
            flush()
        else:
            block.append(line)
    chapter_done()


_NOTE_LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,60}?):?\*\*:?$")
_QUOTED = re.compile(r"^>[ \t]?", re.MULTILINE)


def _add_with_notes(chapter: Chapter, paragraphs: list[str]) -> None:
    """A chapter's paragraphs; FanFicFare's notes (`**Author's Note:**` or `**Notes for the Chapter:**`, then
    the note as `> `-quoted paragraphs, as its HTML-to-text conversion writes a blockquote) become notes."""
    index = 0
    while index < len(paragraphs):
        label = _NOTE_LABEL.match(paragraphs[index])
        end = index + 1
        while label and end < len(paragraphs) and paragraphs[end].startswith(">"):
            end += 1
        if label and end > index + 1:
            quoted = (_QUOTED.sub("", p).strip() for p in paragraphs[index + 1 : end])
            chapter.add("note", [Para(label.group("label") + ":"), *(Para(q) for q in quoted if q)])
        else:
            chapter.add("text", [Para(paragraphs[index], _underscores(paragraphs[index]))])
        index = end if label and end > index + 1 else index + 1


_UNDERSCORED = re.compile(r"(?<![\w_])_(?=\S)(?:[^_]|_(?=\w))+?(?<=\S)_(?![\w_])")


def _underscores(paragraph: str) -> list[tuple[int, int, str]]:
    """html2text writes <em> as _underscores_ (over wrapped lines too): they are the work's italics."""
    return [(m.start(), m.end(), "italic") for m in _UNDERSCORED.finditer(paragraph)]


def _implicit(parts: Parts, work: Work) -> Chapter:
    if not parts.chapters:
        parts.chapters.append(Chapter(title=work.title, show_title=False))
    return parts.chapters[-1]
