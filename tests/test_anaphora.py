"""Pronoun and description tags ("he said", "replied the girl", "said the other") resolved by the rules of
`Context.resolve_pronoun`, the tag readers in `speakers.py` and the scene's described speakers (`scenes.py`):
each test is a small invented text that the rule decides and the code without it gets wrong, except the guards
(a man named as a subject breaks a pronoun chain; a description the story already uses stays one; a described
speaker is never one a tag names beside it, nor someone the narration has just brought in), which check where a
rule must not reach."""

import pytest

from tests.conftest import run_step

_SETTING = (
    "Tom Hardy kept the inn by the river.\n\nPeter Vane had walked for an hour.\n\nThe rain fell on the town.\n\n"
    "The lamps were lit one by one.\n\n"
)
"""Two men, Peter the latest named subject; Tom is named again below, but only as an object."""


def _speakers(text: str) -> list[str | None]:
    analysis = run_step("speakers", text)
    members = analysis.cast.members
    return [members[q.speaker].name if q.speaker is not None else None for q in analysis.quotes]


def test_a_tag_continues_the_pronoun_chain_of_its_paragraph():
    # the he of the tag is the he the paragraph is about (Peter), not the man last named (Tom, an object)
    text = _SETTING + 'He stopped at the inn and saw Tom Hardy by the door. "Any news?" he asked.'
    assert _speakers(text) == ["Peter Vane"]


def test_the_pronoun_chain_carries_over_from_the_narration_before():
    text = _SETTING + 'He stopped at the inn and saw Tom Hardy by the door.\n\n"Any news?" he asked.'
    assert _speakers(text) == ["Peter Vane"]


def test_a_man_named_as_a_subject_breaks_the_pronoun_chain():
    text = _SETTING + 'He stopped at the inn, and Tom Hardy came to the door. "Any news?" he asked.'
    assert _speakers(text) == ["Tom Hardy"]


def test_a_speech_verb_coordinated_in_the_tag_shares_its_subject():
    text = (
        "Peter Vane sat with his friend by the fire.\n\n"
        '"The rain has stopped," he turned to his friend and said.'
    )
    assert _speakers(text) == ["Peter Vane"]


def test_a_described_speaker_nobody_nearby_fits_is_the_one_just_called_by_name():
    # not Bet, the woman last named in the narration: the girl answers the one called "Nancy"
    text = (
        "Nancy Sikes had come in out of the rain.\n\n"
        "Bet Green sat by the window.\n\n"
        "The fire was low, and the room was cold and dark.\n\n"
        "The clock struck nine.\n\n"
        "The wind rattled the shutters.\n\n"
        '"Nancy, dear!" said Fagin Moss.\n\n'
        '"Don\'t worry me now," replied the girl.'
    )
    assert _speakers(text) == ["Fagin Moss", "Nancy Sikes"]


def test_a_described_speaker_is_whom_a_pronoun_of_that_gender_would_be():
    text = (
        "Nancy Sikes had come in out of the rain.\n\n"
        "The fire was low, and the room was cold and dark.\n\n"
        "The clock struck nine.\n\n"
        "The wind rattled the shutters.\n\n"
        '"You are late," said Fagin Moss.\n\n'
        '"Don\'t worry me now," replied the girl.'
    )
    assert _speakers(text) == ["Fagin Moss", "Nancy Sikes"]


def test_a_description_the_story_already_uses_stays_a_description():
    text = (
        "Peter Vane had walked for an hour.\n\n"
        "The fire was low, and the room was cold and dark.\n\n"
        "The clock struck nine.\n\n"
        "The wind rattled the shutters.\n\n"
        "The boy at the gate was soaked to the skin.\n\n"
        '"Let me in," said the boy.'
    )
    assert _speakers(text) == ["the boy"]


def test_the_other_is_read_further_back_when_nobody_nearby_names_them():
    text = (
        "Lucy Honey sat with Charlotte Bartlett.\n\n"
        "The fire was low, and the room was cold and dark.\n\n"
        "The clock struck nine.\n\n"
        "The wind rattled the shutters.\n\n"
        '"Beautiful?" said Charlotte Bartlett.\n\n'
        '"So one would have thought," said the other.'
    )
    assert _speakers(text) == ["Charlotte Bartlett", "Lucy Honey"]


