"""`ficlens eval fanfic` and the shared cast figures on a tiny hand-written gold annotation."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ficlens.evaluation import fanfic
from ficlens.evaluation.castscore import GoldCast, score_cast
from ficlens.model import Character, Segment, Source, Stats, StoryModel, Utterance

TEXT = (
    "A/N: \u201cBen is the best,\u201d my friend says. Enjoy!\n\n"
    "Anna Smith walked in. \u201cHello there, Ben,\u201d Anna said.\n\n"
    "\u201cHi,\u201d said Ben. \u201cHow are you today?\u201d\n\n"
    "* * *\n\n"
    "Years ago, the river was high.\n\n"
    "Carl looked up. \u201cGo away, all of you,\u201d Carl said.\n\n"
    "\u201cNever,\u201d said Ben.\n"
)

GOLD = {
    "input": "tiny.txt",
    "characters": {"anna": ["Anna", "Anna Smith", "Smith"], "ben": ["Ben"], "carl": ["Carl"], "dora": ["Dora"]},
    "utterances": [
        {"text": "Hello there, Ben", "speaker": "anna", "kind": "speech", "addressee": "ben"},
        {"text": "Hi", "speaker": "ben", "kind": "speech", "addressee": "anna"},
        {"text": "how are you today", "speaker": "ben", "kind": "speech"},
        {"text": "Go away, all of you", "speaker": "carl", "kind": "thought"},
        {"text": "Never", "speaker": "ben", "kind": "speech"},
    ],
    "not_story": ["Ben is the best"],
    "segments": {
        "scene_breaks": 1,
        "flashbacks": [{"from": "Years ago, the river", "to": "was high."}],
        "pov": [{"character": "carl", "person": "third", "near": "Carl looked up."}],
    },
}


def inner(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def utterance(number: int, words: str, speaker: str | None, addressees: list[str] = ()) -> Utterance:
    start, end = inner(words)
    return Utterance(id=f"u{number}", kind="speech", start=start - 1, end=end + 1, text=words, speaker=speaker,
                     addressees=list(addressees), confidence=0.9, evidence="explicit-tag")  # fmt: skip


def story(characters: list[Character], utterances: list[Utterance], segments: list[Segment] = ()) -> StoryModel:
    return StoryModel(
        ficlens_version="test",
        source=Source(sha256="0" * 64, encoding="utf-8", bytes=len(TEXT)),
        text=TEXT,
        characters=characters,
        utterances=utterances,
        segments=list(segments),
        stats=Stats(words=len(TEXT.split()), utterances=len(utterances), characters=len(characters), seconds=0.0),
    )


def person(cid: str, name: str, *aliases: str, kind: str = "named") -> Character:
    return Character(id=cid, name=name, aliases=list(aliases), mentions=[], kind=kind)


def test_flatten_ignores_case_punctuation_and_quote_marks():
    assert fanfic.flatten("\u201cHello,  THERE\u2019s Ben!\u201d") == "hello there s ben"
    flat = fanfic.FlatText(TEXT)
    start, end = flat.find("hello there ben")
    assert TEXT[start:end] == "Hello there, Ben"
    assert flat.find("Never", after=end) == inner("Never")
    assert flat.find("not in the text") is None


def test_perfect_prediction():
    cast = [person("c0", "Anna Smith", "Anna"), person("c1", "Ben"), person("c2", "Carl")]
    start, _ = fanfic.FlatText(TEXT).find("Years ago")
    end = TEXT.index("Carl looked")
    segments = [
        Segment(kind="scene_break", start=TEXT.index("* * *"), end=TEXT.index("* * *") + 5),
        Segment(kind="flashback", start=start, end=end),
        Segment(kind="pov", start=end, end=len(TEXT), title="Carl"),
    ]
    predicted = story(cast, [
        utterance(0, "Ben is the best,", None),
        utterance(1, "Hello there, Ben,", "c0", ["c1"]),
        utterance(2, "Hi,", "c1", ["c0"]),
        utterance(3, "How are you today?", "c1"),
        utterance(4, "Go away, all of you,", "c2"),
        utterance(5, "Never,", "c1"),
    ], segments)  # fmt: skip
    score = fanfic.score_model(predicted, GOLD)
    assert (score.utterances, score.found, score.speaker_right) == (5, 5, 5)
    assert score.kind_right == 4  # "Go away" is a thought in the gold
    assert (score.addressee_right, score.addressee_total) == (2, 2)
    assert (score.not_story, score.not_story_attributed) == (1, 0)
    assert (score.scene_breaks_predicted, score.scene_breaks_gold) == (1, 1)
    assert (score.flashbacks_found, score.povs_found) == (1, 1)
    assert score.cast.details == {"anna": "found", "ben": "found", "carl": "found", "dora": "missing"}
    assert (score.cast.speakers, score.cast.speakers_once, score.cast.junk) == (3, 3, 0)
    assert score.errors == []


def test_wrong_speakers_unfound_lines_and_attributed_notes():
    cast = [person("c0", "Anna", "Ben"), person("c1", "Carl"), person("c2", "Whatever")]
    predicted = story(cast, [
        utterance(0, "Ben is the best,", "c1"),
        utterance(1, "Hello there, Ben,", "c0"),
        utterance(2, "Hi,", "c2"),
        utterance(3, "Go away, all of you,", "c1", ["c0"]),
    ])  # fmt: skip
    score = fanfic.score_model(predicted, GOLD)
    assert score.found == 3 and score.speaker_right == 1  # only Carl: "Anna"+"Ben" names two gold characters
    assert score.not_story_attributed == 1
    assert score.addressee_right == 0
    kinds = {e.text: e.kind for e in score.errors}
    assert kinds == {"Hello there, Ben": "unmapped", "Hi": "unmapped", "how are you today": "not-found",
                     "Never": "not-found"}  # fmt: skip
    assert score.cast.details["anna"] == score.cast.details["ben"] == "merged"
    assert score.cast.junk == 1 and score.cast.junk_names == ["Whatever"]
    assert score.cast.speakers_once == 1  # Carl


def test_cast_split_and_narrator():
    gold = GoldCast({"anna": ["Anna", "Anna Smith"], "ben": ["Ben"]}, narrator="ben")
    figures = score_cast([person("c0", "Anna"), person("c1", "Anna Smith"), person("c2", "I", kind="narrator")],
                         gold, speakers={"anna", "ben"})  # fmt: skip
    assert figures.details == {"anna": "split", "ben": "found"}
    assert (figures.speakers, figures.speakers_once, figures.listed, figures.people) == (2, 1, 3, 3)


def test_totals_are_micro_averages():
    a = fanfic.WorkScore(work="a", utterances=10, found=8, speaker_right=6)
    b = fanfic.WorkScore(work="b", utterances=30, found=30, speaker_right=15, relations={"events": [1, 2]})
    failed = fanfic.WorkScore(work="c", utterances=99, failure="boom")
    totals = fanfic.total([a, b, failed])
    assert totals.metrics()["speaker"] == 21 / 40
    assert totals.relations == {"events": [1, 2]}


def test_cli_fanfic_runs_the_analysis(tmp_path: Path):
    from ficlens.cli import app

    (tmp_path / "tiny.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tiny.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "orphan.txt").write_text("no gold for this one", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "fanfic", str(tmp_path), "--json", "--errors", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    [work] = payload["works"]
    assert work["work"] == "tiny" and work["failure"] is None
    assert work["utterances"] == 5 and work["found"] >= 4
    assert payload["total"]["metrics"]["speaker"] >= 0.6
    table = CliRunner().invoke(app, ["eval", "fanfic", str(tmp_path), "--errors", "2"])
    assert table.exit_code == 0 and "TOTAL" in table.stdout


def test_cli_fanfic_without_gold_fails(tmp_path: Path):
    from ficlens.cli import app

    result = CliRunner().invoke(app, ["eval", "fanfic", str(tmp_path)])
    assert result.exit_code == 2 and "gold.json" in result.output


def test_gold_roster_and_the_gold_setting(tmp_path: Path):
    from ficlens.cli import app

    gold = {**GOLD, "characters": {**GOLD["characters"], "ben": ["Ben", "Smith"]}, "narrator": "carl"}
    roster = fanfic.gold_roster(gold)
    assert roster.exclusive
    entries = {c.name: c.aliases for c in roster.characters}
    assert entries["Anna"] == ["Anna Smith"]  # "Smith" names two characters: left out
    assert entries["Ben"] == [] and entries["Carl"] == ["I"]
    (tmp_path / "tiny.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "tiny.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "fanfic", str(tmp_path), "--settings", "e2e,gold", "--json"])
    assert result.exit_code == 0, result.output
    settings = json.loads(result.stdout)["settings"]
    assert settings["gold"]["total"]["cast"]["junk"] == 0 and settings["gold"]["total"]["setting"] == "gold"
    assert settings["e2e"]["total"]["utterances"] == settings["gold"]["total"]["utterances"] == 5
