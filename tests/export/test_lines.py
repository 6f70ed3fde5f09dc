from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficlens import analyze_bytes
from ficlens.export import ExportError, ExportOptions, story_lines
from ficlens.ingest import InputError
from ficlens.model import Utterance
from tests.conftest import ROOT
from tests.export.conftest import make_model

FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_lines_concatenate_to_the_text_of_every_fixture(path: Path):
    try:
        model = analyze_bytes(path.read_bytes(), name=path.name)
    except InputError:
        pytest.skip(f"{path.name} is a fixture ficlens refuses to read")
    lines = story_lines(model)
    assert "".join(line.text for line in lines) == model.text
    assert [line.start for line in lines[1:]] == [line.end for line in lines[:-1]]
    assert sum(line.kind != "narration" for line in lines) == len(model.utterances)


def test_lines_concatenate_to_the_sample_story(sample_model):
    lines = story_lines(sample_model)
    assert "".join(line.text for line in lines) == sample_model.text
    tagged = next(line for line in lines if line.text.startswith(" yelled Sasuke"))
    assert tagged.kind == "narration" and tagged.voice == "Narrator"  # the tag stays in the narration


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from('ab "\n\u00e9\U0001f600'), min_size=1, max_size=60),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6),
)
def test_any_utterances_even_overlapping_ones_lose_no_text(text, spans):
    utterances = [
        Utterance(id=f"u{n}", kind="speech", start=min(a, b, len(text)), end=min(max(a, b), len(text)), text="",
                  speaker=None, confidence=0.5, evidence="none")
        for n, (a, b) in enumerate(spans)
    ]
    lines = story_lines(make_model(text, utterances=utterances))
    assert "".join(line.text for line in lines) == text


def test_lines_know_chapter_paragraph_note_and_voice(small_model):
    lines = story_lines(small_model)
    by_text = {line.text.strip(): line for line in lines}
    where = by_text['"Where were you?"']
    assert (where.kind, where.speaker, where.speaker_name, where.voice) == ("speech", "c0", "Anna", "Anna")
    assert (where.addressees, where.addressee_names, where.chapter, where.chapter_title) == (("c1",), ("Ben",), 1, "Rain")
    assert by_text["Anna asked."].kind == "narration"
    assert by_text["A/N: thanks for reading!"].note
    fine = by_text['"Fine,"']
    assert fine.chapter == 2 and fine.fallback and fine.voice == "Narrator"
    assert by_text['"Out,"'].paragraph == by_text["'She knows,'"].paragraph != where.paragraph


def test_thought_and_note_options(small_model):
    kept = story_lines(small_model)
    skipped = story_lines(small_model, ExportOptions(thoughts="skip", notes="skip"))
    assert {line.kind for line in skipped} == {"narration", "speech"}
    assert not any(line.note for line in skipped)
    assert len(kept) - len(skipped) == 2
    marked = story_lines(small_model, ExportOptions(thoughts="mark", notes="mark"))
    voices = {line.text.strip(): line.voice for line in marked}
    assert voices["'She knows,'"] == "Ben (thought)"
    assert voices["A/N: thanks for reading!"] == "Author's note"
    assert "".join(line.text for line in marked) == small_model.text


def test_an_unknown_treatment_is_refused():
    with pytest.raises(ExportError, match="thoughts must be one of keep, skip, mark"):
        ExportOptions(thoughts="whisper")  # type: ignore[arg-type]


def test_two_characters_with_one_name_get_two_voices():
    from ficlens.export import voice_labels
    from tests.export.conftest import character

    model = make_model("x", characters=[character("c0", "Sam"), character("c1", "Sam"), character("c2", "Narrator")])
    assert voice_labels(model) == {"c0": "Sam (c0)", "c1": "Sam (c1)", "c2": "Narrator (c2)"}
