"""Multi-voice audiobook scripts: ebook2audiobook's SML and W3C SSML, each with the file that names its voices.

Story text is untrusted: in SML, anything in the text that reads as a tag (`[voice:...]`, `[/voice]`, `[pause]`)
gets round brackets instead, so a story cannot switch voices; SSML is built with lxml, which escapes it, and
characters XML cannot carry become U+FFFD.
"""

from __future__ import annotations

import json
import re
from itertools import groupby
from pathlib import Path

from lxml import etree

from ficlens.export.base import Exporter, companion, register
from ficlens.export.cast import cast_entries, default_voice_map
from ficlens.export.lines import Line, story_lines
from ficlens.export.options import ExportOptions
from ficlens.model import StoryModel

_SML_TAG = re.compile(r"\[(/?[A-Za-z_][^\[\]\n]*)\]")
_NAME_UNSAFE = re.compile(r"[\[\]\n\r\t]+")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
SSML_NS = "http://www.w3.org/2001/10/synthesis"


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by the paragraph they start in; whitespace-only lines dropped."""
    return [
        kept
        for _, group in groupby(lines, key=lambda line: line.paragraph)
        if (kept := [line for line in group if line.text.strip()])
    ]


def _spaced(text: str) -> str:
    """Whitespace runs (hard wraps, the blank lines of a quotation over several paragraphs) as one space."""
    return " ".join(text.split())


@register
class Sml(Exporter):
    name = "sml"
    suffix = ".sml.txt"
    description = "ebook2audiobook's script: [voice:NAME]...[/voice] blocks, a blank line between paragraphs"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        lines = story_lines(model, options)
        entries = cast_entries(model, lines, options)
        voices = default_voice_map(entries, options) if options.voices else {}
        paragraphs = ["".join(self._piece(line, voices, options) for line in group) for group in _paragraphs(lines)]
        script = "\n\n".join(_spaced(p) for p in paragraphs) + "\n"
        characters = json.dumps({"characters": entries}, ensure_ascii=False, indent=2) + "\n"
        return {out: script, companion(out, ".characters.json"): characters}

    @staticmethod
    def _piece(line: Line, voices: dict[str, str], options: ExportOptions) -> str:
        text = _SML_TAG.sub(r"(\1)", line.text)
        if line.voice == options.narrator:
            return text
        name = _NAME_UNSAFE.sub(" ", voices.get(line.voice) or line.voice).strip()
        return f"[voice:{name}]{_spaced(text)}[/voice]"


@register
class Ssml(Exporter):
    name = "ssml"
    suffix = ".ssml"
    description = "W3C SSML, one <voice> per line, and a voice map (name -> voice) to edit and pass back (--voices)"

    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        lines = story_lines(model, options)
        voices = default_voice_map(cast_entries(model, lines, options), options)
        speak = etree.Element(f"{{{SSML_NS}}}speak", nsmap={None: SSML_NS}, version="1.1")
        speak.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        for group in _paragraphs(lines):
            paragraph = etree.SubElement(speak, f"{{{SSML_NS}}}p")
            for line in group:
                voice = etree.SubElement(paragraph, f"{{{SSML_NS}}}voice", name=voices.get(line.voice, ""))
                voice.text = _XML_UNSAFE.sub("\ufffd", _spaced(line.text))
        document = etree.tostring(speak, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        voice_map = json.dumps(voices, ensure_ascii=False, indent=2) + "\n"
        return {out: document, companion(out, ".voices.json"): voice_map}
