"""The pipeline: its order is checked, steps can be cut out for tests and training, and every step runs alone
on a small text, on an analysis built by the steps it requires (and no others)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import get_args

import pytest

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast
from ficlens.dialogue.evidence import RULES
from ficlens.dialogue.ranker import RANKED_EVIDENCE
from ficlens.document import Document
from ficlens.errors import FiclensError, InputError, PipelineError
from ficlens.model import Evidence
from ficlens.pipeline import PIPELINE, STEPS
from ficlens.steps import Pipeline, Step
from tests.conftest import analysis_for, run_step

README = Path(__file__).resolve().parents[1] / "README.md"
OUTSIDE_THE_PIPELINE = {"ingest", "report", "web app"}
"""Rows of the README's step table that are not pipeline steps: ingest runs before, the others after."""


def _table() -> list[list[str]]:
    text = README.read_text("utf-8")
    section = text[text.index("| step | module |") :]
    rows = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _layers(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    requires, assigns = cell.split("→")
    return tuple(w.strip() for w in requires.split(",")), tuple(w.strip() for w in assigns.split(","))


def test_the_readme_step_table_is_the_pipeline():
    rows = [row for row in _table() if row[0] not in OUTSIDE_THE_PIPELINE]
    assert [row[0] for row in rows] == PIPELINE.names
    for (name, module, layers, _), step in zip(rows, PIPELINE, strict=True):
        path = step.run.__module__.removeprefix("ficlens.").replace(".", "/") + ".py"
        first = re.findall(r"`([^`]+)`", module)[0]
        assert path.startswith(first), (name, path, first)
        assert _layers(layers) == (step.requires, step.assigns), name


def test_a_step_before_what_it_requires_is_refused_when_the_pipeline_is_built():
    cast = PIPELINE.step("cast")
    order = [s for s in STEPS if s is not cast]
    order.insert(order.index(PIPELINE.step("quotes")), cast)  # the cast before the quotes
    with pytest.raises(PipelineError, match="step 'cast' requires quotes"):
        Pipeline(order)
    with pytest.raises(PipelineError, match="step 'cast' requires parse"):
        PIPELINE.without("parse")
    with pytest.raises(PipelineError, match="unknown layers: quotations"):
        Pipeline([Step("typo", lambda a: None, requires=("quotations",))])  # type: ignore[arg-type]
    with pytest.raises(PipelineError, match="two steps"):
        Pipeline([STEPS[0], STEPS[0]])
    assert issubclass(PipelineError, FiclensError) and issubclass(InputError, FiclensError)


def test_stop_before_skip_and_needed_for():
    assert PIPELINE.before("ranker").names == [
        "structure", "parse", "quotes", "emphasis", "chat", "marked", "letters", "cast", "speakers"
    ]
    assert "ranker" not in PIPELINE.without("ranker").names
    assert PIPELINE.needed_for("quotes").names == ["structure"]
    assert PIPELINE.needed_for("cast").names == ["structure", "parse", "quotes", "emphasis", "chat", "marked", "letters"]
    assert PIPELINE.needed_for("addressees").names == PIPELINE.before("addressees").names
    with pytest.raises(PipelineError, match="no step named 'relation'"):
        PIPELINE.before("relation")


def test_progress_is_told_every_step_in_order():
    told = []
    PIPELINE.needed_for("cast").run(
        Analysis(document=Document(text='"Hi," said Ann.', encoding="utf-8")), lambda name, _: told.append(name)
    )
    assert told == ["structure", "parse", "quotes", "emphasis", "chat", "marked", "letters"]


# ----------------------------------------------------------------------------------------- single steps


def test_structure_step_alone():
    analysis = run_step("structure", "Chapter 1\n\nShe ran.\n\n***\n\nHe stayed.\n\nA/N: thanks for reading!")
    assert [(p.marker, p.note, p.scene) for p in analysis.paragraphs] == [
        (True, False, 1), (False, False, 1), (True, False, 2), (False, False, 2), (False, True, 2),
    ]
    assert sorted(s.kind for s in analysis.segments) == ["author_note", "chapter", "scene", "scene", "scene_break"]


def test_quotes_step_alone_needs_no_parse():
    analysis = run_step("quotes", "\"Come here,\" she said. 'Not yet,' he thought.\n\n\"Now!\"")
    assert all(p.doc is None for p in analysis.paragraphs)  # the parse did not run
    assert [(analysis.text[q.inner_start : q.inner_end], q.kind) for q in analysis.quotes] == [
        ("Come here,", "speech"), ("Not yet,", "thought"), ("Now!", "speech"),
    ]


def test_cast_step_alone():
    text = "Mr. Darcy bowed. Fitzwilliam Darcy was proud, and Mrs. Bennet knew it.\n\n\"Sir,\" said Mrs. Bennet."
    analysis = run_step("cast", text)
    names = sorted(m.name for _, m in analysis.cast.kept())
    assert names == ["Fitzwilliam Darcy", "Mrs. Bennet"]
    darcy = analysis.cast.lookup("Mr. Darcy")
    assert analysis.cast.member_at(text.index("Fitzwilliam")) == darcy
    assert all(q.speaker is None for q in analysis.quotes)  # speakers did not run


def test_speakers_step_alone():
    analysis = run_step("speakers", '"Hello," said Anna.\n\n"Hi," Boris replied.\n\n"How are you?"')
    cast = analysis.cast
    assert [cast.members[q.speaker].name for q in analysis.quotes] == ["Anna", "Boris", "Anna"]
    assert [q.evidence for q in analysis.quotes] == ["explicit-tag", "explicit-tag", "turn-taking"]
    assert [q.confidence for q in analysis.quotes] == [0.95, 0.95, 0.6]
    assert all(q.addressees == [] for q in analysis.quotes)  # addressees did not run


def test_addressees_step_alone():
    analysis = analysis_for("addressees", '"Boris, wait," said Anna.\n\n"What?" said Boris.')
    assert all(q.addressees == [] for q in analysis.quotes)
    PIPELINE.step("addressees")(analysis)
    cast = analysis.cast
    assert [([cast.members[a].name for a in q.addressees], q.addressee_evidence) for q in analysis.quotes] == [
        (["Boris"], "vocative"), (["Anna"], "previous-speaker"),
    ]


# ----------------------------------------------------------------------------------------- the cast layer


def test_the_mention_index_follows_every_change():
    cast = Cast()
    anna = cast.add("Anna")
    boris = cast.add("Boris")
    cast.add_mention(anna, (0, 4), "Anna")
    assert cast.member_at(2) == anna and cast.member_at(10) is None
    cast.add_alias(boris, "Bo", [(10, 12)])
    assert cast.member_at(10) == boris
    assert cast.mentions_between(0, 20) == [(0, 4, anna), (10, 12, boris)]
    cast.merge(boris, anna)
    assert cast.member_at(10) == anna and cast.mentions_between(0, 20) == [(0, 4, anna), (10, 12, anna)]
    cast.note_speakers([boris, None])
    assert cast.speakers == {boris}


# ----------------------------------------------------------------------------------------- evidence


def test_every_evidence_name_the_code_writes_is_in_the_schema():
    names = set(get_args(Evidence))
    assert {evidence for evidence, _ in RULES.values()} | set(RANKED_EVIDENCE) | {"ranker"} <= names
    weights = json.loads((resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").read_text())
    learned = {name.split(":", 1)[1] for forest in weights["passes"] for name in forest["features"] if name.startswith("sieve:")}
    assert learned and learned <= names, learned - names  # a typo would silently zero a learned weight
