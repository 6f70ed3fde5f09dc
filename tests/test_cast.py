import pytest

from ficlens.cast.names import parse_name
from tests.conftest import run_step


def test_name_parts():
    assert parse_name("Tsunade-baa-chan").base == "Tsunade"
    assert parse_name("Tsunade-baa-chan").honorific == "baa-chan"
    assert parse_name("Mrs. Bennet").key == "mrs bennet" and parse_name("Mrs. Bennet").gender == "female"
    assert parse_name("Mr. Bennet").key != parse_name("Mrs. Bennet").key
    assert parse_name("Naruto's").key == "naruto"


NOVEL = (
    "Mr. Bennet was reading when Mrs. Bennet came in. Elizabeth Bennet followed her mother.\n\n"
    '"My dear," said Mrs. Bennet, "Mr. Darcy is in town."\n\n'
    '"Is he?" replied Mr. Bennet.\n\n'
    "Fitzwilliam Darcy was a proud man. Darcy had come from London with his friend.\n\n"
    '"I do not like him," said Elizabeth.\n\n'
    "Miss Bennet smiled at her sister, and Jane Bennet said nothing. Lydia Bennet laughed.\n\n"
    "Elizabeth walked to Netherfield the next day, and in Netherfield she found Darcy."
)


def test_titles_keep_family_members_apart_and_merge_the_same_person(view):
    story = view(NOVEL)
    names = set(story.names.values())
    assert {"Mr. Bennet", "Mrs. Bennet"} <= names
    assert story.character("Fitzwilliam Darcy").aliases == ["Darcy", "Fitzwilliam Darcy", "Mr. Darcy"]
    assert "Elizabeth" in story.character("Elizabeth Bennet").aliases
    assert story.character("Mrs. Bennet").gender == "female"
    assert story.character("Mr. Bennet").gender == "male"
    # several Bennet women fit "Miss Bennet": it is not merged into one of them
    assert "Miss Bennet" not in story.character("Elizabeth Bennet").aliases
    # a place is not a character
    assert "Netherfield" not in names and "London" not in names


def test_family_name_first_and_honorifics_merge(view):
    story = view(
        "Uzumaki Naruto ran home. Naruto Uzumaki was always late.\n\n"
        '"Naruto-kun!" shouted Hinata.\n\n"Hinata-chan," said Naruto.\n\nNaruto and Hinata laughed.'
    )
    naruto = story.character("Uzumaki Naruto")
    assert {"Naruto", "Naruto-kun", "Naruto Uzumaki", "Uzumaki Naruto"} <= set(naruto.aliases)
    assert {"Hinata", "Hinata-chan"} <= set(story.character("Hinata").aliases)


def test_fandom_pack_merges_nicknames_and_knows_places(view):
    story = view(
        '"Baa-chan, I am back from Otogakure!" said Naruto.\n\n"Welcome home, brat," said Tsunade.\n\n'
        "Tsunade-baa-chan hugged him. Konoha was quiet.",
        fandom="naruto",
    )
    tsunade = story.character("Tsunade")
    assert {"Baa-chan", "Tsunade", "Tsunade-baa-chan"} <= set(tsunade.aliases)
    assert tsunade.gender == "female"
    assert story.model.fandom == "naruto"
    assert not {"Otogakure", "Konoha"} & set(story.names.values())


def test_unknown_fandom_is_an_error():
    import pytest

    from ficlens.cast.packs import UnknownFandom, pack_named

    with pytest.raises(UnknownFandom):
        pack_named("no-such-fandom")


def test_first_person_narrator(view):
    text = "\n\n".join(
        [f"I walked to the shop and I saw my friend Tom there on day {n}. I waved at him." for n in range(12)]
        + ['"Hello," I said.', '"Hi," said Tom.']
    )
    story = view(text)
    assert story.speaker(0) == "I (narrator)"  # nobody calls the narrator by a name
    assert story.speaker(1) == "Tom"
    assert story.addressees(0) == ["Tom"]


