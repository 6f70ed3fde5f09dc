"""A legend stated as sentences in the author's notes: "Thoughts are in italics.", "Texts are in italics, the
way the show puts them on screen.", "Angels talking inside someone's head are in italics. Thoughts are also in
italics."

Rules:
- Read from author's-note paragraphs and the first STATED_PARAGRAPHS paragraphs only (a sentence in the story
  about italics is narration). "X are/is (written/shown) in italics|bold|underline" and "italics mean/are X"
  state that the style means X; X is read like a legend's meaning (`classify`).
- A style stated twice with two kinds ("angels talking ... in italics", "thoughts are also in italics") keeps
  both: the first is its kind, and a thought tag next to a run ("Dean thought") makes that run a thought.
- A stated speaker is kept only when it is one singular name ("Kurama's voice"), never a kind of being
  ("Angels talking").
- The work's formal legend wins where both speak of the same style.
"""

from __future__ import annotations

import re

from ficlens.analysis import Analysis
from ficlens.dialogue.letters import is_signed
from ficlens.dialogue.lexicon import THOUGHT_VERBS
from ficlens.ingest.legend import classify

STATED_PARAGRAPHS = 12
_STYLE = {"italic": "italic", "italics": "italic", "bold": "bold", "underline": "underline",
          "underlined": "underline", "underlining": "underline"}
_STYLE_WORD = r"(?P<style>italics?|bold|underlined?|underlining)"
_STATEMENTS = (
    re.compile(rf"(?P<what>[^.!?;:()\n]{{2,80}}?)\s+(?:are|is)\s+(?:also\s+)?(?:written\s+|shown\s+|put\s+|set\s+)?"
               rf"(?:in\s+)?{_STYLE_WORD}\b", re.I),
    re.compile(rf"\b{_STYLE_WORD}\s+(?:are|is|=|means?|indicates?|marks?)\s+(?:used\s+for\s+)?(?P<what>[^.!?;,()\n]{{2,60}})",
               re.I),
)
_ALSO_THOUGHT = "thought"


def stated_legend(analysis: Analysis) -> dict[str, dict]:
    """Styles the notes explain: {style: {"kind", "speaker", "meaning", "also"?}}."""
    text = analysis.text
    found: dict[str, dict] = {}
    for index, paragraph in enumerate(analysis.paragraphs):
        if not (paragraph.note or index < STATED_PARAGRAPHS):
            continue
        for pattern in _STATEMENTS:
            for match in pattern.finditer(text, paragraph.start, paragraph.end):
                what = re.sub(r"^(?:the|all|and|but|so)\s+", "", match.group("what").strip(), flags=re.I)
                entry = classify(what)
                if entry is None:
                    continue
                style = _STYLE[match.group("style").lower()]
                speaker = entry.get("speaker")
                if speaker and (" " in speaker or speaker.endswith("s")):
                    entry = {**entry, "speaker": None}
                if style not in found:
                    found[style] = dict(entry)
                elif entry["kind"] and entry["kind"] != found[style]["kind"]:
                    found[style]["also"] = entry["kind"]
    return found


def merged_legend(analysis: Analysis) -> dict[str, dict]:
    """The formal legend, completed by what the notes state about styles it does not name."""
    formal: dict = getattr(analysis.document, "legend", None) or {}
    stated = stated_legend(analysis)
    return {**stated, **{style: entry for style, entry in formal.items() if entry.get("kind") or style not in stated}}


def kind_of_run(entry: dict, text: str, start: int, end: int) -> str:
    """The kind a run of a style takes: a signed run is a note; a style that also marks thoughts is a thought
    where a thought tag touches the run ("_This is stupid,_ he thought")."""
    kind = entry["kind"]
    if is_signed(text[start:end]):
        return "written"
    if entry.get("also") != _ALSO_THOUGHT and kind != _ALSO_THOUGHT:
        return kind
    after = re.findall(r"[\w’']+", text[end : end + 30])[:2]
    before = re.findall(r"[\w’']+", text[max(0, start - 30) : start])[-2:]
    if any(word.lower() in THOUGHT_VERBS for word in after + before):
        return _ALSO_THOUGHT
    return kind
