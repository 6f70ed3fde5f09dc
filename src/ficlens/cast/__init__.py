"""Cast and aliases: find the characters of a story and every form that names them.

Rules:
- Candidates are runs of capitalised proper-noun tokens (with a Western title in front or a Japanese
  honorific behind), from the parse: the NER label is never trusted alone (it calls "Naruto" an ORG).
- A candidate is a person when the text treats it as one more than as a place: titles, honorifics, being the
  subject of a verb, being addressed, speaking count for it; following "in/at/from/into" and place words
  ("Park", "Street") count against it. Fandom packs settle their own characters, places and factions.
- Forms are merged into one character: the same words in any order ("Uzumaki Naruto"), honorific forms
  ("Tsunade-baa-chan"), a title with a name when one full name fits ("Mr. Darcy" = "Fitzwilliam Darcy"), a
  given name or family name alone when exactly one character has it (a family name alone prefers the one
  man of the family). A title never merges across genders: Mr. Bennet is not Mrs. Bennet, and "Miss Bennet"
  stays apart when several Bennet women fit.
- Gender comes from the pack, titles, and the pronouns that follow a character as subject.
- A text narrated in the first person has a narrator character ("I").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ficlens.analysis import Analysis
from ficlens.cast.cast import Cast, Member
from ficlens.cast.evidence import admits, is_nobody
from ficlens.cast.gender import guess_genders
from ficlens.cast.mentions import add_form_mentions
from ficlens.cast.name_structure import member_gender, merge_by_name_structure, rank_roles
from ficlens.cast.names import HONORIFICS, NICKNAME_OF, TITLES, NameParts, clean_surface, parse_name, title_of
from ficlens.cast.narrator import narrator_by_address
from ficlens.cast.packs import Pack, load_pack
from ficlens.cast.reader import add_reader
from ficlens.cast.roster_apply import apply_roster
from ficlens.dialogue.lexicon import CLAUSE_STARTS, SPEECH_VERBS

__all__ = ["Cast", "Member", "build_cast", "load_pack"]

PLACE_PREPOSITIONS = {"in", "at", "from", "into", "near", "towards", "toward", "through", "across", "around",
                      "outside", "inside", "within", "onto", "via", "throughout"}
PLACE_WORDS = {
    "street", "park", "hall", "house", "lane", "square", "road", "court", "village", "city", "town", "castle",
    "abbey", "manor", "island", "river", "mountain", "mountains", "forest", "ocean", "sea", "country", "kingdom",
    "church", "college", "school", "hotel", "place", "lodge", "cottage", "station", "bridge", "gardens", "garden",
    "palace", "hill", "valley", "academy", "university", "hospital", "inn", "avenue", "empire", "republic", "bay",
    "lake", "farm", "grove", "terrace", "row", "gate", "tower", "temple", "club", "office", "way",
    "monument", "mansion", "estate", "desert", "islands", "ranch", "county", "shire", "states", "rd", "ave",
    "blvd", "st.",
}
THING_DETERMINERS = {"the", "a", "an", "another", "every", "each", "any", "your", "her", "his", "my", "their", "our"}
"""A capitalised word after these is a thing, a place or a kind of creature, not someone's name."""
STATE_VERBS = {"be", "have", "become", "seem", "remain", "contain", "include", "mean", "cost", "lie", "belong",
               "exist", "need", "lack", "own", "hold", "appear", "get", "fall", "rise", "sit"}
"""Verbs that any thing does: their subject is no evidence of a person."""
NAME_PARTICLES = {"van", "von", "der", "den", "de", "du", "da", "di", "del", "della", "des", "le", "la", "ter", "ten"}
ADDRESS_WORDS = {"dear", "dearest", "poor", "little", "old", "young", "good", "sweet", "darling", "beloved",
                 "lest", "thank", "thanks", "bless", "ask", "tell", "let", "see", "hullo", "hallo", "goodbye"}
