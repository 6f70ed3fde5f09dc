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
from lxml import etree

from ficlens.errors import InputError
from ficlens.ingest.encoding import bom_encoding, eight_bit, utf8_with_stray_bytes, where

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


# ---------------------------------------------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_markup(data: bytes) -> tuple[str, str, list[str]]:
    """Decode HTML/XHTML: BOM, then valid UTF-8, then the declared charset (meta or XML declaration), then UTF-8
    with a few stray bytes replaced, then Windows-1252 or detection."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, length = bom
        text = data[length:].decode(encoding, errors="replace")
        return text, encoding, [f"bad bytes in a {encoding} file were replaced with U+FFFD"] if "\ufffd" in text else []
    try:  # valid UTF-8 with non-ASCII bytes is almost never another encoding, whatever the file declares
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        first_bad = err.start
    mostly = utf8_with_stray_bytes(data)
    head = data[:4096]
    declared = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    warnings: list[str] = []
    name = declared.group(1).decode("ascii", "replace").lower().replace("_", "-") if declared else ""
    if name and name not in ("utf-8", "utf8"):
        try:
            codecs.lookup(name)
        except LookupError:
            warnings.append(f"unknown declared charset {name!r}; ignored")
        else:
            if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
                name = "cp1252"  # what browsers do
            try:
                return data.decode(name), name, warnings
            except UnicodeDecodeError:
                warnings.append(f"the file declares {name} but does not decode as {name}")
    if mostly is not None:
        return mostly[0], "utf-8", warnings + mostly[1]
    guess = eight_bit(data)
    if guess is not None:
        return guess[0], guess[1], [*warnings, f"not UTF-8 (first bad byte at {where(data, first_bad)}); "
                                               f"decoded as {guess[1]}"]
    return data.decode("utf-8", errors="replace"), "utf-8", [
        *warnings, f"not UTF-8 (first bad byte at {where(data, first_bad)}); undecodable bytes were replaced "
                   "with U+FFFD"]


MAX_DEPTH = 2048
"""libxml2's nesting limit with XML_PARSE_HUGE (without it, 256: deeper content was silently cut off)."""
_CONTAINERS = re.compile(r"</?(?:div|span|section|article|font|center|main|aside)(?:\s[^>]*)?/?>", re.IGNORECASE)


