"""Inputs and outputs of `analyze` and `corpus run` that used to crash or lose work (issue 12), and the
per-work time and memory limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens import pipeline
from ficlens.cli import app
from ficlens.corpus.discover import find_inputs
from ficlens.corpus.runner import RunOptions, run_corpus
from ficlens.corpus.worker import Item, analyze_batch
from ficlens.limits import LimitExceeded, run_limited

STORY = b'"Hi," said Naruto.\n\n"Hello," said Sakura.\n'
BAD_NAME = os.fsdecode(b"bad\xffname.txt")


def invoke(*args: str, stdin: bytes | None = None):
    result = CliRunner().invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result


def no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran")

    monkeypatch.setattr(pipeline, "analyze_bytes", refuse)


# -------------------------------------------------------------------------------------------------- analyze


def test_dash_reads_standard_input() -> None:
    result = invoke("analyze", "-", "--timeout", "0", "--max-memory", "0", stdin=STORY)
    assert result.exit_code == 0, result.output
    assert '"text": "Hi,"' in result.output


def test_standard_input_and_devices_are_read_with_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.ingest import document

    monkeypatch.setattr(document, "MAX_BYTES", 1000)
    no_analysis(monkeypatch)
    piped = invoke("analyze", "-", stdin=b"x" * 5000)
    assert piped.exit_code == 2 and "standard input: the input is too large" in piped.output
    zero = invoke("analyze", "/dev/zero")  # its size says 0, and it never ends
    assert zero.exit_code == 2 and "too large" in zero.output


@pytest.mark.parametrize("option", ["--json", "--html"])
def test_output_never_overwrites_the_input(tmp_path: Path, option: str, monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    no_analysis(monkeypatch)
    result = invoke("analyze", str(story), option, str(tmp_path / "." / "story.txt"))
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert story.read_bytes() == STORY


@pytest.mark.parametrize("where", ["parent_is_a_file", "is_a_directory", "read_only"])
def test_unwritable_output_is_refused_before_the_analysis(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    out = {"parent_is_a_file": story / "out.json", "is_a_directory": tmp_path,
           "read_only": tmp_path / "ro" / "out.json"}[where]  # fmt: skip
    if where == "read_only":
        (tmp_path / "ro").mkdir()
        monkeypatch.setattr(os, "access", lambda path, mode: not str(path).endswith("ro"))
    no_analysis(monkeypatch)
    result = invoke("analyze", str(story), "--json", str(out))
    assert result.exit_code == 2 and "--json" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    story = tmp_path / BAD_NAME
    story.write_bytes(STORY)
    out = tmp_path / "out.json"
    result = invoke("analyze", str(story), "--json", str(out), "--timeout", "0", "--max-memory", "0")
    assert result.exit_code == 0, result.output
    assert '"name": "bad\\\\xffname.txt"' in out.read_text()


def test_analyze_time_limit_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(STORY)
    monkeypatch.setattr(pipeline, "analyze_bytes", lambda *a, **k: time.sleep(30))
    started = time.monotonic()
    result = invoke("analyze", str(story), "--timeout", "0.5", "--json", str(tmp_path / "o.json"))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "time limit of 0.5 s" in result.output
    assert not (tmp_path / "o.json").exists()


def test_pathological_quote_marks_are_cheap() -> None:
    """300 KB of quote marks took 75-157 s and 3.3 GB (one spaCy token per mark, and the tokenizer's affix
    search is quadratic in a word's length); now the marks are one token per run."""
    from ficlens.nlp import _break_long_runs, _cheap_marks

    text = '"' * 300_000
    prepared = _break_long_runs(_cheap_marks(text))
    assert len(prepared) == len(text) and max(map(len, prepared.split())) < 1000
    started = time.monotonic()
    model = pipeline.analyze_bytes(text.encode(), name="quotes.txt")
    assert time.monotonic() - started < 60 and model.text == text


# ----------------------------------------------------------------------------------------------------- limits


def _sleep() -> None:
    time.sleep(30)


def _hog() -> int:
    return len(bytearray(4 * 2**30))


def test_limits_time_and_memory() -> None:
    with pytest.raises(LimitExceeded) as slow:
        run_limited(_sleep, seconds=0.3, memory_mb=None)
    assert slow.value.kind == "TimeLimit"
    with pytest.raises(LimitExceeded) as big:
        run_limited(_hog, seconds=60, memory_mb=512)
    assert big.value.kind == "MemoryLimit" and "512 MiB" in str(big.value)
    assert run_limited(divmod, 7, 2, seconds=10, memory_mb=1024) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        run_limited(divmod, 1, 0, seconds=10, memory_mb=1024)


# ------------------------------------------------------------------------------------------------- corpus run


def test_symlink_loop_and_non_utf8_names_are_found_not_crashed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_bytes(STORY)
    (tmp_path / BAD_NAME).write_bytes(STORY)
    os.symlink("loop", tmp_path / "loop")
    os.symlink(tmp_path, tmp_path / "again")  # a folder linking to its parent: not followed
    found = {Path(c.path).name: c for c in find_inputs([str(tmp_path)])}
    assert set(found) == {"good.txt", BAD_NAME, "loop"}
    assert found["loop"].size == -1 and found["loop"].error == "a symlink loop"
    assert found[BAD_NAME].shown.endswith("bad\\xffname.txt")
    assert find_inputs([str(tmp_path / "loop")])[0].error == "a symlink loop"  # given as an argument


def test_unreadable_folders_are_reported_and_fail_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    (inputs / "locked").mkdir(parents=True)
    (inputs / "locked" / "hidden.txt").write_bytes(STORY)
    os.symlink("loop", inputs / "loop")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # (as root, chmod 000 would not stop the walk)
    summary = run_corpus(RunOptions(inputs=[str(inputs)], store=tmp_path / "store", progress=False), echo=print)
    assert summary.failed == 2 and not summary.ok  # not "0 failed"
    from ficlens.corpus.query import query

    errors = sorted(query(tmp_path / "store", "SELECT regexp_extract(path, '[^/]+$'), error FROM errors")[1])
    assert errors == [("locked", "cannot read this folder (Permission denied)"), ("loop", "a symlink loop")]


def _item(path: Path) -> Item:
    info = path.stat()
    return Item(str(path), "0" * 64, info.st_size, info.st_mtime_ns)


def test_worker_stores_non_utf8_names(tmp_path: Path) -> None:
    story = tmp_path / BAD_NAME
    story.write_bytes(STORY)
    tables = analyze_batch([_item(story)], fandom="none", seconds=120, memory_mb=None)["tables"]
    assert tables["works"].column("path").to_pylist() == [str(tmp_path) + "/bad\\xffname.txt"]
    assert tables["works"].column("name").to_pylist() == ["bad\\xffname.txt"]


def test_worker_time_and_memory_limits_are_error_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = tmp_path / "s.txt"
    story.write_bytes(STORY)
    monkeypatch.setattr(pipeline, "analyze_bytes", lambda *a, **k: time.sleep(30))
    slow = analyze_batch([_item(story)], seconds=0.5, memory_mb=None)["tables"]["errors"].to_pylist()
    assert [row["error_type"] for row in slow] == ["TimeLimit"]
    monkeypatch.setattr(pipeline, "analyze_bytes", lambda *a, **k: _hog())
    big = analyze_batch([_item(story)], seconds=60, memory_mb=512)["tables"]["errors"].to_pylist()
    assert [row["error_type"] for row in big] == ["MemoryLimit"]