INTERPERSONAL = {
    "turned", "turn", "turning", "talk", "talked", "talking", "listen", "listened", "listening", "belonged",
    "belong", "belongs", "married", "marry", "engaged", "introduced", "introduce", "wrote", "write", "spoke",
    "speak", "nodded", "smiled", "bowed", "looked", "glanced", "grinned", "waved", "happened", "due", "kind",
    "attached", "related", "letter", "note", "message", "compared", "devoted", "indebted", "known", "unknown",
    "dear", "according", "next", "close", "similar", "equal", "superior", "inferior", "apologised",
    "apologized", "explained", "replied", "answered", "given", "gave", "sent", "handed", "offered", "owed",
    "stared", "staring", "looking", "laughed", "laughing", "smiling", "frowned", "winked", "shouted", "yelled",
    "pointed", "gazed", "glared", "growled", "snapped", "sneered", "nod", "look", "smile", "laugh", "shout",
}
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "english", "french",
    "german", "italian", "spanish", "indian", "american", "british", "christmas", "easter", "god", "heaven",
    "hell", "lord", "christ", "jesus", "bible", "i", "oh", "ah", "yes", "no", "well", "hey", "ok", "okay", "mr",
    "mrs", "miss", "sir", "madam", "ma'am", "dear", "lady", "sister", "brother", "mother", "father", "mom", "dad",
    "mamma", "papa", "uncle", "aunt", "chapter", "volume", "book", "part", "the", "thou", "thee", "thy", "o",
    "alas", "ha", "hm", "hmm", "um", "uh", "wow", "damn", "shit", "fuck", "yeah", "yea", "nope", "yep", "hello",
    "goodbye", "bye", "thanks", "please", "sorry", "mister", "madame", "monsieur", "signor", "herr", "frau",
    "captain", "colonel", "doctor", "dr", "professor", "master", "mistress", "king", "queen", "prince",
    "princess", "duke", "duchess", "earl", "count", "countess", "baron", "sensei", "sama", "kun", "chan", "san",
    "latin", "greek", "europe", "england", "london", "paris", "france", "italy", "india", "america",
    "scotland", "ireland", "germany", "spain", "rome", "africa", "asia", "china", "japan", "russia", "mrs.",
    "mr.", "dr.", "st", "st.", "mme", "mlle", "esq", "eh", "ahem", "bah", "pooh", "huh", "aye", "nay",
}
_HONORIFIC_TAIL = re.compile(r"(?:-(?:" + "|".join(sorted(set(HONORIFICS), key=len, reverse=True)) + r"))+", re.I)
_PROPER = {"NNP", "NNPS"}
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                   "she": "female", "her": "female", "hers": "female", "herself": "female"}


@dataclass
class Candidate:
    start: int
    end: int
    surface: str
    parts: NameParts
    in_quote: bool
    person: float = 0.0
    place: float = 0.0
    reasons: set[str] = field(default_factory=set)
    """What makes this use a person's (`model.CastEvidence` values)."""


