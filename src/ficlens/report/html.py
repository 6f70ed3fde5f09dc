"""The HTML report: one self-contained page (inline CSS and JS, no network) per story model.

The story text is laid out from offsets: the text is cut into the analysis's own paragraphs (`ficlens.textlayout`),
and inside each paragraph every utterance (and every segment that covers only part of the paragraph) becomes a span.
Spans are opened and closed at boundary events and kept properly nested: when two spans cross, the inner one is closed and reopened
(each fragment carries the utterance's ``data-u`` so the page can treat them as one). Segments that cover whole
paragraphs (flashbacks, author's notes, POV sections, scene breaks) style the paragraph itself; chapters get a
marker before their first paragraph. Labels ("Flashback", "Author's note", ...) come from CSS ``attr()``, so the
page's text content is the story text exactly once.

Everything that comes from the story (text, names, metadata, evidence) is escaped: the body is built here with
``markupsafe.escape`` and the rest goes through a Jinja2 template with autoescape on.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from ficlens.model import Character, Segment, StoryModel, Utterance
from ficlens.report.graph import graph_svg
from ficlens.report.relations import relations_section
from ficlens.textlayout import split_paragraphs  # the analysis's own paragraphs

UNKNOWN_COLOUR = "#6b7280"
UNKNOWN_TINT = "#f3f4f6"
# Dark enough to read on white (WCAG contrast >= 4.5), far enough apart to tell apart.
_BASE_PALETTE = (
    "#1d4ed8",  # blue
    "#b91c1c",  # red
    "#15803d",  # green
    "#7e22ce",  # purple
    "#c2410c",  # orange
    "#0f766e",  # teal
    "#be185d",  # pink
    "#a16207",  # ochre
    "#155e75",  # dark cyan
    "#9f1239",  # crimson
    "#4d7c0f",  # olive
    "#4338ca",  # indigo
    "#86198f",  # plum
    "#854d0e",  # brown
    "#0369a1",  # sky
    "#6d28d9",  # violet
)
KIND_LABELS = {"speech": "Speech", "thought": "Thought", "telepathy": "Telepathy", "written": "Written"}
SEGMENT_LABELS = {
    "flashback": "Flashback",
    "author_note": "Author\u2019s note",
    "pov": "POV",
    "scene_break": "Scene break",
    "chapter": "Chapter",
    "scene": "Scene",
}
# Segments styled on the paragraphs they cover (or as inline spans where they cover only part of one).
_REGION_KINDS = ("flashback", "author_note", "pov", "scene_break")
_DOT = " \u00b7 "
# Characters an HTML page must not carry (C0 controls but tab/newline/CR/FF, DEL, lone surrogates).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(text: str) -> str:
    """Escape story text for element content (quotes need no escaping there, which keeps the page small),
    replacing characters no HTML page may hold (one for one)."""
    return _BAD_CHARS.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return str(escape(_BAD_CHARS.sub("\ufffd", text)))


# --------------------------------------------------------------------------------------------------- colours


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def palette(count: int) -> list[str]:
    """``count`` colours, the same for the same order; readable on white."""
    colours = list(_BASE_PALETTE[:count])
    for index in range(len(colours), count):
        hue = (index * 137.508) % 360 / 360
        lightness = 0.42
        colour = _hex(*colorsys.hls_to_rgb(hue, lightness, 0.7))
        while contrast_on_white(colour) < 4.5 and lightness > 0.1:
            lightness -= 0.02
            colour = _hex(*colorsys.hls_to_rgb(hue, lightness, 0.7))
        colours.append(colour)
    return colours


def tint(hex_colour: str, amount: float = 0.1) -> str:
    """The colour mixed into white: a background that keeps the text readable."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return _hex(*(1 - amount + c * amount for c in channels))


# --------------------------------------------------------------------------------------------------- spans


@dataclass(eq=False)
class _Span:
    start: int
    end: int
    key: tuple
    open_tag: str
    close_tag: str = "</span>"


@dataclass
class _Paragraph:
    start: int
    end: int
    classes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    spans: list[_Span] = field(default_factory=list)


