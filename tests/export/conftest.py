from __future__ import annotations

import pytest

from ficlens.model import Character, Segment, Source, Stats, StoryModel, Utterance


def make_model(text: str, utterances=(), characters=(), segments=()) -> StoryModel:
    """A story model built by hand, so export tests do not depend on the analysis."""
    return StoryModel(
        ficlens_version="test",
        source=Source(name="t.txt", sha256="0" * 64, encoding="utf-8", bytes=len(text.encode())),
        text=text,
        characters=list(characters),
        utterances=list(utterances),
        segments=list(segments),
        stats=Stats(words=len(text.split()), utterances=len(utterances), characters=len(characters), seconds=0.0),
    )


def character(id: str, name: str, gender=None, mentions=()) -> Character:
    return Character(id=id, name=name, aliases=[name], mentions=list(mentions), gender=gender)


def utterance(number: int, text: str, quote: str, speaker, addressees=(), kind="speech", after: int = 0):
    start = text.index(quote, after)
    return Utterance(
        id=f"u{number}",
        kind=kind,
        start=start,
        end=start + len(quote),
        text=quote[1:-1],
        speaker=speaker,
        addressees=list(addressees),
        confidence=0.9,
        evidence="explicit-tag",
    )


SMALL = (
    "Chapter 1: Rain\n\n"
    '"Where were you?" Anna asked.\n\n'
    '"Out," Ben said. \'She knows,\' he thought.\n\n'
    "A/N: thanks for reading!\n\n"
    "Chapter 2\n\n"
    '"Fine," said someone.\n'
)


@pytest.fixture
def small_model() -> StoryModel:
    text = SMALL
    note_start = text.index("A/N")
    chapter_two = text.index("Chapter 2")
    return make_model(
        text,
        characters=[character("c0", "Anna", "female", [(text.index("Anna"), text.index("Anna") + 4)]),
                    character("c1", "Ben", "male")],
        utterances=[
            utterance(0, text, '"Where were you?"', "c0", ["c1"]),
            utterance(1, text, '"Out,"', "c1", ["c0"]),
            utterance(2, text, "'She knows,'", "c1", kind="thought"),
            utterance(3, text, '"Fine,"', None),
        ],
        segments=[
            Segment(kind="chapter", start=0, end=chapter_two, title="Rain"),
            Segment(kind="author_note", start=note_start, end=text.index("\n\n", note_start)),
            Segment(kind="chapter", start=chapter_two, end=len(text), title=None),
        ],
    )
