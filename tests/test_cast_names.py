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


def _only_an_alias(story, form: str, person: str) -> None:
    """`form` names `person` and is no character of its own."""
    assert form in story.character(person).aliases
    assert form not in story.names.values()


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
        '"Thanks," said Corin.\n\n"I mean it, Fish Face. Go to bed."\n\n"Later," said Corin.\n\n'
        '"Fine. Stay up, Fish Face, see if I care," said Tessa.'
    )
    corin = story.character("Corin")
    assert "Fish Face" in corin.aliases
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
    _only_an_alias(story, "Commander", "Hange Zo")


def test_a_voice_is_no_character(view):
    story = view(
        'Dean looked up from the map.\n\n"Put it down," said a voice from the doorway.\n\n"Who said that?" asked Dean.'
    )
    assert [u.speaker for u in story.model.utterances][0] is None
    assert set(story.names.values()) == {"Dean"}


def test_mr_surname_beside_a_younger_man_of_the_family_is_his_father(view):
    story = view(
        "George Emerson stood at the window. Mr. Emerson sat by the fire and watched George.\n\n"
        '"Come away from there," said Mr. Emerson.\n\n"In a minute," said George.\n\n'
        "Mr. Emerson shook his head at George and went back to his book. Mr. George Emerson did not move."
    )
    assert story.character("George Emerson").gender == "male"
    assert "Mr. Emerson" not in story.character("George Emerson").aliases
    assert story.speaker(0) == "Mr. Emerson" and story.speaker(1) == "George Emerson"


def test_a_surname_alone_is_the_titled_man_not_a_misters_given_name(view):
    story = view(
        "Mr. Fitzroy Darcy was a proud man. Mr. Darcy danced with nobody.\n\n"
        "Colonel Fitzroy came in after dinner.\n\n"
        '"You are late," said Mr. Darcy.\n\n"I am," said Fitzroy, smiling.'
    )
    assert story.speaker(1) == "Colonel Fitzroy"
    assert "Fitzroy" not in story.character("Mr. Darcy").aliases


def test_miss_surname_is_the_eldest_unmarried_daughter(view):
    story = view(
        "Jane Bennet and Elizabeth Bennet walked to the village. Miss Elizabeth laughed at everything.\n\n"
        '"Slow down," said Miss Bennet.\n\n"You are too slow, Jane," said Elizabeth.\n\n'
        "Miss Bennet only smiled. Miss Elizabeth Bennet ran on ahead."
    )
    assert "Miss Bennet" in story.character("Jane Bennet").aliases
    assert "Miss Bennet" not in story.character("Elizabeth Bennet").aliases


def test_miss_surname_is_the_one_daughter_named_in_full(view):
    story = view(
        "Fanny Price was ten years old when she came to the great house. Mrs. Price wrote seldom.\n\n"
        '"Miss Price, you will sleep in the attic," said Mrs. Norris.\n\n"Yes, ma\'am," said Fanny.\n\n'
        "There was nothing in Fanny Price that the house wanted. Miss Price cried that night, and Fanny Price "
        "slept at last."
    )
    assert {"Miss Price", "Fanny Price"} <= set(story.character("Fanny Price").aliases)
    assert "Miss Price" not in story.character("Mrs. Price").aliases


def test_a_narrator_named_once_in_the_narration_is_still_the_one_addressed(view):
    narration = [f"I walked to the shop and I saw my friend Tom there on day {n}. I waved at him." for n in range(12)]
    narration.append("The paper said the next morning that the body was found by Jake, a clerk.")
    talk = []
    for n in range(6):
        talk += [f'"Hello, Jake, are you well on day {n}?" asked Tom.', "I only nodded at him and walked on."]
    story = view("\n\n".join(narration + talk))
    narrator = story.character("Jake (narrator)")
    assert narrator.kind == "narrator" and "Jake" in narrator.aliases
    assert "Jake" not in story.names.values()


def test_sir_given_is_the_one_full_name_with_that_title(view):
    story = view(
        "Sir Walter Elliot of Kellynch Hall read the Baronetage every morning. Walter Hartley, his agent, waited.\n\n"
        '"The accounts, Sir Walter," said Hartley.\n\n"Later," said Sir Walter.\n\n'
        "Walter shut the book. Sir Walter never read accounts, and Walter Hartley knew it. Mr. Elliot, "
        "the heir, was expected in the spring."
    )
    sir = [c for c in story.model.characters if "Sir Walter Elliot" in c.aliases]
    assert len(sir) == 1 and "Sir Walter" in sir[0].aliases
    assert "Mr. Elliot" not in sir[0].aliases  # a baronet is never "Mr."
    assert story.speaker(1) == sir[0].name