def build_cast(analysis: Analysis) -> None:
    cast = Cast()
    analysis.cast = cast
    pack = analysis.pack
    common = _CommonWords(analysis.text)
    candidates = [c for c in _candidates(analysis, common) if c.parts.words]
    keys = Counter(c.parts.key for c in candidates)
    scores = _score(candidates, pack)
    cast.form_votes = _form_genders(analysis, candidates)
    _seed_pack(cast, pack)
    _seed_work_tags(cast, analysis.document.work)
    surfaces: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        surfaces[c.parts.key].add(c.surface)
    kept = {
        key for key, (person, place, count) in scores.items()
        if _is_person(key, person, place, count, pack) and not common.is_word(key)
        and admits(key, person, surfaces[key], keys)  # evidence.py: junk forms, common words
    }
    # a rank, group or demonym named later by a speech tag ("the Captain said") is no new character either
    cast.is_common_word = lambda word: common.is_word(word) or word not in kept and is_nobody(word, {word}, keys)
    # a full name seen once ("Tom Bertram") is a person when its parts name one ("Tom", "Mr. Bertram")
    singles = {key.split()[-1] for key in kept}
    kept |= {
        key for key, (person, place, _) in scores.items()
        if " " in key and place == 0 and key.split()[0] not in TITLES and any(w in singles for w in key.split())
        and admits(key, person, surfaces[key], keys)
    }
    forms = Counter(c.parts.key for c in candidates if c.parts.key in kept)
    first = {}
    for c in candidates:
        first.setdefault(c.parts.key, c.parts)
    _cluster(cast, [first[key] for key, _ in forms.most_common()], pack)
    for c in candidates:
        index = cast.by_key.get(c.parts.key)
        if index is not None:
            member = cast.members[index]
            member.aliases.add(_display(c.surface))
            member.mentions.append((c.start, c.end))
            member.evidence |= c.reasons
            if cast.form_votes.get(c.parts.key):
                member.evidence.add("pronouns")
    _scan_mentions(analysis, cast, common)
    _seeded_mentions(analysis, cast)
    merge_by_name_structure(cast, analysis.text)  # name_structure.py
    add_reader(analysis, cast)  # reader.py: "(Y/N)" of a reader-insert
    cast.settle_genders()
    guess_genders(cast)  # gender.py: first-name lists where the text says nothing
    _merge_appositions(analysis, cast)
    rank_roles(cast)  # name_structure.py: "the Admiral" is the admiral the story is about
    for member in cast.members:
        member.name = _canonical(member, analysis.text)
    if _first_person(analysis):
        narrator = cast.ensure_narrator()
        # narrator.py: the name the others call "I" by, unless a roster says who "I" is
        named = narrator_by_address(analysis, cast) if analysis.roster is None else None
        if named is not None:
            cast.merge(named, narrator)  # no gender: "he said" in a first-person story is never "I"
    apply_roster(analysis, cast)


class _CommonWords:
    """Words the text itself uses in lower case: "Nothing," opening a line is not a name, "Will" may be."""

    def __init__(self, text: str) -> None:
        self.lower = Counter(re.findall(r"\b[a-z][a-z'’]+\b", text))
        self.capital = Counter(re.findall(r"\b[A-Z][a-z'’]+\b", text))

    def is_word(self, key: str) -> bool:
        if " " in key:
            return False
        lowered = self.lower.get(key, 0)
        return lowered >= 2 and lowered >= self.capital.get(key.capitalize(), 0) / 2


def _display(surface: str) -> str:
    return " ".join(surface.split())


def _candidates(analysis: Analysis, common: _CommonWords):
    text = analysis.text
    quote_spans = [(q.start, q.end) for q in analysis.quotes]
    qi = 0
    for paragraph in analysis.paragraphs:
        doc = paragraph.doc
        if doc is None:
            continue
        base = paragraph.start
        tokens = list(doc)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            word = token.text
            if word.lower() in NOT_NAMES and not _is_title_token(tokens, i):
                i += 1
                continue
            if not word[:1].isupper() or not (token.tag_ in _PROPER or _is_title_token(tokens, i) or
                                              _HONORIFIC_TAIL.match(text, base + token.idx + len(word))):
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].idx == tokens[j - 1].idx + len(tokens[j - 1].text) + 1:
                if tokens[j].text[:1].isupper() and (
                    tokens[j].tag_ in _PROPER or (tokens[j].tag_ == "NN" and tokens[j - 1].text.endswith("."))
                ):
                    j += 1
                elif tokens[j].lower_ in NAME_PARTICLES:
                    k = j
                    while k < len(tokens) and tokens[k].lower_ in NAME_PARTICLES:
                        k += 1
                    if k < len(tokens) and tokens[k].text[:1].isupper() and tokens[k].tag_ in _PROPER:
                        j = k  # "Mr. van der Luyden", "Lady Catherine de Bourgh"
                    else:
                        break
                else:
                    break
            while j > i + 1 and tokens[j - 1].lower_ in NAME_PARTICLES:
                j -= 1
            if _is_title_token(tokens, i) and j == i + 1:
                i += 1
                continue
            start = base + token.idx
            end = base + tokens[j - 1].idx + len(tokens[j - 1].text)
            tail = _HONORIFIC_TAIL.match(text, end)
            if tail:
                end = tail.end()
                while j < len(tokens) and base + tokens[j].idx < end:
                    j += 1
            surface = clean_surface(text[start:end])
            leading = surface.split(" ", 1)
            while len(leading) == 2 and not title_of(leading[0]) and (
                common.is_word(leading[0].lower()) or leading[0].lower() in ADDRESS_WORDS | NOT_NAMES
            ):  # "Dearest Jane", "Poor Mary", "Thank Heaven Mrs. Hilbery": the words before are not the name
                start += len(leading[0]) + 1
                surface = leading[1].lstrip()
                leading = surface.split(" ", 1)
            end = start + len(surface)
            if text[start:end] != surface:  # a name broken over a line: keep the text's own span
                end = start + len(text[start:end + 2].split(surface.split()[-1])[0]) + len(surface.split()[-1])
            parts = parse_name(surface)
            if parts.words and parts.words[-1].lower() not in NOT_NAMES or parts.title:
                while qi < len(quote_spans) and quote_spans[qi][1] <= start:
                    qi += 1
                in_quote = qi < len(quote_spans) and quote_spans[qi][0] <= start
                candidate = Candidate(start, end, surface, parts, in_quote)
                _evidence(candidate, tokens, i, j)
                yield candidate
            i = j


