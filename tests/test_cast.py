from ficlens.cast.names import parse_name


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
