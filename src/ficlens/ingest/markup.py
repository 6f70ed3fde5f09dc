"""HTML to paragraphs: decode, parse safely with lxml, and flatten elements into `Para`s with emphasis.

Nothing in the markup is ever executed or fetched: <script>, <style>, comments, processing instructions and
every attribute other than the few read here are ignored. Whitespace inside a paragraph collapses as a
browser would; `<br>` becomes "\\n"; a scene-break `<hr>` becomes a "* * *" paragraph; HTML entities are
decoded by the parser and the characters are otherwise kept as they are.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import lxml.html
from charset_normalizer import from_bytes
from lxml import etree

from ficlens.errors import InputError

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "caption", "summary", "legend",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object",
             "embed", "svg", "math", "button", "select", "textarea", "input", "img", "audio", "video", "canvas"}
STYLE_TAGS = {"i": "italic", "em": "italic", "cite": "italic", "var": "italic", "dfn": "italic",
              "b": "bold", "strong": "bold", "u": "underline", "ins": "underline"}
SCENE_BREAK_TEXT = "* * *"
_SPACE = re.compile(r"[ \t\n\r\f]+")
_STRIP = " \t\n\r\f\v\u00a0\u200b\ufeff"


@dataclass
class Para:
    """One paragraph of extracted text; emphasis spans are offsets into `text`."""

    text: str
    emphasis: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_markup(data: bytes) -> tuple[str, str, list[str]]:
    """Decode HTML/XHTML: BOM, then the declared charset (meta or XML declaration), then UTF-8, then detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, []
            except UnicodeDecodeError:
                return data[len(bom):].decode(encoding, errors="replace"), encoding, [
                    f"bad bytes in a {encoding} file were replaced with U+FFFD"
                ]
    try:  # valid UTF-8 with non-ASCII bytes is almost never another encoding, whatever the file declares
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    warnings: list[str] = []
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            codecs.lookup(name)
        except LookupError:
            warnings.append(f"unknown declared charset {name!r}; ignored")
        else:
            if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                name = "cp1252"  # what browsers do
            if name.replace("_", "-") in ("utf-8", "utf8"):
                name = "cp1252"  # declared UTF-8 but is not: the usual culprit
                warnings.append(f"the file declares UTF-8 but is not (bad byte at offset {first_bad}); read as cp1252")
            try:
                return data.decode(name), name, warnings
            except UnicodeDecodeError:
                warnings.append(f"the file declares {name} but does not decode as {name}")
    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding, [
                *warnings, f"not UTF-8 (bad byte at offset {first_bad}); decoded as {best.encoding}"]
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", errors="replace"), "utf-8", [
        *warnings, f"not UTF-8 (bad byte at offset {first_bad}); undecodable bytes were replaced with U+FFFD"]


def parse_html(markup: str | bytes) -> lxml.html.HtmlElement:
    """Parse (X)HTML with lxml's forgiving HTML parser; no network, no entity expansion beyond HTML's own."""
    if isinstance(markup, bytes):
        markup, _, _ = decode_markup(markup)
    markup = _XML_DECL.sub("", markup, count=1).lstrip("\ufeff")
    if not markup.strip():
        raise InputError("the HTML file holds no text")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  default_doctype=False)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"the HTML could not be parsed ({err})") from None
    for bad in root.xpath("//script|//style|//noscript|//template|//iframe|//object|//embed"):
        bad.drop_tree()
    return root


def parse_xml(data: bytes, what: str) -> etree._Element:
    """Parse a small XML file of an EPUB (container, OPF) without DTDs, entities or network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise InputError(f"the EPUB's {what} is not valid XML ({err})") from None
    if root is None:
        raise InputError(f"the EPUB's {what} is empty or not XML")
    return root


# ---------------------------------------------------------------------------------------------------- elements

def tag(el: object) -> str:
    """Lower-case local tag name ('' for comments and processing instructions)."""
    name = getattr(el, "tag", None)
    if not isinstance(name, str):
        return ""
    return name.rsplit("}", 1)[-1].lower()


def classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def text_of(el: etree._Element) -> str:
    """The element's text with whitespace collapsed (no emphasis, no paragraph breaks)."""
    return _SPACE.sub(" ", "".join(_text_pieces(el))).strip(_STRIP)


def _text_pieces(el: etree._Element) -> Iterator[str]:
    if tag(el) in SKIP_TAGS:
        return
    if el.text:
        yield el.text
    for child in el:
        if tag(child) == "br":
            yield " "
        elif tag(child) in BLOCK_TAGS:
            yield " "
            yield from _text_pieces(child)
            yield " "
        else:
            yield from _text_pieces(child)
        if child.tail:
            yield child.tail


