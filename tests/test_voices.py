"""Voices without quote marks: chat lines, bracketed and colon-delimited voices (texts written for the tests)."""


def test_chat_lines_between_markers_are_written_by_the_handle_owner(view):
    story = view(
        "Peter Quill sat on the couch with his phone. (Peter is 'starlord' in the chat, and 'rocketman' is Rocket.)\n\n"
        "-- group chat: Guardians --\n"
        "starlord: who ate my cereal\n"
        "rocketman: nobody asked u\n"
        "-- end --\n\n"
        'Peter sighed. "Typical," he said.'
    )
    kinds = [(u.kind, u.text, story.speaker(n)) for n, u in enumerate(story.model.utterances)]
    assert kinds[:2] == [("written", "who ate my cereal", "Peter Quill"), ("written", "nobody asked u", "Rocket")]
    assert story.model.utterances[1].evidence == "chat"
    assert story.addressees(1) == ["Peter Quill"]  # a reply to the line before
    assert "starlord" in story.character("Peter Quill").aliases


def test_unmarked_chat_log_needs_a_run_of_lines_and_skips_header_labels(view):
    story = view(
        "Rating: T\nWords: 900\n\n"
        "Tony Stark checked his phone.\n\n"
        "Underoos: Mr. Stark!!\nUnderoos: guess what\nTony Stark: No.\n\n"
        "He put the phone away. Note: this was a mistake."
    )
    assert [(u.kind, u.text) for u in story.model.utterances] == [
        ("written", "Mr. Stark!!"), ("written", "guess what"), ("written", "No.")
    ]
    assert story.speaker(2) == "Tony Stark"
    assert story.speaker(0) == "Underoos"  # a handle nobody owns is a character of its own


def test_quote_marks_inside_a_chat_line_make_no_second_utterance(view):
    story = view('-- texts --\nAnna: he said "fine" and left\nElsa: "fine"??\n-- end --')
    assert [u.text for u in story.model.utterances] == ['he said "fine" and left', '"fine"??']


def test_brackets_are_voices_only_when_the_legend_says_so(view):
    legend = 'Legend:\n"Speech"\n[Animal speech, translated]\n\n'
    body = 'Ash looked at the cat. [Feed me now.] The cat stared.\n\n"No," said Ash. [I mean it] he added.'
    with_legend = view(legend + body)
    assert [(u.kind, u.text) for u in with_legend.model.utterances][:2] == [("speech", "Feed me now."), ("speech", "No,")]
    without = view(body)
    assert [u.text for u in without.model.utterances] == ["No,"]


def test_colons_around_a_sentence_are_telepathy(view):
    story = view("Eragon lay awake.\n\n:Little one, come.: The voice filled his mind.\n\nThe ratio was 3:2 at noon.")
    assert [(u.kind, u.text) for u in story.model.utterances] == [("telepathy", "Little one, come.")]


def test_scare_quotes_are_not_thoughts(view):
    story = view(
        "Bucky called it 'working through it' and nobody argued.\n\n"
        "'Idiot' Steve thought.\n\n'Why me?' The thought came unbidden."
    )
    assert [(u.kind, u.text) for u in story.model.utterances] == [("thought", "Idiot"), ("thought", "Why me?")]


def _html(body: str):
    from ficlens import analyze_bytes
    from tests.conftest import View

    return View(analyze_bytes(f"<html><body><div>{body}</div></body></html>".encode(), name="work.html", fandom="none"))


def test_a_legend_stated_in_the_notes_gives_italics_their_kind():
    story = _html(
        "<p>A/N: Texts are in italics. Enjoy!</p>"
        "<p>Mira Vale looked at her phone.</p>"
        "<p><i>Meet me at the docks. Come alone.</i></p>"
        "<p>She frowned. <i>Why the docks?</i> she thought.</p>"
    )
    assert [(u.kind, u.text) for u in story.model.utterances] == [
        ("written", "Meet me at the docks. Come alone."), ("thought", "Why the docks?")
    ]


