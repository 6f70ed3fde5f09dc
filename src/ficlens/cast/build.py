"""Cast and aliases: find the characters of a story and every form that names them.

Rules (each family in its own module):
- Candidates (`candidates.py`) are runs of capitalised proper-noun tokens (with a Western title in front or a
  Japanese honorific behind), from the parse: the NER label is never trusted alone (it calls "Naruto" an ORG).
- A candidate is a person (`people.py`) when the text treats it as one more than as a place: titles,
  honorifics, being the subject of a verb, being addressed, speaking count for it; following "in/at/from/into"
  and place words ("Park", "Street") count against it. Fandom packs settle their own characters, places and
  factions (`seeds.py`, with the work's character tags).
- Forms are merged into one character (`clusters.py`): the same words in any order ("Uzumaki Naruto"),
  honorific forms ("Tsunade-baa-chan"), a title with a name when one full name fits ("Mr. Darcy" = "Fitzwilliam
  Darcy"), a given name or family name alone when exactly one character has it (a family name alone prefers the
  one man of the family). A title never merges across genders: Mr. Bennet is not Mrs. Bennet, and "Miss Bennet"
  stays apart when several Bennet women fit.
- Every later occurrence of a known name is a mention (`mentions.py`); a role beside a name describes that
  character (`appositions.py`).
- Gender comes from the pack, titles, and the pronouns that follow a character as subject (`genders.py`).
- A text narrated in the first person has a narrator character ("I") (`narrator.py`).
"""

from __future__ import annotations

from collections import Counter

from ficlens.analysis import Analysis
from ficlens.cast.appositions import merge_appositions
from ficlens.cast.candidates import CommonWords, find_candidates
from ficlens.cast.canonical import canonical_name
from ficlens.cast.cast import Cast
from ficlens.cast.clusters import cluster_forms
from ficlens.cast.genders import form_genders
from ficlens.cast.mentions import scan_mentions, seeded_mentions
from ficlens.cast.names import TITLES, NameParts, display_form
from ficlens.cast.narrator import narrated_in_first_person
from ficlens.cast.people import is_person, score_forms
from ficlens.cast.roster_apply import apply_roster
from ficlens.cast.seeds import seed_pack, seed_work_tags


def build_cast(analysis: Analysis) -> None:
    """The cast layer: characters from the parse, the pack and the work's tags, with every mention."""
    cast = Cast()
    analysis.cast = cast
    pack = analysis.pack
    common = CommonWords(analysis.text)
    cast.is_common_word = common.is_word
    candidates = [c for c in find_candidates(analysis, common) if c.parts.words]
    scores = score_forms(candidates, pack)
    cast.form_votes = form_genders(analysis, candidates)
    seed_pack(cast, pack)
    seed_work_tags(cast, analysis.document.work)
    kept = {
        key for key, (person, place, count) in scores.items()
        if is_person(key, person, place, count, pack) and not common.is_word(key)
    }
    # a full name seen once ("Tom Bertram") is a person when its parts name one ("Tom", "Mr. Bertram")
    singles = {key.split()[-1] for key in kept}
    kept |= {
        key for key, (_, place, _) in scores.items()
        if " " in key and place == 0 and key.split()[0] not in TITLES and any(w in singles for w in key.split())
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
    scan_mentions(analysis, cast, common)
    seeded_mentions(analysis, cast)
    cast.settle_genders()
    merge_appositions(analysis, cast)
    for member in cast.members:
        member.name = canonical_name(member, analysis.text)
    if narrated_in_first_person(analysis):
        cast.ensure_narrator()
    apply_roster(analysis, cast)
