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
