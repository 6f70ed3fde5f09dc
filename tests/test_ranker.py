import json
import math
import os
import re
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from ficlens import nlp
from ficlens.analysis import Analysis
from ficlens.dialogue import boosted, ranker
from ficlens.dialogue.boosted import Forest
from ficlens.dialogue.context import Context
from ficlens.ingest import read_document
from ficlens.pipeline import PIPELINE
from tests.conftest import View, analyze_text

EXCHANGE = (
    "Anna and Boris sat in the kitchen.\n\n"
    '"Where were you?" asked Anna.\n\n'
    '"Out," Boris replied.\n\n'
    '"Out where?"\n\n'
    '"Just out."'
)


def _trusting(feature: str, weight: float = 5.0) -> Forest:
    """A one-split forest: a candidate with `feature` scores `weight`, any other 0."""
    tree = {"feature": [0], "threshold": [0.5], "left": [~0], "right": [~1], "value": [0.0, weight]}
    return Forest.from_json({"features": [feature], "trees": [tree], "base": 0.0})


def _pools(text: str) -> tuple[Analysis, dict[int, dict[str, dict[str, float]]]]:
    analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(text.encode())))
    context = Context.build(analysis)
    pools = {
        number: {analysis.cast.members[c.member].name: c.features for c in pool}
        for number, pool in ranker.ranked_pools(context)
    }
    return analysis, pools


