import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from ficlens.model import json_schema
from tests.conftest import ROOT, SAMPLE

FICLENS = [sys.executable, "-m", "ficlens"]


def run(*args, cwd=None):
    return subprocess.run([*FICLENS, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_committed_schema_matches_the_model():
    committed = json.loads((ROOT / "schema" / "story-model-1.1.json").read_text())
    assert committed == json_schema(), "regenerate with: ficlens schema > schema/story-model-1.1.json"


def test_sample_output_validates_against_the_schema(sample_model):
    schema = json.loads((ROOT / "schema" / "story-model-1.1.json").read_text())
    jsonschema.validate(json.loads(sample_model.model_dump_json()), schema)


def test_analyze_writes_json_and_html(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("no shared sample")
    result = run("analyze", SAMPLE, "--json", tmp_path / "s.json", "--html", tmp_path / "s.html")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "s.json").read_text())
    assert len(model["utterances"]) == 9
    assert (tmp_path / "s.html").read_text().startswith("<!")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.html", "s.json"]


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("ficlens ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("dir", "is a directory"),
        (b"", "empty"),
        (b"   \n\n  ", "no text"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
    ],
)
def test_bad_input_gets_one_line_error_and_no_output(tmp_path, content, message):
    story = tmp_path / "story.txt"
    if content == "dir":
        story.mkdir()
    elif content is not None:
        story.write_bytes(content)
    out = tmp_path / "out.json"
    result = run("analyze", story, "--json", out)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


def test_undecodable_text_falls_back_with_a_warning(tmp_path):
    story = tmp_path / "latin1.txt"
    story.write_bytes('"Caf\u00e9 au lait, s\'il vous pla\u00eet," said Ren\u00e9e.\n\nShe smiled.'.encode("cp1252"))
    result = run("analyze", story)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "decoded as" in result.stderr
    model = json.loads(result.stdout)
    assert model["utterances"][0]["text"].startswith("Caf\u00e9")


def test_unknown_fandom_is_a_clear_error(tmp_path):
    story = tmp_path / "s.txt"
    story.write_text('"Hi," said Ann.')
    result = run("analyze", story, "--fandom", "nope")
    assert result.returncode == 2 and "no fandom pack" in result.stderr and "Traceback" not in result.stderr


def test_offsets_are_code_points_into_the_decoded_text(tmp_path):
    text = "\ufeffÉlodie — “Ça va?” demanda Zoë. 🙂\r\n\r\n“Oui,” said Zoë."
    story = tmp_path / "s.txt"
    story.write_bytes(text.encode("utf-8"))
    result = run("analyze", story)
    model = json.loads(result.stdout)
    decoded = Path(story).read_bytes().decode("utf-8")
    assert model["text"] == decoded
    for u in model["utterances"]:
        assert decoded[u["start"] + 1 : u["end"] - 1] == u["text"]
    assert [u["text"] for u in model["utterances"]] == ["Ça va?", "Oui,"]


def test_a_file_too_large_is_refused_before_reading(tmp_path):
    from ficlens.ingest.document import MAX_BYTES

    story = tmp_path / "huge.txt"
    with story.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk space used
    result = run("analyze", story, "--json", tmp_path / "out.json")
    assert result.returncode == 2 and "too large" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_written_files_get_the_usual_permissions_not_mkstemps_private_ones(tmp_path):
    import os
    import stat

    from ficlens.atomic import FILE_MODE, write_atomic

    write_atomic(tmp_path / "out.json", "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "out.json").stat().st_mode) == FILE_MODE & ~mask