def test_a_nickname_calls_the_one_whose_act_the_line_answers_not_the_last_speaker(view):
    story = view(
        "Mira, Tam and Oska waited by the gate.\n\n"
        '"Cold tonight," said Oska.\n\nTam kicked at the frozen mud.\n\n"Stop sulking, Pigeon," said Mira.\n\n'
        '"I am not sulking," said Tam.\n\n"You are, Pigeon. You always do," said Mira.'
    )
    _only_an_alias(story, "Pigeon", "Tam")


def test_a_role_phrase_before_a_full_name_is_a_mention_of_that_person(view):
    story = view(
        "Head Warden Cyrus Marrow stood at the gate of the keep. Marrow was not a patient man.\n\n"
        '"Open it," Marrow said.\n\n"Yes, sir," said Tobin.'
    )
    marrow = story.character("Cyrus Marrow")
    assert {"Head Warden Cyrus Marrow", "Marrow"} <= set(marrow.aliases)
    assert len(story.model.characters) == 2


def test_a_role_before_an_epithet_or_an_ungendered_word_is_left_alone():
    from ficlens.cast.names import parse_name
    from ficlens.cast.role_phrases import full_name_after_role

    assert full_name_after_role(parse_name("Pirate Hunter Zoro"), set()) is None  # "Hunter" may be a word
    assert full_name_after_role(parse_name("Cotton Candy Lover Chopper"), set()) is None
    assert full_name_after_role(parse_name("Chief Inspector Jane Doe"), set()).words == ("Jane", "Doe")


def test_a_subject_the_tagger_calls_a_common_noun_is_a_name_when_english_does_not_know_it(view):
    story = view(
        "Wren waited on the platform with her bag.\n\n"
        "“Sweetheart.” Thistlewood falls into step beside her, smelling of smoke. “Somebody left this for you.”\n\n"
        "“Who left it?” Wren asks."
    )
    assert [story.speaker(n) for n in range(3)] == ["Thistlewood", "Thistlewood", "Wren"]


def test_a_word_for_whoever_is_in_view_is_no_role(view):
    """"Tom, the girl saw, was pale": an epithet after a name starts a clause; "said the girl" is still her."""
    story = view(
        "Anna found Tom by the well. She thought Tom, the girl saw at once, was pale and tired.\n\n"
        '"You came back," said Tom.\n\n"I did," replied the girl.'
    )
    assert story.speaker(1) == "Anna"


def test_the_rank_of_the_one_holder_is_a_mention_of_him(view):
    text = (
        "Colonel Crane kept the parish door. Rupert waited by it.\n\n"
        '"Name?" said Colonel Crane.\n\n"Rupert, sir," said Rupert.\n\nThe Colonel frowned.'
    )
    story = view(text)
    colonel = text.rindex("Colonel")
    assert (colonel, colonel + len("Colonel")) in story.character("Colonel Crane").mentions


def test_mr_surname_who_calls_the_son_by_name_is_his_father(view):
    story = view(
        "Mr. Hale and Mr. George Hale took the rooms above ours. George Hale was tall.\n\n"
        'Lucy met George on the stairs. "Good morning," said George.\n\n'
        '"George!" cried Mr. Hale from the landing. "Come and see the view."\n\nMr. Hale was old and kind.'
    )
    assert _named(story.model, "George") == ["George Hale"]
    assert _named(story.model, "Mr. Hale") == ["Mr. Hale"]
    assert story.speaker(1) == "Mr. Hale"


def test_the_diminutive_of_a_knights_given_name_is_someone_else(view):
    story = view(
        "Sir Thomas Ward came home from the town. Tom met him at the door.\n\n"
        '"Tom," said Sir Thomas, "where is your mother?"\n\n"In the garden, sir," said Tom.'
    )
    assert _named(story.model, "Tom") == ["Tom"]
    assert story.speaker(2) == "Tom" and story.addressees(0) == ["Tom"]


def test_a_given_name_that_is_another_mans_family_name_detaches_no_one(view):
    """"Colonel Hartley" and "Hartley" are the cousin; "Mr. Vane" stays Hartley Vane."""
    story = view(
        "Hartley Vane and his cousin Colonel Hartley rode out together. Mr. Vane said little.\n\n"
        '"Hartley!" cried Mr. Vane. "Wait for me."\n\n"Hurry, then," said Colonel Hartley.\n\n'
        "Mr. Vane rode on, and Hartley laughed at him."
    )
    assert "Mr. Vane" in story.character("Hartley Vane").aliases
