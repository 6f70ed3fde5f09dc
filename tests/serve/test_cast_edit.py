"""Cast corrections: each edit re-runs the analysis with the roster, which is offered and saved as --cast."""

from __future__ import annotations

import tomllib

import pytest

from ficlens.roster import Roster, RosterCharacter, load_roster
from ficlens.serve.cast_edit import CastEdit, CastEditError, apply_edit
from tests.serve.conftest import POST, analyse, wait


def cast_of(client, work: str) -> dict[str, dict]:
    return {c["name"]: c for c in client.get(f"/api/works/{work}").json()["cast"]}


def edit(client, work: str, **change) -> str:
    response = client.post(f"/api/works/{work}/cast", json=change, headers=POST)
    assert response.status_code == 202, response.text
    job = wait(client, response.json())
    assert job["state"] == "done", job
    return job["work"]


def test_merge_moves_the_lines(client, sample_bytes):
    work = analyse(client, sample_bytes, "sample.txt")
    before = cast_of(client, work)
    merged = edit(client, work, op="merge", character=before["Kurama"]["id"], target=before["Naruto Uzumaki"]["id"])
    after = cast_of(client, merged)
    assert "Kurama" not in after
    assert after["Naruto Uzumaki"]["lines"] == before["Naruto Uzumaki"]["lines"] + before["Kurama"]["lines"]
    assert "Kyuubi" in after["Naruto Uzumaki"]["aliases"]  # the model lists the forms the text uses
    roster = tomllib.loads(client.get(f"/api/works/{merged}/roster.toml").text)
    assert not any(c["name"] == "Kurama" for c in roster["characters"])


def test_rename_gender_and_not_a_character(client, sample_bytes):
    work = analyse(client, sample_bytes)
    cast = cast_of(client, work)
    renamed = edit(client, work, op="rename", character=cast["Sasuke Uchiha"]["id"], name="  Sasuke  the Avenger ")
    cast = cast_of(client, renamed)
    assert "Sasuke Uchiha" not in cast and cast["Sasuke the Avenger"]["lines"] >= 3
    gendered = edit(client, renamed, op="gender", character=cast["Tsunade"]["id"], gender="nonbinary")
    cast = cast_of(client, gendered)
    assert cast["Tsunade"]["gender"] == "nonbinary"
    dropped = edit(client, gendered, op="not_character", character=cast["Tayuya"]["id"])
    assert "Tayuya" not in cast_of(client, dropped)
    roster = tomllib.loads(client.get(f"/api/works/{dropped}/roster.toml").text)
    assert "Tayuya" in roster["not_characters"]
    names = {c["name"]: c for c in roster["characters"]}
    assert names["Tsunade"]["gender"] == "nonbinary" and "Sasuke Uchiha" in names["Sasuke the Avenger"]["aliases"]


def test_corrections_are_saved_to_the_cast_file_and_apply_to_the_next_upload(make_client, sample_bytes, tmp_path):
    path = tmp_path / "cast.yaml"
    client = make_client(cast_path=path)
    work = analyse(client, sample_bytes)
    cast = cast_of(client, work)
    edit(client, work, op="rename", character=cast["Naruto Uzumaki"]["id"], name="Kit")
    saved = load_roster(path)
    assert any(c.name == "Kit" and "Naruto Uzumaki" in c.aliases for c in saved.characters)
    again = analyse(client, sample_bytes)  # a new upload: the roster applies
    assert "Kit" in cast_of(client, again) and "Naruto Uzumaki" not in cast_of(client, again)


def test_bad_edits_are_one_line_400s(client, sample_bytes):
    work = analyse(client, sample_bytes)
    cast = cast_of(client, work)
    naruto = cast["Naruto Uzumaki"]["id"]
    for change in (
        {"op": "merge", "character": naruto, "target": naruto},
        {"op": "rename", "character": naruto, "name": "   "},
        {"op": "rename", "character": "c999", "name": "X"},
        {"op": "split", "character": naruto, "alias": "Nobody"},
    ):
        response = client.post(f"/api/works/{work}/cast", json=change, headers=POST)
        assert response.status_code == 400 and "\n" not in response.json()["detail"], change
    assert (
        client.post(f"/api/works/{work}/cast", json={"op": "explode", "character": naruto}, headers=POST).status_code
        == 422
    )
    assert client.post(f"/api/works/{work}/cast", json={"op": "gender", "character": naruto}).status_code == 403


def test_split_keeps_the_rest_and_unseen_roster_characters(sample_model):
    naruto = next(c for c in sample_model.characters if c.name == "Naruto Uzumaki")
    previous = Roster(characters=[RosterCharacter(name="Hinata Hyuga", aliases=["Hinata"])], not_characters=["Konoha"])
    roster = apply_edit(sample_model, previous, CastEdit(op="split", character=naruto.id, alias="Kit", name="Kit"))
    names = {c.name: c for c in roster.characters}
    assert "Kit" not in names["Naruto Uzumaki"].aliases and names["Kit"].aliases == []
    assert "Hinata Hyuga" in names and roster.not_characters == ["Konoha"]
    with pytest.raises(CastEditError):
        apply_edit(sample_model, None, CastEdit(op="merge", character=naruto.id, target="nope"))


def test_split_an_alias_off_makes_a_character_of_it(client, sample_bytes):
    work = analyse(client, sample_bytes)
    naruto = cast_of(client, work)["Naruto Uzumaki"]
    split = edit(client, work, op="split", character=naruto["id"], alias="demon gaki", name="The Demon")
    cast = cast_of(client, split)
    assert "demon gaki" not in cast["Naruto Uzumaki"]["aliases"]
    assert "demon gaki" in cast["The Demon"]["aliases"]
