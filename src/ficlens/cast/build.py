"""Cast and aliases: find the characters of a story and every form that names them.

Rules (each family in its own module):
- Candidates (`candidates.py`) are runs of capitalised proper-noun tokens (with a Western title in front or a
  Japanese honorific behind), from the parse: the NER label is never trusted alone (it calls "Naruto" an ORG).
- A candidate is a person (`people.py`) when the text treats it as one more than as a place: titles,
  honorifics, being the subject of a verb (never a verb outside the quotation the name is in), being
  addressed, a speech tag, person pronouns after it, chat lines or letters it writes count for it; following
  "in/at/from/into" and place words ("Park", "Street") count against it; a form with no evidence either way
  ("half of Mondstadt") is nobody. A hyphenated name is one name ("Jean-Luc", "Seo-yeon"). Fandom packs
  settle their own characters, places and factions (`seeds.py`, with the work's character tags).
- Forms are merged into one character (`clusters.py`): the same words in any order ("Uzumaki Naruto"),
  honorific forms ("Tsunade-baa-chan"), a title with a name when one full name fits ("Mr. Darcy" = "Fitzwilliam
  Darcy"), a given name or family name alone when exactly one character has it (a family name alone prefers the
  one man of the family). A title never merges across genders: Mr. Bennet is not Mrs. Bennet, and "Miss Bennet"
  stays apart when several Bennet women fit.
- Every later occurrence of a known name is a mention (`mentions.py`); a role beside a name describes that
  character (`appositions.py`).
- Gender comes from the pack, titles, and the pronouns that follow a character as subject (`genders.py`),
  else from first-name lists (`gender.py`).
- Every character has a reason to be one (`evidence.py`): common words, ranks, groups, demonyms, acronyms and
  cut-off words need more than a capital letter or are nobody (`junk.py`).
- Name structure joins what clustering left apart (`name_structure.py`): words glued to a name, initials, one
  word of a full name (a given name several share: the holder far the most mentioned), nicknames and short
  forms, usernames; never across genders, never two people named together; a rank alone ("the Admiral")
  names its leading holder.
- A text narrated in the first person has a narrator character ("I"), named by what the others call them
  (`narrator.py`); a reader-insert's "(Y/N)" is a character (`reader.py`).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from wordfreq import zipf_frequency

from ficlens import ahead
from ficlens.analysis import Analysis
from ficlens.cast.appositions import mention_roles, merge_appositions
from ficlens.cast.candidates import CommonWords, find_candidates, later_candidates, middle_paragraph
from ficlens.cast.canonical import canonical_name
from ficlens.cast.cast import Cast
from ficlens.cast.clusters import cluster_forms
from ficlens.cast.evidence import admits, is_nobody
from ficlens.cast.gender import name_lists
from ficlens.cast.genders import form_genders, guess_genders
from ficlens.cast.mentions import add_form_mentions, scan_mentions, seeded_mentions
from ficlens.cast.name_structure import merge_by_name_structure, rank_roles
from ficlens.cast.names import TITLES, NameParts, display_form, parse_name
from ficlens.cast.narrator import narrated_in_first_person, narrator_member
from ficlens.cast.people import is_person, score_forms
from ficlens.cast.reader import add_reader
from ficlens.cast.role_phrases import strip_role_phrases
from ficlens.cast.roster_apply import apply_roster
from ficlens.cast.seeds import seed_pack, seed_work_tags

LATER_HALF_WAIT = 1.5
"""How long the cast step waits for the name candidates of the text's second half from the ahead process, as a
multiple of the time its own half took: the halves are about the same work, so a second process with a core of
its own has sent them by then; else they are found here."""


def load_word_lists() -> None:
    """The word frequencies and first-name lists the cast rules read, loaded once per process (0.15 CPU s):
    the step's preparation (`steps.Step.prepare`)."""
    zipf_frequency("name", "en")
    name_lists()


