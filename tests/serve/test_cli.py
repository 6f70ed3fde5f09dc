"""`ficlens serve` argument errors end in one line before any server starts."""

from __future__ import annotations

from typer.testing import CliRunner

from ficlens.cli import app


def test_serve_refuses_a_folder_that_is_no_store_and_a_missing_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 2 and "not a ficlens corpus store" in result.output
    result = runner.invoke(app, ["serve", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_serve_refuses_a_bad_cast_file(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text("characters = 3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--cast", str(cast)])
    assert result.exit_code == 2 and "cast.toml" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, ["serve", "--cast", str(tmp_path / "cast.txt")])
    assert result.exit_code == 2 and ".toml, .yaml or .yml" in result.output
