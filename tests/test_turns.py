from types import SimpleNamespace

from ficlens.analysis import Quote
from ficlens.dialogue.turns import decode_turns


def _context(paragraphs: list[int]) -> SimpleNamespace:
    """One conversation, a spoken line in each of the given paragraphs."""
    quotes = [Quote(start=10 * p, end=10 * p + 5, inner_start=10 * p + 1, inner_end=10 * p + 4, para=p, last_para=p)
              for p in paragraphs]
    return SimpleNamespace(analysis=SimpleNamespace(quotes=quotes), conversation=[0] * len(quotes))


def test_an_untagged_run_between_tagged_ends_alternates():
    # 1 and 2 are settled by tags (not free); the two lines between lean slightly to the one who spoke before
    context = _context([0, 1, 2, 3])
    context.analysis.quotes[0].speaker, context.analysis.quotes[1].speaker = 1, 2
    scores = {2: [(1, 0.0), (2, 0.5)], 3: [(1, 0.5), (2, 0.0)]}
    chosen = decode_turns(context, scores, lambda quote: quote.speaker is None)
    assert chosen == {2: 1, 3: 2}


def test_a_line_never_gets_a_speaker_outside_its_own_candidates():
    # two lines of one paragraph form one turn; the turn goes to 3, whom only the second line could have said
    context = _context([0, 0])
    scores = {0: [(1, 0.0), (2, 0.0)], 1: [(3, 9.0), (1, 0.0)]}
    chosen = decode_turns(context, scores, lambda quote: True)
    assert chosen == {1: 3}
