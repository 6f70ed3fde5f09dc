"""Pick a reader by looking at the bytes (the file name is only a hint for error messages).

zip magic -> EPUB (AO3 / FanFicFare / other); markup -> HTML (AO3 / FanFicFare / other); text -> FanFicFare
TXT, fanfiction.net text, or plain text. Plain text keeps the file's own decoded text as the document's text
(offsets into the file), unless notes="strip" removes its A/N paragraphs.
"""

from __future__ import annotations

import re

from ficlens.document import Document, Emphasis
from ficlens.errors import InputError
from ficlens.ingest.ao3 import is_ao3, is_ao3_page, read_ao3, read_ao3_page
from ficlens.ingest.assemble import Chapter, Parts, assemble, is_edge_note
from ficlens.ingest.document import MAX_BYTES
from ficlens.ingest.epub import read_epub
from ficlens.ingest.fff import is_fff_html, is_fff_txt, read_fff_html, read_fff_txt
from ficlens.ingest.ffn import is_ffn, is_ffn_page, read_ffn, read_ffn_page
from ficlens.ingest.legend import find_legend
from ficlens.ingest.markup import Para, decode_markup, paragraphs, parse_html
from ficlens.ingest.text import looks_binary, read_text
from ficlens.model import Segment, Work
from ficlens.textlayout import CHAPTER, NOTE, split_paragraphs

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(r"<(?:p|br|div|i|em|b|strong|span|hr)(?:\s[^>]*)?/?>", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """'zip', 'html', 'text' or an unsupported binary kind ('pdf', 'mobi', 'rtf', ...)."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06") or data[:2] == b"PK" and b"mimetype" in data[:100]:
        return "zip"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        return "mobi"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith((b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "binary"
    head = data[:8192]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, "replace").encode("utf-8", "replace")
    sample = head.decode("utf-8", "replace").lstrip("\ufeff")
    if _HTML_START.match(sample) or len(_HTML_TAGS.findall(sample)) >= 5:
        return "html"
    return "text"


def read_document(data: bytes, name: str | None = None, notes: str = "keep") -> Document:
    """Read any supported format; `notes='strip'` leaves author's notes out of the text."""
    if notes not in ("keep", "strip"):
        raise InputError(f"notes must be 'keep' or 'strip', not {notes!r}")
    if not data:
        raise InputError("the file is empty")
    if len(data) > MAX_BYTES:
        raise InputError(f"the file is too large ({len(data) // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB)")
    kind = sniff(data)
    if kind == "zip":
        return assemble(read_epub(data), notes)
    if kind == "pdf":
        raise InputError("PDF files are not supported; download the work as EPUB, HTML or text")
    if kind == "mobi":
        raise InputError("MOBI/AZW files are not supported; download the work as EPUB, HTML or text")
    if kind == "rtf":
        raise InputError("RTF files are not supported; save the work as HTML or text")
    if kind == "binary":
        hint = " (named .epub but not a zip archive)" if name and name.lower().endswith(".epub") else ""
        raise InputError(f"this looks like binary data, not a story{hint}")
    if name and name.lower().endswith(".epub"):
        raise InputError("this file is named .epub but is not a zip archive: corrupt or not an EPUB")
    if kind == "html":
        return assemble(read_html(data), notes)
    return read_plain(data, notes)


def read_html(data: bytes) -> Parts:
    markup, encoding, warnings = decode_markup(data)
    if looks_binary(markup[:65536].encode("utf-8", "replace")):
        raise InputError("this looks like binary data, not an HTML story")
    root = parse_html(markup, warnings)
    if is_ao3_page(root):
        parts = read_ao3_page(root, encoding)
    elif is_ffn_page(root):
        parts = read_ffn_page(root, encoding)
    elif is_ao3(root):
        parts = read_ao3(root, encoding)
    elif is_fff_html(root):
        parts = read_fff_html(root, encoding)
    else:
        body = next(iter(root.xpath("//body")), root)
        title = next(iter(root.xpath("//title")), None)
        work = Work(title=(title.text_content().strip() or None) if title is not None else None)
        parts = Parts(work=work, source_format="html", encoding=encoding, chapter_segments=False)
        chapter = Chapter(title=None, show_title=False)
        chapter.add("text", paragraphs(body))
        parts.chapters.append(chapter)
    parts.warnings = warnings + parts.warnings
    return parts


def read_plain(data: bytes, notes: str) -> Document:
    """Plain text, FanFicFare TXT or fanfiction.net text."""
    document = read_text(data)
    text = document.text
    if is_fff_txt(text):
        return _with(assemble(read_fff_txt(text, document.encoding), notes), document.warnings)
    if is_ffn(text):
        return _with(assemble(read_ffn(text, document.encoding), notes), document.warnings)
    return plain_notes(document, notes)


def _with(document: Document, warnings: list[str]) -> Document:
    document.warnings = warnings + document.warnings
    return document


_MARKED = {"bold": re.compile(r"\*\*[^*\n]+?\*\*"), "italic": re.compile(r"(?<![*\w])\*[^*\n]+?\*(?![*\w])"),
           "underline": re.compile(r"(?<!\w)__[^_\n]+?__(?!\w)")}


def plain_notes(document: Document, notes: str) -> Document:
    """Plain text: the legend, A/N paragraphs with notes='strip', and emphasis the legend spells with markers."""
    text = document.text
    spans = split_paragraphs(text)
    paras = [Para(text[p.start : p.end]) for p in spans]
    legend, legend_indices = find_legend(paras)
    document.legend = legend
    if notes == "keep":
        document.segments = [
            Segment(kind="author_note", start=spans[i].start, end=spans[i].end) for i in sorted(legend_indices)
        ]
        document.emphasis = _marked_emphasis(text, legend)
        return document
    drop = set(legend_indices)
    bounds = [0] + [i for i, p in enumerate(paras) if len(p.text) <= 100 and CHAPTER.match(p.text)] + [len(paras)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        inside = [i for i in range(start, end) if not CHAPTER.match(paras[i].text) or i != start]
        edges = inside[:3] + inside[-3:]
        drop.update(i for i in edges if is_edge_note(paras[i]))
    drop.update(i for i, p in enumerate(paras) if is_edge_note(p) and not _review_only(p.text))
    if not drop:
        document.emphasis = _marked_emphasis(text, legend)
        return document
    pieces, position = [], 0
    for index, span in enumerate(spans):
        if index in drop:
            pieces.append(text[position : span.start])
            nxt = spans[index + 1].start if index + 1 < len(spans) else len(text)
            position = nxt if index + 1 < len(spans) else len(text)
            if index + 1 >= len(spans):
                pieces[-1] = pieces[-1].rstrip()
    pieces.append(text[position:])
    document.text = "".join(pieces)
    document.include_text = True
    document.emphasis = _marked_emphasis(document.text, legend)
    if not document.text.strip():
        raise InputError("the file holds only author's notes")
    return document


def _review_only(text: str) -> bool:
    """A paragraph that is a note only because it asks for reviews: dropped at chapter edges alone."""
    return NOTE.match(text) is None


def _marked_emphasis(text: str, legend: dict) -> list[Emphasis]:
    """`**bold**` and `*italic*` markers in plain text (fan fiction's way of writing emphasis), and
    `__underline__` when the legend uses it (double underscores are too common in other plain text)."""
    found: list[Emphasis] = []
    for style, pattern in _MARKED.items():
        if style in legend or style in ("bold", "italic"):
            found.extend(Emphasis(m.start(), m.end(), style) for m in pattern.finditer(text))  # type: ignore[arg-type]
    return sorted(found, key=lambda e: (e.start, e.end))
