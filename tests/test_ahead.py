"""Ahead work (`ficlens.ahead`): later steps' parts computed in a forked process give the results the steps
would compute themselves, and every use falls back to computing in-process when no result comes."""

from __future__ import annotations

import os
import sys
import time

import pytest

from ficlens import ahead, nlp
from ficlens.document import Document
from ficlens.pipeline import PIPELINE, analyze_bytes, start_analysis
from ficlens.steps import Pipeline, Step
from tests.test_determinism import STORY

fork_only = pytest.mark.skipif(sys.platform != "linux", reason="the ahead process is forked, on Linux only")


def _analysis():
    return start_analysis(Document(text=STORY, encoding="utf-8"), "none")


def _pid(analysis) -> int:
    return os.getpid()


PARENT = os.getpid()
"""The test process (an ahead process is another)."""


def _pid_or_die(analysis) -> int:
    if os.getpid() != PARENT:
        os._exit(1)  # the ahead process dies before sending
    return os.getpid()


def _pid_or_fail(analysis) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("only in the ahead process")
    return os.getpid()


def _read_pids(job, seen: list[int]) -> Pipeline:
    reader = Step("reader", lambda analysis: seen.append(ahead.result(analysis, job)), requires=("quotes",),
                  ahead=(job,))
    return Pipeline([*PIPELINE.needed_for("cast"), reader])


def test_the_ahead_work_starts_after_the_last_step_that_changes_what_it_reads():
    assert PIPELINE.names[PIPELINE.fork_at] == "cast"
    assert all(not set(step.assigns) & set(ahead.READS) for step in PIPELINE.steps[PIPELINE.fork_at :])
    assert PIPELINE.ahead_jobs == [job for step in PIPELINE.steps for job in step.ahead]


@fork_only
def test_an_ahead_result_comes_from_the_second_process_with_two(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "2")
    seen: list[int] = []
    analysis = _read_pids(_pid, seen).run(_analysis())
    assert seen and seen[0] != os.getpid()
    assert analysis.ahead is None  # the process is ended with the pipeline


def test_with_one_process_each_step_computes_its_own(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "1")
    seen: list[int] = []
    _read_pids(_pid, seen).run(_analysis())
    assert seen == [os.getpid()]


@fork_only
@pytest.mark.parametrize("job", [_pid_or_die, _pid_or_fail])
def test_an_ahead_process_that_dies_or_fails_is_replaced_by_this_one(monkeypatch, job):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "2")
    seen: list[int] = []
    _read_pids(job, seen).run(_analysis())
    assert seen == [os.getpid()]


def _pid_late(analysis) -> int:
    if os.getpid() != PARENT:
        time.sleep(30)  # a second process that gets no core
    return os.getpid()


@fork_only
def test_a_result_that_does_not_come_in_time_is_computed_here(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "2")
    seen: list[int] = []
    started = time.monotonic()
    _read_pids(_pid_late, seen).run(_analysis())
    assert seen == [os.getpid()]
    assert time.monotonic() - started < 10  # and the late process is ended, not waited for


def test_a_job_no_ahead_process_computes_is_computed_here():
    analysis = _analysis()
    assert ahead.result(analysis, _pid) == os.getpid()


def test_every_ahead_job_reads_only_layers_that_do_not_change_after_the_fork(monkeypatch):
    """Each job gives the same result at the fork and at the end of the analysis (when its step reads it)."""
    monkeypatch.setenv(nlp.PROCESSES_ENV, "1")
    analysis = PIPELINE.before("cast").run(_analysis())
    at_fork = [job(analysis) for job in PIPELINE.ahead_jobs]
    for step in PIPELINE.steps[PIPELINE.fork_at :]:
        step(analysis)
    assert [job(analysis) for job in PIPELINE.ahead_jobs] == at_fork
    assert analysis.relations.relationships  # the story reaches every step that reads ahead work


@fork_only
def test_the_story_model_is_the_same_with_ahead_work(monkeypatch):
    models = []
    for processes in ("1", "2"):
        monkeypatch.setenv(nlp.PROCESSES_ENV, processes)
        model = analyze_bytes(STORY.encode(), fandom="none").model_dump()
        model.pop("stats")
        models.append(model)
    assert models[0] == models[1]


@fork_only
def test_a_steps_ahead_results_are_dropped_when_it_is_done(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "2")
    held: list[dict] = []
    after = Step("after", lambda analysis: held.append(dict(analysis.ahead.results)), requires=("quotes",))
    seen: list[int] = []
    Pipeline([*_read_pids(_pid, seen).steps, after]).run(_analysis())
    assert seen and seen[0] != os.getpid() and held == [{}]
