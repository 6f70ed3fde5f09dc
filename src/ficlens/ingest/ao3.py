"""AO3 downloads: the HTML file, and the EPUB calibre makes from it (read as the concatenation of its files).

The download's layout (otwarchive's download templates):

    div#preface   p.message (work URL) - div.meta > dl.tags (dt/dd pairs) - h1 title - div.byline -
                  p "Summary" + blockquote - p "Notes" + blockquote
    div#chapters  per chapter: div.meta.group > h2.heading (+ p label + blockquote for chapter summary/notes),
                  div.userstuff (the text), div#endnotesN (end notes);
                  a single-chapter work has no heading: just div.userstuff
    div#afterword p "End Notes" + blockquote, p.message (a request to comment: skipped)

calibre's EPUB keeps the ids but rewrites the classes, so structure is found from ids, tags and labels, and
classes are only a hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from ficlens.ingest.assemble import Chapter, Parts
from ficlens.ingest.markup import Para, classes, paragraphs, tag, text_of
from ficlens.model import Work

_FIELDS = {
    "rating": "rating", "ratings": "rating",
    "archive warning": "warnings", "archive warnings": "warnings", "warning": "warnings", "warnings": "warnings",
    "category": "categories", "categories": "categories",
    "fandom": "fandoms", "fandoms": "fandoms",
    "relationship": "relationships", "relationships": "relationships",
    "character": "characters", "characters": "characters",
    "additional tags": "tags", "additional tag": "tags", "freeform": "tags", "tags": "tags",
    "language": "language", "series": "series", "stats": "stats",
}  # fmt: skip
_STAT = re.compile(r"\b(Published|Updated|Completed|Words|Chapters|Comments|Kudos|Bookmarks|Hits):\s*([^\s]+)")
_SEE_END = re.compile(r"^\(?\s*See the end of the (?:chapter|work) for (?:more )?notes\.?\s*\)?$", re.I)
_MESSAGE = re.compile(r"drop by the archive|let the (?:creator|author) know|Posted originally on", re.I)


def is_ao3(root: etree._Element) -> bool:
    if root.xpath("//*[@id='preface']") and (root.xpath("//*[@id='preface']//dl") or root.xpath("//*[@id='chapters']")):
        return True
    head = text_of(root)[:3000]
    return "Archive of Our Own" in head and bool(root.xpath("//dl"))


def _values(dd: etree._Element) -> list[str]:
    links = [text_of(a) for a in dd.iter("a")]
    links = [v for v in links if v]
    if links:
        return links
    return [v.strip() for v in text_of(dd).split(",") if v.strip()]


def _series(dd: etree._Element) -> list[str]:
    text = text_of(dd)
    parts = [p.strip(" ,") for p in re.split(r"(?=\bPart\s+\d+\s+of\b)", text) if p.strip(" ,")]
    return parts or _values(dd)


def read_metadata(root: etree._Element) -> Work:
    work = Work(source_format="ao3_html")
    preface = next(iter(root.xpath("//*[@id='preface']")), None)
    scope = preface if preface is not None else root
    dl = next(iter(scope.xpath(".//dl")), None)
    if dl is not None:
        read_tags(work, dl)
    h1 = next(iter(scope.xpath(".//h1")), None)
    if h1 is not None and text_of(h1):
        work.title = text_of(h1)
    else:
        title = next(iter(root.xpath("//title")), None)
        if title is not None and text_of(title):
            work.title = re.sub(r"\s*\[Archive of Our Own\]\s*$", "", text_of(title)).split(" - ")[0].strip()
    work.authors = _authors(scope, h1)
    for link in scope.xpath(".//a[@href]"):
        href = link.get("href") or ""
        if re.search(r"archiveofourown\.org/works/\d+|/works/\d+", href):
            work.source_url = href
            break
    return work


def read_tags(work: Work, dl: etree._Element) -> None:
    """The `dt`/`dd` pairs of the tag list (download preface or work page)."""
    for dt in dl.iter("dt"):
        label = text_of(dt).rstrip(":").strip().lower()
        dd = dt.getnext()
        while dd is not None and tag(dd) not in ("dd", "dt"):
            dd = dd.getnext()
        if dd is None or tag(dd) != "dd":
            continue
        name = _FIELDS.get(label)
        if name in ("rating", "language"):
            setattr(work, name, ", ".join(_values(dd)) or None)
        elif name == "series":
            work.series = _series(dd)
        elif name == "stats":
            stats = dict(_STAT.findall(text_of(dd)))
            work.published = stats.get("Published")
            work.updated = stats.get("Updated") or stats.get("Completed")
            words = stats.get("Words", "").replace(",", "").replace(".", "")
            work.words = int(words) if words.isdigit() else None
            work.chapters = stats.get("Chapters")
        elif name:
            setattr(work, name, _values(dd))


def _authors(scope: etree._Element, h1: etree._Element | None) -> list[str]:
    byline = next(iter(scope.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]")), None)
    if byline is None and h1 is not None:
        following = h1.getnext()
        if following is not None and re.match(r"^\s*by\b", text_of(following), re.I):
            byline = following
    if byline is None:
        return []
    names = [text_of(a) for a in byline.iter("a") if text_of(a)]
    if names:
        return names
    text = re.sub(r"^\s*by\s+", "", text_of(byline), flags=re.I)
    return [n.strip() for n in re.split(r",\s*|\s+and\s+", text) if n.strip()]


def _labelled_notes(container: etree._Element) -> Iterator[tuple[str, list[Para]]]:
    """Each blockquote with the label paragraph before it ('Summary', 'Notes', 'Chapter End Notes')."""
    for quote in container.iter("blockquote"):
        if any(tag(a) == "blockquote" for a in quote.iterancestors()):
            continue
        label = ""
        previous = quote.getprevious()
        if previous is not None and len(text_of(previous)) <= 60:
            label = text_of(previous).rstrip(":").strip()
        body = paragraphs(quote)
        if body:
            yield label, ([Para(label + ":")] if label else []) + body


def _skip(el: etree._Element) -> bool:
    names = classes(el)
    if "landmark" in names or "endnote-link" in names or "message" in names:
        return True
    return tag(el) in ("p", "div") and bool(_SEE_END.match(text_of(el)))


def _has_story_paragraphs(el: etree._Element) -> bool:
    return bool(el.xpath(".//p[not(ancestor::blockquote)]")) and not el.xpath("./h2|./h3")


def _is_meta(el: etree._Element) -> bool:
    """A chapter's meta group: its heading and notes, with no story paragraphs of its own."""
    if not el.xpath("./h2|./*/h2|./h3[contains(@class,'heading')]"):
        return False
    return not any(tag(c) == "div" and not _skip(c) and _has_story_paragraphs(c) for c in el)


