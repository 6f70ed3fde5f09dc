import re

from ficlens.document import Emphasis
from ficlens.pipeline import PIPELINE
from ficlens.structure.pov import name_heading
from ficlens.textlayout import (
    CHAPTER,
    FLASHBACK_END,
    FLASHBACK_START,
    POV,
    PRESENT_RETURN,
    SCENE_BREAK,
    TIME_SHIFT,
    split_paragraphs,
)
from tests.conftest import View, analysis_for, analyze_text, run_step


def segments(model, kind):
    return [model.text[s.start : s.end] for s in model.segments if s.kind == kind]


def test_scene_break_lines():
    for line in ["***", "* * *", "xXx", "oOo", "~~~", "-Line Break-", "XxXxX", "-----", "o0o", "~*~*~", "_____"]:
        assert SCENE_BREAK.match(line), line
    for line in ["Ooh!", "Wow", "He left.", "***Really?***", "x"]:
        assert not SCENE_BREAK.match(line), line


def test_flashback_markers():
    for line in ["Flashback", "-Flashback-", "*Flashback*", "xx Flashback Start xx", "Flashback no Jutsu"]:
        assert FLASHBACK_START.match(line) and not FLASHBACK_END.match(line), line
    for line in ["xx End Flashback xx", "End Flashback", "-Flashback End-", "*end of flashback*"]:
        assert FLASHBACK_END.match(line), line
    assert not FLASHBACK_START.match("He had a flashback to the war and shuddered.")


def test_pov_and_chapter_lines():
    assert POV.match("Sasuke's POV").group("b") == "Sasuke"
    assert POV.match("POV: Sakura").group("a") == "Sakura"
    assert POV.match("~Normal POV~")
    for line in ["Chapter 3", "CHAPTER III. The Ball", "Chapter Twelve: Home", "Prologue", "Epilogue"]:
        assert CHAPTER.match(line), line
    for line in ["Part of me wanted to go.", "Chapter and verse, he said, was all he knew of the book"]:
        assert not CHAPTER.match(line), line


def test_paragraphs_by_blank_lines_or_lines():
    text = "One line\nwrapped.\n\nTwo.\n \nThree."
    assert [text[p.start : p.end] for p in split_paragraphs(text)] == ["One line\nwrapped.", "Two.", "Three."]
    lines = "\n".join(f"Line {n} of a story without blank lines." for n in range(30))
    assert len(split_paragraphs(lines)) == 30


def test_flashback_with_start_and_end_markers():
    text = 'Naruto sat down.\n\n-Flashback-\n\n"Go away," said Sasuke.\n\n-End Flashback-\n\nNaruto sighed.'
    model = analyze_text(text)
    (flashback,) = segments(model, "flashback")
    assert flashback.startswith("-Flashback-") and flashback.endswith("-End Flashback-")
    assert model.utterances[0].text == "Go away,"


def test_flashback_with_only_an_end_marker_starts_after_the_memory_sentence():
    text = (
        "They fought in the rain.\n\nNaruto stood still until he remembered what Iruka had told him. "
        'It was cold.\n\n"You will be fine," said Iruka.\n\nxx End Flashback xx\n\nNaruto smiled.'
    )
    analysis = run_step("structure", text)  # the structure step alone: no parse, no cast
    (flashback,) = segments(analysis, "flashback")
    assert flashback.startswith("It was cold.")
    assert flashback.endswith("xx End Flashback xx")


def test_scenes_pov_and_author_notes_are_segments():
    text = (
        "A/N: Thanks for the reviews! I don't own Naruto.\n\n"
        "Sasuke's POV\n\n"
        '"Hello," said Sasuke.\n\n'
        "* * *\n\n"
        '"Bye," said Sakura.\n\n'
        "Please review!"
    )
    model = analyze_text(text)
    assert segments(model, "author_note") == ["A/N: Thanks for the reviews! I don't own Naruto.", "Please review!"]
    assert segments(model, "scene_break") == ["* * *"]
    assert len(segments(model, "scene")) == 2
    (pov,) = [s for s in model.segments if s.kind == "pov"]
    assert pov.title == "Sasuke"
    # notes are kept out of the analysis: no character is found in them
    assert "Naruto" not in {c.name for c in model.characters}


def test_chapters_from_headings():
    text = 'Chapter 1: Start\n\n"Hi," said Ann.\n\nChapter 2\n\n"Bye," said Ann.'
    chapters = [s for s in run_step("structure", text).segments if s.kind == "chapter"]
    assert [c.title for c in chapters] == ["Chapter 1: Start", "Chapter 2"]
    assert chapters[0].end == chapters[1].start and chapters[1].end == len(text)


