"""The attribute ruler compiled to array rules must set what spaCy's ruler sets, batch or not."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, POS, TAG
from spacy.pipeline import AttributeRuler

from ficlens import nlp
from ficlens.coarse_tags import CoarseTags, compile_rules
from ficlens.nlp import load_nlp

TEXTS = [
    "There's nothing I'd rather do. Did he have it? That one, the one he had, was gon na fail.  Y'all know.",
    "Is it there? It is. \"Well, somebody must have done it,\" said Mira, but she didn't believe it.",
    "There were two of them.  Whether or not that was so, Tom had had enough, and did what he did.",
]


def _values(docs) -> list[list[tuple[int, int, int]]]:
    return [[tuple(row) for row in doc.to_array([TAG, POS, DEP]).tolist()] for doc in docs]


def _full_pipeline():
    meta = load_nlp().meta
    return spacy.load(meta["lang"] + "_" + meta["name"], exclude=["ner", "lemmatizer"])


def test_the_compiled_rules_set_what_the_ruler_sets_on_a_batch():
    compiled = load_nlp()
    assert isinstance(compiled.get_pipe("attribute_ruler"), CoarseTags)
    full = _full_pipeline()
    assert _values(compiled.pipe(TEXTS, batch_size=3)) == _values(full.pipe(TEXTS))
    assert _values([compiled(TEXTS[0])]) == _values([full(TEXTS[0])])


def test_a_ruler_that_does_not_compile_is_trimmed_to_the_same_tags(monkeypatch):
    monkeypatch.setattr(nlp, "compile_rules", lambda ruler: None)
    trimmed = nlp.load_nlp.__wrapped__()
    assert isinstance(trimmed.get_pipe("attribute_ruler"), AttributeRuler)
    assert _values(trimmed.pipe(TEXTS)) == _values(_full_pipeline().pipe(TEXTS))


def _ruler(patterns: list[dict]):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def test_a_run_of_tokens_matches_inside_one_doc_only_and_later_rules_win():
    nlp, ruler = _ruler([
        {"patterns": [[{"LOWER": "b"}]], "attrs": {"POS": "ADJ"}},
        {"patterns": [[{"LOWER": "a"}, {"LOWER": "b"}]], "attrs": {"POS": "NOUN"}, "index": -1},
        {"patterns": [[{"LOWER": {"IN": ["b", "c"]}}, {"LOWER": "b"}]], "attrs": {"POS": "VERB"}, "index": 0},
    ])
    texts = ("x a", "b y", "b b", "a b")  # "a" ending one doc and "b" starting the next are no run
    expected = [["", ""], ["ADJ", ""], ["VERB", "ADJ"], ["", "NOUN"]]
    assert [[t.pos_ for t in ruler(nlp.make_doc(text))] for text in texts] == expected
    docs = list(CoarseTags(compile_rules(ruler)).pipe(nlp.make_doc(text) for text in texts))
    assert [[t.pos_ for t in doc] for doc in docs] == expected


def test_a_pattern_the_rules_cannot_do_keeps_the_ruler():
    _, ruler = _ruler([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "NOUN"}}])
    assert compile_rules(ruler) is None
    _, ruler = _ruler([{"patterns": [[{"LOWER": {"REGEX": "^a"}}]], "attrs": {"POS": "NOUN"}}])
    assert compile_rules(ruler) is None
