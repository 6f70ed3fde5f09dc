"""The HTML report: structure, nesting, escaping, self-containment, speed."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import lxml.html
import pytest

from ficlens.model import (
    Character,
    Interaction,
    Segment,
    Source,
    Stats,
    StoryModel,
    Utterance,
    Work,
)
from ficlens.report import render_html
from ficlens.report.html import contrast_on_white, palette, split_paragraphs

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def make_model(text: str, characters=(), utterances=(), segments=(), **extra) -> StoryModel:
    return StoryModel(
        ficlens_version="test",
        source=extra.pop("source", Source(name="story.txt", sha256="0" * 64, encoding="utf-8", bytes=len(text))),
        text=text,
        characters=list(characters),
        utterances=list(utterances),
        segments=list(segments),
        stats=Stats(words=len(text.split()), utterances=len(utterances), characters=len(characters), seconds=0.25),
        **extra,
    )


def char(cid: str, name: str, **kw) -> Character:
    return Character(id=cid, name=name, aliases=kw.pop("aliases", [name]), mentions=kw.pop("mentions", []), **kw)


def utt(uid, text, quote, speaker, kind="speech", addressees=(), evidence="explicit-tag", occurrence=0, **kw):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    inner = quote[1:-1]
    return Utterance(
        id=uid,
        kind=kind,
        start=start,
        end=start + len(quote),
        text=inner,
        speaker=speaker,
        addressees=list(addressees),
        confidence=kw.pop("confidence", 0.9),
        evidence=evidence,
        **kw,
    )


def seg(text: str, kind: str, first: str, last: str, title=None) -> Segment:
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return Segment(kind=kind, start=start, end=end, title=title)


def story_root(html: str):
    document = lxml.html.document_fromstring(html)
    (story,) = document.xpath('//*[@id="story"]')
    return document, story


def fragments(story, uid: str):
    return story.xpath(f'.//span[@data-u="{uid}"]')


class NestingChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} at {self.getpos()}")
        else:
            self.stack.pop()


def assert_well_nested(html: str) -> None:
    checker = NestingChecker()
    checker.feed(html)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack


# ----------------------------------------------------------------------------------------------- a small story

TEXT = (
    "Chapter 1: The Bridge\n\n"
    'Naruto ran to the bridge. "Sasuke! Wait!" he shouted.\n'
    "The wind howled.\n\n"
    "'He never listens,' Sasuke thought.\n\n"
    "*Kit, run,* the fox said in his head.\n\n"
    'The note read: "Meet me at dawn."\n\n'
    '"Who\'s there?" someone asked.\n\n'
    "* * *\n\n"
    "Flashback\n\n"
    '"You\'re late," Kakashi said.\n\n'
    '"Sorry," said Naruto.\n\n'
    "End Flashback\n\n"
    "A/N: thanks for reading! Please review.\n"
)


@pytest.fixture(scope="module")
def small():
    cast = [
        char("c0", "Naruto Uzumaki", aliases=["Naruto", "Kit"], mentions=[(23, 29)], gender="male"),
        char("c1", "Sasuke Uchiha", aliases=["Sasuke"], gender="male"),
        char("c2", "Kurama", aliases=["the fox"], gender="male"),
        char("c3", "Kakashi Hatake", aliases=["Kakashi"], gender="male"),
        char("c4", "someone", kind="unnamed"),
    ]
    utterances = [
        utt("u0", TEXT, '"Sasuke! Wait!"', "c0", addressees=["c1"], addressee_evidence="vocative"),
        utt("u1", TEXT, "'He never listens,'", "c1", kind="thought"),
        utt("u2", TEXT, "*Kit, run,*", "c2", kind="telepathy", addressees=["c0"], evidence="legend"),
        utt("u3", TEXT, '"Meet me at dawn."', None, kind="written", evidence="none", confidence=0.2),
        utt("u4", TEXT, '"Who\'s there?"', "c4", evidence="explicit-tag"),
        utt("u5", TEXT, '"You\'re late,"', "c3", addressees=["c0"], evidence="explicit-tag"),
        utt("u6", TEXT, '"Sorry,"', "c0", addressees=["c3"], evidence="explicit-tag"),
    ]
    segments = [
        Segment(kind="chapter", start=0, end=len(TEXT), title="Chapter 1: The Bridge"),
        seg(TEXT, "scene_break", "* * *", "* * *"),
        seg(TEXT, "flashback", "Flashback\n", "End Flashback"),
        seg(TEXT, "author_note", "A/N:", "review."),
        seg(TEXT, "pov", "Naruto ran", 'dawn."', title="Naruto"),
    ]
    interactions = [
        Interaction(speaker="c0", addressee="c1", chapter=0, lines=1, words=3),
        Interaction(speaker="c0", addressee="c3", chapter=0, lines=1, words=3),
        Interaction(speaker="c3", addressee="c0", chapter=0, lines=1, words=3),
    ]
    model = make_model(
        TEXT, cast, utterances, segments, interactions=interactions, fandom="naruto", warnings=["a test warning"]
    )
    return model, render_html(model)


def test_whole_text_appears_exactly_once(small):
    model, html = small
    _, story = story_root(html)
    assert story.text_content() == model.text
    assert_well_nested(html)


def test_each_utterance_is_a_span_with_speaker_and_evidence(small):
    model, html = small
    _, story = story_root(html)
    names = {c.id: c.name for c in model.characters}
    for utterance in model.utterances:
        spans = fragments(story, utterance.id)
        assert spans, utterance.id
        assert "".join(s.text_content() for s in spans) == model.text[utterance.start : utterance.end]
        for span in spans:
            title = span.get("title")
            assert utterance.evidence in title
            assert (names[utterance.speaker] if utterance.speaker else "Unknown speaker") in title
            assert f"u-{utterance.kind}" in span.get("class").split()
            assert span.get("data-s") == (utterance.speaker or "")
    (sorry,) = fragments(story, "u6")
    assert "Kakashi Hatake" in sorry.get("title") and "0.90" in sorry.get("title")
    (shout,) = fragments(story, "u0")
    assert "vocative" in shout.get("title")


def test_kinds_are_styled_apart(small):
    _, html = small
    _, story = story_root(html)
    (thought,) = fragments(story, "u1")
    assert "u-thought" in thought.get("class")
    assert "u-telepathy" in fragments(story, "u2")[0].get("class")
    assert "u-written" in fragments(story, "u3")[0].get("class")
    # unknown speaker: grey class; known speakers: their palette class
    assert "k-none" in fragments(story, "u3")[0].get("class").split()
    assert "k1" in thought.get("class").split()
    assert re.search(r"\.u-thought\{[^}]*italic", html) and "dashed" in html


def test_segments_are_marked(small):
    model, html = small
    _, story = story_root(html)
    flash = story.xpath('.//p[contains(concat(" ", @class, " "), " seg-flashback ")]')
    assert [p.text_content() for p in flash] == [
        "Flashback",
        '"You\'re late," Kakashi said.',
        '"Sorry," said Naruto.',
        "End Flashback",
    ]
    assert flash[0].get("data-label") == "Flashback"
    # an utterance inside the flashback sits inside a flashback paragraph
    (late,) = fragments(story, "u5")
    assert "seg-flashback" in late.getparent().get("class")
    (note,) = story.xpath('.//p[contains(@class, "seg-author_note")]')
    assert note.get("data-label") == "Author\u2019s note"
    assert note.text_content().startswith("A/N:")
    (scene_break,) = story.xpath('.//p[contains(@class, "seg-scene_break")]')
    assert scene_break.text_content() == "* * *"
    pov = story.xpath('.//p[contains(@class, "seg-pov")]')
    assert pov[0].get("data-label") == "POV: Naruto" and len(pov) == 4
    (heading,) = story.xpath('.//p[contains(@class, "chapter-title")]')
    assert heading.text_content() == "Chapter 1: The Bridge"
    assert story.xpath('.//*[@id="ch-1"]')


def test_header_cast_and_legend(small):
    model, html = small
    document, _ = story_root(html)
    assert document.findtext(".//title").startswith("story.txt")
    header = document.xpath("//header")[0].text_content()
    assert "naruto" in header and "utterances" in header and "0.25" in header
    assert "1 chapter" in header and "1 flashback" in header and "1 author\u2019s note" in header
    assert "a test warning" in document.xpath('//section[contains(@class, "warnings")]')[0].text_content()
    rows = document.xpath('//table[contains(@class, "cast")]/tbody/tr')
    assert [r.get("data-s") for r in rows] == ["c0", "c1", "c2", "c3", "c4"]
    naruto = rows[0].text_content()
    assert "Naruto Uzumaki" in naruto and "Kit" in naruto and "Sasuke Uchiha" in naruto
    cells = rows[0].xpath("./td")
    assert cells[3].text_content().strip().startswith("2")  # two lines spoken
    assert cells[4].text_content().strip() == "1"  # one mention
    assert "unnamed" in rows[4].text_content()
    assert rows[0].get("class") == "k0" and ".k0{--c:" in html and ".k-none{--c:" in html


def test_metadata_is_shown():
    work = Work(
        title="The Long Road",
        authors=["Ann Author"],
        fandoms=["Naruto"],
        rating="Teen And Up Audiences",
        relationships=["Naruto/Sasuke"],
        characters=["Naruto Uzumaki"],
        tags=["Angst", "Friendship"],
        summary="Line one.\nLine two.",
        chapters="3/10",
        words=12345,
        source_url="https://archiveofourown.org/works/1",
    )
    html = render_html(make_model("Some text.", work=work))
    document, _ = story_root(html)
    header = document.xpath("//header")[0].text_content()
    for value in ("The Long Road", "Ann Author", "Teen And Up", "Naruto/Sasuke", "Angst", "3/10", "12,345"):
        assert value in header
    assert "Line one.\nLine two." in header
    assert document.findtext(".//title").startswith("The Long Road")
    assert not document.xpath('//a[starts-with(@href, "http")]')


def test_crossing_and_multi_paragraph_spans_are_nested_properly():
    text = 'He said, "First part.\n\n"Second part," and then the memory came. Later that day.\n\nEnd.'
    quote_start = text.index('"First')
    quote_end = text.index('part,"') + len('part,"')
    memory = text.index("and then")
    utterances = [
        Utterance(
            id="u0",
            kind="speech",
            start=quote_start,
            end=quote_end,
            text="...",
            speaker="c0",
            confidence=0.8,
            evidence="explicit-tag",
        ),
        # a thought inside the speech, crossing the flashback's start
        Utterance(
            id="u1",
            kind="thought",
            start=text.index("Second"),
            end=text.index(" and then") + 9,
            text="...",
            speaker=None,
            confidence=0.3,
            evidence="conversation",
        ),
    ]
    segments = [Segment(kind="flashback", start=text.index("part,"), end=memory + 10)]
    model = make_model(text, [char("c0", "Him")], utterances, segments)
    html = render_html(model)
    assert_well_nested(html)
    _, story = story_root(html)
    assert story.text_content() == text
    for utterance in utterances:
        joined = "".join(s.text_content() for s in fragments(story, utterance.id))
        # the blank line between paragraphs stays outside the spans
        assert joined == text[utterance.start : utterance.end].replace("\n\n", "")
    # the speech is split at the paragraph break: one fragment or more per paragraph
    paragraphs = [p for p in story.iter("p") if p.xpath('.//span[@data-u="u0"]')]
    assert len(paragraphs) == 2
    # the partial flashback is an inline span, labelled by its title
    inline = story.xpath('.//span[contains(@class, "seg-flashback")]')
    assert inline and all(s.get("title") == "Flashback" for s in inline)
    assert "".join(s.text_content() for s in inline) == text[segments[0].start : segments[0].end]


def test_nested_utterances():
    text = "She said, \"He told me 'run' and I ran.\" Then silence."
    outer = Utterance(
        id="u0",
        kind="speech",
        start=text.index('"He'),
        end=text.index('ran."') + 5,
        text="",
        speaker="c0",
        confidence=0.9,
        evidence="explicit-tag",
    )
    inner = Utterance(
        id="u1",
        kind="speech",
        start=text.index("'run'"),
        end=text.index("'run'") + 5,
        text="run",
        speaker="c1",
        confidence=0.6,
        evidence="same-paragraph",
    )
    html = render_html(make_model(text, [char("c0", "Her"), char("c1", "Him")], [inner, outer]))
    assert_well_nested(html)
    _, story = story_root(html)
    assert story.text_content() == text
    (outer_span,) = fragments(story, "u0")
    (inner_span,) = fragments(story, "u1")
    assert inner_span.getparent() is outer_span


# ----------------------------------------------------------------------------------------------- hostile input

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</style>", "{{ 7*7 }}", "{% raw %}"]


def test_hostile_input_is_escaped():
    payload = " ".join(HOSTILE)
    text = f"Intro {payload}\n\n\"{payload}\" said {payload}.\n\n'{payload}' she thought."
    cast = [
        char("c0", payload, aliases=[payload, "x"], gender="female"),
        char("c1", "Bob</td></tr></table><script>alert(2)</script>"),
    ]
    utterances = [
        utt("u0", text, f'"{payload}"', "c0", addressees=["c1"]),
        utt("u1", text, f"'{payload}'", "c1", kind="thought"),
    ]
    # evidence names are Literal in the model, but a model built in code is not re-validated: escape them anyway
    utterances[0].evidence, utterances[0].addressee_evidence = payload, payload
    utterances[1].evidence = "<b>bold</b>"
    segments = [
        Segment(kind="pov", start=0, end=len(text), title=payload),
        Segment(kind="chapter", start=0, end=len(text), title=payload),
        Segment(kind="chapter", start=text.index("\n\n") + 2, end=len(text), title=payload),
        Segment(kind="flashback", start=3, end=20, title=payload),
    ]
    work = Work(
        title=payload,
        authors=[payload],
        fandoms=[payload],
        rating=payload,
        tags=[payload, payload],
        relationships=[payload],
        characters=[payload],
        summary=payload,
        chapters=payload,
        source_url=f"javascript:alert(1) {payload}",
        language='en" onload="alert(1)',
    )
    model = make_model(
        text,
        cast,
        utterances,
        segments,
        work=work,
        fandom=payload,
        warnings=[payload],
        interactions=[Interaction(speaker="c0", addressee="c1", chapter=0, lines=2, words=6)],
        source=Source(name=payload, sha256="0" * 64, encoding="utf-8", bytes=1),
    )
    html = render_html(model)
    assert html.lower().count("<script") == 1
    assert html.lower().count("</script") == 1
    assert html.lower().count("</style") == 1
    assert "<img" not in html.lower() and "<b>bold" not in html
    assert "49" not in html.replace("0.49", "")
    document, story = story_root(html)
    assert story.text_content() == text
    assert not document.xpath("//img") and len(document.xpath("//script")) == 1
    for element in document.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), (element.tag, name)
    assert document.get("lang") == 'en" onload="alert(1)'
    # the payload survives as text, character for character
    assert payload in document.findtext(".//title")
    assert payload in document.xpath("//h1")[0].text_content()
    (row,) = document.xpath('//tr[@data-s="c0"]')
    assert payload in row.text_content()
    assert payload in fragments(story, "u0")[0].get("title")
    assert "<b>bold</b>" in fragments(story, "u1")[0].get("title")
    assert_well_nested(html)


def test_no_external_resources(small):
    _, html = small
    document, _ = story_root(html)
    for element in document.iter():
        for name in ("src", "href", "action", "data", "poster"):
            value = element.get(name)
            assert value is None or not re.match(r"\s*(https?:)?//", value), (element.tag, name, value)
    assert not document.xpath("//link") and not document.xpath("//script[@src]")
    assert "@import" not in html and "url(" not in html
    assert "http://" not in html and "https://" not in html


def test_robust_to_odd_models():
    assert "<article" in render_html(make_model(""))
    text = 'Bad\x00chars\x1b here \ud800 and "quoted" text.'
    utterances = [
        Utterance(
            id="u0",
            kind="speech",
            start=text.index('"'),
            end=text.index('d"') + 2,
            text="quoted",
            speaker="c9",
            confidence=0.5,
            evidence="none",
        ),  # unknown id
        Utterance(
            id="u1", kind="speech", start=500, end=600, text="", speaker=None, confidence=0.1, evidence="none"
        ),  # out of range
        Utterance(id="u2", kind="speech", start=5, end=5, text="", speaker=None, confidence=0.1, evidence="none"),
    ]
    html = render_html(make_model(text, [], utterances, [Segment(kind="flashback", start=0, end=10_000)]))
    html.encode("utf-8")
    assert "\x00" not in html and "\ufffd" in html
    _, story = story_root(html)
    assert len(story.text_content()) == len(text)


def test_paragraph_splitting():
    assert split_paragraphs("a\n\n  b\nc  \n \n\nd") == [(0, 1), (5, 8), (14, 15)]
    lines = "\n".join(f"line {i}" for i in range(30))
    assert len(split_paragraphs(lines)) == 30


def test_palette_is_deterministic_and_readable():
    colours = palette(60)
    assert colours == palette(60)[:60] and colours[:5] == palette(5)
    assert len(set(colours)) == 60
    assert all(contrast_on_white(c) >= 4.5 for c in colours)


# ----------------------------------------------------------------------------------------------- a novel


def test_novel_renders_fast():
    words = "the quick brown fox jumps over the lazy dog and keeps running far away".split()
    paragraphs, utterances, cursor = [], [], 0
    for index in range(4000):
        narration = " ".join(words[(index + k) % len(words)] for k in range(30))
        quote = '"' + " ".join(words[(index * 3 + k) % len(words)] for k in range(7)) + '"'
        paragraph = f"{narration} {quote} said someone."
        start = cursor + len(narration) + 1
        utterances.append(
            Utterance(
                id=f"u{index}",
                kind="thought" if index % 7 == 0 else "speech",
                start=start,
                end=start + len(quote),
                text=quote[1:-1],
                speaker=f"c{index % 40}",
                addressees=[f"c{(index + 1) % 40}"],
                confidence=0.8,
                evidence="explicit-tag",
            )
        )
        paragraphs.append(paragraph)
        cursor += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    assert len(text.split()) >= 150_000
    cast = [char(f"c{i}", f"Person {i}", mentions=[(0, 3)] * 50) for i in range(40)]
    segments = [
        Segment(kind="chapter", start=i * len(text) // 30, end=(i + 1) * len(text) // 30, title=f"Ch {i}")
        for i in range(30)
    ]
    segments.append(Segment(kind="flashback", start=1000, end=200_000))
    model = make_model(text, cast, utterances, segments)
    began = time.perf_counter()
    html = render_html(model)
    elapsed = time.perf_counter() - began
    assert elapsed < 2.0, elapsed
    assert len(html) < 2.5 * len(text), len(html) / len(text)
    assert html.count('data-u="') == 4000
