"""EPUB: zipfile + lxml, with limits against corrupt archives and zip bombs.

META-INF/container.xml names the OPF package; its manifest maps ids to files and its spine gives the reading
order. A manifest entry whose file is missing is a warning, not an error. The spine's documents are then read
as an AO3 EPUB (calibre's conversion of the AO3 HTML download: the same ids, the preface first), a FanFicFare
EPUB (title_page.xhtml, body.fff_chapter documents), or any other EPUB (one chapter per document).
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
import zlib
from urllib.parse import unquote

import lxml.html
from lxml import etree

from ficlens.errors import InputError
from ficlens.ingest.ao3 import is_ao3, read_ao3
from ficlens.ingest.assemble import Chapter, Parts
from ficlens.ingest.document import MAX_MEMBER, MAX_RATIO, MAX_UNZIPPED
from ficlens.ingest.fff import apply_labels, heading_meta, read_fff_chapter, title_page_entries
from ficlens.ingest.infopage import read_info_page
from ficlens.ingest.markup import Para, classes, decode_markup, paragraphs, parse_html, parse_xml, tag, text_of
from ficlens.model import AnthologyWork, Work

_MAX_MEMBERS = 10_000
_DOC_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/x-oeb1-document"}


class _Archive:
    """Bounded reads from a zip: every member is checked against size, ratio and total limits."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
            raise InputError(f"this EPUB/zip file is corrupt or truncated ({err})") from None
        if len(infos) > _MAX_MEMBERS:
            raise InputError(f"this zip file holds {len(infos)} files; an EPUB has far fewer (zip bomb?)")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNZIPPED:
            raise InputError(
                f"this zip file would unpack to {declared // 2**20} MiB (limit {MAX_UNZIPPED // 2**20} MiB): "
                "refused as a possible zip bomb"
            )
        self.infos = {i.filename: i for i in infos}
        self.lower = {name.lower(): name for name in self.infos}
        self.read_total = 0
        self.warnings: list[str] = []

    def name(self, path: str) -> str | None:
        return self.infos.get(path) and path or self.lower.get(path.lower())

    def read(self, path: str) -> bytes:
        """The member's bytes; InputError for bombs, KeyError if absent, ValueError if unreadable."""
        name = self.name(path)
        if name is None:
            raise KeyError(path)
        info = self.infos[name]
        if info.file_size > MAX_MEMBER:
            raise InputError(f"{name} inside the zip is {info.file_size // 2**20} MiB: refused (zip bomb?)")
        if info.compress_size and info.file_size > 1_000_000 and info.file_size / info.compress_size > MAX_RATIO:
            raise InputError(
                f"{name} inside the zip compresses {info.file_size // max(1, info.compress_size)}:1: "
                "refused as a possible zip bomb"
            )
        try:
            with self.zip.open(info) as handle:
                data = handle.read(MAX_MEMBER + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as err:
            raise ValueError(f"{name}: {err}") from None
        if len(data) > MAX_MEMBER:  # the declared size lied
            raise InputError(f"{name} inside the zip unpacks to more than {MAX_MEMBER // 2**20} MiB (zip bomb?)")
        self.read_total += len(data)
        if self.read_total > MAX_UNZIPPED:
            raise InputError(f"this zip file unpacks to more than {MAX_UNZIPPED // 2**20} MiB (zip bomb?)")
        return data


def _local(el: etree._Element) -> str:
    return tag(el)


def _opf_path(archive: _Archive) -> str:
    try:
        container = archive.read("META-INF/container.xml")
    except KeyError:
        container = None
    except ValueError as err:
        raise InputError(f"this EPUB is corrupt: {err}") from None
    if container is not None:
        root = parse_xml(container, "META-INF/container.xml")
        for el in root.iter():
            if _local(el) == "rootfile" and el.get("full-path"):
                return el.get("full-path") or ""
        archive.warnings.append("META-INF/container.xml names no package file; used the first .opf")
    opfs = [n for n in archive.infos if n.lower().endswith(".opf")]
    if not opfs:
        if any(n.startswith("word/") for n in archive.infos):
            raise InputError("this is a Word document (.docx); save it as HTML, EPUB or text")
        raise InputError("this zip file is not an EPUB (no META-INF/container.xml and no .opf package)")
    if container is None:
        archive.warnings.append("the EPUB has no META-INF/container.xml; used " + opfs[0])
    return opfs[0]


_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|bmp)(?:[?#].*)?$", re.IGNORECASE)


def _story_url(el: etree._Element) -> str | None:
    """A `dc:source` or URI `dc:identifier` naming the story; WebToEpub also lists each image's source URL as
    a `dc:source` (id `id.cover-image`, ...), which is never the story's."""
    value = (el.text or "").strip()
    if not value.startswith(("http://", "https://")) or _IMAGE.search(value) or (el.get("id") or "").startswith("id."):
        return None
    return value


def _package(archive: _Archive) -> tuple[list[tuple[str, str]], Work]:
    """The spine as (path, media type) in reading order, and the OPF's Dublin Core metadata."""
    opf_path = _opf_path(archive)
    try:
        opf = parse_xml(archive.read(opf_path), opf_path)
    except KeyError:
        raise InputError(f"the EPUB's package file {opf_path} is missing") from None
    except ValueError as err:
        raise InputError(f"this EPUB is corrupt: {err}") from None
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str]] = {}
    spine: list[str] = []
    work = Work()
    for el in opf.iter():
        name = _local(el)
        if name == "item" and el.get("href"):
            href = unquote(el.get("href") or "").split("#")[0]
            path = posixpath.normpath(posixpath.join(base, href)) if base else posixpath.normpath(href)
            manifest[el.get("id") or path] = (path, (el.get("media-type") or "").lower())
        elif name == "itemref" and el.get("idref") and el.get("linear", "yes") != "no":
            spine.append(el.get("idref") or "")
        else:
            _dublin_core(work, name, el)
    return _spine_items(archive, manifest, spine), work