def _is_title_token(tokens, i: int) -> bool:
    """A capitalised title followed by a name ("Mr. Darcy", "Mr. van der Luyden")."""
    if title_of(tokens[i].text) is None or not tokens[i].text[:1].isupper():
        return False
    k = i + 1
    while k < len(tokens) and tokens[k].lower_ in NAME_PARTICLES:
        k += 1
    return k < len(tokens) and tokens[k].text[:1].isupper()


def _evidence(candidate: Candidate, tokens, i: int, j: int) -> None:
    parts = candidate.parts
    if parts.title:
        candidate.person += 3
        candidate.reasons.add("title")
    if parts.honorific:
        candidate.person += 3
        candidate.reasons.add("honorific")
    head = tokens[j - 1]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.pos_ in ("VERB", "AUX"):
        candidate.person += 2 if head.head.lower_ in SPEECH_VERBS else 1
        if head.head.pos_ == "VERB" and head.head.lemma_ not in STATE_VERBS:
            candidate.reasons.add("subject")  # "Paradis was far", "Marley has one less": no person
    if head.dep_ == "poss" or (j < len(tokens) and tokens[j].text in ("'s", "’s")):
        candidate.person += 0.5
    previous = tokens[i - 1].text.lower() if i > 0 else ""
    if previous in ("at", "near", "towards", "toward") and tokens[i - 1].head.lower_ in INTERPERSONAL:
        pass
    elif previous in PLACE_PREPOSITIONS or previous in THING_DETERMINERS and not parts.title:
        candidate.place += 1  # "the Steadfast Gull", "the Order", "a Goldeen": a ship, a place, a kind
    elif previous == "to" and tokens[i - 1].head.lower_ not in INTERPERSONAL and tokens[i - 1].head.lower_ not in SPEECH_VERBS:
        candidate.place += 0.5
    if any(word.lower() in PLACE_WORDS for word in parts.words[1:]):
        candidate.place += 5
    if candidate.in_quote and (i <= 1 or tokens[i - 1].text in (",", "Dear", "dear", "Hey", "hey", "Oh", "oh")):
        follows = tokens[j].text if j < len(tokens) else ""
        if follows == "," or follows.lower() in CLAUSE_STARTS or (
            i > 1 and tokens[i - 1].text == "," and follows in (".", "!", "?", "…", '"', "”")
        ):
            candidate.person += 1  # "Lizzy, ...", "I know, Kurama." address someone; "Liar." only exclaims
            candidate.reasons.add("addressed")