def test_work_character_tags_seed_the_cast():
    from ficlens.ingest import Document
    from ficlens.model import Source, Work
    from ficlens.pipeline import analyze_document

    text = (
        '"Wake up," growled Kurama.\n\n"Five more minutes," said Naruto.\n\n'
        "The Nine-tails snorted. Nine-tails never waited for anyone."
    )
    document = Document(
        text=text, encoding="utf-8", source_format="ao3_html",
        work=Work(characters=["Kyuubi | Nine-tails | Kurama", "Naruto U."], source_format="ao3_html"),
    )
    model = analyze_document(document, Source(sha256="0", encoding="utf-8", bytes=len(text)), fandom="none")
    by_name = {c.name: c for c in model.characters}
    fox = by_name["Kyuubi"]
    assert {"Kurama", "Nine-tails"} <= set(fox.aliases)
    assert "Naruto" in by_name  # "Naruto U.": the tag's initial is dropped
    assert len(fox.mentions) == 3
    assert [model.utterances[n].speaker for n in range(2)] == [fox.id, by_name["Naruto"].id]


def test_the_name_others_call_a_first_person_narrator_becomes_the_narrators(view):
    narration = [f"I walked to the shop and I saw my friend Tom there on day {n}. I waved at him." for n in range(12)]
    talk = []
    for n in range(4):
        talk += [f'"Hello, Jake, are you well on day {n}?" asked Tom.', '"I am," I said.']
    story = view("\n\n".join(narration + talk))
    narrator = story.character("Jake (narrator)")
    assert narrator.kind == "narrator" and "Jake" in narrator.aliases
    assert story.speaker(1) == "Jake (narrator)" and story.addressees(0) == ["Jake (narrator)"]


def test_junk_forms_are_nobody():
    from ficlens.cast.evidence import admits, is_nobody

    keys = {"marines": 1, "marine": 1, "marley": 1, "marleyan": 1, "luffy": 9, "kanga": 80, "kangas": 1,
            "commander hange": 2, "president": 5}
    assert is_nobody("what-", {"What-"}, keys)  # cut off mid-word
    assert is_nobody("commander", {"Commander"}, keys)  # a rank alone, beside its holder
    assert not is_nobody("president", {"President"}, keys)  # the only name "the President" has
    assert is_nobody("usj", {"USJ"}, keys)  # an acronym
    assert is_nobody("marines", {"Marines"}, keys) and is_nobody("marine", {"Marine"}, keys)  # a group
    assert is_nobody("marleyan", {"Marleyan"}, keys)  # a demonym of another name
    for people in ("indians", "europeans", "japanese", "englishmen", "islam"):  # a people, a nation, a faith
        assert is_nobody(people, {people.capitalize()}, keys)
    assert not is_nobody("evans", {"Evans"}, keys) and not is_nobody("louise", {"Louise"}, keys)
    assert not is_nobody("luffy", {"Luffy"}, keys)
    assert not is_nobody("kanga", {"Kanga"}, keys)  # "the Kangas" once is her family
    assert is_nobody("hallo", {"Hallo"}, keys) and is_nobody("pshaw", {"Pshaw"}, keys)  # interjections
    assert not admits("confusion", 1.0, {"Confusion"}, keys)  # a common word needs strong evidence
    assert admits("confusion", 3.0, {"Confusion"}, keys)
    assert admits("annabeth", 0.0, {"Annabeth"}, keys)
    # an abstract noun needs strong evidence; a first name or a form of address with the same ending does not
    assert not admits("peevishness", 1.0, {"Peevishness"}, keys) and admits("peevishness", 2.0, {"Peevishness"}, keys)
    assert not admits("providence", 1.0, {"Providence"}, keys)
    assert admits("florence", 1.0, {"Florence"}, keys) and admits("highness", 1.0, {"Highness"}, keys)


def test_first_name_gender_is_only_a_sure_answer():
    from ficlens.cast.gender import first_name_gender

    assert first_name_gender("Annabeth") == "female" and first_name_gender("Marcus") == "male"
    assert first_name_gender("Robin") is None  # mostly male: not sure enough
    assert first_name_gender("Zzyzx") is None


def test_the_first_name_lists_load_as_gender_guesser_loads_them():
    import gender_guesser.detector

    from ficlens.cast.gender import name_lists

    assert name_lists().names == gender_guesser.detector.Detector(case_sensitive=False).names


