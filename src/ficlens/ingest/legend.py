"""A legend near the start of a work says what a style of writing means:

    "Talking"
    'Thinking'
    **bold** = Kurama speaking
    *italics* - thoughts
    <b>Demon talking</b>        (in HTML: the emphasis itself is the sample)

`find_legend` reads one from the first paragraphs of a work and returns
``{style: {"kind": "speech"|"thought"|"telepathy"|None, "speaker": name|None, "meaning": text}}`` where style
is one of "italic", "bold", "underline", "double_quote", "single_quote", "brackets", "colons", plus the indices of the paragraphs
that held it (they are notes, not story). `kind` is "written" for letters, notes, texts and signs, and None
when the style means something that is not an utterance (a jutsu name, a flashback): such a style must not be read as one.
A named speaker with speech ("Kurama speaking") means a voice in someone's head: kind "telepathy".
"""

from __future__ import annotations

import re

from ficlens.ingest.markup import Para

LegendEntry = dict[str, str | None]

_MARKERS = (
    (re.compile(r"^\*\*(.+)\*\*$", re.S), "bold"),
    (re.compile(r"^__(.+)__$", re.S), "underline"),
    (re.compile(r"^\*(.+)\*$", re.S), "italic"),
    (re.compile(r"^_(.+)_$", re.S), "italic"),
    (re.compile(r'^["“](.+)["”]$', re.S), "double_quote"),
    (re.compile(r"^['‘](.+)['’]$", re.S), "single_quote"),
    (re.compile(r"^\[(.+)\]$", re.S), "brackets"),
    (re.compile(r"^:(.+):$", re.S), "colons"),
)
_SAMPLE = r"\[[^\]\n]+\]|:[^:\n]+:|\*\*[^*\n]+\*\*|__[^_\n]+__|\*[^*\n]+\*|_[^_\n]+_|\"[^\"\n]+\"|“[^”\n]+”|'[^'\n]+'|‘[^’\n]+’"
_SEP = r"\s*(?:=+>?|:|->|→|–|—|-|\bis\b|\bmeans\b|\bfor\b)\s*"
_ENTRY = re.compile(rf"(?P<sample>{_SAMPLE})(?:{_SEP}(?P<meaning>[^\"“‘*_,;|\n]+?))?\s*(?:[,;|]\s*|$|(?=[\"“'‘*_]))")
_HEADER = re.compile(r"^\W*(?:legend|key|format(?:ting)?|guide|notation)\s*:?\W*$", re.I)

_THOUGHT = re.compile(r"\b(?:thoughts?|thinking|think|inner\s+voice|mind)\b", re.I)
_TELEPATHY = re.compile(
    r"\b(?:telepath\w*|mind[- ]?(?:speak|speech|talk\w*|link)|mental(?:ly)?|link|bond)\b"
    r"|\b(?:in|inside|into|within)\s+(?:\w+['’]s|their|his|her|your|my|the)\s+(?:heads?|minds?)\b",
    re.I,
)
_SPEECH = re.compile(r"\b(?:talk|talking|speech|speaking|speak|speaks|dialogue|said|saying|voice|shouting)\b", re.I)
_WRITTEN = re.compile(
    r"\b(?:letters?|notes?|texts?|text\s+messages?|messages?|sms|emails?|chats?|signs?|writing|written)\b", re.I
)
_OTHER = re.compile(
    r"\b(?:jutsu|techniques?|attacks?|spells?|flash\s*backs?|"
    r"sign\s+language|song|lyrics|emphasis|sound|sounds|foreign|translation)\b",
    re.I,
)
_GENERIC = {"normal", "regular", "person", "people", "character", "characters", "human", "humans", "someone",
            "demon", "demons", "summon", "summons", "bijuu", "biju", "tailed", "beast", "beasts", "inner",
            "mental", "mind", "telepathic", "telepathy", "and", "or", "the", "a", "is", "are", "being", "of",
            "plain", "bold", "italic", "italics", "underline", "underlined", "text", "words", "people's"}
_CREATURE = {"demon", "demons", "summon", "summons", "bijuu", "biju", "tailed", "beast", "beasts", "inner"}
_KIND_WORD = re.compile(
    r"\b(?:thoughts?|thinking|think|talk|talking|speech|speaking|speak|speaks|voice|dialogue|mind[- ]?speak\w*)\b",
    re.I,
)

_TRANSLATED = re.compile(r"\btranslat(?:ed|ion)\b", re.I)
_MAX_PARAGRAPHS = 8


