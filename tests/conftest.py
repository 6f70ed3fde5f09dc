from __future__ import annotations

from pathlib import Path

import pytest

from ficlens import analyze_bytes
from ficlens.model import StoryModel

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SAMPLE = SHARED / "samples" / "000_ebd54658bc8c22b7.txt"


def analyze_text(text: str, fandom: str | None = "none") -> StoryModel:
    return analyze_bytes(text.encode("utf-8"), name="test.txt", fandom=fandom)


class View:
    """A story model with look-ups by name, so tests read like the story."""

    def __init__(self, model: StoryModel) -> None:
        self.model = model
        self.names = {c.id: c.name for c in model.characters}

    def speaker(self, number: int) -> str | None:
        speaker = self.model.utterances[number].speaker
        return self.names.get(speaker) if speaker else None

    def addressees(self, number: int) -> list[str]:
        return [self.names[a] for a in self.model.utterances[number].addressees]

    def character(self, name: str):
        matches = [c for c in self.model.characters if c.name == name]
        assert len(matches) == 1, f"{name!r} is {len(matches)} characters: {self.names}"
        return matches[0]


@pytest.fixture
def view():
    def make(text: str, fandom: str | None = "none") -> View:
        return View(analyze_text(text, fandom))

    return make


@pytest.fixture(scope="session")
def sample_model() -> StoryModel:
    if not SAMPLE.exists():
        pytest.skip("the shared sample story is not beside the repository")
    return analyze_bytes(SAMPLE.read_bytes(), name=SAMPLE.name)


def analysis_for(step: str, text: str, fandom: str | None = "none"):
    """The analysis one step starts from: `text` run through only the steps that step requires."""
    from ficlens.document import Document
    from ficlens.pipeline import PIPELINE, start_analysis

    document = Document(text=text, encoding="utf-8")
    return PIPELINE.needed_for(step).run(start_analysis(document, fandom))


def run_step(step: str, text: str, fandom: str | None = "none"):
    """`text` analysed up to and including `step` alone (its requirements first, nothing after it)."""
    from ficlens.pipeline import PIPELINE

    analysis = analysis_for(step, text, fandom)
    PIPELINE.step(step)(analysis)
    return analysis