def test_shipped_model_loads_and_carries_its_held_out_figures():
    passes = ranker.load_model()
    assert len(passes) == 2 and all(len(model.trees) > 10 for model in passes)
    raw = json.loads((resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").read_text())
    for setting in ("e2e", "gold"):
        assert raw["held_out"][setting]["ranker_accuracy"] > raw["held_out"][setting]["sieve_accuracy"]
    assert set(raw["passes"][0]["features"]) >= {"sieve", "alternation", "turn-1", "named-inside", "speaks-next-2-tagged"}
    assert (resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").stat().st_size < 20_000_000


def test_a_forest_walks_its_splits_and_sums_its_trees():
    split = {"feature": [0, 1], "threshold": [0.5, 0.25], "left": [~0, ~1], "right": [1, ~2], "value": [1.0, 2.0, 3.0]}
    leaf = {"feature": [], "threshold": [], "left": [], "right": [], "value": [0.5]}
    forest = Forest.from_json({"features": ["a", "b"], "trees": [split, leaf], "base": -1.0})
    # a absent -> leaf 0; a present, b small -> leaf 1; a and b present -> leaf 2; unknown names are ignored
    scores = forest.scores([{}, {"a": 1.0, "b": 0.1}, {"a": 1.0, "b": 0.9, "zzz": 4.0}])
    assert np.allclose(scores, [0.5, 1.5, 2.5])


def _descend(forest: Forest, row: dict[str, float]) -> float:
    """The score of one row by walking each tree from its root, as LightGBM does: the reference for the
    all-trees-at-once scoring."""
    values = [row.get(name, 0.0) for name in forest.features]
    total = forest.base
    for tree in forest.trees:
        node = 0 if len(tree.feature) else ~0
        while node >= 0:
            goes_left = values[tree.feature[node]] <= tree.threshold[node]
            node = int(tree.left[node] if goes_left else tree.right[node])
        total += tree.value[~node]
    return total


def test_the_shipped_forests_score_as_a_descent_tree_by_tree_bit_for_bit():
    rng = np.random.default_rng(7)
    for forest in ranker.load_model():
        # values on, just below and just above every threshold, zeros (absent features) and random values
        picks = sorted({split for tree in forest.trees for split in tree.splits()})
        rows = []
        for _ in range(1_500):  # more rows than one product takes (ROWS_AT_ONCE), so the chunks join up
            row = {}
            for name in rng.choice(forest.features, size=12, replace=False):
                row[str(name)] = float(rng.random())
            feature, threshold = picks[int(rng.integers(len(picks)))]
            row[forest.features[feature]] = float(threshold + rng.choice([-1e-9, 0.0, 1e-9]))
            rows.append(row)
        rows.append({})
        assert forest.scores(rows).tolist() == [_descend(forest, row) for row in rows]


def test_a_tree_with_more_leaves_than_a_mask_holds_is_refused():
    nodes = boosted.MAX_LEAVES  # a chain of splits on one feature: one more leaf than nodes
    chain = {"feature": [0] * nodes, "threshold": [float(i) for i in range(nodes)],
             "left": [~i for i in range(nodes)], "right": [*range(1, nodes), ~nodes], "value": [0.0] * (nodes + 1)}
    with pytest.raises(ValueError, match="leaves"):
        Forest.from_json({"features": ["a"], "trees": [chain]})
    trainer = (Path(__file__).parents[1] / "training" / "train_speaker_ranker.py").read_text()
    assert int(re.search(r'"num_leaves": (\d+)', trainer).group(1)) <= boosted.MAX_LEAVES  # what training makes fits


def test_candidates_of_an_untagged_reply_are_the_two_speakers_with_turn_features(monkeypatch):
    monkeypatch.setattr(ranker, "load_model", lambda: ())
    story = View(analyze_text(EXCHANGE))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Anna", "Boris"]
    _, pools = _pools(EXCHANGE)
    assert 0 not in pools and 1 not in pools  # named tags are never re-ranked
    assert set(pools[3]) == {"Anna", "Boris"}
    assert pools[3]["Anna"].get("turn-1") == 1.0  # Anna spoke the line before
    assert pools[3]["Boris"].get("alternation") == 1.0  # Boris spoke the line before that
    assert pools[3]["Boris"].get("turn-2-tagged") == 1.0  # ... and his tag named him
    assert pools[2]["Anna"].get("turn-2-tagged") == 1.0
    assert pools[2]["Boris"].get("speaks-next") == 1.0  # the sieve gives the next line to Boris
    assert pools[2]["Anna"]["q-conversation-position"] > 0  # the third line of its conversation


def test_a_later_tagged_line_is_a_feature_of_an_earlier_untagged_one():
    text = (
        "Anna, Boris and Clara sat in the kitchen.\n\n"
        '"Where were you?" asked Anna.\n\n'
        '"Out."\n\n'
        '"Out where?" asked Clara.\n\n'
        '"Just out," said Boris.'
    )
    _, pools = _pools(text)
    # the one tagged two lines later answers Clara as he answered Anna: the untagged "Out." is likely his
    assert pools[1]["Boris"].get("speaks-next-2-tagged") == 1.0
    assert "speaks-next-2-tagged" not in pools[1].get("Anna", {})


def test_the_ranker_follows_its_model(monkeypatch):
    # a model that trusts only "the one who spoke the line before" gives each untagged line to the one the
    # sieve had speak before it (a pass reads the features of all lines from the same attributions, as in
    # training): the sieve's Anna, Boris become Boris, Anna
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("turn-1"),))
    story = View(analyze_text(EXCHANGE))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Boris", "Anna"]
    assert story.model.utterances[2].evidence == "ranker"  # it overrode the sieve's turn-taking here
    assert [u.evidence for u in story.model.utterances[:2]] == ["explicit-tag", "explicit-tag"]  # never re-ranked


PRONOUN_TAG = (
    "Mary and Jane sat at the table, and Tom was reading.\n\n"
    '"More tea?" asked Jane.\n\n'
    '"Thank you," said Tom.\n\n'
    "Mary looked at Jane.\n\n"
    '"Pass the salt," she said.'
)


def test_a_pronoun_tag_is_resolved_again_by_the_ranker_within_its_gender(monkeypatch):
    _, pools = _pools(PRONOUN_TAG)
    assert set(pools[2]) == {"Mary", "Jane"}  # a she is never Tom
    assert pools[2]["Jane"].get("sieve-pronoun-tag") == 1.0  # the sieve took the she for the woman who spoke
    assert pools[2]["Mary"].get("subject-prev-para") == 1.0
    # a model that trusts the subject of the narration just before resolves the same tag to Mary, and the tag
    # now names her: no tag conflict
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("subject-prev-para"),))
    story = View(analyze_text(PRONOUN_TAG))
    assert story.speaker(2) == "Mary"
    assert story.model.utterances[2].evidence == "explicit-tag"
    assert story.model.stats.tag_conflicts == 0


def test_untagged_turns_back_to_back_are_decided_together_and_alternate(monkeypatch):
    # a weak per-line model that leans to "the one who spoke the line before" gives Boris two turns in a row
    # line by line; chosen together, the exchange of two alternates
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("turn-1", weight=1.0),))
    story = View(analyze_text(EXCHANGE))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Anna", "Boris"]
    # a line the model is sure of is not overruled by the convention
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("turn-1", weight=5.0),))
    story = View(analyze_text(EXCHANGE))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Boris", "Anna"]


def test_narration_between_two_turns_breaks_the_joint_choice(monkeypatch):
    # the same weak model, but a paragraph of narration before the last line: its speaker is the ranker's own
    # choice (narration usually shows who speaks next), not the alternation's
    text = EXCHANGE.replace('"Just out."', 'Boris looked away.\n\n"Just out."')
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("turn-1", weight=1.0),))
    story = View(analyze_text(text))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Anna", "Anna"]


