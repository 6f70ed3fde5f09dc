"""Who says (or thinks, or writes) each quotation: a sieve of rules, surest first.

1. explicit-tag: a speech verb next to the quotation and its subject, in either order and with names,
   pronouns or descriptions ("said Naruto", "Sasuke yelled", "he replied", "replied the other", "said a
   drunk villager"). The verb also sets the kind: "thought" makes a thought, "wrote" a written message.
   A voice "in his head" makes the quotation telepathy: the voice's owner speaks, the head's owner listens.
2. same-paragraph: a quotation in the paragraph of an attributed one, with no tag of its own, shares its
   speaker ("Hello," said X, "how are you?").
0. legend: the work's legend names the voice of a style ("bold = Kurama speaking").
3. action-beat: the subject of the narration sentence next to the quotation ("Mary smiled. 'I knew it.'").
4. vocative-reply: the one addressed by name in the previous quotation answers.
5. turn-taking: in a conversation, untagged lines alternate between the two last speakers; a run of
   untagged turns between two tagged ones that strict alternation fits is that exchange (`blocks.py`).
6. conversation: the most recent other participant (low confidence).
Unnamed speakers ("a drunk villager", "the other") become characters of their own.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ficlens.analysis import Analysis, Quote
from ficlens.cast.appositions import EPITHETS
from ficlens.cast.names import parse_name, title_of
from ficlens.dialogue.beats import in_main_clause, ordered_subjects, owner_of_part
from ficlens.dialogue.blocks import fill_blocks
from ficlens.dialogue.cataphora import name_after_the_line
from ficlens.dialogue.chat import attribute_chat
from ficlens.dialogue.context import NEAR, Context
from ficlens.dialogue.epithets import name_epithets
from ficlens.dialogue.evidence import Rule, attribute
from ficlens.dialogue.introductions import introduced_speakers, named_by_narration
from ficlens.dialogue.kin import relative_by_family_name
from ficlens.dialogue.letters import attribute_letters
from ficlens.dialogue.lexicon import OTHER_WORDS, ROLE_GENDER, SPEECH_VERBS, TELEPATHY, THOUGHT_VERBS, WRITTEN_VERBS
from ficlens.dialogue.persons import name_the_listener, reader
from ficlens.dialogue.replies import addressed_replier
from ficlens.dialogue.scenes import introduced, name_described_speakers
from ficlens.dialogue.tags import tag_ending_previous, unlisted_verb_tag
from ficlens.dialogue.vocatives import find_vocatives, merge_vocative_names, name_the_narrator
from ficlens.nlp import SUBJECT_DEPS

_STOP = {".", "!", "?", "…", ";"}
SPEECH_NOUNS = {"words", "reply", "answer", "language", "remark", "exclamation", "question", "response",
                "observation", "comment", "cry", "retort", "rejoinder", "greeting", "farewell", "advice"}
_QUOTE_CHARS = set("\"“”'‘’«»")
_FRESH_DETERMINERS = {"a", "an", "another", "one", "some"}
_TAG_RULES: dict[str, Rule] = {
    "name": "explicit-tag-name", "description": "explicit-tag-description", "pronoun": "explicit-tag-pronoun",
}


def attribute_speakers(analysis: Analysis) -> None:
    context = Context.build(analysis)
    quotes = analysis.quotes
    for quote in quotes:
        quote.vocatives = find_vocatives(context, quote)
    attribute_chat(context)
    attribute_letters(context)
    for number, quote in enumerate(quotes):
        if quote.username or quote.evidence == "signature":
            continue
        if quote.legend_speaker:
            _legend(context, quote)
        else:
            _explicit(context, quote, number)
    introduced_speakers(context)
    name_epithets(context)
    for quote in quotes:
        if quote.speaker is None:
            _action_beat(context, quote)
    _same_paragraph(quotes)
    merge_vocative_names(context)
    name_the_narrator(context)
    name_the_listener(context)
    _sequence(context)
    fill_blocks(context)
    name_after_the_line(context)
    _name_the_voices(context)
    named_by_narration(context)
    name_described_speakers(context)
    respect_tag_genders(context)
    context.cast.note_speakers(q.speaker for q in quotes)


def respect_tag_genders(context: Context) -> None:
    """A line tagged "she said" is never a man's (nor "he said" a woman's), whichever rule chose the speaker."""
    cast = context.cast
    for quote in context.analysis.quotes:
        if quote.tag_gender and quote.speaker is not None and cast.provisional_gender(quote.speaker) not in (
            None, quote.tag_gender
        ):
            quote.speaker, quote.evidence, quote.confidence = None, "none", 0.0


def _name_the_voices(context: Context) -> None:
    """A voice known only as "a deep voice" is named by the answer it gets: "I know, Kurama." """
    quotes = context.analysis.quotes
    cast = context.cast
    for number, quote in enumerate(quotes[:-1]):
        speaker = quote.speaker
        if speaker is None or cast.members[speaker].kind != "unnamed":
            continue
        if not cast.members[speaker].name.lower().split()[-1:] == ["voice"]:
            continue
        reply = quotes[number + 1]
        named = [v for v in reply.vocatives if v not in (reply.speaker, quote.head_owner)]
        if reply.para != quote.para and len(named) == 1:
            attribute(quote, named[0], "vocative-reply")


def _legend(context: Context, quote: Quote) -> None:
    """The work's legend named the voice ("bold = Kurama speaking"), a name the story itself uses: "Force bond
    conversations are in italics" names a kind of line, not a "Force" who speaks them all."""
    cast = context.cast
    name = quote.legend_speaker or ""
    speaker = cast.lookup(name)
    if speaker is None:
        if not _in_the_story(context.analysis, name):
            return
        speaker = cast.add_late(name, parse_name(name))
    attribute(quote, speaker, "legend")