def test_name_structure_merges(view):
    story = view(
        "Kaito Mizuhara stood on the deck. Straw Hat Vexley laughed at him. Vexley was the captain.\n\n"
        '"Sit down," said Vexley.\n\n"No," said Kaito.\n\n'
        "Ensign Mizuhara sat down anyway. Christopher Dale waved. Chris smiled at Vexley.\n\n"
        '"Hi," said Chris.\n\n"Hello," said Monkey D. Quillon. Quillon grinned.'
    )
    assert {"Kaito", "Kaito Mizuhara", "Ensign Mizuhara"} <= set(story.character("Kaito Mizuhara").aliases)
    assert "Straw Hat Vexley" in story.character("Vexley").aliases  # glued to common words
    assert "Chris" in story.character("Christopher Dale").aliases  # a nickname
    assert "Quillon" in story.character("Monkey D. Quillon").aliases  # a middle initial


def test_gender_blocks_a_title_merge(view):
    story = view(
        "Jane Holt sat by the fire. Mr. Holt read the paper.\n\n"
        '"Tea?" asked Jane.\n\n"Please," said Mr. Holt.'
    )
    assert story.character("Mr. Holt") is not story.character("Jane Holt")
    assert story.character("Jane Holt").gender == "female"


def test_a_usernames_owner(view):
    story = view(
        "Misty opened the chat. Brock is 'RockSolidBrock' there, and ErikaBlooms is someone else.\n\n"
        "RockSolidBrock posted a photo. RockSolidBrock said nothing else.\n\n"
        '"Hello," said Brock.\n\n"Hi," said Erika.\n\nErikaBlooms smiled.'
    )
    owners = [c for c in story.model.characters if "RockSolidBrock" in c.aliases]
    assert len(owners) == 1 and "Brock" in owners[0].aliases  # declared: "X is 'Handle'"
    assert "ErikaBlooms" in story.character("Erika").aliases  # built on one character's name


def test_a_handle_declared_after_its_quotes_owns_the_name(view):
    story = view(
        "Misty read the chat. 'ViridianG' is Giovanni, who almost never posts.\n\n"
        "ViridianG posted a photo of a frog. ViridianG logged off.\n\n"
        "-- group chat --\n\nViridianG: no\n\nCeruleanQueen: wow ok\n\nViridianG: still no\n\n-- end --\n\n"
        "Misty put the phone down."
    )
    # one character owns both the handle and the name
    holding = {c.id: set(c.aliases) & {"Giovanni", "ViridianG"} for c in story.model.characters}
    assert sorted(map(sorted, filter(None, holding.values()))) == [["Giovanni", "ViridianG"]]


@pytest.mark.parametrize(
    ("text", "people", "nobody"),
    [
        # no title, subject, address, pronoun or line: not even a candidate speaker for the later steps
        ("Half of Mondstadt slept through the festival. Kaeya walked home alone.\n\n"
         '"I was sent to watch Mondstadt," Kaeya said. "To watch you."\n\n"Why?" Diluc asked.',
         ("Kaeya", "Diluc"), "Mondstadt"),
        # "Hush!" said the girl: the tag's verb is outside the quotation, so "Hush" is not its subject;
        # "Hush, Dick!": the name after the comma is the one addressed
        ('"Hush!" said the girl, and Oliver sat down.\n\n"Hush, Dick!" said Oliver.\n\n'
         '"Hush, my dear," said the old lady.\n\n"Hush!" cried Oliver. Dick laughed at him.',
         ("Oliver", "Dick"), "Hush"),
        # a common word capitalised once, no first name and no word of a longer name: "Pun intended."
        ('"A face like a boiled potato," said Sally. Sally smiled. "Pun intended."\n\n'
         '"Springer, sit down," said Connie Springer\'s sergeant. Connie Springer sat down.',
         ("Sally", "Springer"), "Pun"),
        # a place whose people the text names: "Marley" beside "the Marleyan"
        ('"I am not here for Marley," said the Marleyan. Pieck smiled.\n\nMarley knew everything. Marley waited.\n\n'
         '"Why?" asked Hange. Hange frowned.', ("Pieck", "Hange"), "Marley"),
    ],
)
def test_a_form_the_text_never_treats_as_a_person_is_no_character(text, people, nobody):
    cast = run_step("cast", text).cast
    assert all(cast.lookup(name) is not None for name in people)
    assert cast.lookup(nobody) is None


