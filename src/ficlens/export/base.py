"""The exporter interface and its registry: a format is a class with a name, its file suffixes and `write`.

A new format is one module with one `@register`ed class; nothing in the pipeline or the CLI changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ficlens.atomic import write_atomic
from ficlens.export.checks import check_tags, check_voice_map, validate
from ficlens.export.errors import ExportError
from ficlens.export.lines import story_lines
from ficlens.export.options import ExportOptions
from ficlens.model import StoryModel


class Exporter(ABC):
    name: ClassVar[str]
    suffix: ClassVar[str]
    """Suffix of the main file (`story.sml`); companion files are named after it (`story.characters.json`)."""
    description: ClassVar[str]

    @abstractmethod
    def render(self, model: StoryModel, out: Path, options: ExportOptions) -> dict[Path, bytes | str]:
        """Every file of the export, rendered in memory first, so a failure leaves nothing half-written."""

    def write(self, model: StoryModel, out: Path, options: ExportOptions) -> list[Path]:
        files = self.render(model, out, options)
        for path, data in files.items():
            write_atomic(path, data)
        return list(files)


EXPORTERS: dict[str, Exporter] = {}


def companion(out: Path, suffix: str) -> Path:
    """A file that goes with `out`: `story.sml` -> `story.characters.json`."""
    return out.with_name(f"{out.stem}{suffix}")


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.name] = cls()
    return cls


def exporter(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of {', '.join(sorted(EXPORTERS))}") from None


@dataclass
class ExportResult:
    paths: list[Path]
    narrator_fallbacks: int
    """Utterances with no known speaker, read by the narrator."""
    warnings: list[str] = field(default_factory=list)


def export(
    model: StoryModel, to: str, out: str | Path, options: ExportOptions | None = None, **choices
) -> ExportResult:
    """Validate the model, render every file of format `to`, then write them (each atomically).

    `choices` are `ExportOptions` fields (`thoughts="skip"`), for calls from Python."""
    if options is not None and choices:
        raise TypeError("give either options or keyword choices, not both")
    options = options or ExportOptions(**choices)
    chosen = exporter(to)
    validate(model)
    lines = story_lines(model, options)
    warnings = check_voice_map(model, lines, options) + check_tags(model, lines)
    paths = chosen.write(model, Path(out), options)
    return ExportResult(paths=paths, narrator_fallbacks=sum(line.fallback for line in lines), warnings=warnings)
