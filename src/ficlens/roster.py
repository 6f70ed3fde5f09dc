"""The `--cast` roster: the cast a user gives or corrects (TOML or YAML), applied before speakers are attributed.

One entry per character: the name shown, every alias (listing two predicted names in one entry merges them;
moving an alias to another entry splits it off), an optional gender; `not_characters` lists surface forms that
are never a character; `exclusive = true` makes the roster the whole cast. The alias "I" marks the first-person
narrator. The web app writes the same file, so `roster_from_model` turns a story model's cast into one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ficlens.atomic import write_atomic
from ficlens.errors import InputError
from ficlens.model import Gender, StoryModel

TOML_SUFFIXES = frozenset({".toml"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not a silently ignored line


class RosterCharacter(_Strict):
    name: str = Field(min_length=1, description="The canonical name shown.")
    aliases: list[str] = Field(default_factory=list, description="Every surface form that names the character.")
    gender: Gender | None = None

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a character needs a name")
        return " ".join(value.split())

    @property
    def forms(self) -> list[str]:
        """The name and aliases, each once, blanks dropped."""
        seen: dict[str, None] = {}
        for form in (self.name, *self.aliases):
            form = " ".join(form.split())
            if form:
                seen.setdefault(form, None)
        return list(seen)


class Roster(_Strict):
    characters: list[RosterCharacter] = Field(default_factory=list)
    not_characters: list[str] = Field(default_factory=list)
    exclusive: bool = False


def load_roster(path: Path) -> Roster:
    """Read a roster file; any problem is an `InputError` with a one-line message."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TOML_SUFFIXES | YAML_SUFFIXES:
        raise InputError(f"{path}: a roster is a .toml, .yaml or .yml file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the roster ({_one_line(error)})") from None
    try:
        data = tomllib.loads(text) if suffix in TOML_SUFFIXES else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise InputError(f"{path}: not valid {suffix[1:].upper()} ({_one_line(error)})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: a roster is a table of keys (characters, not_characters, exclusive)")
    try:
        return Roster.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "roster"
        raise InputError(f"{path}: {where}: {first['msg']}") from None


def save_roster(roster: Roster, path: Path) -> None:
    """Write a roster atomically, TOML or YAML by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = roster.model_dump(exclude_none=True)
    if suffix in TOML_SUFFIXES:
        write_atomic(path, tomli_w.dumps(data))
    elif suffix in YAML_SUFFIXES:
        write_atomic(path, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    else:
        raise InputError(f"{path}: a roster is a .toml, .yaml or .yml file")


def roster_from_model(model: StoryModel) -> Roster:
    """The predicted cast as a roster to edit: each character with its name, every alias and its gender."""
    return Roster(
        characters=[
            RosterCharacter(
                name=character.name,
                aliases=[a for a in character.aliases if a != character.name],
                gender=character.gender,
            )
            for character in model.characters
        ]
    )


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
