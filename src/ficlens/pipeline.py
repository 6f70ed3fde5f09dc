"""The one pure function per work: bytes in, story model out.

Each step reads and enriches one `Analysis` (like a spaCy component over a `Doc`); the data flows one way:
ingest -> structure -> dialogue (quotes) -> cast -> dialogue (speakers, addressees) -> relations -> model.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from ficlens import __version__
from ficlens.analysis import Analysis
from ficlens.cast import build_cast, load_pack
from ficlens.dialogue import attribute_addressees, attribute_speakers, find_quotes
from ficlens.dialogue.emphasis import emphasis_utterances
from ficlens.dialogue.ranker import rank_speakers
from ficlens.ingest import Document, read_document
from ficlens.model import Source, Stats, StoryModel
from ficlens.nlp import parse_paragraphs
from ficlens.relations import count_interactions
from ficlens.roster import Roster
from ficlens.structure import find_structure

Progress = Callable[[str, float], None]

STEPS = (
    ("structure", find_structure),
    ("parse", parse_paragraphs),
    ("quotes", find_quotes),
    ("emphasis", emphasis_utterances),
    ("cast", build_cast),
    ("speakers", attribute_speakers),
    ("ranker", rank_speakers),
    ("addressees", attribute_addressees),
)


def analyze_bytes(
    data: bytes,
    name: str | None = None,
    fandom: str | None = None,
    notes: str = "keep",
    progress: Progress | None = None,
    roster: Roster | None = None,
) -> StoryModel:
    """Analyse one work given as the bytes of any format ficlens reads; raises `InputError` on bad input.
    `roster`: the cast a user gives or corrects (`ficlens.roster`), applied before speakers are attributed."""
    document = read_document(data, name=name, notes=notes)
    source = Source(name=name, sha256=hashlib.sha256(data).hexdigest(), encoding=document.encoding, bytes=len(data))
    return analyze_document(document, source, fandom=fandom, progress=progress, roster=roster)


def analyze_document(
    document: Document,
    source: Source,
    fandom: str | None = None,
    progress: Progress | None = None,
    roster: Roster | None = None,
) -> StoryModel:
    started = time.perf_counter()
    analysis = Analysis(document=document, pack=load_pack(fandom, document), roster=roster)
    for number, (step_name, step) in enumerate(STEPS):
        if progress:
            progress(step_name, number / len(STEPS))
        step(analysis)
    model = analysis.to_model(source=source, version=__version__)
    model.interactions = count_interactions(model.utterances)
    model.stats = Stats(
        words=analysis.word_count,
        utterances=len(model.utterances),
        characters=len(model.characters),
        seconds=round(time.perf_counter() - started, 3),
    )
    return model