def _in_the_story(analysis: Analysis, name: str) -> bool:
    """Whether `name` is written in a paragraph of the story (not an author's note)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return any(pattern.search(analysis.text, p.start, p.end) for p in analysis.paragraphs if p.story)


# --- 1. explicit tags ---------------------------------------------------------------------------------------


def _explicit(context: Context, quote: Quote, number: int) -> None:
    analysis = context.analysis
    paragraph = analysis.paragraphs[quote.last_para]
    following = context.next_starting_in(quote.last_para, number)
    after = context.tokens(quote.last_para, quote.end, following.start if following else paragraph.end)
    verb, subject = _tag_after(after)
    if verb is None:
        preceding = context.previous_ending_in(quote.para, number)
        before_start = preceding.end if preceding else analysis.paragraphs[quote.para].start
        before = context.tokens(quote.para, before_start, quote.start)
        verb, subject = _tag_before(context.analysis.text, before, quote.start)
        tag_para = quote.para
        if verb is None:
            verb, tag_para = tag_ending_previous(context, quote)
            subject = _subject(verb, [*verb.sent]) if verb is not None else None
        if verb is None:
            verb, subject = unlisted_verb_tag(analysis.text, quote, after[:4])
            tag_para = quote.last_para
    else:
        tag_para = quote.last_para
    _telepathy(context, quote)
    if verb is None:
        return
    lowered = verb.lower_
    if lowered in THOUGHT_VERBS and quote.kind != "telepathy":
        quote.kind = "thought"
    elif lowered in WRITTEN_VERBS:
        quote.kind = "written"
    if subject is None:
        return
    speaker, how = _resolve_subject(context, quote, tag_para, subject, number)
    quote.tag_gender = {"he": "male", "she": "female"}.get(subject.lower_) if subject.tag_ == "PRP" else None
    if speaker is not None:
        attribute(quote, speaker, _TAG_RULES[how])
        quote.tag_speaker = speaker


def _tag_after(tokens: list[Token]) -> tuple[Token | None, Token | None]:
    window = []
    for token in tokens:
        if token.text in _STOP or token.text in _QUOTE_CHARS or len(window) >= 10:
            break
        window.append(token)
    for position, token in enumerate(window):
        if token.lower_ in SPEECH_VERBS and (token.tag_.startswith("VB") or position <= 2):
            if token.tag_ == "VBN" and position + 1 < len(window) and window[position + 1].lower_ == "by":
                agent = next((t for t in window[position + 2 :] if t.pos_ in ("PROPN", "PRON", "NOUN")), None)
                return token, agent  # "was uttered by Captain Wentworth"
            return token, _subject(token, window)
        if token.lower_ in SPEECH_NOUNS and position >= 2 and window[position - 1].text in ("'s", "’s"):
            return token, window[position - 2]  # "was Charles's language", "were Colonel Fitzwilliam's words"
    return None, None


def _tag_before(text: str, tokens: list[Token], quote_start: int) -> tuple[Token | None, Token | None]:
    if not tokens:
        return None, None
    tail = text[max(0, quote_start - 3) : quote_start].strip()
    if tail and tail[-1] not in ",:—–-" and tokens[-1].lower_ not in SPEECH_VERBS:
        return None, None
    sentence_start = 0
    for position, token in enumerate(tokens):
        if token.text in _STOP or token.text in _QUOTE_CHARS:
            sentence_start = position + 1
    window = tokens[sentence_start:]
    for position in range(len(window) - 1, -1, -1):
        token = window[position]
        if token.lower_ in SPEECH_VERBS and token.tag_.startswith("VB") and len(window) - position <= 9:
            return token, _subject(token, window)
    return None, None


def _subject(verb: Token, window: list[Token]) -> Token | None:
    """The verb's subject inside the tag: the parse's, else the noun next to the verb on the side the word
    order puts it ("said the other" after the verb, "the former continued the subject" before it)."""
    inside = {t.i for t in window}
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.i in inside:
            if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl" and verb.head.i in inside:
                return verb.head  # "Mary, who on noting the date exclaimed"
            return child
    shared = _shared_subject(verb, inside)
    if shared is not None:
        return shared
    before = [t for t in window if t.i < verb.i and t.pos_ not in ("PUNCT", "SPACE")]
    if before:
        for token in reversed(before):
            if token.pos_ in ("PROPN", "PRON", "NOUN") or token.lower_ in OTHER_WORDS:
                return token
    for token in window:
        if token.i <= verb.i:
            continue
        if token.pos_ in ("PROPN", "PRON", "NOUN", "ADJ") and token.dep_ != "pobj":
            if token.pos_ == "ADJ" and token.lower_ not in OTHER_WORDS:
                continue
            if token.pos_ == "NOUN" and token.dep_ in ("dobj", "attr") and not _phrase_ends(token, window):
                continue  # "continued the subject by saying": an object, not an inverted subject
            if token.pos_ == "PRON" and token.lower_ not in ("he", "she", "i", "they", "we"):
                continue
            return _head_of_phrase(token, window)
        if token.pos_ not in ("ADV", "DET", "ADJ", "PART", "PUNCT"):
            break
    return None


def _shared_subject(verb: Token, inside: set[int]) -> Token | None:
    """"he turned to his friend and said": a speech verb coordinated with an earlier verb of the tag has that
    verb's subject, not the noun nearest before it."""
    head = verb
    while head.dep_ == "conj" and head.head.i < head.i and head.head.i in inside:
        head = head.head
        subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS and c.i in inside), None)
        if subject is not None:
            return subject
    return None