def _parse(markup: str) -> lxml.html.HtmlElement | None:
    """The parsed tree, or None when libxml2 stopped at its depth limit (it would silently drop the rest)."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  default_doctype=False, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"the HTML could not be parsed ({err})") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" or "depth" in e.message.lower() for e in parser.error_log):
        return None
    return root


def parse_html(markup: str | bytes, warnings: list[str] | None = None) -> lxml.html.HtmlElement:
    """Parse (X)HTML with lxml's forgiving HTML parser; no network, no entity expansion beyond HTML's own.
    A warning is appended to `warnings` when the page had to be flattened to be read whole."""
    warnings = [] if warnings is None else warnings
    if isinstance(markup, bytes):
        markup, _, _ = decode_markup(markup)
    markup = _XML_DECL.sub("", markup, count=1).lstrip("\ufeff")
    if not markup.strip():
        raise InputError("the HTML file holds no text")
    root = _parse(markup)
    if root is None:  # nested past libxml2's limit: the div nesting (an unclosed <div> per paragraph) is dropped
        root = _parse(_CONTAINERS.sub(" ", markup))
        if root is None:
            raise InputError(f"the HTML is nested deeper than {MAX_DEPTH} elements; it cannot be read whole")
        warnings.append(f"the HTML is nested deeper than {MAX_DEPTH} elements; its <div>/<span> nesting was ignored")
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
    """Depth-first without recursion: a page may nest thousands of unclosed elements."""
    stack: list[etree._Element | str] = [el]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
            continue
        if tag(item) in SKIP_TAGS:
            continue
        pending: list[etree._Element | str] = [item.text or ""]
        for child in item:
            name = tag(child)
            if name == "br":
                pending.append(" ")
            elif name in BLOCK_TAGS:
                pending.extend((" ", child, " "))
            else:
                pending.append(child)
            pending.append(child.tail or "")
        stack.extend(reversed(pending))


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


BR_PARAGRAPH_LINES = 4
"""A paragraph of at least this many `<br>`-separated lines ..."""
BR_PROSE_LINE = 60
"""... whose lines average at least this many characters is prose written with `<br/>` for paragraph breaks
(some EPUBs put a whole chapter in one `<p>`): each line is a paragraph. Shorter lines are verse or a
letter's layout and stay one paragraph; a blank line (`<br/><br/>`) always breaks a paragraph."""
_LINE_BREAKS = re.compile(r"\n+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def split_breaks(para: Para) -> list[Para]:
    """Split a paragraph at `<br>` line breaks that are paragraph breaks; emphasis spans follow their text."""
    text = para.text
    if "\n" not in text:
        return [para]
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= BR_PARAGRAPH_LINES and sum(map(len, lines)) / len(lines) >= BR_PROSE_LINE:
        separator = _LINE_BREAKS
    elif _BLANK_LINES.search(text):
        separator = _BLANK_LINES
    else:
        return [para]
    pieces: list[Para] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip(_STRIP))
        body = chunk.strip(_STRIP)
        if body:
            first = start + lead
            spans = [(max(a, first) - first, min(b, first + len(body)) - first, style)
                     for a, b, style in para.emphasis if a < first + len(body) and b > first]
            pieces.append(Para(body, [span for span in spans if span[0] < span[1]]))
        start = match.end() if match else len(text)
    return pieces


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
    """Flatten an element into paragraphs: block elements break paragraphs, inline elements run on.

    Walked with an explicit stack, not recursion: an unclosed `<div>` per paragraph nests a page thousands of
    levels deep, and a recursive walk would stop (or crash) there."""
    if tag(el) == "hr":
        return [Para(SCENE_BREAK_TEXT)]
    if not tag(el) or tag(el) in SKIP_TAGS:
        return []
    out: list[Para] = []
    builder = _ParaBuilder()

    def flush() -> None:
        para = builder.take()
        if para is not None:
            out.extend(split_breaks(para))

    # ("node", element, pre) | ("text", string, pre) | ("end", styles, start, first_out, block)
    stack: list[tuple] = []

    def open_node(node: etree._Element, pre: bool, block: bool) -> None:
        stack.append(("end", _style_of(node), builder.length, len(out), block))
        for child in reversed(node):
            if child.tail:
                stack.append(("text", child.tail, pre))
            stack.append(("node", child, pre))
        if node.text:
            stack.append(("text", node.text, pre))

    open_node(el, tag(el) == "pre", True)
    while stack:
        item = stack.pop()
        if item[0] == "text":
            builder.add(item[1], item[2])
        elif item[0] == "end":
            _close(item, builder, out)
            if item[4]:
                flush()
        else:
            node, pre = item[1], item[2]
            name = tag(node)
            if not name or name in SKIP_TAGS or (skip is not None and skip(node)):
                continue
            if name == "br":
                builder.add("\n", True)
            elif name == "hr":
                flush()
                out.append(Para(SCENE_BREAK_TEXT))
            elif name in BLOCK_TAGS:
                flush()
                open_node(node, pre or name == "pre", True)
            else:
                open_node(node, pre, False)
    flush()
    return out


def _close(item: tuple, builder: _ParaBuilder, out: list[Para]) -> None:
    """The end of an element: its styles cover what it wrote (every paragraph made inside, for a block)."""
    _, styles, start, first_out, block = item
    if not styles:
        return
    if builder.length > start:
        builder.spans.extend((start, builder.length, style) for style in styles)
    if block:  # a styled block (<div style="font-style: italic">)
        for index in range(first_out, len(out)):
            para = out[index]
            para.emphasis = merge_spans(para.emphasis + [(0, len(para.text), s) for s in styles])
