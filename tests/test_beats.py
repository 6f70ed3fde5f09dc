"""Action beats and the narration before a line, read the way a reader reads them (texts written for the tests;
the speakers step alone, without the learned ranker)."""

from tests.conftest import run_step


def _speakers(text: str) -> list[tuple[str | None, str]]:
    analysis = run_step("speakers", text)
    members = analysis.cast.members
    return [(members[q.speaker].name if q.speaker is not None else None, q.evidence) for q in analysis.quotes]


def test_the_main_clause_of_finished_narration_names_the_next_speaker():
    text = (
        '"Here," said Tobias Marsh.\n\n'
        "Mara Quill sat at her desk, and she did not look up when Tobias dropped the purse onto her papers.\n\n"
        '"How much?"'
    )
    assert _speakers(text)[1] == ("Mara Quill", "previous-narration")


def test_a_lead_in_still_gives_the_line_to_the_subject_nearest_it():
    text = (
        '"Here," said Tobias Marsh. Mara Quill frowned.\n\n'
        "Mara was beginning to agree to the plan, when Tobias interrupted her by exclaiming--\n\n"
        '"Never!"'
    )
    assert _speakers(text)[1] == ("Tobias Marsh", "previous-narration")


def test_a_speaking_clause_comes_before_the_main_clause():
    text = (
        '"Go on," said Tobias Marsh. Mara Quill nodded.\n\n'
        "Tobias changed colour, and he listened without a word while she continued.\n\n"
        '"You knew all along."'
    )
    assert _speakers(text)[1] == ("Mara Quill", "previous-narration")


def test_a_body_part_stands_for_its_owner_in_a_beat():
    text = (
        '"Fine," said Tobias Marsh. Mara Quill shrugged. Nora Vale rolled her eyes.\n\n'
        '"Stop it, both of you!" Nora Vale\'s fist came down on the table.\n\n'
        "Mara looked at Tobias.\n\n"
        '"Fine." His jaw tightened.'
    )
    speakers = _speakers(text)
    assert speakers[1] == ("Nora Vale", "action-beat")
    assert speakers[2] == ("Tobias Marsh", "action-beat")


def test_a_body_part_in_a_subordinate_clause_is_not_a_beat():
    text = (
        '"Well," said Tobias Marsh. Mara Quill sighed.\n\n'
        "Tobias saw that her whole heart was in the subject, and he took her hand, saying,\n\n"
        '"Do not be uneasy, my love."'
    )
    assert _speakers(text)[1] == ("Tobias Marsh", "previous-narration")


def test_a_voice_is_the_character_the_next_paragraph_shows():
    text = (
        '"Anyone here?" said Tobias Marsh.\n\n'
        '"Boo!" said a voice from the cupboard.\n\n'
        "Nora Vale was crouching among the coats, grinning.\n\n"
        '"Nora!"'
    )
    assert _speakers(text)[1] == ("Nora Vale", "explicit-tag")


def test_it_was_names_the_voice():
    text = (
        "Tobias Marsh kept watch while Nora Vale slept.\n\n"
        '"Who goes there?" said Tobias.\n\n"Only me," said a quiet voice.\n\nIt was Nora, wrapped in a blanket.'
    )
    assert _speakers(text)[1] == ("Nora Vale", "explicit-tag")


def test_a_scene_opening_line_is_the_newcomer_shown_after_it():
    text = (
        "Nora Vale had gone to bed early. Tobias Marsh could not sleep, so he went up on deck.\n\n"
        "* * *\n\n"
        '"Can\'t sleep either?"\n\n'
        "Nora Vale was sitting against the mast with her sword across her knees.\n\n"
        '"No," said Tobias.'
    )
    assert _speakers(text)[0] == ("Nora Vale", "action-beat")


def test_a_listener_shown_after_a_line_does_not_take_it():
    text = (
        '"Are you coming?" said Tobias Marsh.\n\n'
        '"In a minute."\n\n'
        "Nora Vale looked up from her book.\n\n"
        '"Now," said Tobias.'
    )
    assert _speakers(text)[1][0] != "Nora Vale"


def test_the_narration_names_an_unnamed_speaker():
    text = (
        "Mara Quill was alone at the bar until a young man walked in.\n\n"
        '"Is this seat taken?" asked the young man.\n\n'
        '"No," said Mara.\n\n'
        "The young man, whose name was Tobias Marsh, sat down."
    )
    assert _speakers(text)[0] == ("Tobias Marsh", "explicit-tag")


def test_the_narration_names_an_unnamed_speaker_only_after_it_appears():
    text = (
        "The stranger was called Rask in the old stories, Mara Quill remembered.\n\n"
        "Mara Quill was alone at the bar until a stranger walked in.\n\n"
        '"Is this seat taken?" asked the stranger.\n\n'
        '"No," said Mara.\n\n'
        "The stranger was called Tobias Marsh by the locals."
    )
    assert _speakers(text)[0] == ("Tobias Marsh", "explicit-tag")


def test_his_name_was_names_the_unnamed_speaker_it_points_back_to():
    text = (
        "Mara Quill opened the door. The boy on the step was soaked.\n\n"
        '"Are you hiring?" said the boy.\n\n'
        "His name was Tobias. He told her that first.\n\n"
        '"Come in," said Mara.'
    )
    assert _speakers(text)[0] == ("Tobias", "explicit-tag")


def test_a_voice_named_by_its_owner_is_a_beat_of_the_owner():
    text = "Dean Winchester and Sam Winchester stood in the hall.\n\n\"Run!\" came Sam's voice from the stairs."
    assert _speakers(text)[0] == ("Sam Winchester", "action-beat")