def _previous_turn(context: Context, number: int) -> Quote | None:
    """The quotation of the conversation's previous paragraph, if there is one (a reply follows it)."""
    quotes = context.analysis.quotes
    quote = quotes[number]
    for index in range(number - 1, -1, -1):
        if context.conversation[index] != context.conversation[number]:
            return None
        if quotes[index].last_para != quote.para:
            return quotes[index]
    return None


def _phrase_ends(token: Token, window: list[Token]) -> bool:
    following = [t for t in window if t.i > token.i]
    return not following or following[0].pos_ == "PUNCT"


def _head_of_phrase(token: Token, window: list[Token]) -> Token:
    inside = {t.i for t in window}
    while token.dep_ in ("compound", "amod", "det") and token.head.i in inside and token.head.i > token.i:
        token = token.head
    return token


def _resolve_subject(context: Context, quote: Quote, para: int, subject: Token, number: int) -> tuple[int | None, str]:
    """The speaker a tag's subject names, and how it names them ("name", "description" or "pronoun")."""
    text = context.analysis.text
    start = context.offset(para, subject)
    if subject.pos_ == "PRON" or subject.tag_ in ("PRP",):
        return _pronoun_subject(context, quote, subject, start, number), "pronoun"
    found = context.member_at(start)
    if found is not None:
        return found, "name"
    phrase = [t for t in subject.subtree if t.i <= subject.i and t.dep_ in ("det", "amod", "compound", "poss",
                                                                              "nummod", "nmod")] + [subject]
    phrase = [t for t in phrase if t.i >= phrase[0].i]
    proper = [t for t in phrase if t.tag_ in ("NNP", "NNPS")]
    if subject.tag_ in ("NNP", "NNPS") and subject.text[:1].isupper():
        first = proper[0] if proper else subject
        surface = text[context.offset(para, first) : start + len(subject.text)]
        found = context.resolve_name(surface, context.offset(para, first))
        if found is not None or not title_of(subject.text):
            return found, "name"  # else a rank the cast refuses as a name ("the Captain said"): see below
    if subject.text[:1].isupper() and (found := context.cast.lookup(subject.text)) is not None:
        return found, "name"  # "said the Duchess": a character known by a capitalised title
    return _described_subject(context, quote, para, subject, phrase, number)