def _score(candidates: list[Candidate], pack: Pack | None) -> dict[str, tuple[float, float, int]]:
    person: dict[str, float] = defaultdict(float)
    place: dict[str, float] = defaultdict(float)
    count: Counter = Counter()
    by_base: dict[str, float] = defaultdict(float)
    for c in candidates:
        person[c.parts.key] += c.person
        place[c.parts.key] += c.place
        count[c.parts.key] += 1
        by_base[" ".join(c.parts.words).lower()] += c.person
    # A family name earns the person evidence of its titled forms: "Bennet" counts what "Mr. Bennet" shows.
    for key in list(person):
        person[key] = max(person[key], by_base.get(key, 0.0) / 2)
    return {key: (person[key], place[key], count[key]) for key in count}


def _is_person(key: str, person: float, place: float, count: int, pack: Pack | None) -> bool:
    words = key.replace(".", "").split()
    if not words or len(words) == 1 and (words[0] in NOT_NAMES or words[0] in PLACE_WORDS):
        return False
    if re.match(r"i['’]", words[0]):  # "I'm", "I'd" at a sentence start
        return False
    if pack and key in pack.non_characters():
        return False
    if len(key) < 2:
        return False
    return (person >= 1 and person > place) or (count >= 2 and place == 0 and person >= 0)


def _seed_pack(cast: Cast, pack: Pack | None) -> None:
    if not pack:
        return
    for character in pack.characters:
        index = cast.add(character.name, gender=character.gender, pack=character)
        cast.members[index].evidence.add("pack")
        for alias in (character.name, *character.aliases):
            cast.bind(index, parse_name(alias))
            cast.members[index].seeds.add(alias)
        for vocative in character.vocatives:
            cast.by_vocative.setdefault(vocative.lower(), index)
            if parse_name(vocative).key not in cast.by_key:  # a capitalised "Kit" in a Naruto story is Naruto
                cast.bind(index, parse_name(vocative))
    cast.compile_vocatives()


def _seed_work_tags(cast: Cast, work) -> None:
    """Character and relationship tags of a download name the cast: "Kyuubi | Nine-tails | Kurama" is one
    character, "Naruto U." is Naruto (the initial is dropped), "Naruto Uzumaki/Sasuke Uchiha" names two."""
    tags = list(work.characters)
    for relationship in work.relationships:
        tags.extend(part for part in re.split(r"\s*[/&]\s*", relationship) if part)
    for tag in tags:
        forms = [f.strip() for f in re.sub(r"\([^)]*\)", "", tag).split("|") if f.strip()]
        forms = [re.sub(r"\s+[A-Z]\.$", "", form) for form in forms]
        if not forms:
            continue
        index = next((found for form in forms if (found := cast.lookup(form)) is not None), None)
        if index is None:
            index = cast.add(forms[0])
            cast.members[index].preferred = forms[0]
        cast.members[index].seeds.update(forms)
        cast.members[index].evidence.add("tag")
        for form in forms:
            parts = parse_name(form)
            if parts.key not in cast.by_key:
                cast.bind(index, parts)
            if len(parts.words) > 1 and parts.title is None and parts.words[0].lower() not in cast.by_key:
                cast.bind(index, parse_name(parts.words[0]))


