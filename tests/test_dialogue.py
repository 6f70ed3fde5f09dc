def test_explicit_tags_in_either_order_with_names_pronouns_and_descriptions(view):
    story = view(
        "Naruto and Sasuke faced each other. Sakura watched.\n\n"
        '"Give up," said Naruto.\n\n'
        '"Never," Sasuke yelled.\n\n'
        'Sakura looked at them. "Stop it!" she cried.\n\n'
        '"Shut up," said a drunk villager.\n\n'
        '"Yes, shut up," replied the other.\n\n'
        '"Who are you?" asked Naruto.'
    )
    assert [story.speaker(n) for n in range(6)] == [
        "Naruto", "Sasuke", "Sakura", "a drunk villager", "the other", "Naruto"
    ]
    villager, other = story.character("a drunk villager"), story.character("the other")
    assert villager.kind == other.kind == "unnamed" and villager.id != other.id
    assert story.model.utterances[0].evidence == "explicit-tag"


def test_thought_tag_makes_a_thought(view):
    story = view("'This is bad' Sasuke thought.\n\n\"I'm hungry,\" Naruto thought.")
    assert [(u.kind, story.speaker(n)) for n, u in enumerate(story.model.utterances)] == [
        ("thought", "Sasuke"), ("thought", "Naruto")
    ]
    assert story.model.utterances[0].addressees == []


def test_written_message(view):
    story = view('Ann took a pen. "Meet me at noon," wrote Ann.')
    assert story.model.utterances[0].kind == "written"


def test_action_beat_names_the_speaker(view):
    story = view('Mary smiled at John. "I knew it."\n\nJohn frowned. "You did not."')
    assert [story.speaker(0), story.speaker(1)] == ["Mary", "John"]
    assert story.model.utterances[0].evidence == "action-beat"


def test_turn_taking_in_a_two_person_exchange(view):
    story = view(
        '"Where were you?" asked Kakashi.\n\n"Training," Naruto replied.\n\n"Liar."\n\n"Am not!"\n\n"Are too."'
    )
    assert [story.speaker(n) for n in range(5)] == ["Kakashi", "Naruto", "Kakashi", "Naruto", "Kakashi"]
    assert story.model.utterances[2].evidence == "turn-taking"
    assert [story.addressees(n) for n in range(5)] == [["Naruto"], ["Kakashi"], ["Naruto"], ["Kakashi"], ["Naruto"]]


def test_same_paragraph_shares_the_speaker(view):
    story = view('"Hello," said Ann, "how are you?"')
    assert [story.speaker(0), story.speaker(1)] == ["Ann", "Ann"]


def test_vocatives_name_the_addressee_and_the_reply_speaker(view):
    story = view(
        "Ino, Sakura and Shikamaru sat by the fire.\n\n"
        '"Hey Sakura, pass the salt," said Ino.\n\n'
        '"Here you go."\n\n'
        '"Thanks. Shikamaru, are you asleep?" said Ino.'
    )
    assert story.addressees(0) == ["Sakura"]
    assert story.speaker(1) == "Sakura" and story.model.utterances[1].evidence == "vocative-reply"
    assert story.addressees(2) == ["Shikamaru"]


def test_insult_used_as_a_vocative_becomes_an_alias(view):
    story = view(
        '"Come with me, Naruto," said Sasuke.\n\n"Teme, why should I?" Naruto asked.\n\n"Because," said Sasuke.'
        '\n\n"Teme, you are impossible," said Naruto.'
    )
    assert story.addressees(1) == ["Sasuke"] and story.addressees(3) == ["Sasuke"]
    assert "Teme" in story.character("Sasuke").aliases
    assert "Teme" not in story.names.values()


def test_a_word_opening_one_line_is_not_learnt_as_a_nickname(view):
    story = view('"Hello, Ann," said Ben.\n\n"Eccolo, what a day," said Ann.')
    assert "Eccolo" not in story.character("Ben").aliases


def test_voice_in_the_head_is_telepathy_of_the_voice_owner(view):
    story = view(
        "Naruto didn't know what to do until a voice came from his head.\n\n"
        '"Kit, take the offer," said the Kyuubi.\n\n'
        '"Fine," said Naruto.'
    )
    first = story.model.utterances[0]
    assert first.kind == "telepathy"
    assert story.speaker(0) == "Kyuubi"
    assert story.addressees(0) == ["Naruto"]


def test_plain_text_asterisks_mark_thoughts_and_a_bold_voice_in_the_head(view):
    story = view(
        "That night, Naruto sat on the roof. *Why does everyone hate me?* he thought.\n\n"
        "**You know why, kit,** a deep voice rumbled in his mind.\n\n"
        'Naruto sighed. "I know, Kurama. I know."'
    )
    kinds = [(u.kind, u.text) for u in story.model.utterances]
    assert kinds == [
        ("thought", "Why does everyone hate me?"), ("telepathy", "You know why, kit,"),
        ("speech", "I know, Kurama. I know."),
    ]
    assert story.speaker(0) == "Naruto"
    # the voice is named by the answer it gets, and speaks to the one whose head it is in
    assert story.speaker(1) == "Kurama" and story.addressees(1) == ["Naruto"]
    assert "a deep voice" not in story.names.values()