def _pronoun_subject(context: Context, quote: Quote, subject: Token, start: int, number: int) -> int | None:
    """"I" is the POV character or the narrator; "you" the reader-insert; "he"/"she" the latest fitting
    character, preferring not the one who spoke the line before (a tag introduces a reply)."""
    if subject.lower_ == "i":
        owner = context.pov_owner(start)
        return owner if owner is not None else context.cast.ensure_narrator()
    if subject.lower_ == "you":
        return reader(context.cast)
    if subject.lower_ in ("he", "she"):  # "they said", "someone said": no description's gender to agree with
        gender = "male" if subject.lower_ == "he" else "female"
        described = _described_antecedent(context, quote, number, gender)
        if described is not None:
            return described
        replier = addressed_replier(context, quote, number, gender)
        if replier is not None:
            return replier
    previous = _previous_turn(context, number)
    avoid = {previous.speaker} if previous is not None and previous.speaker is not None else set()
    return context.resolve_pronoun(subject.text, start, quote, set(quote.vocatives), avoid)


def _described_antecedent(context: Context, quote: Quote, number: int, gender: str) -> int | None:
    """"The surgeon leaned over the bed. 'The old story,' he said": a he or she whose paragraph has a
    description ("the surgeon", "her mother") as the latest main subject before the line (within `NEAR`) (he/she subjects
    between only continue it) refers to that description, which the cast holds as no name."""
    paragraph = context.analysis.paragraphs[quote.para]
    before = [t for t in context.tokens(quote.para, max(paragraph.start, quote.start - NEAR), quote.start)
              if not context.in_quote(context.offset(quote.para, t))]
    for token in ordered_subjects(before[::-1], last_sentence_main_first=True):
        if token.tag_ == "PRP" and token.lower_ == ("he" if gender == "male" else "she"):
            continue
        determiners = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
        if token.pos_ != "NOUN" or not token.text.islower() or determiners not in (["the"], ["his"], ["her"]):
            return None
        if not in_main_clause(token):  # "... if her son had not interposed": the sentence is about another
            return None
        if not _is_person_noun(token.lower_) or token.lower_ in EPITHETS:
            return None  # "The young lady smiled": the narration's word for whoever is in view, often named
        if ROLE_GENDER.get(token.lower_, gender) != gender or context.member_at(context.offset(quote.para, token)) is not None:
            return None
        found = _resolve_subject(context, quote, quote.para, token, number)[0]
        if found is not None and context.cast.members[found].gender not in (None, gender):
            return None  # a he is never a woman: the description was someone else's ("the friend" of hers)
        return found
    return None


def _described_subject(
    context: Context, quote: Quote, para: int, subject: Token, phrase: list[Token], number: int
) -> tuple[int | None, str]:
    """A description ("the beadle", "his mother", "the former", "a drunk villager"): a role known from an
    apposition, the participant it describes, the story's one bearer of a title, or an unnamed character."""
    text = context.analysis.text
    start = context.offset(para, subject)
    phrase_start = context.offset(para, phrase[0])
    description = text[phrase_start : start + len(subject.text)]
    determiner = phrase[0].lower_ if phrase[0].dep_ in ("det", "poss") else ""
    head = subject.lower_
    if determiner == "the" and head in context.cast.roles:
        return context.cast.roles[head], "description"
    if head in ("former", "latter") and determiner == "the":
        found = _former_latter(context, quote, head)
        if found is not None:
            return found, "pronoun"
    if determiner in _POSSESSIVES or (
        determiner == "the" and head in ROLE_GENDER and not introduced(context, para, head, phrase_start)
    ):
        found = _described_participant(context, quote, number, head, determiner, phrase_start)
        if found is not None:
            return found, "pronoun"
    if determiner == "the" and title_of(head):
        titled = [i for i, m in enumerate(context.cast.members) if any(p.title == title_of(head) for p in m.parts)]
        if len(titled) == 1:
            return titled[0], "description"  # "said the count": the one count of the story
    if head not in OTHER_WORDS and not _is_person_noun(head):
        return None, "description"  # "no reply was made", "the table answered": not a speaker
    if determiner == "the" and head == "other" and len(phrase) == 2:
        found = _the_other(context, quote, number)
        if found is not None:
            return found, "pronoun"
    if head in OTHER_WORDS:  # "the other" is one character within a conversation, another in the next
        found = context.cast.unnamed_member(description, fresh=True, scope=f"#{context.conversation[number]}")
    else:
        found = context.cast.unnamed_member(description, fresh=determiner in _FRESH_DETERMINERS)
    context.cast.add_mention(found, (phrase_start, phrase_start + len(description)))
    return found, "description"


_POSSESSIVES = {"his", "her", "their", "my", "our", "your"}


