"""Words that mark groups, belonging, allegiance changes and how two characters stand with each other.

Lemmas are not computed (the spaCy lemmatizer is excluded for speed), so verbs are listed with their forms.
"""

from __future__ import annotations

from ficlens.dialogue.lexicon import inflect

# Nouns that make a capitalised phrase a group ("the Survey Corps", "Straw Hat Pirates"), with its kind.
GROUP_HEADS: dict[str, str] = {
    **dict.fromkeys(
        "corps army armies guild order league network ministry police yard academy society company regiment "
        "division battalion fleet syndicate council court coven legion knights navy marines guard guards "
        "agency bureau department service institute federation empire alliance resistance rebellion "
        "rebels host garrison brotherhood sisterhood cult church leaders".split(),
        "organisation",
    ),
    **dict.fromkeys("team crew squad squadron cabin gym pirates gang band party unit patrol".split(), "team"),
    **dict.fromkeys("clan family house dynasty tribe pack".split(), "family"),
    **dict.fromkeys("village district city town kingdom land country nation camp".split(), "place"),
}
# Words that open a group name ("Team Rocket", "House Stark", "Knights of Favonius", "District 12").
GROUP_OPENERS: dict[str, str] = {
    "Team": "team", "House": "family", "Clan": "family", "Order": "organisation", "League": "organisation",
    "Knights": "organisation", "Camp": "place", "District": "place", "Cabin": "team", "Army": "organisation",
    "Brotherhood": "organisation", "Guild": "organisation", "Church": "organisation",
}
# "Kronos's army", "Moriarty's network": a character's following is a group the character leads.
FOLLOWINGS = frozenset(
    "army armies network crew men forces garrison garrisons gang followers rebels side soldiers troops "
    "organisation organization faction cabal minions servants court cult".split()
)
# Nouns naming one member of a group; a group word modifying one describes a character ("a Konoha ninja").
MEMBER_NOUNS = frozenset(
    "ninja shinobi soldier soldiers member members officer officers agent agents knight knights captain "
    "lieutenant sergeant ensign recruit recruits grunt grunts leader leaders commander general private cadet "
    "cadets scout scouts spy spies warrior warriors pirate pirates sailor marine marines peacekeeper "
    "peacekeepers detective inspector constable camper campers student students year first-year second-year "
    "third-year fourth-year fifth-year sixth-year seventh-year prefect hunter hunters brother sister "
    "angel angels guard guards man woman boy girl kid operative rebel rebels trainer trainers executive "
    "admin chief boss lord master apprentice genin chunin jonin chuunin jounin kage hokage ranger knight "
    "squire priest priestess mage wizard witch vassal citizen native uniform jacket badge colours colors "
    "crest insignia headband".split()
)
# "X served in the Corps", "loyal to the Leaf": verbs and adjectives that say a character belongs.
BELONGING_WORDS = frozenset(
    inflect(
        "serve belong work:worked:works:working fight:fought:fights:fighting enlist train:trained "
        "report:reported:reports live:lived:lives:living"
    )
    | {"loyal", "loyalty", "member", "part", "one", "sworn", "stationed", "posted", "assigned", "in", "with"}
)
# A rank before a name ("Ensign Kaito Mizuhara", "Detective Sergeant Donovan") places the character in the
# service named nearby; a rank is never a group's name ("the Inspectors' exam").
RANK_TITLES = frozenset(
    "ensign sergeant corporal private lieutenant captain commander major colonel general admiral commodore "
    "inspector detective constable officer agent deputy sheriff marshal superintendent super chief cadet recruit "
    "trooper warden".split()
)
# "a traitor to Heaven", "a deserter from the Corps": one who belonged to the group.
TRAITOR_NOUNS = frozenset("traitor traitors deserter deserters defector defectors turncoat turncoats".split())
# A quotation's "our/my Corps" is the speaker's own group.
OWN_POSSESSIVES = frozenset({"our", "my"})
THIRD_POSSESSIVES = frozenset({"his", "her", "their"})

