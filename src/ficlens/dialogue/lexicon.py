"""Words that mark who speaks: speech, thought and writing verbs, vocative lead-ins, telepathy phrases."""

from __future__ import annotations

import re


def inflect(stems: str) -> frozenset[str]:
    """'say:said:says:saying' style groups, or a bare regular verb expanded with -ed, -s, -ing."""
    forms: set[str] = set()
    for group in stems.split():
        parts = group.split(":")
        if len(parts) > 1:
            forms.update(parts)
            continue
        verb = parts[0]
        forms.add(verb)
        if verb.endswith("e"):
            forms.update({verb + "d", verb + "s", verb[:-1] + "ing"})
        elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
            forms.update({verb[:-1] + "ied", verb[:-1] + "ies", verb + "ing"})
        else:
            forms.update({verb + "ed", verb + "s", verb + "ing"})
    return frozenset(forms)


SPEECH_VERBS = inflect(
    "say:said:says:saying tell:told:tells:telling speak:spoke:speaks:speaking "
    "shout yell cry scream whisper mutter murmur reply answer ask respond retort exclaim add continue "
    "call:called:calls:calling growl snarl snap:snapped:snaps:snapping hiss bark roar bellow shriek squeal "
    "chuckle laugh giggle sneer scoff sigh groan moan whine whimper sob gasp stammer stutter "
    "grumble grunt huff declare announce explain insist suggest protest observe remark note interrupt "
    "interpose begin:began:begins:beginning repeat demand inquire enquire query question wonder:wondered "
    "agree argue assure admit confess complain warn urge plead beg:begged:begs:begging order command "
    "cut:cuts pipe chirp purr drawl rumble mumble blurt burst:bursts quip tease smirk:smirked "
    "smile:smiled grin:grinned:grins:grinning retort rejoin resume return:returned cry:cried:cries "
    "reason:reasoned persist proceed hazard venture conclude concede counter offer finish:finished "
    "sing:sang:sings:singing breathe:breathed chime:chimed howl wail lament mock:mocked whoop "
    "call:called pronounce state:stated mention:mentioned recall:recalled hollered holler screech screeched "
    "murmur:murmured correct:corrected prompt:prompted utter:uttered:utters:uttering",
)
THOUGHT_VERBS = inflect("think:thought:thinks:thinking wonder muse ponder reflect:reflected")
WRITTEN_VERBS = inflect("write:wrote:writes:writing:written read:reads:reading scribble type:typed:types text:texted")
SPEECH_VERBS = SPEECH_VERBS | THOUGHT_VERBS | WRITTEN_VERBS

VOCATIVE_LEADS = {"hey", "oh", "o", "dear", "my", "ah", "yes", "no", "well", "hi", "hello", "listen", "look",
                  "thanks", "thank", "sorry", "please", "good", "morning", "evening", "night", "bye", "goodbye",
                  "okay", "ok", "right", "come", "now", "and", "but", "so", "why", "indeed", "ahh", "ahem", "yo", "yea",
                  "yeah", "yep", "nah", "nope", "huh", "ugh", "hmm", "hm", "eh", "ha", "wow", "damn", "shit"}
EXPLETIVES = {"shit", "damn", "dammit", "man", "dude", "seriously", "honestly", "really", "god", "jeez", "geez"}
CLAUSE_STARTS = {"i", "you", "we", "he", "she", "they", "it", "what", "why", "how", "where", "when", "who",
                 "is", "are", "do", "does", "did", "can", "could", "will", "would", "shall", "should", "have",
                 "has", "had", "please", "don't", "let", "let's", "come", "get", "stop", "look", "listen",
                 "wait", "there", "this", "that", "that's", "it's", "i'm", "you're", "we're", "i'll", "i've",
                 "yes", "no", "if", "go", "tell", "take", "give", "help", "thank", "thanks", "be", "shut", "hurry",
                 "the", "a", "my", "your", "our", "not", "never", "just", "well", "oh", "all", "here", "quick"}
TELEPATHY = re.compile(
    r"\b(?:voice|growl(?:ed)?|rumble|laugh(?:ter)?|whisper)\b[^.!?\"“]{0,60}?\b(?:in|from|inside|within|through|"
    r"into)\s+(?:the\s+(?:back|depths)\s+of\s+)?(?P<owner>his|her|their|my|\w+'s)\s+(?:head|mind|thoughts|skull)\b"
    r"|\btelepathic(?:ally)?\b|\bmind[- ]link\b|\bmental\s+link\b|\bmindscape\b"
    r"|\bthrough\s+(?:the|their|our|his|her|my|a)\s+(?:mental\s+|mind\s+|soul\s+|pack\s+)?(?:bond|link|connection)\b"
    r"|\b(?:said|says|asked|replied|answered|called|added|spoke|whispered|told\s+\w+)\s+(?:mentally|silently)\b"
    r"|\b(?:thought|thinks|think|thinking)\s+(?:at|to)\s+(?P<target>him|her|them|(?-i:[A-Z][\w'’-]+))\b",
    re.IGNORECASE,
)
OTHER_WORDS = {"other", "latter", "former", "first", "second", "third", "elder", "younger", "older"}

ROLE_GENDER: dict[str, str | None] = {
    **dict.fromkeys(("mother", "wife", "sister", "aunt", "daughter", "lady", "girl", "woman", "niece",
                     "grandmother", "mistress", "hostess", "widow", "bride", "ladyship", "governess", "mamma",
                     "mama", "mum", "mom"), "female"),
    **dict.fromkeys(("father", "husband", "brother", "uncle", "son", "gentleman", "man", "boy", "nephew",
                     "grandfather", "master", "host", "lordship", "fellow", "lad", "papa", "dad"), "male"),
    **dict.fromkeys(("friend", "companion", "cousin", "guest", "visitor", "lover", "colleague"), None),
}
"""The gender a kin or role noun gives whoever it describes ("said her mother", "the old gentleman")."""