def _cluster(cast: Cast, forms: list[NameParts], pack: Pack | None) -> None:
    """Merge forms into characters: full names first, then titled forms, then single names."""
    pending = [f for f in forms if f.key not in cast.by_key]
    full = [f for f in pending if f.title is None and len(f.words) > 1]
    titled = sorted((f for f in pending if f.title is not None), key=lambda f: -len(f.words))
    single = [f for f in pending if f.title is None and len(f.words) == 1]
    for parts in full:
        same = next((i for i, m in enumerate(cast.members)
                     if any(set(p.words) == set(parts.words) for p in m.parts)), None)
        if same is None:
            # "Elizabeth Bennet" after "Elizabeth" was seeded by a pack, or two full names sharing a given name
            same = cast.lookup(parts.words[0]) if pack else None
        if same is None:
            same = cast.add(" ".join(parts.words))
        cast.bind(same, parts)
    for parts in titled:
        fits = [i for i, m in enumerate(cast.members) if m.kind == "named" and _title_fits(cast, i, m, parts)]
        if len(fits) > 1 and parts.gender:
            fits = [i for i in fits if cast.provisional_gender(i) == parts.gender] or fits
        if len(fits) == 1:
            cast.bind(fits[0], parts)
        else:
            index = cast.add(_display(parts.surface))
            cast.bind(index, parts)
    for parts in single:
        word = parts.words[0].lower()
        found = cast.lookup(parts.words[0])
        if found is None and word in NICKNAME_OF:
            formal = [i for i, m in enumerate(cast.members) if NICKNAME_OF[word] in m.given_names]
            found = formal[0] if len(formal) == 1 else None
        if found is None:
            given = [i for i, m in enumerate(cast.members) if word in m.given_names]
            found = given[0] if len(given) == 1 else None
        if found is None:
            found = cast.add(parts.words[0])
        cast.bind(found, parts)


def _title_fits(cast: Cast, index: int, member: Member, parts: NameParts) -> bool:
    """Whether a titled form names this member.

    The same words always fit ("Miss Elizabeth Bennet" is Elizabeth Bennet). A man's title with a family
    name fits a man of that family ("Mr. Darcy" is Fitzwilliam Darcy). A woman's title with a family name
    alone does not fit a woman known by her given name: "Mrs. Dashwood", "Miss Dashwood" and "Marianne
    Dashwood" are three people, and "Mrs. John Dashwood" is John's wife."""
    words = [w.lower() for w in parts.words]
    if not _gender_fits(cast, index, parts):
        return False
    if any(p.title and p.gender and p.gender != parts.gender for p in member.parts):
        return False
    if any([w.lower() for w in p.words] == words and (p.title in (None, parts.title) or (
        parts.gender != "female" and p.gender != "female")) for p in member.parts
    ):
        return True  # the same words; "Doctor Losberne" is "Mr. Losberne", but "Mrs. X" is not "Mr. X"
    if parts.gender == "female" or len(words) != 1:
        return False
    return any(len(p.words) > 1 and p.words[-1].lower() == words[0] for p in member.parts)


def _gender_fits(cast: Cast, index: int, parts: NameParts) -> bool:
    gender = parts.gender or cast.form_gender(parts.key)
    if gender is None:
        return True
    known = member_gender(cast, index)  # name_structure.py: titles, pronouns, else first-name lists
    return known is None or known == gender


def _scan_mentions(analysis: Analysis, cast: Cast, common: _CommonWords) -> None:
    """Every occurrence of a known name, including those the tagger did not call proper nouns.

    A name that is also a common word in the text ("Will", "Hope": seen in lower case three times or more)
    keeps only the occurrences the tagger marked as names.
    """
    text = analysis.text
    owner: dict[str, int] = {}
    for index, member in enumerate(cast.members):
        for alias in member.aliases:
            if len(alias) > 1 and alias not in owner and not common.is_word(alias.lower()):
                owner[alias] = index
    if not owner:
        return
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(map(re.escape, sorted(owner, key=len, reverse=True))) + r")"
        + "(?i:" + _HONORIFIC_TAIL.pattern + r")?(?![\w])"
    )
    taken = sorted(span for member in cast.members for span in member.mentions)
    starts = [s for s, _ in taken]
    for paragraph in analysis.paragraphs:
        if not paragraph.story:
            continue
        for match in pattern.finditer(text, paragraph.start, paragraph.end):
            start, end = match.span()
            position = bisect.bisect_right(starts, start) - 1
            if position >= 0 and taken[position][0] <= start < taken[position][1]:
                continue
            member = cast.members[owner[match.group(1)]]
            member.mentions.append((start, end))
            member.aliases.add(_display(match.group(0)))