JOIN_VERBS = inflect(
    "join enlist sign:signed:signs:signing pledge swear:swore:sworn:swears recruit:recruited "
    "welcome:welcomed:welcomes defect:defected:defects:defecting"
)
JOIN_PHRASES = (
    "went to work for", "go to work for", "work for", "came back to", "come back to", "became one of",
    "one of us", "welcome to", "swore himself to", "swore herself to", "swore themselves to", "new leader",
    "new captain", "new master", "new home", "new crew", "new team", "side with", "sided with",
)
LEAVE_VERBS = inflect(
    "leave:left:leaves:leaving quit:quits:quitting desert defect:defected:defects:defecting resign "
    "abandon flee:fled:flees:fleeing escape"
)
LEAVE_NEEDS_GROUP = inflect("leave:left:leaves:leaving flee:fled:flees:fleeing escape abandon")
"""Leave verbs that say nothing of allegiance unless a group is what is left ("left Heaven", not "went left")."""
LEAVE_PHRASES = (
    "walked away from", "turned his back on", "turned her back on", "threw his badge", "threw her badge",
    "turned in his badge", "turned in her badge", "not coming back", "left for good", "broke ranks",
)
# Said to a leader or employer, these quit ("Find yourself another sergeant", "find someone else"): the speaker
# leaves the side of the one spoken to.
QUIT_PHRASES = (
    "find yourself another", "find yourself a new", "get yourself another", "get yourself a new",
    "find someone else", "find somebody else", "consider this my resignation", "this is my resignation",
)
# Leaving a group by a physical act: shedding what marks its members ("took off the white jacket").
SHED_VERBS = inflect(
    "take:took:taken:takes:taking throw:threw:thrown:throws:throwing tear:tore:torn:tears:tearing rip:ripped:rips:ripping "
    "remove strip:stripped:strips:stripping"
)
UNIFORM_NOUNS = frozenset(
    "uniform uniforms badge insignia armband headband jacket coat cloak sash tabard colours colors epaulettes "
    "stripes crest emblem patch pin".split()
)
# Leaving a place by crossing what bounds it ("crossed the border", "on the other side of the line", "slipped
# through the gates"), said where the story shows a departure (`DEPARTURE_WORDS`).
BORDER_NOUNS = frozenset("border borders frontier line boundary boundaries gate gates wall walls fence fences perimeter".split())
CROSS_VERBS = inflect("cross:crossed:crosses:crossing breach:breached:breaches:breaching")
CROSS_PREPOSITIONS = frozenset({"over", "across", "beyond", "past", "through"})
DEPARTURE_WORDS = frozenset("leave leaves leaving goodbye farewell gone".split())
DEPARTURE_PHRASES = ("look back", "looked back", "looking back", "for good")
# Betraying a group by a physical act: setting its prisoners free ("unlocked the cell").
FREE_VERBS = inflect("unlock open release free")
PRISON_NOUNS = frozenset("cell cells cage cages shackles manacles chains cuffs handcuffs prisoner prisoners brig".split())
BETRAY_VERBS = inflect("betray double-cross:double-crossed sell:sold:sells:selling inform:informed")
BETRAY_PHRASES = (
    "turned on them", "turned on him", "turned on her", "told them everything", "sold out", "sold them out",
    "traitor", "informant", "tipped off", "gave them up", "let the prisoners go", "set the prisoners free",
)
# A trigger hanging on one of these tells a state, not a change ("she seemed resigned", "he looked welcome").
LINKING_VERBS = inflect("seem look appear become:became:becomes:becoming feel:felt:feels:feeling")
# Trigger verbs that mean a change of side only with one of these words after them: "signed up", "signed on
# with", "sold them out", "informed on": not "signed off on the roster" (with "off" it never does), "sold flowers", "informed him that".
NEEDS_PARTICLE: dict[str, frozenset[str]] = {
    **dict.fromkeys(inflect("sign:signed:signs:signing"), frozenset({"up", "on", "with"})),
    **dict.fromkeys(inflect("sell:sold:sells:selling"), frozenset({"out"})),
    **dict.fromkeys(inflect("inform:informed"), frozenset({"on", "against"})),
}
ALLY_VERBS = inflect("ally:allied:allies:allying rescue")
ALLY_PHRASES = (
    "fought alongside", "fight alongside", "fighting alongside", "came to their aid", "came to our aid",
    "stood with", "at their side", "by their side", "came to help", "fought beside",
)
# "Welcome home", "welcome to the family": a welcome to these takes the listener in.
HOME_WORDS = frozenset("home aboard family crew team fold ranks side us".split())
PROMISE_MARKS = frozenset({"will", "'ll", "’ll", "shall", "gonna", "going"})