def build_cast(analysis: Analysis) -> None:
    """The cast layer: characters from the parse, the pack and the work's tags, with every mention."""
    cast = Cast()
    analysis.cast = cast
    pack = analysis.pack
    common = CommonWords(analysis.text)
    # role_phrases.py: "Head Peacekeeper Romulus Thread" is Romulus Thread
    started = time.monotonic()
    found = list(find_candidates(analysis, common, 0, middle_paragraph(analysis)))
    # the other half is found ahead meanwhile (`ahead.py`), or here if it does not come in time
    later = ahead.result(analysis, later_candidates, wait=(time.monotonic() - started) * LATER_HALF_WAIT)
    candidates = strip_role_phrases(c for c in (*found, *later) if c.parts.words)
    keys = Counter(c.parts.key for c in candidates)
    surfaces: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        surfaces[c.parts.key].add(c.surface)
    scores = score_forms(candidates, pack)
    cast.form_votes = form_genders(analysis, candidates)
    seed_pack(cast, pack)
    seed_work_tags(cast, analysis.document.work)
    writers = {parse_name(name).key for q in analysis.quotes for name in (q.username, q.signature) if name}
    kept = {
        key for key, (person, place, count) in scores.items()
        if is_person(key, person, place, count, pack, bool(cast.form_votes.get(key)) or key in writers)
        and not common.is_word(key)
        and admits(key, person, surfaces[key], keys)  # evidence.py: junk forms, common words
    }
    # a rank, group or demonym named later by a speech tag ("the Captain said") is no new character either
    cast.is_common_word = lambda word: common.is_word(word) or word not in kept and is_nobody(word, {word}, keys)
    # a full name with little evidence ("Tom Bertram" seen once, "in Fanny Price" read as a place) is a person
    # when its parts name one ("Tom", "Mr. Bertram") and most of its uses are no place
    singles = {key.split()[-1] for key in kept}
    kept |= {
        key for key, (person, place, count) in scores.items()
        if " " in key and place * 2 < count and key.split()[0] not in TITLES and any(w in singles for w in key.split())
        and admits(key, person, surfaces[key], keys)
    }
    forms = Counter(c.parts.key for c in candidates if c.parts.key in kept)
    first: dict[str, NameParts] = {}
    for c in candidates:
        first.setdefault(c.parts.key, c.parts)
    cluster_forms(cast, [first[key] for key, _ in forms.most_common()], pack)
    for c in candidates:
        index = cast.by_key.get(c.parts.key)
        if index is not None:
            cast.add_mention(index, (c.start, c.end), display_form(c.surface))
            cast.members[index].evidence |= c.reasons
            if cast.form_votes.get(c.parts.key):
                cast.members[index].evidence.add("pronouns")
    scan_mentions(analysis, cast, common)
    seeded_mentions(analysis, cast)
    declared = merge_by_name_structure(cast, analysis.text)  # name_structure.py
    # "'Viridian_G' is Giovanni": the name's uses are the handle owner's mentions
    owners = {name: cast.lookup(name) for name in declared}
    add_form_mentions(analysis, cast, {name: index for name, index in owners.items() if index is not None}, {})
    add_reader(analysis, cast)  # reader.py: "(Y/N)" of a reader-insert
    cast.settle_genders()
    guess_genders(cast)  # genders.py: first-name lists where the text says nothing
    merge_appositions(analysis, cast)
    rank_roles(cast)  # name_structure.py: "the Admiral" is the admiral the story is about
    for member in cast.members:
        member.name = canonical_name(member, analysis.text)
    if ahead.result(analysis, narrated_in_first_person):  # narrator.py
        narrator = cast.ensure_narrator()
        # narrator.py: the name the notes or the others call "I" by, unless a roster says who "I" is
        named = narrator_member(analysis, cast) if analysis.roster is None else None
        if named is not None:
            cast.merge(named, narrator)  # no gender: "he said" in a first-person story is never "I"
    apply_roster(analysis, cast)
    mention_roles(analysis, cast)  # appositions.py: "the beadle" in the narration is Mr. Bumble
