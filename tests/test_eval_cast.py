"""`ficlens eval cast` and the protagonistTagger reader on tiny hand-made folders in the real formats."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ficlens.evaluation import protagonist
from ficlens.model import Character

SENTENCES = [
    "Mrs. Weston smiled at Emma.",
    "Mr. Weston said nothing, and Emma Woodhouse laughed.",
    "Harriet came in with Weston.",
]


def entity(sentence: str, surface: str, label: str, occurrence: int = 0) -> list:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(surface, start + 1)
    return [start, start + len(surface), label]


def write_protagonist(root: Path) -> Path:
    data = root / "data"
    (data / "lists_of_characters" / "small_set").mkdir(parents=True)
    (data / "lists_of_characters" / "small_set" / "Tiny").write_text(
        "Emma Woodhouse\nMrs. Weston\nMr. Weston\nHarriet Smith\nGeorge Knightley", encoding="utf-8"
    )
    gold = data / "testing_sets" / "test_small_names_gold_standard"
    gold.mkdir(parents=True)
    rows = [
        {"content": SENTENCES[0], "entities": [entity(SENTENCES[0], "Weston", "Mrs. Weston"),
                                               entity(SENTENCES[0], "Emma", "Emma Woodhouse")]},
        {"content": SENTENCES[1], "entities": [entity(SENTENCES[1], "Weston", "Mr. Weston"),
                                               entity(SENTENCES[1], "Emma Woodhouse", "Emma Woodhouse")]},
        {"content": SENTENCES[2] + "\r", "entities": [entity(SENTENCES[2], "Harriet", "Harriet Smith")]},
    ]  # fmt: skip
    (gold / "Tiny.json").write_text(json.dumps(rows), encoding="utf-8")
    (gold / "test.json").write_text(json.dumps(rows[:1]), encoding="utf-8")  # no character list: skipped
    return root


def test_protagonist_gold_cast(tmp_path: Path):
    [novel] = protagonist.novels(write_protagonist(tmp_path))
    assert novel.name == "Tiny"
    cast, scored = protagonist.gold_cast(novel, json.loads(novel.names_gold.read_text()))
    assert scored == {"Emma Woodhouse", "Mrs. Weston", "Mr. Weston", "Harriet Smith"}  # not Knightley
    emma = Character(id="c0", name="Emma", aliases=[], mentions=[])
    weston = Character(id="c1", name="Weston", aliases=[], mentions=[])
    mrs = Character(id="c2", name="Mrs. Weston", aliases=[], mentions=[])
    assert cast.named(emma) == {"Emma Woodhouse"}
    assert cast.named(weston) == {"person:Weston"}  # both Westons: somebody, not one character
    assert cast.named(mrs) == {"Mrs. Weston"}  # the title before the span


def test_cli_eval_cast_over_protagonist_and_fanfic(tmp_path: Path):
    from ficlens.cli import app

    write_protagonist(tmp_path / "pt")
    fanfic = tmp_path / "ff"
    fanfic.mkdir()
    (fanfic / "w.txt").write_text('"Hello, Ben," Anna said.\n\n"Hi," said Ben.\n', encoding="utf-8")
    gold = {"characters": {"anna": ["Anna"], "ben": ["Ben"]},
            "utterances": [{"text": "Hello, Ben", "speaker": "anna", "kind": "speech"}]}  # fmt: skip
    (fanfic / "w.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "cast", str(tmp_path / "pt"), str(fanfic), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["cast"]
    assert [(r["corpus"], r["work"]) for r in rows] == [("protagonist_tagger", "Tiny"), ("fanfic", "w")]
    assert rows[0]["cast"]["gold"] == 4 and rows[1]["cast"]["gold"] == 2
    assert rows[1]["cast"]["found"] == 2 and rows[1]["cast"]["speakers"] == 1
    table = CliRunner().invoke(app, ["eval", "cast", str(fanfic), "--details"])
    assert table.exit_code == 0 and "TOTAL" in table.stdout and "junk" in table.stdout


def test_cli_eval_cast_rejects_other_folders(tmp_path: Path):
    from ficlens.cli import app

    result = CliRunner().invoke(app, ["eval", "cast", str(tmp_path)])
    assert result.exit_code == 2 and "protagonist_tagger" in result.output