_PERSON_NOUNS = {
    "person", "people", "child", "boy", "girl", "lady", "gentleman", "man", "woman", "fellow", "lad", "lass",
    "youth", "maid", "servant", "stranger", "friend", "guest", "visitor", "host", "hostess", "nurse", "doctor",
    "officer", "soldier", "sailor", "clerk", "cook", "guard", "priest", "parson", "vicar", "clergyman",
    "chaplain", "judge", "mother", "father", "wife", "husband", "sister", "brother", "aunt", "uncle", "son",
    "daughter", "cousin", "niece", "nephew", "widow", "bride", "baby", "infant", "creature", "beast", "voice",
    "cat", "dog", "rabbit", "mouse", "bird", "owl", "pig", "king", "queen", "prince", "princess", "duke",
    "duchess", "count", "countess", "captain", "colonel", "major", "general", "inspector", "detective",
    "constable", "policeman", "matron", "beadle", "undertaker", "landlord", "landlady", "innkeeper", "waiter",
    "porter", "driver", "cabman", "coachman", "footman", "butler", "housekeeper", "governess", "master",
    "mistress", "other", "villager", "peasant", "native", "boatman", "shopkeeper", "ninja", "shinobi",
    "student", "teacher", "sensei", "girlfriend", "boyfriend", "partner", "companion", "neighbour", "neighbor",
    "ladyship", "lordship", "majesty", "highness", "excellency", "honour", "honor", "sir", "madam", "mamma",
    "mama", "papa", "granny", "grandmother", "grandfather", "twin", "twins", "kid", "old", "young", "elder",
    "surgeon", "physician", "magistrate", "turnkey", "attorney", "chief", "warden", "chairman", "secretary",
}
_NOT_PERSON_ENDINGS = {"paper", "letter", "answer", "matter", "manner", "water", "order", "power", "number",
                       "door", "floor", "error", "colour", "color", "humour", "humor", "favour", "favor",
                       "anger", "danger", "hunger", "silence", "table", "reply", "gesture", "tongue", "laughter"}

_ABSTRACT_ENDINGS = ("ness", "ment")
"""Nouns of states and acts ("her happiness", "the moment"), whatever their "-ess" or "-ent" ending suggests."""
_ABSTRACT_LOOKING_PEOPLE = {"witness"}


def _is_person_noun(noun: str) -> bool:
    """Whether a tag's subject noun can be a speaker: a person, an animal or a voice, not "no reply"."""
    noun = noun.lower()
    if noun in _PERSON_NOUNS:
        return True
    if noun in _NOT_PERSON_ENDINGS or (noun.endswith(_ABSTRACT_ENDINGS) and noun not in _ABSTRACT_LOOKING_PEOPLE):
        return False
    return noun.endswith(("man", "men", "woman", "women", "er", "or", "ist", "ess", "ian", "ant", "ent"))


def _described_participant(
    context: Context, quote: Quote, number: int, head: str, determiner: str, offset: int
) -> int | None:
    """"cried her mother", "said his companion": a character of the conversation, not a new one.

    A reply opening its paragraph after a line that calls one character of the noun's gender by name is
    theirs (`replies.addressed_replier`); else the other one of the two who spoke last, when the noun's gender
    allows; else the latest fitting character mentioned nearby, else the one the line before called by name or
    a he/she would be (`_addressed`); never the one the possessive points at, nor the speaker of the line it
    answers."""
    gender = ROLE_GENDER.get(head)
    cast = context.cast
    exclude = set(quote.vocatives)
    previous = _previous_turn(context, number)
    if previous is not None and previous.speaker is not None:
        exclude.add(previous.speaker)  # '"You're late," said Nora. / "The roads are flooded," replied the girl.'
    if determiner in ("his", "her"):
        owner = context.resolve_pronoun("he" if determiner == "his" else "she", offset, quote, set())
        if owner is not None:
            exclude.add(owner)
            relative = relative_by_family_name(cast, owner, head)  # kin.py: "said his wife" is Mrs. Surname
            if relative is not None and relative not in exclude:
                return relative
    if gender is not None and (replier := addressed_replier(context, quote, number, gender)) is not None \
            and replier not in exclude:
        return replier
    earlier = _earlier_in_conversation(context.analysis.quotes, context.conversation, number)
    for candidate in _alternation(earlier)[:2][::-1]:
        if candidate not in exclude and gender in (None, cast.provisional_gender(candidate)):
            if earlier and earlier[-1].speaker == candidate and len(_alternation(earlier)) > 1:
                continue
            return candidate
    if gender is None:
        return None
    floor = context.analysis.paragraphs[max(0, quote.para - 3)].start
    for _, _, index in reversed(context.narration_mentions(floor, offset)):
        if index not in exclude and cast.provisional_gender(index) == gender and cast.members[index].kind == "named":
            return index
    return _addressed(context, quote, number, head, gender, offset, exclude)