def test_i_in_a_pov_section_is_that_character(view):
    story = view(
        "Sakura's POV\n\nI walked in and saw Naruto grinning.\n\n"
        '"You are late!" Naruto shouted.\n\n"Shut up," I said.'
    )
    assert story.speaker(1) == "Sakura"
    assert story.addressees(0) == ["Sakura"]


def test_emphasis_spans_are_in_the_story_model(view):
    story = view("Naruto sat down. *Why me?* he thought, and it was **very** late.")
    text = story.model.text
    assert [(text[e.start : e.end], e.style) for e in story.model.emphasis] == [("*Why me?*", "italic"), ("**very**", "bold")]


def test_passive_possessive_and_relative_clause_tags(view):
    story = view(
        "Anne, Mary and Captain Wentworth were in the garden.\n\n"
        '"Thank God!" was uttered by Captain Wentworth.\n\n'
        '"How tired I am," were Mary\'s words.\n\n'
        'Anne, who had been silent, answered, "So am I."'
    )
    assert [story.speaker(n) for n in range(3)] == ["Captain Wentworth", "Mary", "Anne"]


def test_names_with_particles_are_one_name(view):
    story = view('Mr. van der Luyden came in.\n\n"Good evening," said Mr. van der Luyden.')
    assert story.speaker(0) == "Mr. van der Luyden"


def test_the_lines_own_narration_names_its_listener_in_a_group(view):
    story = view(
        "Mira, Tobin and Corwin sat in the mess.\n\n"
        '"We leave at dawn," Mira said.\n\n'
        'Tobin looked up. "Why so early?"\n\n'
        'Mira turned to Corwin. "You know why, don\'t you?"\n\n'
        '"Ask him," Corwin told Tobin.'
    )
    assert story.addressees(1) == ["Mira"]
    assert story.addressees(2) == ["Corwin"]
    assert story.model.utterances[2].addressee_evidence == "narration"
    assert story.addressees(3) == ["Tobin"]


def test_untagged_turns_between_two_tags_alternate_between_those_two(view):
    text = (
        "Bran, Tessa and Orla waited at the gate.\n\n"
        '"It is late," Bran said.\n\n'
        '"Too late," Tessa said.\n\n'
        "Tessa walked off toward the well.\n\n"
        '"Going somewhere?" Orla asked.\n\n'
        '"Home."\n\n'
        '"Not tonight."\n\n'
        '"I said home," Bran said.'
    )
    story = view(text)
    assert [story.speaker(n) for n in range(2, 6)] == ["Orla", "Bran", "Orla", "Bran"]
    story = view(text.replace('"I said home," Bran said.', '"I said home," Bran said.\n\n"Fine," Tessa said.'))
    assert story.speaker(3) == "Bran"


def test_a_long_untagged_exchange_between_two_tags_alternates_between_those_two(view):
    """Ten untagged turns: a quick exchange of questions and answers runs long without a tag."""
    answers = ['"Where?"', '"The mill."', '"When?"', '"At dawn."', '"Alone?"', '"With Pell."', '"Armed?"',
               '"Of course."', '"Why?"', '"You know why."']
    text = (
        "Bran, Tessa and Orla waited at the gate.\n\n"
        '"It is late," Bran said.\n\n'
        '"Too late," Tessa said.\n\n'
        "Tessa walked off toward the well.\n\n"
        '"Going somewhere?" Orla asked.\n\n'
        + "\n\n".join(answers)
        + '\n\n"I said home," Bran said.'
    )
    story = view(text)
    assert [story.speaker(n) for n in range(2, 14)] == ["Orla", "Bran"] * 6


def test_his_wife_is_the_mrs_of_his_family_name(view):
    story = view(
        "Mr. Harlow came home late. Mrs. Harlow and Dora Finch were still at cards.\n\n"
        '"You are late," said Dora.\n\n"I am," said Mr. Harlow.\n\n"And hungry, I suppose," said his wife.'
    )
    assert story.speaker(2) == "Mrs. Harlow"


def test_a_name_opening_a_statement_about_them_is_no_vocative(view):
    """"Freddy has taken him out" talks about Freddy; "Freddy can you hear me" talks to him."""
    story = view(
        "Freddy was out in the garden with the dog. Lucy and Charlotte stood in the hall.\n\n"
        '"Freddy has taken him into the garden," said Charlotte.\n\n"Then I shall go too."\n\n'
        '"Freddy can you hear me?" Lucy called from the steps.'
    )
    assert story.addressees(0) != ["Freddy"]
    assert story.speaker(1) == "Lucy"
    assert story.addressees(2) == ["Freddy"]


