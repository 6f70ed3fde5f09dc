"""Cast corrections from the web app, as edits of a `--cast` roster (see `ficlens.roster`).

The roster to edit is the analysed cast (which already reflects any roster the analysis ran with), plus what
that roster said beyond this text: its `not_characters`, `exclusive`, and characters this text never names,
so the saved file keeps applying to the next chapter.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ficlens.model import Gender, StoryModel
from ficlens.roster import Roster, RosterCharacter, roster_from_model

EditKind = Literal["rename", "merge", "split", "not_character", "gender"]


class CastEditError(ValueError):
    """An edit that cannot apply (unknown character, empty name, ...); one line for the page."""


class CastEdit(BaseModel):
    op: EditKind
    character: str = Field(description="Id of the character in the analysed story model.")
    name: str = Field("", max_length=120, description="rename: the new name; split: the new character's name.")
    target: str = Field("", description="merge: id of the character that absorbs this one.")
    alias: str = Field("", max_length=120, description="split: the alias to make a character of its own.")
    gender: Gender | None = None


def editable_roster(model: StoryModel, previous: Roster | None) -> Roster:
    """The analysed cast as a roster, keeping the aliases the previous roster gave (the model lists only the
    forms this text uses) and its characters this text never names."""
    roster = roster_from_model(model)
    if previous is None:
        return roster
    earlier = {character.name: character for character in previous.characters}
    for character in roster.characters:
        if character.name in earlier:
            character.aliases = _unique([*character.aliases, *earlier[character.name].aliases], drop=character.name)
    named = {form for character in roster.characters for form in character.forms}
    roster.characters += [c for c in previous.characters if not named.intersection(c.forms)]
    roster.not_characters = list(previous.not_characters)
    roster.exclusive = previous.exclusive
    return roster


def apply_edit(model: StoryModel, previous: Roster | None, edit: CastEdit) -> Roster:
    """The roster after `edit`; the model's characters and the roster's first entries are in the same order."""
    roster = editable_roster(model, previous)
    index = _index(model, edit.character)
    entry = roster.characters[index]
    if edit.op == "rename":
        name = _name(edit.name)
        entry.aliases = _unique([*entry.aliases, entry.name], drop=name)
        entry.name = name
    elif edit.op == "merge":
        target = roster.characters[_index(model, edit.target)]
        if target is entry:
            raise CastEditError("merge a character into another one")
        target.aliases = _unique([*target.aliases, *entry.forms], drop=target.name)
        roster.characters.remove(entry)
    elif edit.op == "split":
        if edit.alias not in entry.aliases:
            raise CastEditError(f"{entry.name} has no alias {edit.alias!r}")
        name = _name(edit.name or edit.alias)
        entry.aliases = [a for a in entry.aliases if a != edit.alias]
        roster.characters.append(RosterCharacter(name=name, aliases=_unique([edit.alias], drop=name)))
    elif edit.op == "not_character":
        roster.not_characters = _unique([*roster.not_characters, *entry.forms])
        roster.characters.remove(entry)
    else:
        entry.gender = edit.gender
    return roster


def _index(model: StoryModel, character_id: str) -> int:
    for index, character in enumerate(model.characters):
        if character.id == character_id:
            return index
    raise CastEditError(f"no character {character_id!r} in this story")


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise CastEditError("a character needs a name")
    return name


def _unique(forms: list[str], drop: str | None = None) -> list[str]:
    return [form for form in dict.fromkeys(forms) if form and form != drop]