def test_the_one_addressed_by_name_answers_the_next_untagged_turn(monkeypatch):
    # a weak model leaning to alternation would give the answer to Boris; Anna asked Clara by name
    text = (
        "Anna, Boris and Clara sat in the kitchen.\n\n"
        '"Where were you?" asked Anna.\n\n'
        '"Out," Boris replied.\n\n'
        '"Clara, did you see him go?" Anna asked.\n\n'
        '"I did."'
    )
    monkeypatch.setattr(ranker, "load_model", lambda: (_trusting("alternation", weight=0.5),))
    story = View(analyze_text(text))
    assert story.speaker(3) == "Clara"


KEYS = "\n\n".join(
    f'"Where is the key {n}?" asked Mira. Tom shook his head.\n\n"I left it by the door," he said.\n\n'
    f'"Which door?"\n\n"The red one."\n\nMira frowned. "You always say that."' for n in range(12)
)


def test_the_pools_of_the_later_quotations_alone_are_theirs_in_the_whole():
    analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(KEYS.encode())))
    context = Context.build(analysis)
    whole = [(n, [(c.member, c.features) for c in pool]) for n, pool in ranker.ranked_pools(context)]
    middle = whole[len(whole) // 2][0]
    later = [(n, [(c.member, c.features) for c in pool]) for n, pool in ranker.ranked_pools(context, middle)]
    assert later == [entry for entry in whole if entry[0] >= middle] and len(later) > 10
    assert any("lines-so-far" in features and features["lines-so-far"] > 0 for _, pool in later for _, features in pool)


def _story_json(monkeypatch, processes: str) -> str:
    monkeypatch.setenv(nlp.PROCESSES_ENV, processes)
    model = analyze_text(KEYS)
    model.stats.seconds = 0
    return model.model_dump_json()


@pytest.mark.skipif(sys.platform != "linux", reason="the second ranker process is forked, on Linux only")
def test_two_processes_rank_as_one_and_a_dead_second_is_replaced(monkeypatch):
    one = _story_json(monkeypatch, "1")
    monkeypatch.setattr(ranker, "RANKED_IN_TWO", 2)
    forks = []
    in_two = ranker._score_in_two
    monkeypatch.setattr(ranker, "_score_in_two", lambda *args: forks.append(1) or in_two(*args))
    assert _story_json(monkeypatch, "2") == one
    assert forks == [1, 1]  # both passes scored their second half in a second process
    monkeypatch.setattr(ranker, "_score_and_send", lambda *args: os._exit(1))
    assert _story_json(monkeypatch, "2") == one


def test_subjects_are_the_subject_tokens_of_a_span_with_their_words_and_tags(monkeypatch):
    text = "Anna opened the door and she smiled. Boris waited.\n\nBoris said nothing."
    analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(text.encode())))
    context = Context.build(analysis)
    paragraph = analysis.paragraphs[0]
    end = paragraph.start + text.index("Boris")
    expected = [(paragraph.start + t.idx, t.text, t.tag_) for t in paragraph.doc
                if t.dep_ in ("nsubj", "nsubjpass") and paragraph.start + t.idx < end]
    assert [tuple(w) for w in context.subjects(0, paragraph.start, end)] == expected
    assert [(text, tag) for _, text, tag in expected] == [("Anna", "NNP"), ("she", "PRP")]
    assert [w.lower for w in context.subjects(0, paragraph.start + 5, end)] == ["she"]
    monkeypatch.setattr("ficlens.dialogue.context.SUBJECTS_KEPT", 1)  # a paragraph read again after a drop
    assert [w.text for w in context.subjects(1, 0, len(text))] == ["Boris"]
    assert [w.text for w in context.subjects(0, paragraph.start, len(text))] == ["Anna", "she", "Boris"]
    assert list(context._subjects) == [0]


def test_lines_in_conversation_count_the_lines_of_earlier_paragraphs_only():
    analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(KEYS.encode())))
    context = Context.build(analysis)
    quotes = analysis.quotes
    counted = 0
    for number, pool in ranker.ranked_pools(context):
        first = context.conversation.index(context.conversation[number])
        earlier = [q.speaker for q in quotes[first:number] if q.speaker is not None and q.para != quotes[number].para]
        for candidate in pool:
            times = earlier.count(candidate.member)
            assert candidate.features.get("lines-in-conversation", 0.0) == math.log1p(times) / 3.0
            counted += times > 0
    assert counted > 10