def classify(meaning: str) -> LegendEntry | None:
    """What a legend's meaning says: kind and speaker, or None when it is not a legend meaning at all."""
    meaning = meaning.strip(" \t\"'“”‘’*_:=-–—.")
    words = meaning.split()
    if not words or len(words) > 6:
        return None
    if _TELEPATHY.search(meaning):
        kind: str | None = "telepathy"
    elif _THOUGHT.search(meaning):
        kind = "thought"
    elif _SPEECH.search(meaning):
        kind = "speech"
    elif _WRITTEN.search(meaning):
        return {"kind": "written", "speaker": None, "meaning": meaning}
    elif _OTHER.search(meaning):
        kind = None
    else:
        return None
    if _TRANSLATED.search(meaning):
        return {"kind": kind or "speech", "speaker": None, "meaning": meaning}  # a creature's speech, translated
    head = _KIND_WORD.split(meaning, maxsplit=1)[0]
    names = [w for w in re.split(r"[\s/]+", head) if w]
    named = [w.removesuffix("'s").removesuffix("’s") for w in names if w[:1].isupper() and w.lower() not in _GENERIC]
    creature = any(w.lower().strip("'s") in _CREATURE for w in names)
    speaker = " ".join(named) if named else None
    if kind == "speech" and (speaker or creature):
        kind = "telepathy"
    return {"kind": kind, "speaker": speaker, "meaning": meaning}


_DESCRIBED = {"brackets", "colons"}
"""Styles whose legend sample is always a description ("[Pokémon speech, translated]"), never a sample line."""


def _unwrap(sample: str) -> tuple[str | None, str]:
    """The style a text sample is written in, and the words inside its markers."""
    style = None
    inner = sample.strip()
    for pattern, name in _MARKERS:
        match = pattern.match(inner)
        if match:
            style = style or name
            inner = match.group(1).strip()
    return style, inner


def _line_entries(line: str, emphasis: list[tuple[int, int, str]]) -> list[tuple[str, LegendEntry]] | None:
    """Entries on one legend line, or None when the line is not (only) a legend."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    entries: list[tuple[str, LegendEntry]] = []
    if emphasis:  # HTML: the emphasised run is the sample, what follows it the meaning
        for number, (a, b, style) in enumerate(emphasis):
            nxt = emphasis[number + 1][0] if number + 1 < len(emphasis) else len(line)
            sample = line[a:b]
            after = line[b:nxt]
            rest = re.sub(rf"^{_SEP}", "", after).strip(" ,;|")
            if rest and not re.match(_SEP, after) and not re.match(r"\s*\(", after):
                return None  # "<i>Great,</i> Orin thought.": a story line, not "<i>italics</i> = thoughts"
            marked, inner = _unwrap(sample)
            meaning = rest if rest else inner
            if not rest and re.search(r"[.!?,]", inner.strip("\"'“”‘’")):
                return None
            entry = classify(meaning)
            if entry is None:
                return None
            entries.append((style, entry))
        if line[: emphasis[0][0]].strip():
            return None
        return entries
    position = 0
    for match in _ENTRY.finditer(stripped):
        if stripped[position : match.start()].strip():
            return None
        position = match.end()
        style, inner = _unwrap(match.group("sample"))
        if style is None:
            return None
        meaning = match.group("meaning") or inner
        if not match.group("meaning") and re.search(r"[.!?,]", inner) and style not in _DESCRIBED:
            return None
        entry = classify(meaning)
        if entry is None:
            return None
        entries.append((style, entry))
    if stripped[position:].strip() or not entries:
        return None
    return entries


def find_legend(paras: list[Para]) -> tuple[dict[str, LegendEntry], set[int]]:
    legend: dict[str, LegendEntry] = {}
    used: set[int] = set()
    for index, para in enumerate(paras[:_MAX_PARAGRAPHS]):
        found: list[tuple[str, LegendEntry]] = []
        offset = 0
        ok = True
        header = False
        for line in para.text.split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            if not line.strip():
                continue
            if _HEADER.match(line):
                header = True
                continue
            spans = [(a - start, b - start, s) for a, b, s in para.emphasis if a >= start and b <= end]
            entries = _line_entries(line, spans)
            if entries is None:
                ok = False
                break
            found.extend(entries)
        if ok and (found or (header and index + 1 < len(paras))):
            used.add(index)
            for style, entry in found:
                legend.setdefault(style, entry)
        elif used:
            break
    if not legend:
        return {}, set()
    return legend, used