def _dublin_core(work: Work, name: str, el: etree._Element) -> None:
    """One metadata element into the work: the first title, language, summary and story URL; every author and
    subject."""
    text = (el.text or "").strip()
    if name == "title" and not work.title:
        work.title = text or None
    elif name == "creator" and text:
        work.authors.append(text)
    elif name == "language" and not work.language:
        work.language = text or None
    elif name == "subject" and text:
        work.tags.append(text)
    elif name == "description" and not work.summary:
        work.summary = text_of(lxml.html.fragment_fromstring(el.text, create_parent="div")) if text else None
    elif name in ("source", "identifier") and not work.source_url:
        work.source_url = _story_url(el)


def _spine_items(archive: _Archive, manifest: dict[str, tuple[str, str]], spine: list[str]) -> list[tuple[str, str]]:
    """The spine's manifest items in order; the manifest's documents when the spine is empty."""
    items = [manifest[i] for i in spine if i in manifest]
    if not items:
        archive.warnings.append("the EPUB's spine is empty; read its documents in manifest order")
        items = [item for item in manifest.values() if item[1] in _DOC_TYPES or item[0].endswith((".xhtml", ".html"))]
    missing = [i for i in spine if i not in manifest]
    if missing:
        archive.warnings.append(f"the EPUB's spine names {len(missing)} item(s) missing from its manifest")
    return items


def _documents(archive: _Archive, items: list[tuple[str, str]]) -> list[tuple[str, etree._Element]]:
    docs = []
    for path, media in items:
        if media and media not in _DOC_TYPES and not path.lower().endswith((".xhtml", ".html", ".htm", ".xml")):
            continue
        try:
            data = archive.read(path)
        except KeyError:
            archive.warnings.append(f"the EPUB lists {path} but the file is missing; skipped")
            continue
        except ValueError as err:
            archive.warnings.append(f"could not read {err}; skipped")
            continue
        markup, _, warnings = decode_markup(data)
        archive.warnings.extend(f"{path}: {w}" for w in warnings)
        try:
            flattened: list[str] = []
            docs.append((path, parse_html(markup, flattened)))
            archive.warnings.extend(f"{path}: {w}" for w in flattened)
        except InputError:
            archive.warnings.append(f"{path} holds no text; skipped")
    return docs


def _body(root: etree._Element) -> etree._Element:
    return next(iter(root.xpath("//body")), root)


def _merged(docs: list[tuple[str, etree._Element]]) -> etree._Element:
    """One HTML tree holding every document's body in order (calibre splits one HTML file into many)."""
    root = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    body = _body(root)
    for _, doc in docs:
        for child in _body(doc):
            body.append(copy.deepcopy(child))
    return root