def _addressed(
    context: Context, quote: Quote, number: int, head: str, gender: str, offset: int, exclude: set[int]
) -> int | None:
    """"'Nancy, dear!' croaked the Jew. / 'Don't worry me,' replied the girl": a description of a gender that
    nobody of the conversation or the narration nearby fits is the one the line before called by name; else,
    unless the text before calls someone by it, whom a he or she of that gender would be."""
    cast = context.cast
    previous = _previous_turn(context, number)
    for candidate in previous.vocatives if previous is not None else []:
        if candidate not in exclude and cast.provisional_gender(candidate) == gender:
            return candidate
    if _narration_calls(context, quote, head, offset):
        return None
    found = context.resolve_pronoun("he" if gender == "male" else "she", offset, quote, exclude)
    if found is not None and cast.provisional_gender(found) == gender and cast.members[found].kind == "named":
        return found
    return None


def _narration_calls(context: Context, quote: Quote, head: str, offset: int) -> bool:
    """Whether the text before the tag calls someone "the <head>" ("the boy standing in the rain"): the
    description is then the story's word for a person not yet named, not a he or she of the cast."""
    floor = context.analysis.paragraphs[max(0, quote.para - NARRATED_DESCRIPTION_PARAGRAPHS)].start
    pattern = rf"\bthe\s+(?:[a-z-]+\s+){{0,2}}{re.escape(head)}\b"
    return re.search(pattern, context.analysis.text[floor : min(offset, quote.start)], re.I) is not None


NARRATED_DESCRIPTION_PARAGRAPHS = 10
"""How far back (paragraphs) the narration's own "the boy" keeps a tag's "said the boy" a description."""


def _the_other(context: Context, quote: Quote, number: int) -> int | None:
    """"said the other" answers the one who spoke the line before: the other of the two talking, the one
    who spoke before that, else the latest character the narration named since, else the conversation's
    other recent speaker, any earlier one of it, or the latest character named further back. After an unnamed
    speaker ("said a villager") it is another of that kind: None."""
    previous = _previous_turn(context, number)
    if previous is None or previous.speaker is None:
        return None
    cast = context.cast
    if cast.members[previous.speaker].kind == "unnamed":
        return None
    earlier = _earlier_in_conversation(context.analysis.quotes, context.conversation, number)
    before_previous = [q.speaker for q in earlier if q.para < previous.para][-1:]
    floor = context.analysis.paragraphs[max(0, quote.para - OTHER_PARAGRAPHS)].start
    named = [index for _, _, index in reversed(context.narration_mentions(floor, quote.start))]
    far = context.analysis.paragraphs[max(0, quote.para - OTHER_FAR_PARAGRAPHS)].start
    further = [index for _, _, index in reversed(context.narration_mentions(far, floor))]
    spoken = [q.speaker for q in reversed(earlier)]
    for candidate in (*before_previous, *named, *_alternation(earlier), *spoken, *further):
        if candidate is not None and candidate != previous.speaker and candidate not in quote.vocatives:
            if cast.members[candidate].kind == "named":
                return candidate
    return None


OTHER_PARAGRAPHS = 3
"""How far back (paragraphs) the narration's mentions still name the other of a "said the other"."""
OTHER_FAR_PARAGRAPHS = 10
"""How far back the narration is read for the other of a "said the other" whom no speaker of the conversation
so far nor the last few paragraphs name."""


def _former_latter(context: Context, quote: Quote, which: str) -> int | None:
    floor = context.analysis.paragraphs[max(0, quote.para - 2)].start
    recent: list[int] = []
    for _, _, index in reversed(context.narration_mentions(floor, quote.start)):
        if index not in recent:
            recent.append(index)
        if len(recent) == 2:
            break
    if len(recent) < 2:
        return None
    return recent[0] if which == "latter" else recent[1]