@pytest.mark.parametrize(
    ("first_speaker", "speakers"),
    [
        # the narration's own "the girl" keeps the tag reader from naming her; the scene has one woman, Nora
        ("Bram Holt", ["Bram Holt", "Nora Vale", "Bram Holt", "Nora Vale"]),
        # guard: Nora, the only woman of the scene, speaks in her own name to the girl
        ("Nora Vale", ["Nora Vale", "the girl", "Nora Vale", "the girl"]),
    ],
)
def test_a_described_speaker_is_the_one_named_character_of_its_gender_in_the_scene(first_speaker, speakers):
    text = (
        "Nora Vale came in out of the rain. The girl shook the water from her coat.\n\n"
        f'"You\'re late," said {first_speaker}.\n\n'
        '"The roads are flooded," replied the girl.\n\n'
        f'"Sit by the fire," said {first_speaker}.\n\n'
        '"I will," said the girl.'
    )
    assert _speakers(text) == speakers


def test_a_described_newcomer_stays_a_description():
    # guard: the narration has just brought a girl in; Nora, the woman named before, is someone else
    text = (
        "Nora Vale was asleep by the fire, and Bram Holt sat beside her.\n\n"
        "A girl in a red coat came in out of the rain.\n\n"
        '"The roads are flooded," said the girl.'
    )
    assert _speakers(text) == ["the girl"]


def test_you_in_a_story_told_to_a_listener_is_the_one_the_others_call_by_name():
    text = (
        "Bruno lived in the forest, and so did Kit Marlow.\n\n"
        '"Good morning, Kit," said Bruno.\n\n'
        '"Good morning, Bruno," you said.\n\n'
        "Bruno looked up at the tree.\n\n"
        '"Kit, look at the bees!" said Bruno.\n\n'
        '"I see them," you said.'
    )
    assert _speakers(text) == ["Bruno", "Kit Marlow", "Bruno", "Kit Marlow"]
    from ficlens.dialogue.checks import tag_conflicts

    assert tag_conflicts(run_step("speakers", text)) == 0  # the "you" the tags name is Kit now


def test_you_in_a_reader_insert_stays_the_reader():
    # guard: the placeholder makes the story a reader-insert, whatever the others call the reader
    text = (
        "(Y/N) walked into the forest, where Bruno lived. Kit Marlow waved to (Y/N).\n\n"
        '"Good morning, Kit," said Bruno.\n\n'
        '"Good morning, Bruno," you said.\n\n'
        "Bruno looked up at the tree.\n\n"
        '"Kit, look at the bees!" said Bruno.\n\n'
        '"I see them," you said.'
    )
    assert _speakers(text) == ["Bruno", "Y/N (reader)", "Bruno", "Y/N (reader)"]


def test_a_he_replied_that_opens_its_paragraph_is_the_man_the_line_before_called_by_name():
    # not Peter, the man last named in the narration: the reply comes from the one called "Tom"
    text = (
        "Tom Hardy kept the inn by the river.\n\nAnne Vane sat by the fire.\n\n"
        "Peter Vane had come in out of the rain and stood by the door.\n\n"
        '"What a fine fire you keep, Tom!" said Anne Vane.\n\n'
        '"It ought to be, with this rain," he replied.'
    )
    assert _speakers(text) == ["Anne Vane", "Tom Hardy"]


def test_a_he_replied_after_the_narration_names_its_subject_keeps_the_pronoun_chain():
    # the tagged line does not open its paragraph: the narration before it says whom the he continues
    text = (
        "Tom Hardy kept the inn by the river.\n\nAnne Vane sat by the fire.\n\n"
        '"What a fine fire you keep, Tom!" said Anne Vane.\n\n'
        'Peter Vane came in out of the rain. "It ought to be," he replied.'
    )
    assert _speakers(text) == ["Anne Vane", "Peter Vane"]


def test_a_described_reply_that_opens_its_paragraph_is_the_one_the_line_before_called_by_name():
    # not Peter, the man last named in the narration: "the man" answers the one called "Tom"
    text = (
        "Tom Hardy kept the inn by the river.\n\nAnne Vane sat by the fire.\n\n"
        "Peter Vane had come in out of the rain and stood by the door.\n\n"
        '"What a fine fire you keep, Tom!" said Anne Vane.\n\n'
        '"It ought to be, with this rain," replied the man.'
    )
    assert _speakers(text) == ["Anne Vane", "Tom Hardy"]