def _hover(utterance: Utterance, names: dict[str, str]) -> str:
    speaker = names.get(utterance.speaker, utterance.speaker) if utterance.speaker else "Unknown speaker"
    lines = [speaker]
    if utterance.addressees:
        lines[0] += " \u2192 " + ", ".join(names.get(a, a) for a in utterance.addressees)
    lines.append(f"{KIND_LABELS.get(utterance.kind, utterance.kind)} \u00b7 confidence {utterance.confidence:.2f}")
    evidence = f"speaker: {utterance.evidence}"
    if utterance.addressee_evidence:
        evidence += f" \u00b7 addressee: {utterance.addressee_evidence}"
    lines.append(evidence)
    return "\n".join(lines)


def _utterance_span(utterance: Utterance, start: int, end: int, names, colour_class) -> _Span:
    classes = f"u u-{utterance.kind} {colour_class.get(utterance.speaker, 'k-none')}"
    if utterance.confidence < 0.5:
        classes += " u-unsure"
    tag = (
        f'<span class="{classes}" data-u="{_attr(utterance.id)}" data-s="{_attr(utterance.speaker or "")}"'
        f' data-k="{utterance.kind}" title="{_attr(_hover(utterance, names))}">'
    )
    return _Span(start, end, (utterance.start, -utterance.end, 1, utterance.id), tag)


def _segment_label(segment: Segment) -> str:
    label = SEGMENT_LABELS.get(segment.kind, segment.kind)
    if segment.title:
        label = f"{label}: {segment.title}"
    return label


def _segment_span(segment: Segment, start: int, end: int, order: int) -> _Span:
    label = _attr(_segment_label(segment))
    tag = f'<span class="seg seg-{segment.kind}" title="{label}">'
    return _Span(start, end, (segment.start, -segment.end, 0, order), tag)


def _render_paragraph(text: str, paragraph: _Paragraph, out: list[str]) -> None:
    start, end = paragraph.start, paragraph.end
    out.extend(paragraph.before)
    attrs = ""
    if paragraph.classes:
        attrs += f' class="{" ".join(paragraph.classes)}"'
    if paragraph.labels:
        attrs += f' data-label="{_attr(_DOT.join(paragraph.labels))}"'
    if paragraph.titles:
        attrs += f' title="{_attr(_DOT.join(paragraph.titles))}"'
    out.append(f"<p{attrs}>")
    spans = [s for s in paragraph.spans if s.end > s.start]
    if not spans:
        out.append(_clean(text[start:end]))
        out.append("</p>")
        return
    points = sorted({start, end, *(s.start for s in spans), *(s.end for s in spans)})
    stack: list[_Span] = []
    for a, b in zip(points, points[1:], strict=False):
        wanted = sorted((s for s in spans if s.start <= a and s.end >= b), key=lambda s: s.key)
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(stack.pop().close_tag)
        for span in wanted[keep:]:
            out.append(span.open_tag)
            stack.append(span)
        out.append(_clean(text[a:b]))
    while stack:
        out.append(stack.pop().close_tag)
    out.append("</p>")


