"""The one pure function per work: bytes in, story model out, through the default steps listed here.

Each step reads and enriches one `Analysis` (like a spaCy component over a `Doc`) and declares the layers it
requires and assigns (`steps.Step`); the data flows one way:
ingest -> structure -> parse -> quotes -> emphasis -> cast -> speakers -> ranker -> addressees -> model.
To add a step, write a function over an `Analysis`, put a `Step` for it in `STEPS` at the place where what it
requires exists, and add its row to the README's step table (a test compares the two).
"""

from __future__ import annotations

import hashlib
import time

from ficlens.analysis import Analysis
from ficlens.cast.build import build_cast, load_word_lists
from ficlens.cast.candidates import later_candidates
from ficlens.cast.narrator import narrated_in_first_person
from ficlens.cast.packs import load_pack
from ficlens.dialogue.addressees import attribute_addressees
from ficlens.dialogue.chat import find_chat_lines
from ficlens.dialogue.checks import tag_conflicts
from ficlens.dialogue.context import subject_offsets
from ficlens.dialogue.emphasis import emphasis_utterances
from ficlens.dialogue.letters import find_letters
from ficlens.dialogue.marked import marked_utterances
from ficlens.dialogue.quotes import find_quotes
from ficlens.dialogue.ranker import load_model, rank_speakers
from ficlens.dialogue.speakers import attribute_speakers
from ficlens.document import Document
from ficlens.ingest.sniff import read_document
from ficlens.model import Source, Stats, StoryModel
from ficlens.nlp import parse_paragraphs
from ficlens.relations.build import find_relations, quote_words
from ficlens.relations.groups import group_scans
from ficlens.relations.sentences import sentence_layout
from ficlens.roster import Roster
from ficlens.steps import Pipeline, Progress, Step
from ficlens.structure.segments import find_structure
from ficlens.version import __version__

STEPS = (
    Step("structure", find_structure, requires=("document",), assigns=("paragraphs", "segments")),
    Step("parse", parse_paragraphs, requires=("paragraphs",), assigns=("parse",)),
    Step("quotes", find_quotes, requires=("paragraphs",), assigns=("quotes",)),
    Step("emphasis", emphasis_utterances, requires=("document", "paragraphs", "quotes"), assigns=("quotes",)),
    Step("chat", find_chat_lines, requires=("paragraphs", "quotes"), assigns=("quotes",)),
    Step("marked", marked_utterances, requires=("document", "paragraphs", "quotes"), assigns=("quotes",)),
    Step("letters", find_letters, requires=("paragraphs", "quotes"), assigns=("quotes",)),
    Step("cast", build_cast, requires=("document", "pack", "roster", "parse", "quotes"), assigns=("cast",),
         prepare=load_word_lists, ahead=(later_candidates, narrated_in_first_person)),
    Step("speakers", attribute_speakers, requires=("parse", "segments", "quotes", "cast"),
         assigns=("speakers", "cast")),
    Step("ranker", rank_speakers, requires=("speakers",), assigns=("speakers",), prepare=load_model),
    # the speakers and ranker steps read the subjects' offsets too: listed with the last that does
    Step("addressees", attribute_addressees, requires=("speakers",), assigns=("addressees", "cast"),
         ahead=(subject_offsets,)),
    Step("relations", find_relations, requires=("segments", "cast", "addressees"), assigns=("relations",),
         ahead=(sentence_layout, quote_words, group_scans)),
)
PIPELINE = Pipeline(STEPS)
"""The default pipeline; `PIPELINE.before("ranker")`, `.without(...)`, `.needed_for(...)` make others."""


def start_analysis(document: Document, fandom: str | None = None, roster: Roster | None = None) -> Analysis:
    """The analysis every pipeline starts from: the document, its fandom pack (named, or detected) and the
    user's roster, if any."""
    return Analysis(document=document, pack=load_pack(fandom, document), roster=roster)


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
    pipeline: Pipeline = PIPELINE,
) -> StoryModel:
    started = time.perf_counter()
    analysis = pipeline.run(start_analysis(document, fandom, roster), progress)
    model = analysis.to_model(source=source, version=__version__)
    model.stats = Stats(
        words=analysis.word_count,
        utterances=len(model.utterances),
        characters=len(model.characters),
        seconds=round(time.perf_counter() - started, 3),
        tag_conflicts=tag_conflicts(analysis),
    )
    return model