def test_a_hyphenated_name_is_one_name(view):
    story = view(
        "Jean-Luc Picard walked onto the bridge. Jean-Luc sat down.\n\n" '"Report," said Jean-Luc.\n\n'
        "Winnie-the-Pooh went for a walk. Pooh was hungry.\n\n" '"Hallo," said Pooh.\n\n'
        "Seo-yeon laughed. Kim Seo-yeon was tired.\n\n" '"No," said Seo-yeon.\n\n'
        '"Naruto-kun!" cried Hinata. Naruto grinned at her.'
    )
    assert {"Jean-Luc", "Jean-Luc Picard"} <= set(story.character("Jean-Luc Picard").aliases)
    assert "Winnie-the-Pooh" in story.character("Pooh").aliases
    assert "Kim Seo-yeon" in story.character("Seo-yeon").aliases
    assert story.speaker(0) == "Jean-Luc Picard" and story.speaker(2) == "Seo-yeon"
    naruto = [c for c in story.model.characters if "Naruto" in c.aliases]
    assert len(naruto) == 1 and "Naruto-kun" in naruto[0].aliases  # an honorific is no part of the name
    assert not {"Jean", "Luc", "Winnie", "Seo"} & set(story.names.values())


def test_a_shared_given_name_alone_is_the_far_most_mentioned_of_its_holders(view):
    paras = ["Robert Cohn was once middleweight boxing champion of Princeton."]
    paras += [f'"I am tired," said Robert Cohn on day {n}. Cohn walked home.' for n in range(12)]
    paras += ["Robert Prentiss, a rising new novelist, came to the party.", '"Hello," said Robert. He smiled.']
    story = view("\n\n".join(paras))
    assert "Robert" in story.character("Robert Cohn").aliases and story.speaker(12) == "Robert Cohn"
    assert story.character("Robert Prentiss").aliases == ["Robert Prentiss"]
    # as often mentioned as each other: "Robert" alone stays apart from both
    even = view("Robert Cohn came in. Robert Prentiss came in.\n\n" '"Hello," said Robert.')
    assert "Robert" not in even.character("Robert Cohn").aliases


def test_first_person_narrator_named_by_the_others(view):
    text = "\n\n".join(
        ['"Go home, Wendell," said Tom.', '"No," I said.', '"Wendell, please," Tom said.', '"Fine," I said.',
         '"Thanks, Wendell."']
        + [f"I walked to the shop and I saw my friend Tom there on day {n}. I waved at him." for n in range(12)]
    )
    story = view(text)
    assert story.speaker(1) == "Wendell (narrator)"


def test_a_name_without_evidence_that_never_speaks_is_not_listed(view):
    story = view(
        "Annabeth frowned at the map of Paradis. Paradis was far.\n\n"
        '"We go north," said Annabeth.\n\n"Fine," said Marcus.'
    )
    assert "Paradis" not in story.names.values()
    assert {"Annabeth", "Marcus"} <= set(story.names.values())
    assert {"speaks", "subject"} <= set(story.character("Annabeth").evidence)  # why she is in the cast


def test_a_reader_insert_has_a_reader(view):
    story = view(
        "(Y/N) walked into the library. Draco looked up at (Y/N).\n\n"
        '"You\'re late," said Draco.\n\n"Sorry," Y/N said.'
    )
    reader = story.character("Y/N (reader)")
    assert len(reader.mentions) == 3
    assert story.speaker(1) == "Y/N (reader)"


def test_a_pronoun_tag_never_goes_to_the_other_gender(view):
    story = view('Tom walked into the kitchen with a book.\n\n"Is it raining?" she said.\n\n"No," said Tom.')
    assert story.character("Tom").gender == "male"  # from the first-name lists: the text gives no pronoun
    assert story.speaker(0) != "Tom"


def test_a_rank_alone_is_its_leading_holder(view):
    story = view(
        "Admiral Croft came in. Admiral Croft sat down. Admiral Croft smiled at his wife, and Mrs. Croft laughed."
        " Admiral Brand was far away.\n\n"
        '"A fine day," said the Admiral.'
    )
    assert story.speaker(0) == "Admiral Croft"
    assert "Admiral" not in story.names.values()  # a rank alone is nobody of its own


