import json
from importlib import resources

from ficlens.dialogue import ranker
from tests.conftest import View, analyze_text

EXCHANGE = (
    "Anna and Boris sat in the kitchen.\n\n"
    '"Where were you?" asked Anna.\n\n'
    '"Out," Boris replied.\n\n'
    '"Out where?"\n\n'
    '"Just out."'
)


def test_shipped_weights_load_and_carry_their_held_out_figures():
    weights = ranker.load_weights()
    assert weights is not None
    assert weights["held_out"]["ranker_accuracy"] > weights["held_out"]["sieve_accuracy"]
    raw = json.loads((resources.files("ficlens.dialogue") / "models" / "speaker_ranker.json").read_text())
    assert set(raw["coefficients"]) >= {"sieve", "alternation", "turn-1", "named-inside"}


def test_candidates_of_an_untagged_reply_are_the_two_speakers_with_turn_features(monkeypatch):
    monkeypatch.setattr(ranker, "load_weights", lambda: None)
    model = analyze_text(EXCHANGE)
    story = View(model)
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Anna", "Boris"]

    from ficlens.analysis import Analysis
    from ficlens.dialogue.context import Context
    from ficlens.ingest import read_document
    from ficlens.pipeline import PIPELINE

    analysis = PIPELINE.before("ranker").run(Analysis(document=read_document(EXCHANGE.encode())))
    context = Context.build(analysis)
    pool = {analysis.cast.members[c.member].name: c.features for c in ranker.candidates(context, 3)}
    assert set(pool) == {"Anna", "Boris"}
    assert pool["Anna"].get("turn-1") == 1.0  # Anna spoke the line before
    assert pool["Boris"].get("alternation") == 1.0  # Boris spoke the line before that


def test_the_ranker_follows_its_weights(monkeypatch):
    # weights that trust only "the one who spoke the line before" make Boris go on talking
    monkeypatch.setattr(ranker, "load_weights", lambda: {"intercept": 0.0, "coefficients": {"turn-1": 5.0}})
    story = View(analyze_text(EXCHANGE))
    assert [story.speaker(n) for n in range(4)] == ["Anna", "Boris", "Boris", "Boris"]
    assert story.model.utterances[2].evidence == "ranker"  # it overrode the sieve's turn-taking here
    assert [u.evidence for u in story.model.utterances[:2]] == ["explicit-tag", "explicit-tag"]  # never re-ranked