def test_a_style_stated_for_two_kinds_is_a_thought_only_where_a_thought_tag_says_so():
    story = _html(
        "<p>Notes: Voices inside someone's head are in italics. Thoughts are also in italics.</p>"
        "<p>Orin Tal sat up in the dark.</p>"
        "<p><i>Do not be afraid. I am outside.</i></p>"
        "<p><i>Great,</i> Orin thought.</p>"
    )
    assert [u.kind for u in story.model.utterances] == ["telepathy", "thought"]


def test_speech_inside_an_italic_flashback_stays_speech_and_a_short_tagged_thought_is_found():
    story = _html(
        "<p>Note: Thoughts are in italics.</p>"
        "<p><i>Ten years ago. The gate was open. \u201cServe well,\u201d his mother said, and let go.</i></p>"
        "<p><i>Not one name,</i> he thinks. Not one.</p>"
    )
    assert [(u.kind, u.text) for u in story.model.utterances] == [("speech", "Serve well,"), ("thought", "Not one name,")]


def test_a_signed_italic_note_is_written():
    story = _html("<p>Note: Thoughts are in italics.</p><p>Ren left a card.</p>"
                  "<p><i>Tomorrow, midnight. Come if you still want to stop me. K.</i></p>")
    assert [u.kind for u in story.model.utterances] == ["written"]


def test_a_letter_between_salutation_and_signature_is_one_written_utterance(view):
    story = view(
        "Anna Brook opened the envelope at the kitchen table.\n\n"
        "Anna,\n\nI am leaving tonight. Don't follow me.\n\nBurn this.\n\nTomas\n\n"
        'Anna put it down. "Idiot," she said.'
    )
    letter = story.model.utterances[0]
    assert letter.kind == "written" and letter.text.startswith("I am leaving tonight.") and letter.text.endswith("Burn this.")
    assert story.addressees(0) == ["Anna Brook"]
    assert [u.text for u in story.model.utterances[1:]] == ["Idiot,"]


def test_a_name_alone_on_a_line_without_a_signature_is_no_letter(view):
    story = view('Kira,\n\nShe never answered.\n\n"Fine," said Jun.')
    assert [u.text for u in story.model.utterances] == ["Fine,"]


def test_a_text_signed_with_initials_is_written_by_the_one_they_fit():
    story = _html(
        "<p>A/N: Texts are in italics.</p>"
        "<p>Nora Quinn met Tobias Reed at the station. Tobias waved, and Nora ignored him.</p>"
        "<p>Later her phone buzzed.</p>"
        "<p><i>Same time tomorrow. Bring the files. TR x</i></p>"
    )
    assert (story.model.utterances[0].kind, story.speaker(0)) == ("written", "Tobias Reed")
    assert story.model.utterances[0].evidence == "signature"


def test_interrupted_speech_is_two_utterances(view):
    story = view(
        'Mara Cole glared at Dex Hunt. "Don\'t you dare stand there and-\n\n'
        '"I didn\'t do anything," Dex said.'
    )
    assert [u.text for u in story.model.utterances] == ["Don't you dare stand there and-", "I didn't do anything,"]
    assert [story.speaker(0), story.speaker(1)] == ["Mara Cole", "Dex Hunt"]


def test_first_and_second_person_tags_give_the_line_to_the_narrator_and_the_reader(view):
    story = view(
        'You walk into the café. Bucky Barnes looks up.\n\n"Hey, doll," he says.\n\n"Hi," you said.\n\n'
        '"Okay," (Y/N) whispered.\n\nLater I met him again. "Hello," I said.'
    )
    assert [story.speaker(n) for n in (1, 2)] == ["Y/N", "Y/N"]
    assert story.model.characters[[c.name for c in story.model.characters].index("Y/N")].kind == "named"
    assert story.model.utterances[3].speaker != story.model.utterances[1].speaker  # "I" is not the reader