def _units(el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    for child in el:
        name = tag(child)
        if not name or _skip(child):
            continue
        ident = child.get("id") or ""
        if ident in ("preface", "afterword"):
            continue
        if ident.startswith("endnotes") or "endnote" in classes(child) or "end" in classes(child):
            yield "endnotes", child
        elif name == "h2":
            yield "heading", child
        elif name == "div" and _is_meta(child):
            yield "meta", child
        elif name == "div" and (child.xpath(".//h2") or child.xpath(".//*[starts-with(@id, 'endnotes')]")):
            yield from _units(child)  # a wrapper (a chapter's div, or a calibre split)
        else:
            yield "text", child
        if child.tail and child.tail.strip():
            yield "tail", child


def _gather_preface(root: etree._Element) -> None:
    """calibre may split the preface over two files (tags in one, title, summary and notes in the next): the
    continuation, a sibling after `div#preface` (or a second `div#preface`), is moved into the first one."""
    prefaces = root.xpath("//*[@id='preface']")
    if not prefaces:
        return
    first = prefaces[0]
    for extra in prefaces[1:]:
        if extra.getparent() is not None:
            first.extend(list(extra))
            extra.getparent().remove(extra)
    for sibling in list(first.itersiblings()):
        if (sibling.get("id") or "") in ("chapters", "afterword") or sibling.xpath(
            ".//*[@id='chapters' or @id='afterword'] | .//h2"
        ):
            break
        if sibling.xpath("self::*[.//h1 or .//dl or .//blockquote or .//*[contains(@class,'byline')]]"):
            first.append(sibling)


def read_ao3(root: etree._Element, encoding: str, source_format: str = "ao3_html") -> Parts:
    _gather_preface(root)
    work = read_metadata(root)
    parts = Parts(work=work, source_format=source_format, encoding=encoding)
    preface = next(iter(root.xpath("//*[@id='preface']")), None)
    if preface is not None:
        for label, note in _labelled_notes(preface):
            parts.before.append(note)
            if label.lower() == "summary":
                work.summary = "\n\n".join(p.text for p in note[1:])
    reader = _ChapterReader(parts)
    for region in _chapter_regions(root, parts):
        reader.read_region(region)
    afterword = next(iter(root.xpath("//*[@id='afterword']")), None)
    if afterword is not None:
        for _, note in _labelled_notes(afterword):
            parts.after.append(note)
    if not work.chapters and parts.chapters:
        work.chapters = str(len(parts.chapters))
    return parts


def _chapter_regions(root: etree._Element, parts: Parts) -> list[etree._Element]:
    """The outermost div#chapters and what follows it up to the afterword (calibre splits div#chapters over
    several files); the whole body when there is none."""
    regions = root.xpath("//*[@id='chapters']")
    regions = [r for r in regions if not any(a in regions for a in r.iterancestors())]
    if not regions:
        parts.warnings.append("no div#chapters in this AO3 download; read everything outside the preface")
        return [next(iter(root.xpath("//body")), root)]
    extra = []
    for sibling in regions[-1].itersiblings():
        if (sibling.get("id") or "") in ("afterword", "preface"):
            break
        if tag(sibling) == "div" and any(tag(c) == "div" for c in sibling):
            extra.append(sibling)
        elif tag(sibling):
            extra.append(sibling)
    return regions + extra


class _ChapterReader:
    """Adds a region's units to the chapter in hand; text before the first heading goes to an untitled one."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.current: Chapter | None = None

    def chapter(self) -> Chapter:
        if self.current is None:
            self.current = Chapter(title=self.parts.work.title, show_title=False)
            self.parts.chapters.append(self.current)
        return self.current

    def read_region(self, region: etree._Element) -> None:
        if not (tag(region) == "div" and any(tag(c) == "div" for c in region)) and region.get("id") != "chapters":
            self.chapter().add("text", paragraphs(region, skip=_skip))
            return
        if not list(region) and region.text and region.text.strip():
            self.chapter().add("text", paragraphs(region))
            return
        if region.text and region.text.strip():
            self.chapter().add("text", [Para(region.text.strip())])
        for kind, el in _units(region):
            self.read_unit(kind, el)

    def read_unit(self, kind: str, el: etree._Element) -> None:
        if kind == "heading" or kind == "meta":
            heading = el if kind == "heading" else el.xpath(".//h2|.//h3")[0]
            self.current = Chapter(title=text_of(heading) or None)
            self.parts.chapters.append(self.current)
            if kind == "meta":
                for _, note in _labelled_notes(el):
                    self.current.add("note", note)
        elif kind == "endnotes":
            self.chapter().add("note", paragraphs(el, skip=_skip))
        elif kind == "tail":
            self.chapter().add("text", [Para(el.tail.strip())])
        else:
            self.chapter().add("text", paragraphs(el, skip=_skip))


# ------------------------------------------------------------------------------------------- a saved work page
# A work page saved from the browser (the full-work view, logged in or not) is not a download: the site's
# header, menus, kudos and comments surround `div#workskin`, metadata is `dl.work.meta`, the title is
# `h2.title`, and each chapter is `div#chapter-N` (`div.chapter.preface` with h3.title and notes,
# `div.userstuff` with a "Chapter Text" landmark, an end-notes preface). A one-chapter work has its
# `div.userstuff` straight in `div#chapters`.

_WORK_URL = re.compile(r"(?:https?://(?:www\.)?archiveofourown\.org)?/works/(\d+)")


def is_ao3_page(root: etree._Element) -> bool:
    return bool(root.xpath("//div[@id='workskin']")) and bool(root.xpath("//dl[contains(@class,'meta')]"))


def _first(scope: etree._Element, path: str) -> etree._Element | None:
    return next(iter(scope.xpath(path)), None)


def _page_notes(scope: etree._Element) -> Iterator[tuple[str, list[Para]]]:
    """`div.summary|notes module > h3.heading + blockquote.userstuff` pairs, with their label."""
    for module in scope.xpath(".//div[contains(@class,'module')][h3][blockquote]"):
        label = text_of(module.xpath("./h3")[0]).rstrip(":").strip()
        body = paragraphs(module.xpath("./blockquote")[0])
        if body:
            yield label, [Para(label + ":"), *body]


def read_ao3_page(root: etree._Element, encoding: str) -> Parts:
    workskin = root.xpath("//div[@id='workskin']")[0]
    meta = root.xpath("//dl[contains(@class,'meta')]")[0]
    work = _page_metadata(root, meta, workskin)
    parts = Parts(work=work, source_format="ao3_page", encoding=encoding)
    preface = _first(workskin, "./div[contains(@class,'preface')]")
    if preface is not None:
        for label, note in _page_notes(preface):
            parts.before.append(note)
            if label.lower() == "summary":
                work.summary = "\n\n".join(p.text for p in note[1:])
    region = _first(workskin, ".//*[@id='chapters']")
    if region is None:
        parts.warnings.append("this AO3 page has no div#chapters; no story text was read")
        return parts
    chapters = region.xpath("./div[starts-with(@id,'chapter-')]")
    if not chapters:
        chapter = Chapter(title=work.title, show_title=False)
        for text in region.xpath("./div[contains(@class,'userstuff')]"):
            chapter.add("text", paragraphs(text, skip=_skip))
        parts.chapters.append(chapter)
    for div in chapters:
        heading = _first(div, ".//div[contains(@class,'preface')]//h3[contains(@class,'title')]")
        chapter = Chapter(title=text_of(heading) if heading is not None else None)
        for child in div:
            if "userstuff" in classes(child):
                chapter.add("text", paragraphs(child, skip=_skip))
            elif "preface" in classes(child):
                for _, note in _page_notes(child):
                    chapter.add("note", note)
        parts.chapters.append(chapter)
    endnotes = _first(workskin, ".//*[@id='work_endnotes']")
    if endnotes is not None:
        parts.after.extend(note for _, note in _page_notes(endnotes.getparent()) if note)
    if not work.chapters:
        work.chapters = str(len(parts.chapters))
    return parts


def _page_metadata(root: etree._Element, meta: etree._Element, workskin: etree._Element) -> Work:
    work = Work(source_format="ao3_page")
    read_tags(work, meta)
    heading = _first(workskin, ".//h2[contains(@class,'title')]")
    work.title = text_of(heading) if heading is not None else None
    byline = _first(workskin, ".//h3[contains(@class,'byline')]")
    work.authors = [text_of(a) for a in byline.iter("a") if text_of(a)] if byline is not None else []
    for link in root.xpath("//link[@rel='canonical']/@href | //a/@href"):
        found = _WORK_URL.match(str(link))
        if found:
            work.source_url = f"https://archiveofourown.org/works/{found.group(1)}"
            break
    return work