def read_epub(data: bytes) -> Parts:
    archive = _Archive(data)
    items, opf_work = _package(archive)
    docs = _documents(archive, items)
    if not docs:
        raise InputError("this EPUB has no readable content documents")
    bodies = [_body(doc) for _, doc in docs]
    if any("fff_chapter" in classes(b) or "fff_titlepage" in classes(b) for b in bodies) or any(
        posixpath.basename(p) == "title_page.xhtml" for p, _ in docs
    ):
        parts = _read_fff(docs)
    else:
        merged = _merged(docs)
        if is_ao3(merged):
            parts = read_ao3(merged, "utf-8", source_format="ao3_epub")
        else:
            parts = _read_generic(docs)
    _fill(parts.work, opf_work)
    parts.warnings = archive.warnings + parts.warnings
    return parts


def _fill(work: Work, fallback: Work) -> None:
    for name in ("title", "language", "summary", "source_url"):
        if not getattr(work, name) and getattr(fallback, name):
            setattr(work, name, getattr(fallback, name))
    if not work.authors:
        work.authors = list(fallback.authors)
    if not work.tags and not work.fandoms:
        work.tags = [t for t in fallback.tags if t]


def _read_fff(docs: list[tuple[str, etree._Element]]) -> Parts:
    """FanFicFare's title page and chapters; several title pages are an anthology (EpubMerge)."""
    parts = Parts(work=Work(), source_format="fff_epub", encoding="utf-8")
    pages: list[tuple[Work, int]] = []
    for path, doc in docs:
        body = _body(doc)
        names = classes(body)
        base = posixpath.basename(path)
        if "fff_titlepage" in names or base == "title_page.xhtml":
            work = Work()
            heading_meta(work, next(iter(body.xpath(".//h1|.//h2|.//h3")), None))
            apply_labels(work, title_page_entries(body))
            pages.append((work, len(parts.chapters)))
        elif "fff_chapter" in names or re.match(r"file\d+\.xhtml$", base):
            parts.chapters.append(read_fff_chapter(body))
    _title_pages(parts, pages)
    return parts


def _title_pages(parts: Parts, pages: list[tuple[Work, int]]) -> None:
    """One title page is the work's metadata; several make an anthology: each work with its chapter range."""
    if not pages:
        return
    parts.work = pages[0][0].model_copy()
    if len(pages) > 1:  # the anthology's own title and authors come from the OPF
        ends = [start for _, start in pages[1:]] + [len(parts.chapters)]
        parts.work = Work()
        parts.work.works = [
            AnthologyWork(title=work.title, authors=work.authors, first_chapter=start + 1, last_chapter=end)
            for (work, start), end in zip(pages, ends, strict=True)
            if end > start
        ]
    if parts.work.summary:
        parts.before.append([Para("Summary:"), Para(parts.work.summary)])


_NOTE_TITLE = re.compile(r"^(?:end notes?|author'?s'? notes?|a/n|afterword|notes?)\s*[:.]?$", re.IGNORECASE)


def _read_generic(docs: list[tuple[str, etree._Element]]) -> Parts:
    """One chapter per document; tables of contents skipped; a title page (fichub, WebToEpub) is metadata, and
    a document titled as notes ("End Notes", "Author's Note") is a note, not a chapter."""
    parts = Parts(work=Work(), source_format="epub", encoding="utf-8")
    pages: list[tuple[Work, int]] = []
    for _, doc in docs:
        body = _body(doc)
        if body.xpath(".//nav") or (len(body.xpath(".//a")) > 3 and not body.xpath(".//p[not(.//a)]")):
            continue  # a table of contents
        info = read_info_page(body, after_chapters=bool(parts.chapters))
        if info is not None:
            pages.append((info, len(parts.chapters)))
            continue
        heading = next(iter(body.xpath(".//h1|.//h2|.//h3")), None)
        title = text_of(heading) if heading is not None else None
        text = paragraphs(body, skip=lambda el, h=heading: el is h)
        if title and _NOTE_TITLE.match(title) and parts.chapters:
            parts.chapters[-1].add("note", [Para(title), *text])
            continue
        chapter = Chapter(title=title)
        chapter.add("text", text)
        if chapter.has_text:
            parts.chapters.append(chapter)
    _title_pages(parts, pages)
    return parts