def _seeded_mentions(analysis: Analysis, cast: Cast) -> None:
    """Forms a pack or the work's tags give ("the fox", lower-case "ero-sensei", "Nine-tails") where the parse
    found no name: matched as written, and in any case when they hold a hyphen or a space."""
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    for index, member in enumerate(cast.members):
        for form in member.seeds:
            if "-" in form or " " in form:
                folded.setdefault(form.lower(), index)
            else:
                exact.setdefault(form, index)
    add_form_mentions(analysis, cast, exact, folded)


def _form_genders(analysis: Analysis, candidates: list[Candidate]) -> dict[str, Counter]:
    """Pronoun votes per name form: a name as the subject votes for the next subject pronoun or possessive
    (he, she, his, her) in its sentence or the next one, unless another name comes first."""
    votes: dict[str, Counter] = defaultdict(Counter)
    at = {c.start: c.parts.key for c in candidates}
    for paragraph in analysis.paragraphs:
        doc = paragraph.doc
        if doc is None:
            continue
        subject = None
        for sentence in doc.sents:
            for token in sentence:
                if token.text in ('"', "“", "”"):
                    subject = None
                    break
                key = at.get(paragraph.start + token.idx)
                if key is not None:
                    subject = key if token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in (
                        "nsubj", "nsubjpass") else None
                    continue
                gender = _PRONOUN_GENDER.get(token.lower_)
                if subject is not None and gender and (
                    token.tag_ == "PRP$" or (token.tag_ == "PRP" and token.dep_ in ("nsubj", "nsubjpass"))
                ):
                    votes[subject][gender] += 1
                    subject = None
    return votes


def _first_person(analysis: Analysis) -> bool:
    """Narration (outside quotations) with many first-person pronouns."""
    quotes = [(q.start, q.end) for q in analysis.quotes]
    narration = first = 0
    qi = 0
    for paragraph in analysis.paragraphs:
        if paragraph.doc is None:
            continue
        for token in paragraph.doc:
            offset = paragraph.start + token.idx
            while qi < len(quotes) and quotes[qi][1] <= offset:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] <= offset:
                continue
            narration += 1
            if token.text in ("I", "me", "my", "myself") and token.tag_ in ("PRP", "PRP$"):
                first += 1
    return narration > 200 and first > 0.012 * narration


def _canonical(member: Member, text: str) -> str:
    """The pack's name; else the longest full name ("Elizabeth Bennet"); else the form used most ("Mr. Darcy")."""
    if member.pack:
        return member.pack.name
    if member.preferred:
        return member.preferred
    if member.kind != "named":
        return member.name
    parts = [p for p in member.parts if not p.surface.isupper()] or member.parts
    full = [p for p in parts if p.title is None and len(p.words) > 1 and not p.honorific]
    if full:
        return " ".join(max(full, key=lambda p: len(p.words)).words)
    used = Counter(_display(text[start:end]) for start, end in member.mentions)
    for surface, _ in used.most_common():
        if not surface.isupper():
            return surface
    return _display(member.name)


_APPOSITION = re.compile(
    r"(?P<name>\b(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*),\s+the\s+(?P<role>[A-Za-z]+)\b(?!\s+(?:of|who|which|that)\b)"
    r"|\bthe\s+(?P<role2>[A-Za-z]+),\s+(?P<name2>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)"
)


def _merge_appositions(analysis: Analysis, cast: Cast) -> None:
    """A role set beside a name ("Mr. Bumble, the beadle", "the Jew, Fagin") is a description of that
    character: "said the beadle" is Mr. Bumble, and a "Jew" found as a name is merged into Fagin."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for match in _APPOSITION.finditer(analysis.text):
        name = match.group("name") or match.group("name2")
        role = (match.group("role") or match.group("role2")).lower()
        index = cast.lookup(clean_surface(name))
        if index is not None and cast.by_key.get(role) != index:
            votes[role][index] += 1
    for role, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            continue
        target = ranked[0][0]
        cast.roles[role] = target
        same = cast.by_key.get(role)
        if same is not None and same != target and len(cast.members[same].keys) == 1:
            cast.merge(same, target)