def test_mr_surname_named_beside_a_younger_son_is_the_head_of_the_family(view):
    story = view(
        "Charles Wilcox came down to breakfast. Charles and Mr. Wilcox were arguing about the car.\n\n"
        '"The car is mine," said Charles.\n\n"It is not," said Mr. Wilcox.\n\n'
        "Later Mr. Wilcox and Charles walked to the garage. The cook called him Mr. Charles.\n\n"
        '"Good morning, Mr. Charles," said the cook.'
    )
    charles = story.character("Charles Wilcox")
    assert {"Charles", "Mr. Charles"} <= set(charles.aliases) and "Mr. Wilcox" not in charles.aliases
    assert story.speaker(1) == "Mr. Wilcox"


def test_an_unmarried_given_name_lends_its_gender_to_a_title_merge(view):
    # "Mary" is only mostly female in the lists: enough to tell which Crawford "Mr. Crawford" is
    story = view(
        "Mary Crawford and Henry Crawford came to the parsonage.\n\n"
        '"What a dull place," said Mr. Crawford.\n\n"Hush," said Mary.'
    )
    assert "Mr. Crawford" in story.character("Henry Crawford").aliases
    assert "Mr. Crawford" not in story.character("Mary Crawford").aliases


def test_a_first_name_decides_a_gender_the_pronouns_leave_open():
    from collections import Counter

    from ficlens.cast.cast import Cast
    from ficlens.cast.genders import guess_genders
    from ficlens.cast.names import parse_name

    cast = Cast()
    for name, votes in (("Henry", {"male": 5, "female": 4}), ("Krishna", {"male": 1}), ("Blanche", {"male": 1})):
        index = cast.add(name)
        cast.bind(index, parse_name(name))
        cast.members[index].gender_votes = Counter(votes)
    guess_genders(cast)
    assert [m.gender for m in cast.members] == ["male", None, None]  # never against the pronouns' lean


@pytest.mark.parametrize(
    ("text", "name", "nobody"),
    [
        # an adverb opening the sentence is no part of the name after it
        ('"I often think so. Unluckily Aziz hit him on the face, and he got a fright."\n\n'
         'Aziz laughed. "No," said Aziz.', "Aziz", "Unluckily Aziz"),
        ('"Come," said Gino.\n\nHitherto Gino had not interfered. Gino smiled.\n\n"Yes," said Gino.',
         "Gino", "Hitherto"),
    ],
)
def test_a_sentence_adverb_is_no_part_of_a_name(view, text, name, nobody):
    story = view(text)
    assert story.character(name).aliases == [name]
    assert nobody not in story.names.values()


def test_a_ship_in_italics_after_the_is_no_person():
    text = (
        "The _Aurora_ was fast, and she had a name for it. We shall have to catch the _Aurora_ tonight.\n\n"
        "Holmes said nothing."
    )
    cast = run_step("cast", text).cast
    assert cast.lookup("Holmes") is not None and cast.lookup("Aurora") is None


def test_a_mans_given_name_is_not_his_wifes_title(view):
    story = view(
        "Mrs Charles came to tea with her sister.\n\n" '"Where is Charles?" asked Mrs Charles.\n\n'
        '"Out shooting," said Anne. Charles came home late. He was tired.\n\n' '"Good evening," said Charles.'
    )
    assert story.character("Charles").gender == "male" and "Mrs Charles" not in story.character("Charles").aliases


def test_two_given_names_in_both_orders_are_two_people(view):
    story = view(
        "Katharine Hilbery sat down. Cassandra Otway came in.\n\n"
        "Katharine Cassandra; Cassandra Katharine: the names alternated in his mind.\n\n"
        '"Hello," said Katharine.\n\n"Hello," said Cassandra.'
    )
    assert "Katharine" in story.character("Katharine Hilbery").aliases
    assert "Cassandra" in story.character("Cassandra Otway").aliases
    assert not {"Katharine Cassandra", "Cassandra Katharine"} & set(story.names.values())


def test_a_month_that_is_a_given_name_is_a_name_with_a_persons_evidence(view):
    story = view(
        "In May the roses bloomed. Newland smiled at May Welland.\n\n" '"Dear May," said Newland.\n\n'
        '"Yes," said May, and she laughed at him.\n\n' "They married in June.\n\n"
        "By the middle of June Kitty was well again. Kitty danced."
    )
    may = story.character("May Welland")
    assert "May" in may.aliases and story.speaker(1) == "May Welland"
    assert story.character("Kitty").aliases == ["Kitty"] and "June" not in story.names.values()