def _attach(paragraphs: list[_Paragraph], start: int, end: int) -> range:
    """Indexes of the paragraphs that overlap [start, end) (paragraphs are sorted and disjoint)."""
    lo, hi = 0, len(paragraphs)
    while lo < hi:  # first paragraph ending after start
        mid = (lo + hi) // 2
        if paragraphs[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    first = lo
    last = first
    while last < len(paragraphs) and paragraphs[last].start < end:
        last += 1
    return range(first, last)


def render_story(model: StoryModel, colour_class: dict[str, str]) -> tuple[Markup, list[dict]]:
    """The story body as HTML, and the table of contents (one entry per chapter)."""
    text = model.text
    paragraphs = [_Paragraph(s, e) for s, e in split_paragraphs(text)]
    if not paragraphs and text:
        paragraphs = [_Paragraph(0, len(text))]
    _mark_utterances(model, paragraphs, colour_class)
    _mark_regions(model, paragraphs)
    toc = _mark_chapters(model, paragraphs)
    out: list[str] = []
    position = 0
    for paragraph in paragraphs:
        out.append(_clean(text[position : paragraph.start]))  # blank lines between paragraphs
        _render_paragraph(text, paragraph, out)
        position = paragraph.end
    out.append(_clean(text[position:]))
    return Markup("".join(out)), toc


def _mark_utterances(model: StoryModel, paragraphs: list[_Paragraph], colour_class: dict[str, str]) -> None:
    """One span per utterance and paragraph it touches (an utterance across paragraphs is cut at each)."""
    size = len(model.text)
    names = {c.id: c.name for c in model.characters}
    for utterance in model.utterances:
        start, end = max(0, utterance.start), min(size, utterance.end)
        if end <= start:
            continue
        for index in _attach(paragraphs, start, end):
            paragraph = paragraphs[index]
            s, e = max(start, paragraph.start), min(end, paragraph.end)
            if e > s:
                paragraph.spans.append(_utterance_span(utterance, s, e, names, colour_class))


def _mark_regions(model: StoryModel, paragraphs: list[_Paragraph]) -> None:
    """Region segments: a class on the paragraphs they cover whole, a span on those they cover in part; the
    first paragraph carries the label."""
    size = len(model.text)
    regions = sorted((s for s in model.segments if s.kind in _REGION_KINDS), key=lambda s: (s.start, -s.end, s.kind))
    for order, segment in enumerate(regions):
        start, end = max(0, segment.start), min(size, segment.end)
        if end <= start:
            continue
        labelled = False
        for index in _attach(paragraphs, start, end):
            paragraph = paragraphs[index]
            if start <= paragraph.start and paragraph.end <= end:
                _mark_whole(paragraph, segment, labelled)
            else:
                s, e = max(start, paragraph.start), min(end, paragraph.end)
                if e > s:
                    paragraph.spans.append(_segment_span(segment, s, e, order))
            labelled = True


def _mark_whole(paragraph: _Paragraph, segment: Segment, labelled: bool) -> None:
    paragraph.classes.append(f"seg-{segment.kind}")
    if segment.kind == "pov":
        paragraph.titles.append(_segment_label(segment))
    if not labelled and segment.kind != "scene_break":
        paragraph.labels.append(_segment_label(segment))
        if "seg-start" not in paragraph.classes:
            paragraph.classes.append("seg-start")


def _mark_chapters(model: StoryModel, paragraphs: list[_Paragraph]) -> list[dict]:
    """An anchor at each chapter's first paragraph; the table of contents."""
    size = len(model.text)
    toc = []
    chapters = sorted((s for s in model.segments if s.kind == "chapter"), key=lambda s: (s.start, s.end))
    for number, chapter in enumerate(chapters, 1):
        indexes = _attach(paragraphs, max(0, chapter.start), max(chapter.start + 1, min(size, chapter.end)))
        if indexes:
            toc.append(_mark_chapter(model.text, paragraphs[indexes[0]], chapter, number))
    return toc


def _mark_chapter(text: str, paragraph: _Paragraph, chapter: Segment, number: int) -> dict:
    """The chapter's first paragraph becomes its title when it looks like one, else a mark goes before it."""
    anchor = f"ch-{number}"
    title = (chapter.title or "").strip()
    heading = text[paragraph.start : paragraph.end]
    short = heading.strip().lower()
    is_heading = (
        len(heading) <= 120 and "\n" not in heading and (not title or short in title.lower() or title.lower() in short)
    )
    rule = '<hr class="chapter-rule">' if number > 1 or paragraph.start > 0 else ""
    if is_heading:
        paragraph.classes.append("chapter-title")
        paragraph.before.append(f'{rule}<a class="anchor" id="{anchor}"></a>')
    else:
        label = _attr(title or f"Chapter {number}")
        paragraph.before.append(f'{rule}<h2 class="chapter-mark" id="{anchor}" data-label="{label}"></h2>')
    return {"anchor": anchor, "title": title or heading.strip()[:80] or f"Chapter {number}"}


# --------------------------------------------------------------------------------------------------- cast


def _cast_rows(model: StoryModel, colours: list[str]) -> list[dict]:
    names = {c.id: c.name for c in model.characters}
    spoken: dict[str, Counter] = defaultdict(Counter)
    for utterance in model.utterances:
        if utterance.speaker:
            spoken[utterance.speaker][utterance.kind] += 1
    talks: dict[str, Counter] = defaultdict(Counter)
    for interaction in model.interactions:
        talks[interaction.speaker][interaction.addressee] += interaction.lines
    rows = []
    for index, character in enumerate(model.characters):
        counts = spoken.get(character.id, Counter())
        by_kind = [f"{counts[k]} {KIND_LABELS[k].lower()}" for k in KIND_LABELS if counts[k]]
        heard = talks.get(character.id, Counter())
        top = sorted(heard, key=lambda a: (-heard[a], names.get(a, a)))
        rows.append(
            {
                "id": character.id,
                "cls": f"k{index}",
                "colour": colours[index],
                "name": character.name,
                "gender": character.gender or "unknown",
                "kind": character.kind,
                "aliases": [a for a in character.aliases if a != character.name],
                "lines": sum(counts.values()),
                "lines_declared": character.lines,
                "by_kind": ", ".join(by_kind) if len(by_kind) > 1 or (by_kind and not counts["speech"]) else "",
                "mentions": len(character.mentions),
                "talks_to": [(names.get(a, a), heard[a]) for a in top[:3]],
            }
        )
    rows.sort(key=lambda row: -row["lines"])  # most lines first; ties keep the cast's order (first appearance)
    return rows


def _character_css(characters: list[Character], colours: list[str]) -> str:
    rules = [f".k{i}{{--c:{colour};--t:{tint(colour)}}}" for i, colour in enumerate(colours)]
    rules.append(f".k-none{{--c:{UNKNOWN_COLOUR};--t:{UNKNOWN_TINT}}}")
    return "\n".join(rules)


# --------------------------------------------------------------------------------------------------- page


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ficlens.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _metadata(model: StoryModel) -> list[tuple[str, object]]:
    work = model.work
    rows: list[tuple[str, object]] = []
    for label, value in (
        ("Authors", work.authors),
        ("Fandoms", work.fandoms),
        ("Rating", work.rating),
        ("Archive warnings", work.warnings),
        ("Categories", work.categories),
        ("Relationships", work.relationships),
        ("Characters", work.characters),
        ("Tags", work.tags),
        ("Series", work.series),
        ("Language", work.language),
        ("Published", work.published),
        ("Updated", work.updated),
        ("Chapters", work.chapters),
        ("Words", f"{work.words:,}" if work.words is not None else None),
        ("Source", work.source_url),
    ):
        if value:
            rows.append((label, value))
    return rows


def _structure(model: StoryModel) -> list[str]:
    counts = Counter(s.kind for s in model.segments)
    names = {
        "chapter": ("chapter", "chapters"),
        "scene": ("scene", "scenes"),
        "scene_break": ("scene break", "scene breaks"),
        "flashback": ("flashback", "flashbacks"),
        "pov": ("POV section", "POV sections"),
        "author_note": ("author\u2019s note", "author\u2019s notes"),
    }
    return [f"{counts[k]} {one if counts[k] == 1 else many}" for k, (one, many) in names.items() if counts[k]]


def render_html(model: StoryModel) -> str:
    """The report for ``model``: one self-contained HTML page."""
    colours = palette(len(model.characters))
    colour_class = {c.id: f"k{i}" for i, c in enumerate(model.characters)}
    story, toc = render_story(model, colour_class)
    cast = _cast_rows(model, colours)
    unknown = sum(1 for u in model.utterances if not u.speaker)
    kinds = Counter(u.kind for u in model.utterances)
    title = model.work.title or model.source.name or "Untitled story"
    template = _environment().get_template("report.html.j2")
    return template.render(
        model=model,
        title=title,
        work=model.work,
        metadata=_metadata(model),
        cast=cast,
        graph=graph_svg(model, colour_class, [row["id"] for row in cast]),
        character_css=Markup(_character_css(model.characters, colours)),  # generated colours only
        unknown_lines=unknown,
        kinds=[(k, label, kinds.get(k, 0)) for k, label in KIND_LABELS.items()],
        toc=toc,
        structure=_structure(model),
        story=story,
        relations=relations_section(model),
    )