HOSTILE_WORDS = inflect(
    "attack punch:punched:punches:punching hit:hits:hitting kick stab:stabbed:stabs:stabbing fight:fought:fights:fighting kill hate despise threaten glare "
    "sneer snarl shove slap:slapped:slaps:slapping betray arrest shoot:shot:shoots:shooting insult mock hunt capture humiliate "
    "spit:spat:spits:spitting strike:struck:strikes:striking beat:beats:beating:beaten wound hurt:hurts:hurting "
    "destroy cursed scorn loathe resent accuse blame interrogate imprison"
) | frozenset(
    "enemy enemies traitor rival hatred contempt disgust furious angry anger fury hostile freak idiot moron "
    "bastard teme dobe brat fool scum trash coward loser bitch asshole jerk demon monster snake weakling "
    "pathetic worthless useless disgrace liar gun guns pistol rifle sword swords blade knife dagger "
    "claymore arrest arrested cuffs handcuffs prisoner captive threat shot fired aimed grabbed pinned trapped "
    "ambush blood bleeding wounded murder murdered battle struggle slashed ordered demanded warned warning "
    "coldly icily sneered glared snarled hissed spat growled furious rage".split()
)
FRIENDLY_WORDS = inflect(
    "help save:saved:saves:saving rescue hug:hugged:hugs:hugging embrace thank smile:smiled:smiles:smiling grin:grinned:grins:grinning "
    "trust respect protect comfort forgive:forgave:forgives:forgiving befriend kiss:kissed:kisses:kissing love welcome heal defend "
    "laugh agree reassure admire praise promise carry:carried:carries:carrying"
) | frozenset(
    "friend friends friendship ally allies comrade comrades partner together gratitude grateful kind kindly "
    "gently warmly fond loyal please thanks sorry buddy pal mate respect proud".split()
)
# A quotation calling someone by one of these, or the insults a cast keeps as aliases, is hostile.
INSULT_WORDS = frozenset(
    "freak idiot moron bastard teme dobe brat fool scum trash coward loser bitch asshole jerk traitor demon "
    "monster weakling gaki filth vermin maggot wretch cur".split()
)
KIN_WORDS = frozenset(
    "brother brothers sister sisters father mother dad mom mum papa mama son daughter cousin uncle aunt "
    "nephew niece grandfather grandmother twin sibling siblings parent parents".split()
)
ROMANCE_WORDS = frozenset("kiss kissed kissing lover boyfriend girlfriend husband wife fiance fiancee darling".split())
MENTOR_WORDS = frozenset("sensei teacher mentor student apprentice master pupil trained taught".split())
STRONG_HOSTILE = inflect(
    "kill attack fight:fought:fights:fighting stab:stabbed:stabs:stabbing punch:punched:punches:punching hate betray "
    "threaten"
)
"""Hostile words that count twice in a sentence: they outweigh a passing "friend"."""
# In quotations only words aimed at the listener count ("I hate you", "thank you"), and insults.
QUOTE_HOSTILE = ("hate you", "i'll kill you", "going to kill you", "gonna kill you", "shut up", "get out", "traitor", "how dare you", "i'll make you",
                 "stay away", "your fault", "you're nothing", "despise you", "under arrest", "you'll pay", "you will pay",
                 "you'll regret", "you will regret", "never forgive you", "drop your weapon", "go to hell", "back off")
# Calling the listener one of these ("You look terrible, brother.", "Come here, love.") is a strong kind word.
ENDEARMENTS = frozenset("darling sweetheart honey dear love sweetie babe bro sis".split())
# A threat at the listener: "I will stop you myself", "we're going to make you pay".
THREAT = (
    r"\b(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to|'m gonna|'re gonna)"
    r"(?: \w+){0,2} (?:stop|kill|hurt|destroy|end|arrest|break|bury|ruin|hunt|drown|burn|gut|make) you\b"
)
# Belittling what the listener holds dear ("your little camp", "your precious rules") is a taunt, however
# politely the villain says it; "your little sister" is kin, not scorn.
SCORN = (
    r"\byour (?:little|pathetic|precious|puny) (?!(?:" + "|".join(sorted(KIN_WORDS)) + r")\b)\w+"
)
# Menace said politely: courtesy announced as about to end, or harm wished away ("I have been polite", "I won't
# ask again", "it would be a shame if something happened to it").
MENACE = ("i have been polite", "i've been polite", "i have been patient", "i've been patient", "i've been very patient",
          "i am being generous", "i'm being generous", "i'm being nice", "don't make me", "or else", "last warning",
          "won't ask again", "will not ask again", "shame if something", "shame if anything", "know where you live")
QUOTE_FRIENDLY = ("thank", "my friend", "a friend", "be friends", "we're friends", "still friends", "sorry", "love you",
                  "trust you", "miss you", "proud of you", "welcome", "together", "i've got you", "we've got you",
                  "glad", "partner", "please", "good work", "well done", "good job", "nice work")
# How a line is said, in the words around it ("she snapped", "he said gently").
HOSTILE_TONES = inflect(
    "snarl hiss spit:spat:spits:spitting growl sneer snap:snapped:snaps:snapping bark glare scowl yell shout "
    "jeer taunt mock threaten seethe:seethed bristle:bristled"
) | frozenset({"coldly", "icily", "angrily", "furiously", "bitterly", "contemptuously", "sharply"})
FRIENDLY_TONES = inflect(
    "smile:smiled:smiles:smiling grin:grinned:grins:grinning laugh chuckle hug:hugged:hugs:hugging embrace beam:beamed "
    "reassure"
) | frozenset({"gently", "softly", "warmly", "kindly", "fondly", "quietly", "cheerfully", "gratefully"})
TONE_REACH = 80
"""Characters before and after a quotation searched for the tone it is said in."""