def test_a_given_name_also_called_mr_given_joins_its_full_name():
    from ficlens.cast.cast import Cast
    from ficlens.cast.name_structure import _part_of_full_name
    from ficlens.cast.names import parse_name

    cast = Cast()
    for forms in (["Dorian Gray"], ["Dorian", "Mr. Dorian"], ["Charles Wilcox"], ["Wilcox", "Mr. Wilcox"]):
        index = cast.add(forms[0])
        for form in forms:
            cast.bind(index, parse_name(form))
    # "Mr. Dorian" is a given name with a title (a son of the house); "Mr. Wilcox" a family name: his father
    assert list(_part_of_full_name(cast)) == [(1, 0)]


def test_a_plural_title_names_several_people():
    from ficlens.cast.junk import is_plural_title

    keys = {"tom bertram": 3, "miss bertrams": 2, "messrs. blathers": 1, "miss bennet": 4}
    assert is_plural_title("messrs. blathers", keys) and is_plural_title("miss bertrams", keys)
    assert not is_plural_title("miss bennet", keys) and not is_plural_title("miss james", keys)


@pytest.mark.parametrize(
    ("paragraphs", "eldest", "younger"),
    [
        # of two sisters named in full, the one the story is about
        (["Augusta Welland was her mother's name."]
         + [f'"Yes," said May Welland on day {n}. May Welland smiled.' for n in range(6)]
         + ['"Good night," said Miss Welland.'], "May Welland", "Augusta Welland"),
        # the only sister named in full, but often called "Miss Marianne": a younger sister
        (["Marianne Dashwood ran down the hill."]
         + [f'"Yes," said Miss Marianne on day {n}. Miss Marianne laughed.' for n in range(3)]
         + ['"Hush," said Miss Dashwood. Miss Dashwood sighed.'], None, "Marianne Dashwood"),
    ],
)
def test_miss_surname_is_the_eldest_daughter(paragraphs, eldest, younger):
    cast = run_step("cast", "\n\n".join(paragraphs)).cast
    miss = cast.lookup("Miss " + younger.split()[-1])
    assert miss != cast.lookup(younger) and (eldest is None or miss == cast.lookup(eldest))


def test_mr_surname_beside_a_knighted_father_is_his_heir():
    text = "\n\n".join([
        "Sir Thomas Bertram came home. Tom Bertram and Edmund Bertram met him.",
        '"Welcome home," said Mr. Edmund. Edmund smiled.',
        '"Good evening, Mr. Edmund," said the butler.',
        '"Where is the wine?" asked Mr. Bertram. Tom laughed.',
        '"Father is tired," said Mr. Bertram.',
    ])
    cast = run_step("cast", text).cast
    assert cast.lookup("Mr. Bertram") == cast.lookup("Tom Bertram") != cast.lookup("Edmund Bertram")
    assert cast.lookup("Sir Thomas") != cast.lookup("Mr. Bertram")


def test_a_description_broken_over_a_line_is_one_description():
    from ficlens.cast.cast import Cast

    cast = Cast()
    first = cast.unnamed_member("the\nother", fresh=False)
    assert cast.unnamed_member("the other", fresh=False) == first and cast.members[first].name == "the other"


@pytest.mark.parametrize(
    ("paragraphs", "forms", "holder", "other"),
    [
        # a nickname of a given name two full names share: the holder far the most mentioned
        (["Henry Wotton lit a cigarette. Henry VIII had six wives."]
         + [f'"Nonsense," said Henry Wotton on day {n}. Henry Wotton laughed.' for n in range(6)]
         + ['"Harry, you are wicked," said Basil. Basil sighed.', '"Yes, Harry," said Basil.'],
         ("Harry",), "Henry Wotton", "Henry VIII"),
        # the given name, alone and after "Miss": the same
        (["Rose Fleming was her mother's maiden name."]
         + [f'"Yes," said Rose Maylie on day {n}. Rose Maylie smiled.' for n in range(6)]
         + ['"Good night, Miss Rose," said Oliver.', '"Good night," said Rose. Rose waved.'],
         ("Miss Rose", "Rose"), "Rose Maylie", "Rose Fleming"),
    ],
)
def test_a_shared_given_name_joins_the_far_most_mentioned_holder(paragraphs, forms, holder, other):
    cast = run_step("cast", "\n\n".join(paragraphs)).cast
    assert {cast.lookup(form) for form in forms} == {cast.lookup(holder)} != {cast.lookup(other)}


