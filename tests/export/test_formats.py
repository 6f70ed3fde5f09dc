from __future__ import annotations

import csv
import json
import re
from collections import Counter

import networkx as nx
import pyarrow.parquet as pq
import pytest
from lxml import etree

from ficlens.export import EXPORTERS, ExportError, ExportOptions, export, story_lines
from ficlens.export.scripts import SSML_NS
from ficlens.model import StoryModel
from tests.export.conftest import character, make_model, utterance


def test_every_format_is_registered():
    expected = {"json", "html", "tables", "jsonl", "sml", "ssml", "csv", "parquet", "gexf", "graph-json"}
    assert expected <= set(EXPORTERS)


def test_jsonl_and_its_cast_file(sample_model, tmp_path):
    result = export(sample_model, "jsonl", tmp_path / "s.jsonl")
    assert result.paths == [tmp_path / "s.jsonl", tmp_path / "s.cast.json"]
    rows = [json.loads(row) for row in (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "".join(row["line"] for row in rows) == sample_model.text
    cast = json.loads((tmp_path / "s.cast.json").read_text(encoding="utf-8"))
    assert {row["speaker"].lower() for row in rows} <= set(cast["scores"])  # audiobook-creator looks names up so
    scores = {entry["name"]: entry["gender_score"] for entry in cast["scores"].values()}
    assert scores["Tsunade"] == 10 and scores["Sasuke Uchiha"] == 1 and scores["a drunk villager"] == 5
    assert all(1 <= score <= 10 for score in scores.values())
    assert {c.name for c in sample_model.characters} <= set(scores)
    sasuke = next(row for row in rows if row["line"].startswith('"Hey Naruto'))
    assert (sasuke["speaker"], sasuke["kind"], sasuke["addressee_names"]) == ("Sasuke Uchiha", "speech", ["Naruto Uzumaki"])


def test_csv_rows_and_formula_cells(tmp_path):
    text = '=HYPERLINK("x") she wrote.\n\n"-1," said Bo.\n'
    model = make_model(text, characters=[character("c0", "Bo")], utterances=[utterance(0, text, '"-1,"', "c0")])
    export(model, "csv", tmp_path / "s.csv")
    with (tmp_path / "s.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["line"].startswith("'=HYPERLINK")  # a spreadsheet would run it
    assert [row["speaker"] for row in rows] == ["Narrator", "Bo", "Narrator"]
    assert rows[1]["line"] == '"-1,"'


def test_parquet_lines(sample_model, tmp_path):
    export(sample_model, "parquet", tmp_path / "s.parquet")
    table = pq.read_table(tmp_path / "s.parquet")
    assert "".join(table.column("line").to_pylist()) == sample_model.text
    kinds = Counter(table.column("kind").to_pylist())
    assert kinds["thought"] == 2 and kinds["telepathy"] == 1 and kinds["speech"] == 6


def test_sml_script_and_characters_file(sample_model, tmp_path):
    result = export(sample_model, "sml", tmp_path / "s.sml.txt", telepathy="mark")
    script = (tmp_path / "s.sml.txt").read_text(encoding="utf-8")
    blocks = re.findall(r"\[voice:([^\]]+)\](.*?)\[/voice\]", script)
    assert len(blocks) == len(sample_model.utterances)
    assert ("Kurama (telepathy)", '"Kit I think') == (blocks[6][0], blocks[6][1][:12])
    assert '[/voice] yelled Sasuke.\n\n' in script  # the tag is narration, read by the default voice
    characters = json.loads(result.paths[1].read_text(encoding="utf-8"))["characters"]
    assert {name for name, _ in blocks} <= {entry["voice"] for entry in characters}


def test_sml_story_text_cannot_switch_voices(tmp_path):
    text = 'He typed [voice:Evil] hi [/voice] and [pause].\n\n"Go," said Al.\n'
    model = make_model(text, characters=[character("c0", "Al")], utterances=[utterance(0, text, '"Go,"', "c0")])
    export(model, "sml", tmp_path / "s.sml.txt")
    script = (tmp_path / "s.sml.txt").read_text(encoding="utf-8")
    assert script == 'He typed (voice:Evil) hi (/voice) and (pause).\n\n[voice:Al]"Go,"[/voice] said Al.\n'


def test_ssml_parses_and_its_voice_map_goes_back_in(sample_model, tmp_path):
    export(sample_model, "ssml", tmp_path / "s.ssml")
    root = etree.parse(str(tmp_path / "s.ssml")).getroot()
    assert root.tag == f"{{{SSML_NS}}}speak"
    voices = root.findall(f".//{{{SSML_NS}}}voice")
    lines = [line for line in story_lines(sample_model) if line.text.strip()]
    assert [v.text for v in voices] == [" ".join(line.text.split()) for line in lines]
    voice_map = json.loads((tmp_path / "s.voices.json").read_text(encoding="utf-8"))
    assert {v.get("name") for v in voices} <= set(voice_map.values())
    voice_map["Sasuke Uchiha"] = "en-GB-RyanNeural"
    export(sample_model, "ssml", tmp_path / "t.ssml", voices=voice_map)
    again = etree.parse(str(tmp_path / "t.ssml")).getroot()
    hey = next(v for v in again.iter(f"{{{SSML_NS}}}voice") if v.text.startswith('"Hey Naruto'))
    assert hey.get("name") == "en-GB-RyanNeural"


def test_ssml_escapes_markup_and_control_characters(tmp_path):
    text = 'She said <b>&amp;</b>\x07.\n\n"</voice><voice name=\'x\'>," said Al.\n'
    model = make_model(text, characters=[character("c0", "Al")],
                       utterances=[utterance(0, text, "\"</voice><voice name='x'>,\"", "c0")])
    export(model, "ssml", tmp_path / "s.ssml")
    voices = etree.parse(str(tmp_path / "s.ssml")).getroot().findall(f".//{{{SSML_NS}}}voice")
    assert [v.text for v in voices] == ["She said <b>&amp;</b>\ufffd.", "\"</voice><voice name='x'>,\"", "said Al."]


def test_a_voice_map_missing_a_speaker_is_refused(sample_model, tmp_path):
    with pytest.raises(ExportError, match="no voice for: .*Kurama"):
        export(sample_model, "ssml", tmp_path / "s.ssml", voices={"Narrator": "n"})
    assert not list(tmp_path.iterdir())


def test_gexf_conversation_graph_per_chapter(small_model, tmp_path):
    export(small_model, "gexf", tmp_path / "s.gexf")
    graph = nx.read_gexf(tmp_path / "s.gexf")
    assert {data["label"] for _, data in graph.nodes(data=True)} == {"Anna", "Ben"}
    edges = sorted((a, b, d["chapter"], d["weight"]) for a, b, d in graph.edges(data=True))
    assert edges == [("c0", "c1", 1, 1), ("c1", "c0", 1, 1)]
    assert etree.parse(str(tmp_path / "s.gexf")).getroot().find("{*}graph").get("mode") == "dynamic"
    export(small_model, "gexf", tmp_path / "t.gexf")
    assert (tmp_path / "s.gexf").read_bytes() == (tmp_path / "t.gexf").read_bytes()
    assert b"lastmodifieddate" not in (tmp_path / "s.gexf").read_bytes()  # no date: the same model, the same file


def test_gexf_of_the_sample_counts_every_addressed_line(sample_model, tmp_path):
    export(sample_model, "gexf", tmp_path / "s.gexf")
    graph = nx.read_gexf(tmp_path / "s.gexf")
    addressed = sum(len(u.addressees) for u in sample_model.utterances if u.speaker)
    talk = [d for _, _, d in graph.edges(data=True) if d.get("kind") != "relationship"]
    assert sum(d["weight"] for d in talk) == addressed
    assert graph.number_of_nodes() == len(sample_model.characters)
    phases = sum(len(r.phases) for r in sample_model.relationships)
    assert phases and len(graph.edges) - len(talk) == phases  # one edge per relationship phase


def test_graph_json_one_graph_per_chapter(small_model, tmp_path):
    export(small_model, "graph-json", tmp_path / "s.graph.json")
    payload = json.loads((tmp_path / "s.graph.json").read_text(encoding="utf-8"))
    graphs = [nx.node_link_graph(chapter, edges="edges") for chapter in payload["chapters"]]
    assert [g.graph["chapter"] for g in graphs] == [1, 2]
    assert sorted(graphs[0].edges) == [("c0", "c1"), ("c1", "c0")] and not graphs[1].edges
    assert payload["relationships"] == []


def test_relationships_are_added_when_the_model_has_them(small_model, tmp_path):
    chapter_2 = small_model.text.index("Chapter 2")
    model = StoryModel.model_validate({**small_model.model_dump(), "relationships": [
        {"a": "c0", "b": "c1", "kind": "friend", "phases": [
            {"start": 0, "end": 9, "polarity": "friendly", "evidence": [[0, 9]]},
            {"start": chapter_2, "end": len(small_model.text), "polarity": "hostile", "evidence": [[chapter_2, chapter_2 + 9]]},
        ]}
    ]})
    export(model, "gexf", tmp_path / "s.gexf")
    graph = nx.read_gexf(tmp_path / "s.gexf")
    kinds = Counter(d["kind"] for _, _, d in graph.edges(data=True))
    assert kinds == {"conversation": 2, "relationship": 2}
    phases = sorted((d["polarity"], d["start"], d["end"]) for _, _, d in graph.edges(data=True) if "polarity" in d)
    assert phases == [("friendly", 1, 1), ("hostile", 2, 2)]
    export(model, "graph-json", tmp_path / "s.graph.json")
    relationship = json.loads((tmp_path / "s.graph.json").read_text())["relationships"][0]
    assert (relationship["source"], relationship["relationship"], relationship["polarity"]) == ("c0", "friend", "friendly")


def test_json_html_and_tables(sample_model, tmp_path):
    export(sample_model, "json", tmp_path / "s.json")
    assert StoryModel.model_validate_json((tmp_path / "s.json").read_bytes()) == sample_model
    export(sample_model, "html", tmp_path / "s.html")
    assert (tmp_path / "s.html").read_text(encoding="utf-8").startswith("<!")
    result = export(sample_model, "tables", tmp_path / "s.tables")
    assert sorted(p.name for p in result.paths) == [
        "characters.parquet", "events.parquet", "groups.parquet", "interactions.parquet", "memberships.parquet",
        "relationships.parquet", "segments.parquet", "utterances.parquet", "works.parquet",
    ]
    assert pq.read_table(tmp_path / "s.tables" / "utterances.parquet").num_rows == len(sample_model.utterances)


def test_validation_refuses_ids_outside_the_cast_and_unnamed_characters(tmp_path):
    text = '"Hi," said Al.\n'
    stray = make_model(text, characters=[character("c0", "Al")], utterances=[utterance(0, text, '"Hi,"', "c9", ["c8"])])
    with pytest.raises(ExportError, match="ids outside the cast: c8, c9"):
        export(stray, "sml", tmp_path / "s.sml.txt")
    unnamed = make_model(text, characters=[character("c0", " ")], utterances=[utterance(0, text, '"Hi,"', "c0")])
    with pytest.raises(ExportError, match="characters without a name: c0"):
        export(unnamed, "jsonl", tmp_path / "s.jsonl")
    assert not list(tmp_path.iterdir())


def test_lines_without_a_speaker_are_counted(small_model, tmp_path):
    assert export(small_model, "jsonl", tmp_path / "s.jsonl").narrator_fallbacks == 1
    skipped = ExportOptions(notes="skip")
    assert export(small_model, "csv", tmp_path / "s.csv", skipped).narrator_fallbacks == 1


def test_an_unknown_format_is_refused(small_model, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'mp3'; choose one of csv, "):
        export(small_model, "mp3", tmp_path / "s.mp3")


def test_a_speaker_against_the_adjacent_tag_is_warned_about(tmp_path):
    text = '"Go," said Ben.\n\nAnna said, "Stay."\n\n"Why?" Anna asked.\n'
    model = make_model(
        text,
        characters=[character("c0", "Anna"), character("c1", "Ben")],
        utterances=[utterance(0, text, '"Go,"', "c0"), utterance(1, text, '"Stay."', "c1"),
                    utterance(2, text, '"Why?"', "c0")],
    )
    result = export(model, "jsonl", tmp_path / "s.jsonl")
    assert result.warnings == [
        "u0 is given to Anna, but the tag beside it says 'said Ben'",
        "u1 is given to Ben, but the tag beside it says 'Anna said'",
    ]


def test_a_first_person_narrator_speaks_in_the_narration_voice(tmp_path):
    from ficlens.model import Character

    text = 'I looked up. "Hi," I said.\n\n"Hey," said Bo.\n'
    jake = Character(id="c0", name="Jake (narrator)", aliases=["I"], mentions=[], kind="narrator")
    model = make_model(text, characters=[jake, character("c1", "Bo", "male")],
                       utterances=[utterance(0, text, '"Hi,"', "c0"), utterance(1, text, '"Hey,"', "c1")])
    export(model, "ssml", tmp_path / "s.ssml")
    voice_map = json.loads((tmp_path / "s.voices.json").read_text(encoding="utf-8"))
    assert voice_map == {"Narrator": "narrator", "Jake (narrator)": "narrator", "Bo": "male-1"}


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_every_format_is_deterministic(small_model, tmp_path, name):
    suffix = EXPORTERS[name].suffix
    first = export(small_model, name, tmp_path / "a" / f"s{suffix}").paths
    second = export(small_model, name, tmp_path / "b" / f"s{suffix}").paths
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
