"""The story model is a pure function of the bytes: it must not depend on Python's string-hash seed, which
changes the iteration order of sets of strings from one process to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys

STORY = """Chapter 1

The Iron Guild ruled the harbour town. Mara Vell had served the Iron Guild for ten years, and Tomas Reed served
beside her. The Free Company camped beyond the walls; Jory Ash was its captain.

"You're a traitor to the Guild," Mara Vell said to Jory Ash.

"And you're a fool," Jory Ash said. He drew his sword and struck her.

Tomas Reed hugged Mara. "I'm with you," he said. "Always."

Chapter 2

At dawn Tomas Reed threw his badge on the table and deserted the Iron Guild. "I'll join the Free Company,"
he told Jory Ash. Jory Ash smiled and thanked him. "Welcome to the Free Company," Jory said.

Mara Vell glared at Tomas. "Traitor," she said.

Chapter 3

Lina Frost hugged Ada Moss and thanked her. Lina Frost hugged Bram Holt and thanked him. Cora Lane hugged Ada
Moss and thanked her. Cora Lane hugged Bram Holt and thanked him. Dov Marsh hugged Ada Moss and thanked her.
Dov Marsh hugged Bram Holt and thanked him.

Ada Moss and Bram Holt sat at the table.
"""

SCRIPT = "import sys; from ficlens import analyze_bytes; print(analyze_bytes(sys.stdin.buffer.read(), fandom=\"none\").model_dump_json())"


SEEDS = ("1", "2", "3", "4")


def _model(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT], input=STORY, capture_output=True, text=True, env=env,
                         check=True)
    model = json.loads(out.stdout)
    model.pop("stats", None)
    return model


def test_the_story_model_does_not_depend_on_the_hash_seed():
    first, *others = [_model(seed) for seed in SEEDS]
    assert first["relationships"], "the story must exercise the relations layer"
    for other in others:
        assert other == first


BALANCE = """
from ficlens.model import Phase, Relationship
from ficlens.relations.relationships import _balanced

def rel(a, b, polarity, at):
    return Relationship(a=a, b=b, phases=[Phase(start=at, end=at + 1, polarity=polarity, evidence=[(at, at + 1)])])

friends = [f"c{i}" for i in range(2, 12)]
pairs = [rel("c0", "c1", "neutral", 0)]
pairs += [rel(side, c, "friendly", 10 * i + k) for i, c in enumerate(friends) for k, side in enumerate(("c0", "c1"))]
print(_balanced(pairs)[0].model_dump_json())
"""


def test_structural_balance_cites_common_friends_in_the_same_order_under_any_hash_seed():
    """Ten common friends make the neutral pair friendly; the evidence they give comes in one order."""
    runs = {subprocess.run([sys.executable, "-c", BALANCE], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in SEEDS}
    (balanced,) = runs
    assert json.loads(balanced)["phases"][0]["polarity"] == "friendly"