def test_a_name_in_a_dialogue_tag_takes_the_pronoun_after_the_quotation():
    # every mention of Usopp stands in a tag after a quotation: the narration after it still votes
    analysis = run_step(
        "cast",
        '"I\'ll have you know," Usopp said, puffing out his chest, "I am a brave warrior."\n\n'
        '"Sure," Nami said, rolling her eyes.\n\n"Eight thousand men," Usopp said, and he grinned.',
    )
    cast = analysis.cast
    assert cast.members[cast.lookup("Usopp")].gender == "male"
    assert cast.members[cast.lookup("Nami")].gender == "female"


def test_a_pronoun_inside_a_quotation_is_no_vote(view):
    # "she" inside the line is someone else: the tag's subject takes no vote from it
    story = view('Zorblax sat down. "She is late," Zorblax said. "She is always late."\n\nZorblax waited.')
    assert story.character("Zorblax").gender is None


def test_a_chat_handle_owner_found_late_takes_its_first_names_gender(view):
    story = view(
        "Misty read the chat. 'viridian_sab' is Sabrina, who almost never posts.\n\n"
        "-- group chat --\n\nviridian_sab: no\n\nCeruleanQueen: wow ok\n\nviridian_sab: still no\n\n-- end --\n\n"
        "Misty put the phone down."
    )
    assert story.character("Sabrina").gender == "female"



def test_the_narrator_the_notes_name_is_the_narrator(view):
    # "Snoozles" once is too little to name "I" by address; the chapter note says who tells the story
    narration = (
        "For the record, I was the one who said we should set a watch. I said it at dinner, and I said it again "
        "after dinner, while the others were washing the bowls and pretending not to hear me. Nobody listened to "
        "me, which is a thing that happens to me a lot, so I went to sleep on the veranda with my boomerang under "
        "my pillow, because I am not an idiot, whatever my sister says about me.\n\n"
    )
    story = view(
        "A/N: Sokka narrates this one, because he would keep a diary.\n\n" + narration * 3
        + "\u201cWake up, Snoozles. Somebody is on the beach,\u201d Toph said.\n\n"
        "\u201cWho? How many?\u201d I asked.\n\n\u201cOne,\u201d said Toph. I grabbed my boomerang and I ran."
    )
    narrators = [c for c in story.model.characters if c.kind == "narrator"]
    assert len(narrators) == 1 and narrators[0].name == "Sokka (narrator)" and "Sokka" in narrators[0].aliases
    assert [c.kind for c in story.model.characters if "Sokka" in c.aliases] == ["narrator"]
    # notes naming two tellers name none, and add neither to the cast
    story = view("A/N: Sokka POV.\n\nA/N: Zuko POV.\n\n" + narration * 3 + '"Who?" I asked.')
    assert [c.name for c in story.model.characters] == ["I (narrator)"]


def test_a_family_name_alone_is_the_one_family_member_the_story_is_about(view):
    ginny = "Ginny Weasley looked up from her breakfast. " * 12
    story = view(
        ginny + "Her brother Ron Weasley was still eating.\n\n"
        '"Pass the toast," said Ron Weasley.\n\n'
        '"Still here, Weasley?" said Malfoy.\n\n'
        '"Get lost," said Weasley. Weasley put her fork down.'
    )
    assert "Weasley" in story.character("Ginny Weasley").aliases
    assert "Weasley" not in story.character("Ron Weasley").aliases


def test_an_initial_is_no_glue_word_before_a_family_name(view):
    # "L. Malfoy" signs a letter: his initial is a given name cut short, so he is not Draco's "Malfoy"
    story = view(
        "Draco Malfoy opened the letter at breakfast. Malfoy read it twice. Draco Malfoy did not eat.\n\n"
        "_You will come home at Christmas. Your father, L. Malfoy_\n\n"
        '"Bad news?" said Ginny.\n\n"None of your business," said Malfoy. Draco Malfoy left the hall.\n\n'
        '"Mr Malfoy," said Snape. "A word." Malfoy followed him.'
    )
    assert "L. Malfoy" not in story.character("Malfoy").aliases