def _telepathy(context: Context, quote: Quote) -> None:
    """A quotation announced as a voice in someone's head: before it in its paragraph, at the end of the
    paragraph before (a lead-in of pure narration), or in the tag right after it ("**You know why, kit,** a deep voice rumbled in his mind",
    "she said through the bond", "he thought at her": the one thought at hears it)."""
    analysis = context.analysis
    text = analysis.text
    paragraph = analysis.paragraphs[quote.para]
    windows = [(paragraph.start, quote.start)]
    if quote.para > 0 and text[paragraph.start] in "\"“'‘*" and quote.para - 1 not in context.ending_in:
        previous = analysis.paragraphs[quote.para - 1]
        windows.append((max(previous.start, previous.end - 300), previous.end))
    last = analysis.paragraphs[quote.last_para]
    tag = re.match(r"[^\"“”.!?]*", text[quote.end : last.end])
    if tag and tag.group(0).strip():
        windows.append((quote.end, quote.end + tag.end()))
    for start, end in windows:
        chunk = text[start:end]
        if re.search(r"[\"“”]", chunk[-2:]):
            continue
        match = TELEPATHY.search(chunk)
        if match:
            quote.kind = "telepathy"
            owner = match.group("owner") or match.group("target")
            at = start + match.start()
            if match.group("target") in _POSSESSIVE_OF:
                pronoun = {"him": "he", "her": "she"}.get(match.group("target"), "")
                quote.head_owner = context.resolve_pronoun(pronoun, start + match.start("target"), quote, set())
            elif owner and owner.lower() in ("his", "her", "their", "my"):
                quote.head_owner = _sentence_subject(context, at, owner)
            elif owner:
                named_at = start + match.start("owner" if match.group("owner") else "target")
                quote.head_owner = context.resolve_name(owner.removesuffix("'s"), named_at, create=False)
            return


_POSSESSIVE_OF = {"him": "his", "her": "her", "them": "their"}
"""'he thought at her': the one thought at is the head the voice is in."""


def _sentence_subject(context: Context, offset: int, pronoun: str) -> int | None:
    """Whose head: the first fitting character of the sentence holding the possessive."""
    text = context.analysis.text
    sentence_start = max(text.rfind(". ", 0, offset), text.rfind("\n\n", 0, offset), 0)
    for _, _, index in context.narration_mentions(sentence_start, offset):
        gender = context.cast.members[index].gender
        if pronoun.lower() == "his" and gender in (None, "male") or pronoun.lower() == "her" and gender in (
            None, "female"
        ):
            return index
    return context.resolve_pronoun(pronoun.replace("his", "he").replace("her", "she"), offset, None, set())


# --- 2.-6. without a tag ------------------------------------------------------------------------------------


def _same_paragraph(quotes: list[Quote]) -> None:
    tagged: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.speaker is not None and quote.evidence == "explicit-tag":
            tagged.setdefault(quote.para, []).append(quote)
    for quote in quotes:
        if quote.speaker is not None or quote.kind == "telepathy":
            continue
        mates = tagged.get(quote.para, [])
        if mates:
            nearest = min(mates, key=lambda q: abs(q.start - quote.start))
            attribute(quote, nearest.speaker, "same-paragraph-tag")
            if quote.kind == "speech" and nearest.kind != "telepathy":
                quote.kind = nearest.kind


def _action_beat(context: Context, quote: Quote) -> None:
    """The subject of the narration just before (or, failing that, just after) the quotation."""
    analysis = context.analysis
    paragraph = analysis.paragraphs[quote.para]
    before = [t for t in context.tokens(quote.para, max(paragraph.start, quote.start - NEAR), quote.start)
              if not context.in_quote(context.offset(quote.para, t))]
    last = analysis.paragraphs[quote.last_para]
    after = [t for t in context.tokens(quote.last_para, quote.end, min(last.end, quote.end + NEAR))
             if not context.in_quote(context.offset(quote.last_para, t))]
    for para, tokens in ((quote.para, before[::-1]), (quote.last_para, after)):
        for token in ordered_subjects(tokens, last_sentence_main_first=True):
            speaker = _subject_speaker(context, quote, para, token)
            if speaker is not None and speaker not in quote.vocatives:
                attribute(quote, speaker, "action-beat")
                return
    _previous_narration(context, quote)


def _subject_speaker(context: Context, quote: Quote, para: int, token: Token) -> int | None:
    """The character a subject names: "he", "she" or "I" resolved, or a name (or the name a compound holds:
    "Captain Wentworth" parsed as a compound of "Wentworth")."""
    if token.dep_ not in SUBJECT_DEPS:
        return None
    return _named_by(context, quote, para, token, ("he", "she", "i"))


def _named_by(context: Context, quote: Quote, para: int, token: Token, pronouns: tuple[str, ...]) -> int | None:
    """The character a subject token names, or owns when it is a body part ("his grip", "Nami's fist")."""
    offset = context.offset(para, token)
    if token.tag_ == "PRP":
        if token.lower_ not in pronouns:
            return None
        return context.resolve_pronoun(token.text, offset, quote, set(quote.vocatives))
    speaker = context.member_at(offset)
    if speaker is None:
        compounds = (context.member_at(context.offset(para, c)) for c in token.children if c.dep_ == "compound")
        speaker = next((found for found in compounds if found is not None), None)
    if speaker is None:
        speaker = _known_description(context, token)
    owner = owner_of_part(token) if speaker is None else None
    if owner is not None:
        if owner.tag_ == "PRP$":
            possessive = {"his": "he", "her": "she", "my": "i"}.get(owner.lower_)
            if possessive is None or possessive not in pronouns:
                return None
            return context.resolve_pronoun(possessive, context.offset(para, owner), quote, set(quote.vocatives))
        return context.resolve_name(owner.text, context.offset(para, owner), create=False)
    return speaker


