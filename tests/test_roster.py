"""The `--cast` roster: reading and writing it, and applying it to the cast of a small story."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.ingest import InputError
from ficlens.pipeline import analyze_bytes
from ficlens.roster import Roster, RosterCharacter, load_roster, roster_from_model, save_roster

STORY = """Anna Smith walked into the kitchen at Hollow Manor. Ben Cole was already there, reading.

"Good morning, Ben," Anna said.

"Morning," said Ben. He put the paper down. "Did Whiskers eat?"

"Lumos," said Benny, and the lamp lit. Anna laughed at him.

Dr. Grey came in with the post. "Letters for you both," Grey said. She smiled at Anna.

"Thank you, doctor," said Anna. The old cat, Whiskers, yawned on the windowsill.

"Pip," Anna said to the cat, "go outside." Pip did not move.
"""


def analyse(roster: Roster | None = None, text: str = STORY):
    return analyze_bytes(text.encode(), name="story.txt", fandom="none", roster=roster)


def by_name(model) -> dict:
    return {c.name: c for c in model.characters}


def speaker_of(model, words: str) -> str | None:
    names = {c.id: c.name for c in model.characters}
    [utterance] = [u for u in model.utterances if u.text.startswith(words)]
    return names.get(utterance.speaker)


def test_without_a_roster_the_parse_splits_and_lists_junk():
    cast = by_name(analyse())
    assert {"Ben Cole", "Lumos"} <= set(cast)  # "Benny" the cast merges itself (a diminutive of "Ben")


def test_merge_rename_gender_and_not_characters():
    roster = Roster(
        not_characters=["Lumos", "Morning"],
        characters=[
            RosterCharacter(name="Benjamin Cole", aliases=["Ben", "Benny", "Ben Cole"], gender="male"),
            RosterCharacter(name="Dr. Grey", aliases=["Grey"], gender="female"),
        ],
    )
    model = analyse(roster)
    cast = by_name(model)
    assert "Lumos" not in cast and "Morning" not in cast and "Benny" not in cast and "Ben Cole" not in cast
    ben = cast["Benjamin Cole"]
    assert {"Ben", "Benny", "Ben Cole"} <= set(ben.aliases) and ben.gender == "male"
    assert cast["Dr. Grey"].gender == "female"
    assert speaker_of(model, "Lumos") == speaker_of(model, "Morning") == "Benjamin Cole"
    assert all(model.text[s:e] != "Lumos" for c in model.characters for s, e in c.mentions)


def test_a_roster_character_the_parse_missed_is_added_with_its_mentions():
    model = analyse(Roster(characters=[RosterCharacter(name="Whiskers", aliases=["the old cat"])]))
    whiskers = by_name(model)["Whiskers"]
    assert [model.text[s:e] for s, e in sorted(whiskers.mentions)] == ["Whiskers", "The old cat", "Whiskers"]


def test_an_alias_moved_to_another_entry_splits_it_off():
    roster = Roster(characters=[RosterCharacter(name="Whiskers", aliases=["Pip"])])
    whiskers = by_name(analyse(roster))["Whiskers"]
    assert {"Pip", "Whiskers"} <= set(whiskers.aliases) and len(whiskers.mentions) == 4
    split = Roster(characters=[RosterCharacter(name="Anna Smith"), RosterCharacter(name="Anna")])
    model = analyse(split)
    cast = by_name(model)
    assert {model.text[s:e] for s, e in cast["Anna Smith"].mentions} == {"Anna Smith"}
    assert {model.text[s:e] for s, e in cast["Anna"].mentions} == {"Anna"}


def test_exclusive_roster_is_the_whole_cast():
    roster = Roster(
        exclusive=True,
        characters=[RosterCharacter(name="Anna Smith", aliases=["Anna"]), RosterCharacter(name="Ben", aliases=["Benny"])],
    )
    model = analyse(roster)
    assert {c.name for c in model.characters} <= {"Anna Smith", "Ben"}
    assert {c.name for c in model.characters if c.kind == "named"} == {"Anna Smith", "Ben"}
    assert speaker_of(model, "Letters") in (None, "Anna Smith", "Ben")


FIRST_PERSON = (
    "I walked down to the river that morning, as I always did, and I sat on the bank for a while. " * 8
    + '\n\n"Hello," I said to Tom.\n\n"Hello yourself," said Tom.\n'
)


def test_the_alias_i_names_the_narrator():
    model = analyse(Roster(characters=[RosterCharacter(name="Jo March", aliases=["I", "Jo"])]), FIRST_PERSON)
    jo = by_name(model)["Jo March"]
    assert jo.kind == "narrator"
    assert speaker_of(model, "Hello,") == "Jo March"
    exclusive = Roster(exclusive=True, characters=[RosterCharacter(name="Tom")])
    assert [c.kind for c in analyse(exclusive, FIRST_PERSON).characters] == ["named"]


@pytest.mark.parametrize("suffix", [".toml", ".yaml", ".yml"])
def test_save_and_load_round_trip(tmp_path: Path, suffix: str):
    roster = Roster(
        exclusive=True,
        not_characters=["Konoha"],
        characters=[RosterCharacter(name="Naruto Uzumaki", aliases=["Naruto", "Kit"], gender="male"),
                    RosterCharacter(name="Sakura \u00e9")],
    )  # fmt: skip
    path = tmp_path / f"cast{suffix}"
    save_roster(roster, path)
    assert load_roster(path) == roster
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # nothing half-written left beside it


def test_roster_from_model_round_trips_the_cast():
    model = analyse()
    roster = roster_from_model(model)
    assert [c.name for c in roster.characters] == [c.name for c in model.characters]
    again = analyse(roster)
    assert {c.name for c in again.characters} == {c.name for c in model.characters}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cast.toml", "characters = [", "not valid TOML"),
        ("cast.yaml", "characters: [a, b", "not valid YAML"),
        ("cast.toml", 'exclusiv = true', "exclusiv"),
        ("cast.toml", '[[characters]]\naliases = ["x"]', "characters.0.name"),
        ("cast.toml", '[[characters]]\nname = "A"\ngender = "robot"', "characters.0.gender"),
        ("cast.yaml", "- just a list", "a table of keys"),
        ("cast.json", "{}", ".toml, .yaml or .yml"),
    ],
)
def test_bad_roster_files_are_one_line_errors(tmp_path: Path, name: str, content: str, message: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_roster(path)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_cli_analyze_with_cast(tmp_path: Path):
    from ficlens.cli import app

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    roster = tmp_path / "cast.yaml"
    roster.write_text("not_characters: [Lumos]\ncharacters:\n  - name: Benjamin Cole\n    aliases: [Ben, Benny]\n")
    result = CliRunner().invoke(app, ["analyze", str(story), "--cast", str(roster)])
    assert result.exit_code == 0, result.output
    assert '"Benjamin Cole"' in result.stdout and '"Lumos"' not in result.stdout
    roster.write_text("characters: 3\n")
    bad = CliRunner().invoke(app, ["analyze", str(story), "--cast", str(roster)])
    assert bad.exit_code == 2 and "cast.yaml" in bad.output and "Traceback" not in bad.output
    missing = CliRunner().invoke(app, ["analyze", str(story), "--cast", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2 and "cannot read the roster" in missing.output


def test_later_rules_never_merge_away_what_the_roster_settled():
    talk = "".join(f'\n\n"Max, look at the {w}," said Tom.\n\n"I see it," I said.' for w in ("boat", "heron", "sky"))
    text = FIRST_PERSON.split("\n\n")[0] + talk + "\n"
    assert by_name(analyse(None, text))["Max (narrator)"].kind == "narrator"  # without a roster: Max is "I"
    roster = Roster(characters=[RosterCharacter(name="Jo", aliases=["I"]), RosterCharacter(name="Max")])
    cast = by_name(analyse(roster, text))
    assert cast["Jo"].kind == "narrator" and cast["Jo"].aliases == ["I"]
    assert cast["Max"].kind == "named"
