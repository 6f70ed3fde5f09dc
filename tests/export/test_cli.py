from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SAMPLE
from tests.export.conftest import character, make_model, utterance

FICLENS = [sys.executable, "-m", "ficlens"]


def run(*args):
    return subprocess.run([*FICLENS, "export", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_export_a_story_file_to_sml(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("no shared sample")
    story = tmp_path / "story.txt"
    story.write_bytes(SAMPLE.read_bytes())
    result = run(story, "--to", "sml", "--thoughts", "skip")
    assert result.returncode == 0, result.stderr
    assert "0 lines fell back to the narrator" in result.stderr
    script = (tmp_path / "story.sml.txt").read_text(encoding="utf-8")
    assert script.count("[voice:") == 7  # nine utterances, two of them thoughts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.sml.characters.json", "story.sml.txt", "story.txt"]


def test_export_a_story_model_and_pass_the_voice_map_back(tmp_path):
    text = '"Hi," said Al.\n\n"Hello," said Bea.\n'
    model = make_model(text, characters=[character("c0", "Al", "male"), character("c1", "Bea", "female")],
                       utterances=[utterance(0, text, '"Hi,"', "c0"), utterance(1, text, '"Hello,"', "c1")])
    (tmp_path / "m.json").write_text(model.model_dump_json(), encoding="utf-8")
    first = run(tmp_path / "m.json", "--to", "ssml", "-o", tmp_path / "out.ssml")
    assert first.returncode == 0, first.stderr
    voice_map = json.loads((tmp_path / "out.voices.json").read_text(encoding="utf-8"))
    assert voice_map == {"Narrator": "narrator", "Al": "male-1", "Bea": "female-1"}
    del voice_map["Bea"]
    (tmp_path / "edited.json").write_text(json.dumps(voice_map), encoding="utf-8")
    second = run(tmp_path / "m.json", "--to", "ssml", "-o", tmp_path / "again.ssml", "--voices", tmp_path / "edited.json")
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == ["ficlens: error: the voice map has no voice for: Bea"]
    assert not (tmp_path / "again.ssml").exists()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ('{"ficlens_version": 1}', ["--to", "csv"], "not a ficlens story model"),
        ("{not json", ["--to", "csv"], "not a ficlens story model"),
        (None, ["--to", "mp3"], "unknown export format 'mp3'"),
        (None, ["--to", "csv", "--thoughts", "loud"], "thoughts must be one of keep, skip, mark"),
        (None, ["--to", "json"], "would overwrite the input"),
        (None, ["--to", "csv", "-o", "/proc/ficlens-export/s.csv"], "cannot write it"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, args, message):
    path = tmp_path / "m.json"
    text = '"Hi," said Al.\n'
    model = make_model(text, characters=[character("c0", "Al")], utterances=[utterance(0, text, '"Hi,"', "c0")])
    path.write_text(content if content is not None else model.model_dump_json(), encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = run(path, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert sorted(tmp_path.iterdir()) == before


def test_formats_lists_the_registry():
    from ficlens.export import EXPORTERS

    result = subprocess.run([*FICLENS, "export", "--formats"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert [row.split()[0] for row in result.stdout.splitlines()] == sorted(EXPORTERS)