def test_pov_after_a_name_is_no_part_of_it(view):
    story = view(
        "Ciri POV\n\nCiri watched the raven land. Ciri did not move.\n\n"
        '"It is for you," said Geralt.\n\n"I know," said Ciri.'
    )
    assert "Ciri POV" not in [alias for c in story.model.characters for alias in (c.name, *c.aliases)]
    assert story.speaker(1) == "Ciri"


def test_a_rank_the_narrator_keeps_using_names_no_narrator(view):
    # "Chief" is Hopper, whom the narrator addresses: a rank alone never names "I"
    narration = (
        "I skated home the long way, down the road past the quarry, because I did not want to go home yet and "
        "nobody in my house would notice if I was late. I kept my head down and my hands in my pockets, and I "
        "thought about the girl in the culvert and about what I was going to tell the others about her.\n\n"
    )
    story = view(
        narration * 3
        + '"Chief, you have to see this," I said.\n\n"See what?" said Hopper.\n\n'
        '"Chief, she is real," I said.\n\n"Fine," said Hopper.\n\n"Chief. Please," I said.'
    )
    assert not any(c.kind == "narrator" and "Chief" in c.aliases for c in story.model.characters)



def test_the_pronouns_after_a_titled_form_outrank_the_name_lists(view):
    # the lists call "Jocelyn" a woman's name; the text calls Dr. Jocelyn Thorne "he" every time
    story = view(
        "Jocelyn Thorne came late to the club. Dr. Jocelyn Thorne took off his hat, and he sat down.\n\n"
        "Dr. Jocelyn Thorne lit his pipe. He smiled.\n\n"
        '"Good evening," said Dr. Jocelyn Thorne.\n\n"You are late," said Aziz.'
    )
    holders = [c.name for c in story.model.characters if "Dr. Jocelyn Thorne" in (c.name, *c.aliases)]
    assert holders == [story.character("Jocelyn Thorne").name]


@pytest.mark.parametrize(
    ("text", "form", "owner"),
    [
        # a chat handle built on a word of one character's names
        ("Iida Tenya checked the time. Iida was never late.\n\n"
         "-- group chat: class 1-A --\n\nTENYA_IIDA_CLASS_REP: Lights out in ten minutes.\n\n"
         "ribbit_ribbit: ok\n\nTENYA_IIDA_CLASS_REP: Thank you.\n\n-- end --\n\nIida put his phone away.",
         "TENYA_IIDA_CLASS_REP", "Iida Tenya"),
        ("Steve Rogers looked at his phone. Steve sighed.\n\n"
         "-- group chat: Avengers --\n\nCaptainRogers: Team meeting in ten minutes.\n\nIAmIronMan: no\n\n"
         "CaptainRogers: Noted.\n\n-- end --\n\nSteve put the phone away.",
         "CaptainRogers", "Steve Rogers"),
        # the lists call "Nat" a man's name; "Nat" of "Natasha" is Natasha
        ("Natasha Romanov checked her earpiece. Natasha waited on the roof.\n\n"
         '"Status?" said Natasha.\n\n"Status is weird, Nat. Give me a minute," said Clint.',
         "Nat", "Natasha Romanov"),
    ],
    ids=["handle-of-given-and-family", "handle-of-family-name", "short-form-against-the-lists"],
)
def test_a_form_joins_the_character_it_names(view, text, form, owner):
    assert form in view(text).character(owner).aliases


def test_a_school_or_a_body_named_like_a_person_is_nobody(view):
    story = view(
        "Kyoto Jujutsu High sent its students to Tokyo. Kyoto Jujutsu High had never lost.\n\n"
        '"We will win," said Mai. The Brotherhood watched from afar. The Brotherhood said nothing.\n\n'
        '"Sure," said Maki.'
    )
    names = [c.name for c in story.model.characters]
    assert "Kyoto Jujutsu High" not in names and "Brotherhood" not in names and "Mai" in names
