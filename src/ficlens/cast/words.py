"""Word lists the cast rules read: place words and prepositions, name particles, words that are never names."""

from __future__ import annotations

import re

from ficlens.cast.names import HONORIFICS

PLACE_PREPOSITIONS = {"in", "at", "from", "into", "near", "towards", "toward", "through", "across", "around",
                      "outside", "inside", "within", "onto", "via", "throughout"}
THING_DETERMINERS = {"the", "a", "an", "another", "every", "each", "any", "your", "her", "his", "my", "their", "our"}
"""A capitalised word after these is a thing, a place or a kind of creature, not someone's name."""
STATE_VERBS = {"be", "have", "become", "seem", "remain", "contain", "include", "mean", "cost", "lie", "belong",
               "exist", "need", "lack", "own", "hold", "appear", "get", "fall", "rise", "sit"}
"""Verbs that any thing does: their subject is no evidence of a person."""
PLACE_WORDS = {
    "street", "park", "hall", "house", "lane", "square", "road", "court", "village", "city", "town", "castle",
    "abbey", "manor", "island", "river", "mountain", "mountains", "forest", "ocean", "sea", "country", "kingdom",
    "church", "college", "school", "hotel", "place", "lodge", "cottage", "station", "bridge", "gardens", "garden",
    "palace", "hill", "valley", "academy", "university", "hospital", "inn", "avenue", "empire", "republic", "bay",
    "lake", "farm", "grove", "terrace", "row", "gate", "tower", "temple", "club", "office", "way",
    "monument", "mansion", "estate", "desert", "islands", "ranch", "county", "shire", "states", "rd", "ave",
    "blvd", "st.", "high", "brotherhood", "guild", "league", "council",
}
"""Places, and the schools and bodies named like them ("Kyoto Jujutsu High", "the Brotherhood"): never a
person's name, nor its last word."""
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
    "july", "september", "october", "november", "december", "english", "french",
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
    "mr.", "dr.", "st", "st.", "mme", "mlle", "esq", "eh", "ahem", "bah", "huh", "aye", "nay",
}

NAME_MONTHS = {"april", "may", "june", "august"}
"""Months that are also given names ("May Welland"): a name only with strong evidence (`junk.needs_strong_evidence`);
"in May" counts against a person as any place or time does."""

MONTH_LEADS = {
    "in", "of", "by", "since", "until", "till", "last", "next", "early", "late", "mid", "this", "that", "from",
    "through", "before", "after", "during", "each", "every",
}
"""Words before a month that make it the month ("in May", "the middle of June")."""

SENTENCE_ADVERBS = {
    "hitherto", "henceforth", "thereupon", "therefore", "meanwhile", "meantime", "nevertheless", "nonetheless",
    "moreover", "furthermore", "however", "afterwards", "afterward", "perhaps", "indeed", "instead", "otherwise",
    "besides", "accordingly", "thence", "hence", "thus", "whereupon", "anyhow", "anyway", "somehow",
}
"""Adverbs without -ly that open a sentence: the tagger may call them proper nouns before a name ("Hitherto
Gino had not interfered"); -ly adverbs are told by their ending (`candidates._is_adverb`)."""

HONORIFIC_TAIL = re.compile(r"(?:-(?:" + "|".join(sorted(set(HONORIFICS), key=len, reverse=True)) + r"))+", re.I)
PROPER_TAGS = {"NNP", "NNPS"}
"""The tagger's proper-noun tags."""
