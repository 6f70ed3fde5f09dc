from tests.conftest import analyze_text


def texts(model):
    return [(u.kind, u.text) for u in model.utterances]


def test_straight_and_curly_double_quotes_with_offsets():
    text = 'Ann said, "Hello there." Then “Goodbye,” said Ben.'
    model = analyze_text(text)
    assert texts(model) == [("speech", "Hello there."), ("speech", "Goodbye,")]
    for u in model.utterances:
        assert text[u.start] in '"“' and text[u.end - 1] in '"”'
        assert text[u.start + 1 : u.end - 1] == u.text


def test_single_quoted_thoughts_and_apostrophes():
    text = "'Naruto's late again, and he doesn't care' Sasuke thought. Sasuke's bag wasn't heavy."
    model = analyze_text(text)
    assert texts(model) == [("thought", "Naruto's late again, and he doesn't care")]


def test_elisions_and_possessive_plurals_do_not_open_or_close():
    text = "He said 'em villagers' houses were empty 'cause of the war. 'I wonder why,' he thought."
    model = analyze_text(text)
    assert texts(model) == [("thought", "I wonder why,")]


def test_stray_quote_marks_make_no_phantom_utterance():
    text = "'I'm sorry' Naruto thought to himself.'\n\nHe left.\"\n\nIt rained."
    model = analyze_text(text)
    assert texts(model) == [("thought", "I'm sorry")]


def test_unclosed_quote_runs_to_paragraph_end():
    text = '"Come here, now, please said Ann.\n\nBen went.'
    model = analyze_text(text)
    assert texts(model) == [("speech", "Come here, now, please said Ann.")]


def test_quotation_over_several_paragraphs_is_one_utterance():
    text = '"It was long ago," said the old man. "We lived by the sea.\n\n"Then the war came.\n\n"And we left."\n\nSilence.'
    model = analyze_text(text)
    assert [u.text for u in model.utterances][0] == "It was long ago,"
    last = model.utterances[-1]
    assert text[last.start :].startswith('"We lived') and text[: last.end].endswith('we left."')
    assert len(model.utterances) == 2


def test_british_single_quote_speech():
    lines = [f"'Line {n},' said Alice. 'Yes, line {n}.'" for n in range(8)]
    model = analyze_text("\n\n".join(lines))
    assert {u.kind for u in model.utterances} == {"speech"}
    assert len(model.utterances) == 16


def test_nested_quotes_inside_speech_are_not_thoughts():
    model = analyze_text("\"He told me 'never again' and left,\" said Ann.")
    assert texts(model) == [("speech", "He told me 'never again' and left,")]


def test_quote_marks_with_spaces_on_both_sides_alternate():
    model = analyze_text('" Good night , " said Ann . " Sleep well . "')
    assert texts(model) == [("speech", " Good night , "), ("speech", " Sleep well . ")]


def test_a_quotation_runs_over_lines_when_lines_are_sentences():
    lines = [f"Line {n} of the story ." for n in range(24)]
    lines[5:7] = ['" It is late .', 'We should go , " said Ann .']
    model = analyze_text("\n".join(lines))
    (quote,) = model.utterances
    assert quote.text == " It is late .\nWe should go , "
