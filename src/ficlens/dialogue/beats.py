"""Who an action beat is about: the subject of the narration next to a line, read the way a reader reads it.

Two conventions of English prose decide it beyond "the nearest subject":

* the main clause carries the actor: in "Jean didn't look up when Kaeya dropped the purse" the one the
  sentence is about (and who speaks next) is Jean; "Kaeya" is the subject of a subordinate clause only;
* a body part, a voice or a look stands for its owner: "Nami's fist came down", "his grip tightened",
  "Virgil's gaze slid past her" are beats of Nami, of "him", of Virgil.
"""

from __future__ import annotations

from spacy.tokens import Token

from ficlens.dialogue.lexicon import SPEECH_VERBS
from ficlens.nlp import SUBJECT_DEPS

_CLAUSE_LINKS = frozenset({"conj", "ROOT"})
PERSONAL_PARTS = frozenset({
    "voice", "voices", "face", "faces", "eyes", "eye", "gaze", "glance", "look", "expression", "smile", "grin",
    "frown", "mouth", "lips", "lip", "jaw", "brow", "brows", "eyebrows", "eyebrow", "hand", "hands", "fist",
    "fists", "fingers", "finger", "grip", "head", "shoulders", "shoulder", "arm", "arms", "chin", "nose",
    "cheeks", "throat", "tone", "accent", "laugh", "laughter", "breath", "heart", "stomach", "body", "feet",
    "foot", "legs", "ears", "tail", "wings", "posture",
})  # fmt: skip
"""Nouns that stand for their owner as the subject of a beat ("her voice softened" is a beat of "her")."""


def ordered_subjects(tokens: list[Token], last_sentence_main_first: bool = False) -> list[Token]:
    """The subjects among `tokens` (in reading order, or reversed for "nearest first"), in the given order;
    with `last_sentence_main_first`, the subjects of the sentence of the first token that speak ("while she
    continued") and then those of its main clause come first."""
    subjects = [t for t in tokens if t.dep_ in SUBJECT_DEPS]
    if not last_sentence_main_first or not tokens:
        return subjects
    sentence = [t for t in subjects if t.sent == tokens[0].sent]
    speaking = [t for t in sentence if t.head.lower_ in SPEECH_VERBS and t.head.pos_ == "VERB"]
    main = [t for t in sentence if t not in speaking and in_main_clause(t)]
    return speaking + main + [t for t in subjects if t not in speaking and t not in main]


def in_main_clause(token: Token) -> bool:
    """Whether a subject belongs to its sentence's main clause (or to a clause coordinated with it), not to a
    subordinate one ("when Kaeya dropped the purse", "close enough that Kaito could see", "where Luffy sat")."""
    head = token.head
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ in _CLAUSE_LINKS and token.dep_ in SUBJECT_DEPS


def owner_of_part(token: Token) -> Token | None:
    """The possessor of a body-part subject of a main clause ("Nami" in "Nami's fist came down", "his" in "his
    grip tightened"; not "her" in "He saw that her whole heart was in it")."""
    if token.lower_ not in PERSONAL_PARTS or not in_main_clause(token):
        return None
    return next((child for child in token.children if child.dep_ == "poss"), None)