def test_a_story_on_one_line_is_cut_into_parseable_pieces():
    text = " ".join(["Naruto ran to the village. It was late."] * 6000)
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) > 1 and max(p.end - p.start for p in paragraphs) <= 20_000
    assert paragraphs[0].start == 0 and paragraphs[-1].end == len(text)
    assert all(text[p.start : p.end].endswith(".") for p in paragraphs)


def test_time_shift_and_present_headings():
    for line in [
        "Four years ago",
        "~ Eight years earlier ~",
        "Harbour Town. Ten years ago.",
        "*Two weeks before*",
        "Years earlier",
        "The night before",
        "-Three days earlier-",
    ]:
        assert TIME_SHIFT.match(line), line
    for line in ["He left four years ago.", "Four years ago he had left the town.", "Years passed."]:
        assert not TIME_SHIFT.match(line), line
    for line in ["~ Now ~", "Present day", "-Back to the present-", "Now"]:
        assert PRESENT_RETURN.match(line), line
    assert not PRESENT_RETURN.match("Now he knew.")


def test_time_shift_flashback_ends_at_the_present_heading():
    text = (
        "Mira looked at the sea.\n\n~ Six years earlier ~\n\nThe storm took the boats that spring.\n\n"
        "Mira was nine.\n\n~ Now ~\n\nMira turned from the window."
    )
    (flashback,) = segments(run_step("structure", text), "flashback")
    assert flashback.startswith("~ Six years earlier ~") and flashback.endswith("~ Now ~")


def test_time_shift_flashback_ends_at_a_scene_break():
    text = (
        "Mira looked at the sea.\n\nFour years ago\n\nThe storm took the boats.\n\nShe was nine.\n\n* * *\n\n"
        "Mira turned from the window."
    )
    analysis = run_step("structure", text)
    (flashback,) = segments(analysis, "flashback")
    assert "She was nine." in flashback and "turned" not in flashback
    assert len(segments(analysis, "scene_break")) == 1


def test_italic_time_shift_flashback_ends_with_its_italics():
    text = (
        "Tobin unbuttoned his coat.\n\nHarbour Town. Ten years ago.\n\nThe office smelled of polish.\n\n"
        "He was fourteen. It sounded like everything.\n\nHe had not been hungry since."
    )
    analysis = analysis_for("structure", text)
    italics = [(m.start(), m.end()) for m in re.finditer(r"Harbour[^\n]*|The office[^\n]*|He was[^\n]*", text)]
    analysis.document.emphasis = [Emphasis(start, end, "italic") for start, end in italics]
    PIPELINE.step("structure")(analysis)
    (flashback,) = segments(analysis, "flashback")
    assert flashback.startswith("Harbour Town.") and flashback.endswith("everything.")


def _text_naming(*names: str) -> str:
    return " ".join(f"Then {name} waved and {name} left." for name in names)


def test_name_headings_need_a_proper_noun_of_the_text():
    text = _text_naming("Mira", "Tobin")
    assert name_heading(text, "~Mira~", 40, "The door shut.") == "Mira"
    assert name_heading(text, "(Tobin)", 40, "") == "Tobin"
    assert name_heading(text, "Mira", 1, "Chapter 2") == "Mira"
    for line in ["~ Now ~", "~Fin~", "The End", "Later"]:
        assert name_heading(text + " Now and then.", line, 1, "") is None, line
    assert name_heading(text, "Mira", 40, "The door shut.") is None  # a bare name deep in a scene
    assert name_heading(text, "Tobin", 1, "Yours always,") is None  # a letter's signature
    assert name_heading(text, "- Tobin", 1, "") is None


def test_name_line_opening_a_chapter_is_a_pov_section_and_i_is_that_character():
    text = (
        "Chapter 1\n\nTobin\n\nTobin walked to the mill. Later Tobin saw the river rise, and then Mira came.\n\n"
        "Tobin and Mira ate.\n\n"
        'Chapter 2\n\nMira\n\nI waited by the bridge. "Where is he?" I asked. The rain fell on Tobin and '
        'me.\n\n"Here," said Tobin.'
    )
    model = analyze_text(text)
    povs = [(s.title, model.text[s.start : s.end]) for s in model.segments if s.kind == "pov"]
    assert [title for title, _ in povs] == ["Tobin", "Mira"]
    assert povs[0][1].rstrip().endswith("Tobin and Mira ate.")
    view = View(model)
    asked = next(n for n, u in enumerate(model.utterances) if u.text.startswith("Where"))
    assert view.speaker(asked) == "Mira"