def _style_of(el: etree._Element) -> list[str]:
    styles = []
    name = tag(el)
    if name in STYLE_TAGS:
        styles.append(STYLE_TAGS[name])
    css = (el.get("style") or "").lower().replace(" ", "")
    if css:
        if "font-style:italic" in css or "font-style:oblique" in css:
            styles.append("italic")
        if re.search(r"font-weight:(?:bold|bolder|[6-9]00)", css):
            styles.append("bold")
        if "text-decoration:underline" in css or "text-decoration-line:underline" in css:
            styles.append("underline")
    return styles


def is_scene_break(el: etree._Element) -> bool:
    return tag(el) == "hr"


class _ParaBuilder:
    """Collects inline text of one paragraph and the emphasis runs inside it."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, text: str, preformatted: bool = False) -> None:
        if not text:
            return
        if not preformatted:
            text = _SPACE.sub(" ", text)
        self.chunks.append(text)
        self.length += len(text)

    def take(self) -> Para | None:
        raw = "".join(self.chunks)
        spans = self.spans
        self.chunks, self.length, self.spans = [], 0, []
        return normalise_para(raw, spans)


def normalise_para(raw: str, spans: list[tuple[int, int, str]]) -> Para | None:
    """Drop spaces around line breaks and at the ends; map the emphasis spans onto the kept characters."""
    keep = [True] * len(raw)
    for index, char in enumerate(raw):
        if char == " ":
            before = raw[index - 1] if index else "\n"
            after = raw[index + 1] if index + 1 < len(raw) else "\n"
            if before in " \n" or after == "\n":
                keep[index] = False
    new_index = [0] * (len(raw) + 1)
    count = 0
    for index, kept in enumerate(keep):
        new_index[index] = count
        count += kept
    new_index[len(raw)] = count
    text = "".join(c for c, k in zip(raw, keep, strict=True) if k)
    lead = len(text) - len(text.lstrip(_STRIP + "\n"))
    stripped = text.strip(_STRIP + "\n")
    if not stripped:
        return None
    emphasis = []
    for start, end, style in spans:
        a = max(0, new_index[start] - lead)
        b = min(len(stripped), new_index[end] - lead)
        while a < b and stripped[a] in _STRIP + "\n":
            a += 1
        while b > a and stripped[b - 1] in _STRIP + "\n":
            b -= 1
        if a < b:
            emphasis.append((a, b, style))
    return Para(stripped, merge_spans(emphasis))


def merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join touching or overlapping runs of the same style (<i>Why</i><i> me?</i>)."""
    result: list[tuple[int, int, str]] = []
    for start, end, style in sorted(spans, key=lambda s: (s[2], s[0], s[1])):
        if result and result[-1][2] == style and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]), style)
        else:
            result.append((start, end, style))
    return sorted(result, key=lambda s: (s[0], s[1]))


def paragraphs(el: etree._Element, skip: Callable[[etree._Element], bool] | None = None) -> list[Para]:
    """Flatten an element into paragraphs: block elements break paragraphs, inline elements run on."""
    out: list[Para] = []
    builder = _ParaBuilder()

    def flush() -> None:
        para = builder.take()
        if para is not None:
            out.append(para)

    def contents(node: etree._Element, pre: bool) -> None:
        if node.text:
            builder.add(node.text, pre)
        for child in node:
            visit(child, pre)
            if child.tail:
                builder.add(child.tail, pre)

    def inline(node: etree._Element, pre: bool) -> None:
        styles = _style_of(node)
        start = builder.length
        contents(node, pre)
        for style in styles:
            if builder.length > start:
                builder.spans.append((start, builder.length, style))

    def visit(node: etree._Element, pre: bool) -> None:
        name = tag(node)
        if not name or name in SKIP_TAGS or (skip is not None and skip(node)):
            return
        if name == "br":
            builder.add("\n", True)
        elif name == "hr":
            flush()
            out.append(Para(SCENE_BREAK_TEXT))
        elif name in BLOCK_TAGS:
            flush()
            _block(node, pre or name == "pre")
            flush()
        else:
            inline(node, pre)

    def _block(node: etree._Element, pre: bool) -> None:
        styles = _style_of(node)
        first_out = len(out)
        start = builder.length
        contents(node, pre)
        if styles:  # a styled block (<div style="font-style: italic">): style every paragraph made inside
            if builder.length > start:
                for style in styles:
                    builder.spans.append((start, builder.length, style))
            for index in range(first_out, len(out)):
                para = out[index]
                para.emphasis = merge_spans(para.emphasis + [(0, len(para.text), s) for s in styles])

    if tag(el) == "hr":
        return [Para(SCENE_BREAK_TEXT)]
    if not tag(el) or tag(el) in SKIP_TAGS:
        return []
    _block(el, tag(el) == "pre")
    flush()
    return out