_FINISHED = (".", "!", "?", "’", "\"", ")")
"""How a paragraph of narration that is not a lead-in ("... when Mary interrupted her by exclaiming--") ends:
after a finished statement, the next line is the sentence's main actor's."""


def _known_description(context: Context, token: Token) -> int | None:
    """"The boy pushed his wet hair back" as a beat: the unnamed character a tag already calls "the boy"."""
    if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return None
    words = [c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i]
    return context.cast.unnamed.get(" ".join([*words, token.lower_]))


def _previous_narration(context: Context, quote: Quote) -> None:
    """A line opening its paragraph right after a paragraph of pure narration: that narration's last subject
    ("Lady Catherine seemed quite astonished ..." then "You cannot be more than twenty")."""
    analysis = context.analysis
    text = analysis.text
    if quote.para == 0 or text[analysis.paragraphs[quote.para].start : quote.start].strip():
        return
    previous = quote.para - 1
    paragraph = analysis.paragraphs[previous]
    if not paragraph.story or paragraph.doc is None or previous in context.starting_in:
        return
    finished = analysis.text[paragraph.start : paragraph.end].rstrip().endswith(_FINISHED)
    for token in ordered_subjects(list(paragraph.doc)[::-1], last_sentence_main_first=finished):
        if token.tag_ == "PRP" and token.lower_ not in ("he", "she"):
            continue
        speaker = _named_by(context, quote, previous, token, ("he", "she"))
        if speaker is not None and speaker not in quote.vocatives:
            attribute(quote, speaker, "previous-narration")
        return


def _sequence(context: Context) -> None:
    """Vocative replies, turn-taking and conversation fallbacks, in reading order."""
    quotes = context.analysis.quotes
    conversation = context.conversation
    for number, quote in enumerate(quotes):
        if quote.speaker is not None:
            continue
        earlier = _earlier_in_conversation(quotes, conversation, number)
        previous = earlier[-1] if earlier else None
        if previous is not None and previous.para == quote.para:
            if previous.speaker is not None:
                attribute(quote, previous.speaker, "same-paragraph-line")
            continue
        if previous is not None and previous.vocatives:
            target = next((v for v in previous.vocatives if v != previous.speaker), None)
            if target is not None:
                attribute(quote, target, "vocative-reply")
                continue
        speakers = _alternation(earlier)
        if len(speakers) >= 2:
            last, before_last = speakers[0], speakers[1]
            candidate = before_last if previous is not None and previous.speaker == last else last
            if candidate in quote.vocatives:
                candidate = last if candidate == before_last else before_last
            attribute(quote, candidate, "turn-taking-alternation")
            continue
        if previous is not None and previous.speaker is not None and previous.kind == "speech":
            listener = previous.addressees[0] if previous.addressees else None
            if listener is None and previous.vocatives:
                listener = previous.vocatives[0]
            if listener is not None and listener != previous.speaker:
                attribute(quote, listener, "turn-taking-listener")
                continue
        mentioned = _recent_other(context, quote, previous.speaker if previous else None)
        if mentioned is not None:
            attribute(quote, mentioned, "conversation")


def _earlier_in_conversation(quotes: list[Quote], conversation: list[int], number: int) -> list[Quote]:
    result = []
    for index in range(number - 1, -1, -1):
        if conversation[index] != conversation[number]:
            break
        if quotes[index].kind in ("speech", "telepathy"):
            result.append(quotes[index])
    return result[::-1]


def _alternation(earlier: list[Quote]) -> list[int]:
    """The distinct speakers of the conversation so far, most recent first (one line per paragraph)."""
    seen: list[int] = []
    last_para = None
    for quote in reversed(earlier):
        if quote.para == last_para:
            continue
        last_para = quote.para
        if quote.speaker is None:
            continue
        if quote.speaker not in seen:
            seen.append(quote.speaker)
        if len(seen) == 2:
            break
    return seen


def _recent_other(context: Context, quote: Quote, previous_speaker: int | None) -> int | None:
    paragraphs = context.analysis.paragraphs
    floor = paragraphs[max(0, quote.para - 3)].start
    for _, _, index in reversed(context.narration_mentions(floor, quote.start)):
        if index != previous_speaker and index not in quote.vocatives:
            return index
    return None