def test_explicit_tags_are_never_contradicted_and_the_stat_counts_disagreements(view):
    story = view(
        'Ann Lee and Ben Ross sat down.\n\n"Right," she said.\n\n"Sure," Ben said.\n\n"Fine."\n\n"Good."'
    )
    assert [story.speaker(n) for n in (0, 1)] == ["Ann Lee", "Ben Ross"]
    assert story.model.stats.tag_conflicts == 0


def test_tag_conflicts_count_a_tag_overruled_later():
    from ficlens.analysis import Analysis, Quote
    from ficlens.cast.cast import Cast
    from ficlens.dialogue.checks import tag_conflicts
    from ficlens.ingest import read_document

    analysis = Analysis(document=read_document(b'"Hi," she said. "Yo," he said.', name="t.txt"))
    analysis.cast = Cast()
    ann, ben, nick = analysis.cast.add("Ann"), analysis.cast.add("Ben"), analysis.cast.add("Benny")
    analysis.cast.merged[nick] = ben
    analysis.quotes = [Quote(0, 5, 1, 4, 0, 0, speaker=ben, tag_speaker=ann),
                       Quote(16, 21, 17, 20, 0, 0, speaker=ben, tag_speaker=nick)]
    assert tag_conflicts(analysis) == 1
    voice = analysis.cast.add("a voice", kind="unnamed")
    analysis.quotes.append(Quote(22, 27, 23, 26, 0, 0, speaker=ann, tag_speaker=voice))
    assert tag_conflicts(analysis) == 1  # the text naming "a voice" later links, it does not contradict


def test_colon_lines_inside_a_narration_paragraph_are_no_chat_log(view):
    story = view(
        "She whispered to herself, as though she had forgotten I was\n"
        "there: these few words and everything's changed. And then she says to\n"
        "me: never trust a man, they're not worth it! I hurried off."
    )
    assert story.model.utterances == []


def test_text_messages_answer_each_other_and_a_salutation_addresses_the_whole_letter():
    story = _html(
        "<p>A/N: Texts are in italics.</p>"
        "<p>Nora Quinn met Tobias Reed at the station. Tobias waved, and Nora ignored him.</p>"
        "<p><i>Where are the files? NQ</i></p>"
        "<p><i>In the car. TR</i></p>"
    )
    assert [story.speaker(0), story.addressees(0), story.speaker(1), story.addressees(1)] == [
        "Nora Quinn", ["Tobias Reed"], "Tobias Reed", ["Nora Quinn"]
    ]


def test_an_absent_reader_named_by_a_salutation_is_the_letters_addressee(view):
    story = view("Pia Lund wrote by the fire.\n\nPapa,\n\nI am safe. Do not worry.\n\nPia\n\nShe sealed it.")
    assert story.model.utterances[0].kind == "written"
    assert (story.speaker(0), story.addressees(0)) == ("Pia Lund", ["Papa"])


def test_a_tag_ending_the_previous_paragraph_and_an_unlisted_verb_are_explicit_tags(view):
    story = view(
        "Jane Roe and Mark Dale waited by the car.\n\n"
        '"Ready?" Jane asked.\n\n'
        "Mark looked at the road for a long time, and then Mark said, very quietly:\n\n"
        '"No."\n\n'
        '"Okay," Jane chirruped.'
    )
    assert [(story.speaker(n), story.model.utterances[n].evidence) for n in (1, 2)] == [
        ("Mark Dale", "explicit-tag"), ("Jane Roe", "explicit-tag")
    ]


def test_an_unnamed_speaker_stays_unnamed_beside_a_named_one(view):
    story = view(
        'Tony Stark stood by the door.\n\n"Who are you?" Tony asked.\n\n'
        'A young man walked in. "Hello," said the young man.\n\n"Sit," said the proctor.'
    )
    assert [story.speaker(n) for n in range(3)] == ["Tony Stark", "the young man", "the proctor"]
    assert story.character("the young man").kind == "unnamed"


