"""One person under several names, and what is no character at all: each convention on a text written for it."""

from __future__ import annotations

from ficlens.document import Document
from ficlens.model import Source, StoryModel, Work
from ficlens.pipeline import analyze_document


def _tagged(text: str, characters: list[str]) -> StoryModel:
    document = Document(
        text=text, encoding="utf-8", source_format="ao3_html",
        work=Work(characters=characters, source_format="ao3_html"),
    )
    return analyze_document(document, Source(sha256="0", encoding="utf-8", bytes=len(text)), fandom="none")


def _named(model: StoryModel, form: str) -> list[str]:
    """The characters that have `form` as a name or alias."""
    return [c.name for c in model.characters if form == c.name or form in c.aliases]


def test_a_full_name_joins_the_work_tag_that_names_one_word_of_it():
    model = _tagged(
        "Tarin Vos liked the back table best. He sat there every night.\n\n"
        '"Another," Tarin said, and Mela poured it.\n\n"You drink too much," said Mela.\n\n'
        '"Captain Tarin, sir, you are wanted," said the boy at the door.',
        ["Tarin", "Mela"],
    )
    assert _named(model, "Tarin Vos") == _named(model, "Tarin") == ["Tarin"]


def test_the_end_of_a_name_no_list_knows_is_a_short_form(view):
    story = view(
        "Amarion Sethe came in out of the rain. Amarion was soaked.\n\n"
        '"Rion, you came back," said Kell.\n\n"I said I would," Amarion said.\n\n'
        '"Sit down, Rion. Sit."'
    )
    assert "Rion" in story.character("Amarion Sethe").aliases
    assert len(story.model.characters) == 2


def test_a_nickname_made_of_words_joins_the_one_it_addresses(view):
    story = view(
        'Tessa sat down beside Corin. "You look awful," she said.\n\n'
        '"Thanks," said Corin.\n\n"I mean it, Kelp Head. Go to bed."\n\n"Later," said Corin.\n\n'
        '"Fine. Stay up, Kelp Head, see if I care," said Tessa.'
    )
    corin = story.character("Corin")
    assert "Kelp Head" in corin.aliases
    assert story.addressees(4) == ["Corin"]


def test_one_use_at_the_close_of_a_line_is_enough_for_a_nickname(view):
    story = view(
        'Tessa sat down beside Corin. "You look awful," she said.\n\n'
        '"Thanks," said Corin.\n\n"Go to bed, Birdbrain," said Tessa.'
    )
    assert "Birdbrain" in story.character("Corin").aliases


def test_a_name_also_talked_about_is_a_person_of_its_own(view):
    story = view(
        'Tessa sat down beside Corin. "You look awful," she said.\n\n'
        '"Thanks," said Corin. "I have been hiding from Ordo all week. He wants his money."\n\n'
        '"Pay him, then, Ordo," said Tessa, in a deep mocking voice.'
    )
    assert "Ordo" not in story.character("Corin").aliases


def test_a_rank_used_as_a_name_joins_the_one_it_addresses(view):
    story = view(
        "Hange Zo crouched by the cell. The Commander had her good eye narrowed.\n\n"
        '"You hear that, Commander? She wants to talk," said Floch.\n\n"I heard," said Hange.\n\n'
        '"She is lying, Commander," said Floch.\n\n"Maybe," said Hange.'
    )
    assert "Commander" in story.character("Hange Zo").aliases
    assert "Commander" not in story.names.values()


def test_a_voice_is_no_character(view):
    story = view(
        'Dean looked up from the map.\n\n"Put it down," said a voice from the doorway.\n\n"Who said that?" asked Dean.'
    )
    assert [u.speaker for u in story.model.utterances][0] is None
    assert set(story.names.values()) == {"Dean"}