def test_said_the_other_is_the_other_of_the_two_talking(view):
    story = view(
        "Tom met Ben at the gate of the old mill.\n\n"
        '"You are late," said Ben.\n\n'
        '"The train was slow," said Tom.\n\n'
        '"It always is," said the other.\n\n'
        "They walked to the village.\n\nThe day was long.\n\nThe sun went down.\n\n"
        "Later Clara found Ben in the garden.\n\n"
        '"Good morning," said Ben.\n\n'
        '"Good morning," replied the other.'
    )
    assert [story.speaker(n) for n in range(5)] == ["Ben", "Tom", "Ben", "Ben", "Clara"]


def test_an_epithet_the_others_address_by_name_is_that_character(view):
    story = view(
        "Fagin sat by the fire. A girl came in and shook the rain from her shawl.\n\n"
        '"Well, Nancy, what news?" asked Fagin.\n\n'
        '"None," said the girl.\n\n'
        '"None at all, Nancy?" asked Fagin.\n\n'
        '"Not a word," replied the girl.\n\n'
        '"Then go to bed, Nancy," said Fagin.'
    )
    assert [story.speaker(n) for n in range(5)] == ["Fagin", "Nancy", "Fagin", "Nancy", "Fagin"]
    assert sorted(story.names.values()) == ["Fagin", "Nancy"]


def test_her_brother_and_his_aunt_are_named_through_the_family(view):
    story = view(
        "Henry Crawford and Miss Julia Crawford walked with Aunt Juley and Tom Price in the garden. Henry was "
        "tired and he sat down; Julia laughed at him and she walked on.\n\n"
        '"We shall be late for dinner," said Julia.\n\n'
        '"We shall not," said her brother.\n\n'
        '"I am sure we shall," said his sister.\n\n'
        'Henry looked at the old woman. "What do you think?" he asked.\n\n'
        '"I think you are all very silly," said his aunt.'
    )
    julia, brother, sister, henry, aunt = (story.speaker(n) for n in range(5))
    assert (brother, sister, henry, aunt) == ("Henry Crawford", julia, "Henry Crawford", "Aunt Juley")


def test_a_he_said_after_a_described_subject_is_that_description(view):
    story = view(
        "Oliver lay in the bed by the window.\n\n"
        '"Will he live?" asked Oliver\'s nurse.\n\n'
        'The surgeon leaned over the bed and raised the boy\'s hand. "He will," he said.'
    )
    assert story.speaker(1).lower() == "the surgeon"


def test_a_he_said_is_never_a_woman_through_a_subject_that_is_no_person(view):
    # "her happiness" is the paragraph's latest main subject before the line, but happiness is nobody, and the
    # she it belongs to cannot be a "he"
    story = view(
        "Edward walked home with Mary.\n\n"
        '"It was a long evening," said Mary.\n\n'
        'His mind was tired, and her happiness grew. "I am worn out with talk," said he.'
    )
    assert story.speaker(1) == "Edward"


def test_states_and_acts_are_not_speakers_whatever_their_ending():
    from ficlens.dialogue.speakers import _is_person_noun

    assert not any(_is_person_noun(noun) for noun in ("happiness", "business", "moment", "argument"))
    assert all(_is_person_noun(noun) for noun in ("witness", "hostess", "servant", "painter"))


def test_a_they_said_after_a_described_subject_is_not_that_description(view):
    story = view(
        "Oliver lay in the bed by the window.\n\n"
        'The surgeon leaned over the bed and raised the boy\'s hand. "He will live," they said.'
    )
    assert (story.speaker(0) or "").lower() != "the surgeon"


def test_a_nickname_used_once_in_a_crowded_room_names_nobody_by_a_guessed_listener(view):
    # "You're sure?" has no tag; in a room of four, whoever turn-taking gives it to is no sure owner of "Sparky"
    story = view(
        '"Why are you here?" said Zuko.\n\n'
        'Ty Lee let her hands drop. "Because of Azula."\n\n'
        '"She\'s telling the truth," said Toph.\n\n'
        '"You\'re sure?"\n\n'
        '"Her heartbeat is calm, Sparky. She is telling the truth."\n\n'
        '"Hey!" said Katara.'
    )
    assert [c.name for c in story.model.characters if "Sparky" in c.aliases] in ([], ["Zuko"], ["Sparky"])


def test_a_nickname_used_once_between_two_people_names_the_listener(view):
    story = view(
        'Gale sat by the fence with Katniss. "If he is smart," Gale said, "he went through the fence."\n\n'
        '"Is he smart?" Katniss asked.\n\n'
        '"He is a Peacekeeper."\n\n'
        '"We could go after him."\n\n'
        '"We are not going after him, Catnip."'
    )
    assert "Catnip" in story.character("Katniss").aliases


def test_one_chat_line_by_a_handle_the_text_names_is_a_chat_line(view):
    story = view(
        "The usernames had been set by Kaminari. Izuku was allmight_no1fan, and he hated it.\n\n"
        "allmight_no1fan: i'll check on him!\n\n"
        "He knocked on the door next to his. Nothing."
    )
    assert [(u.kind, u.text, story.names.get(u.speaker)) for u in story.model.utterances] == [
        ("written", "i'll check on him!", "Izuku")
    ]
