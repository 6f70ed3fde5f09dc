"""The demo story end to end: speakers, kinds, addressees, flashback and merged cast."""

from tests.conftest import View


def test_sample_story_cast(sample_model):
    story = View(sample_model)
    assert sample_model.fandom == "naruto"
    naruto, sasuke, kurama = story.character("Naruto Uzumaki"), story.character("Sasuke Uchiha"), story.character("Kurama")
    assert {"Naruto", "Kit", "Uzumaki"} <= set(naruto.aliases)
    assert {"Sasuke", "Teme"} <= set(sasuke.aliases)
    assert {"Kyuubi", "the fox"} <= {a.removeprefix("the ") if a == "the Kyuubi" else a for a in kurama.aliases}
    assert {"Tsunade-baa-chan", "Baa-chan"} <= set(story.character("Tsunade").aliases)
    assert {"ero-sensei", "Ero-sensei"} <= set(story.character("Jiraiya").aliases)
    assert "old man" in story.character("Hiruzen Sarutobi").aliases
    names = {c.name for c in sample_model.characters}
    assert not names & {"Konoha", "Otogakure", "Hokage", "Yea", "Teme", "Kit"}
    villager, other = story.character("a drunk villager"), story.character("the other")
    assert villager.kind == other.kind == "unnamed"
    assert villager.id != other.id


def test_sample_story_utterances(sample_model):
    story = View(sample_model)
    expected = [
        ("speech", "a drunk villager", ["the other"]),
        ("speech", "the other", ["a drunk villager"]),
        ("thought", "Sasuke Uchiha", []),
        ("speech", "Sasuke Uchiha", ["Naruto Uzumaki"]),
        ("speech", "Naruto Uzumaki", ["Sasuke Uchiha"]),
        ("speech", "Sasuke Uchiha", ["Naruto Uzumaki"]),
        ("telepathy", "Kurama", ["Naruto Uzumaki"]),
        ("speech", "Naruto Uzumaki", ["Sasuke Uchiha"]),
        ("thought", "Naruto Uzumaki", ["Hiruzen Sarutobi", "Jiraiya", "Tsunade"]),
    ]
    got = [(u.kind, story.speaker(n), story.addressees(n)) for n, u in enumerate(sample_model.utterances)]
    assert got == expected
    text = sample_model.text
    for u in sample_model.utterances:
        assert text[u.start + 1 : u.end - 1] == u.text
    assert sample_model.utterances[-1].text.endswith("Baa-chan and Ero-sensei")


def test_sample_story_flashback(sample_model):
    text = sample_model.text
    (flashback,) = [s for s in sample_model.segments if s.kind == "flashback"]
    assert text[flashback.start :].startswith('"That damn demon gaki')
    assert text[: flashback.end].endswith("xx End Flashback xx")
    # the two gossiping villagers speak inside it, nobody else does
    inside = [u for u in sample_model.utterances if flashback.start <= u.start < flashback.end]
    assert len(inside) == 2