def test_a_speaker_who_names_themself_speaks_unless_a_tag_says_otherwise(view):
    story = view(
        'Sam Hale opened the door.\n\n"Who are you?" Sam asked.\n\n'
        '"My name is Hannah. I am outside your door."\n\n'
        '"I am English," said Sam.'
    )
    assert [(story.speaker(n), story.model.utterances[n].evidence) for n in (1, 2)] == [
        ("Hannah", "introduction"), ("Sam Hale", "explicit-tag")
    ]


def test_a_pronoun_tag_finds_its_character_beyond_the_last_few_paragraphs(view):
    quiet = "".join(f"The wind rose again, number {n}, over the wire.\n\n" for n in range(6))
    story = view(f"Mr. Darius Vane walked to the fence alone.\n\n{quiet}\"Go home,\" he said quietly.")
    assert (story.speaker(0), story.model.utterances[0].evidence) == ("Mr. Darius Vane", "explicit-tag")


def test_a_message_is_to_the_one_whose_phone_buzzed():
    story = _html(
        "<p>A/N: Texts are in italics.</p>"
        "<p>Nora Quinn met Tobias Reed and Mila Hart at the station. Tobias waved, and Mila Hart laughed.</p>"
        "<p>Mila's phone buzzed on the table.</p>"
        "<p><i>Same time tomorrow. Bring the files. TR</i></p>"
        "<p>Nora sat on the bench with her phone and read it twice.</p>"
    )
    assert (story.speaker(0), story.addressees(0)) == ("Tobias Reed", ["Mila Hart"])
    assert story.model.utterances[0].addressee_evidence == "narration"


def test_a_message_read_after_it_arrives_is_to_its_reader():
    story = _html(
        "<p>A/N: Texts are in italics.</p>"
        "<p>Nora Quinn met Tobias Reed and Mila Hart at the station. Tobias waved, and Nora ignored him.</p>"
        "<p>That night the questions began.</p>"
        "<p><i>Where were you? TR</i></p>"
        "<p>Mila sat on the bench with the phone in both hands and read it twice.</p>"
    )
    assert story.addressees(0) == ["Mila Hart"]


_BOND = (
    '"Wake up," said Saphira Brightscales. She nudged Eragon Shadeslayer with her snout.\n\n'
    '"Five more minutes," said Eragon. He rolled over and laughed.\n\n'
)


def test_a_quoted_line_said_through_the_bond_is_telepathy(view):
    story = view(_BOND + '"We should go," Saphira said through the bond.')
    line = story.model.utterances[2]
    assert (line.kind, story.speaker(2), story.addressees(2)) == ("telepathy", "Saphira Brightscales",
                                                                   ["Eragon Shadeslayer"])


def test_thinking_at_someone_is_telepathy_they_hear(view):
    story = view(_BOND + '"Not now," he thought at her.\n\n"Not now," Eragon thought to himself.')
    assert [u.kind for u in story.model.utterances[2:]] == ["telepathy", "thought"]
    assert (story.speaker(2), story.addressees(2)) == ("Eragon Shadeslayer", ["Saphira Brightscales"])


def test_a_legend_naming_a_kind_of_line_names_no_speaker():
    # "Force" is never written in the story: the notes name a kind of line, not a character who speaks them
    story = _html(
        "<p>A/N: Force bond conversations are in italics with no quote marks.</p>"
        "<p>Rey sat on the rock. Kylo Ren was suddenly there, across the bond.</p>"
        "<p><i>You are alone.</i></p>"
        "<p>\u201cGet out of my head,\u201d said Rey.</p>"
    )
    assert "Force" not in [c.name for c in story.model.characters]
    assert [u.kind for u in story.model.utterances] == ["telepathy", "speech"]
