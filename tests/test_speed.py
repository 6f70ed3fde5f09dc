"""What the speed work must keep: the same parse in one or two processes, bounded parser batches, indexes that answer as the scans they replaced, a light package
face. (Speed itself is measured by benchmarks/bench_analyze.py, as ratios, not asserted here.)"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from ficlens import nlp
from ficlens.cast.cast import Cast
from ficlens.cast.names import parse_name
from ficlens.document import Document
from ficlens.pipeline import PIPELINE, start_analysis
from ficlens.steps import Pipeline, Step
from tests.conftest import ROOT, run_step

STORY = "\n\n".join(
    f'"Where is the key {n}?" asked Mira. Tom shook his head. "I left it by the door," he said.' for n in range(60)
)


def _parse(monkeypatch, processes: str) -> list[list[tuple[str, str, str, int]]]:
    monkeypatch.setenv(nlp.PROCESSES_ENV, processes)
    monkeypatch.setattr(nlp, "BATCH_CHARS", 1_000)  # several batches for a short text
    analysis = run_step("parse", STORY)
    return [[(t.text, t.pos_, t.dep_, t.head.i) for t in p.doc] for p in analysis.paragraphs if p.doc is not None]


@pytest.mark.skipif(sys.platform != "linux", reason="the second parse process is forked, on Linux only")
def test_two_processes_parse_as_one(monkeypatch):
    one = _parse(monkeypatch, "1")
    assert len(one) == 60
    assert _parse(monkeypatch, "2") == one


@pytest.mark.skipif(sys.platform != "linux", reason="the second parse process is forked, on Linux only")
def test_a_second_process_that_dies_is_replaced_by_the_first(monkeypatch):
    one = _parse(monkeypatch, "1")
    # it dies holding a batch it took from the back (if the first process left it one)
    monkeypatch.setattr(nlp, "_parse_and_send", lambda batches, ends, sending: (nlp._claim(ends, False), os._exit(1)))
    calls = []
    in_two = nlp._parse_in_two
    monkeypatch.setattr(nlp, "_parse_in_two", lambda *args: calls.append(1) or in_two(*args))
    assert _parse(monkeypatch, "2") == one
    assert calls == [1]  # the second process was started (and died)


def test_the_two_processes_take_batches_from_both_ends_until_they_meet():
    ends = multiprocessing.get_context().Array("i", [0, 5])
    taken = [nlp._claim(ends, front) for front in (True, False, False, True, True, False, True)]
    assert taken == [0, 4, 3, 1, 2, None, None]


@pytest.mark.skipif(sys.platform != "linux", reason="the second parse process is forked, on Linux only")
def test_a_parse_in_two_processes_prepares_the_later_steps_meanwhile(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "2")
    monkeypatch.setattr(nlp, "BATCH_CHARS", 1_000)
    prepared = []
    later = Step("later", lambda analysis: None, requires=("parse",), prepare=lambda: prepared.append("later"))
    steps = Pipeline([*PIPELINE.needed_for("parse"), PIPELINE.step("parse"), later])
    steps.run(start_analysis(Document(text=STORY, encoding="utf-8"), "none"))
    assert prepared == ["later"]
    monkeypatch.setenv(nlp.PROCESSES_ENV, "1")  # one process: no one waits, the step loads what it needs itself
    steps.run(start_analysis(Document(text=STORY, encoding="utf-8"), "none"))
    assert prepared == ["later"]


def _tokens(doc) -> list[tuple]:
    return [(t.text, t.whitespace_, t.idx, t.norm_, t.tag_, t.pos_, t.dep_, t.head.i, t.is_sent_start) for t in doc]


def test_a_compact_parse_rebuilds_the_parsers_doc():
    text = "Mira didn't look up. \"Where's the key?\" she asked, and Tom -- who'd lost it -- shrugged.  Fine."
    parsed_doc = nlp.load_nlp()(text)
    parsed = nlp.ParsedParagraph(parsed_doc)
    assert _tokens(parsed.doc) == _tokens(parsed_doc)
    assert [s.text for s in parsed.doc.sents] == [s.text for s in parsed_doc.sents]
    assert parsed.token_starts.tolist() == [t.idx for t in parsed_doc]


def test_a_compact_parse_sent_as_plain_data_rebuilds_the_same_doc_in_another_vocabulary():
    from spacy.vocab import Vocab

    text = "Mira didn't look up. \"Where's the Zyxqvor key?\" she asked, and Tom shrugged."
    sent_before: set[int] = set()
    first = nlp._parse_batch(nlp.load_nlp(), [text])
    strings = nlp._new_strings(first, nlp.load_nlp().vocab.strings, sent_before)
    assert "Zyxqvor" in strings and "Mira" in strings
    assert nlp._new_strings(first, nlp.load_nlp().vocab.strings, sent_before) == []  # sent once only
    other = Vocab()  # the receiving process's vocabulary lacks the new words until they are added
    for string in strings:
        other.strings.add(string)
    received = nlp.ParsedParagraph.from_parts(first[0].parts(), other)
    assert _tokens(received.doc) == _tokens(first[0].doc)
    assert received.token_starts.tolist() == first[0].token_starts.tolist()


def test_rebuilt_docs_are_bounded_and_the_recent_ones_reused(monkeypatch):
    monkeypatch.setattr(nlp, "RECENT_TOKENS", 60)
    analysis = run_step("parse", STORY)
    parsed = [p.parsed for p in analysis.paragraphs if p.parsed is not None]
    size = len(parsed[0])  # every paragraph is the same sentence, so the same number of tokens
    docs = [p.doc for p in parsed]
    kept = [p for p in parsed if p._doc is not None]
    assert kept == parsed[-(60 // size) :]  # only the last ones read keep their Doc
    assert parsed[-1].doc is docs[-1]  # a recent one is not rebuilt
    assert parsed[0].doc is not docs[0] and _tokens(parsed[0].doc) == _tokens(docs[0])


def test_batches_are_capped_by_characters_and_keep_the_order():
    texts = ["a" * 30_000, "b" * 30_000, "c" * 10, "d" * 70_000, "e"]
    batches = list(nlp.parse_batches(texts))
    assert [len(b) for b in batches] == [1, 2, 1, 1]
    assert [t for b in batches for t in b] == texts
    assert all(sum(map(len, b)) <= nlp.BATCH_CHARS for b in batches if len(b) > 1)


def test_processes_follow_the_environment_and_the_text_length(monkeypatch):
    monkeypatch.setenv(nlp.PROCESSES_ENV, "1")
    assert nlp.processes_for(10**8) == 1
    monkeypatch.delenv(nlp.PROCESSES_ENV)
    assert nlp.processes_for(nlp.PARALLEL_MIN_CHARS - 1) == 1


def test_mention_index_stays_sorted_as_mentions_arrive():
    cast = Cast()
    mira = cast.add("Mira", parts=parse_name("Mira"))
    tom = cast.add("Tom", parts=parse_name("Tom"))
    cast.add_mention(mira, (50, 54))
    assert cast.member_at(51) == mira  # the index is built here; later mentions go into it
    cast.add_mention(tom, (10, 13))
    cast.add_alias(mira, "Mira", [(30, 34), (5, 9)])
    assert cast.mentions == sorted(cast.mentions)
    assert [m[0] for m in cast.mentions] == [5, 10, 30, 50]
    assert cast.member_at(11) == tom and cast.mentions_between(0, 31) == [(5, 9, mira), (10, 13, tom), (30, 34, mira)]


def test_single_word_lookup_follows_merges():
    cast = Cast()
    smith = cast.add("John Smith", parts=parse_name("John Smith"))
    john = cast.add("John Baker", parts=parse_name("John Baker"))
    assert cast.lookup("John") is None  # two Johns
    assert cast.lookup("Baker") == john
    cast.merge(john, smith)
    assert cast.lookup("John") == smith and cast.lookup("Baker") == smith


def test_the_package_face_does_not_load_spacy():
    code = "import sys, ficlens, ficlens.cli; assert 'spacy' not in sys.modules; print(ficlens.__version__)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
