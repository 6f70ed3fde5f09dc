"""The relations layer: groups, memberships, events, relationships and interactions, rule by rule."""

from __future__ import annotations

import pytest

from ficlens.model import Event, Group, Membership, Phase, Relationship
from ficlens.relations.context import Said
from ficlens.relations.groups import find_groups
from ficlens.relations.interactions import count_interactions
from ficlens.relations.relationships import STRONG, Cue, Pair, phases
from tests.conftest import View, analyze_text


def _names(groups) -> set[str]:
    return {g.name for g in groups}


# ------------------------------------------------------------------------------------------------ groups


def test_groups_from_group_nouns_openers_followings_and_plurals():
    text = (
        "Sasha had served in the Survey Corps for years. Team Rocket wanted the Houndour back. "
        "Kronos's army camped on the ship. Two Peacekeepers walked by, and a Peacekeeper laughed. "
        "The Corps marched at dawn."
    )
    groups = find_groups(text, None, {"Sasha": "c0", "Kronos": "c1"})
    assert {"Survey Corps", "Team Rocket", "Kronos's army", "Peacekeepers"} <= _names(groups)
    corps = next(g for g in groups if g.name == "Survey Corps")
    assert len(corps.mentions) == 2  # "the Corps" names the Survey Corps, the only group with that noun
    assert next(g for g in groups if g.name == "Kronos's army").leader == "c1"
    garrison = find_groups("Virgil rode with the garrison of the archangel Raphael.", None, {"Raphael": "c2"})
    assert [(g.name, g.leader) for g in garrison] == [("the garrison of the archangel Raphael", "c2")]


def test_a_name_that_speaks_is_never_a_group_and_a_lone_capitalised_word_is_not_one():
    text = "Marcus talked to the Hale. Marcus laughed. The Sun rose. Percy saw the Hale again."
    assert "Marcus" not in _names(find_groups(text, None, {"Marcus": "c0"}))
    assert "Sun" not in _names(find_groups(text, None, {}))


def test_a_movement_and_a_name_mostly_used_after_the_are_groups():
    text = "The Fatui agent smiled. Later the Fatui sent word. Darius talked of the rebellion all night."
    groups = _names(find_groups(text, None, {"Fatui": "c3", "Darius": "c0"}))
    assert {"Fatui", "the rebellion"} <= groups and "Darius" not in groups


def test_group_mentions_are_code_point_offsets():
    text = "Naïve café talk ended: the Survey Corps rode out, and the Survey Corps came back."
    corps = next(g for g in find_groups(text, None, {}) if g.name == "Survey Corps")
    assert all(text[s:e] == "Survey Corps" for s, e in corps.mentions)


# ------------------------------------------------------------------------------------------ memberships


def _held(model, character: str, group: str) -> list[Membership]:
    story = View(model)
    cid = story.character(character).id
    gid = next(g.id for g in model.groups if g.name == group)
    return [m for m in model.memberships if m.character == cid and m.group == gid]


def test_membership_from_an_apposition_and_a_description():
    model = analyze_text(
        "Kaito Mizuhara, a Marine ensign, stood watch. The Marines slept below. "
        '"Go to sleep," Kaito said to Vargas. "No," Vargas said. The Marines woke at dawn.'
    )
    held = _held(model, "Kaito Mizuhara", "Marines")
    assert held and held[0].start == 0 and held[0].end == len(model.text)
    assert all(0 <= s < e <= len(model.text) for s, e in held[0].evidence)


def test_a_desertion_ends_the_membership_and_a_join_opens_one():
    model = analyze_text(
        "Floch Forster, a Survey Corps soldier, cleaned his rifle. The Survey Corps trusted him. "
        "By morning Floch had deserted the Survey Corps. "
        "Two days later Floch joined the Yeagerists in the hills. The Yeagerists cheered."
    )
    corps, = _held(model, "Floch Forster", "Survey Corps")
    assert corps.start == 0 and corps.end < len(model.text)
    yeagerists, = _held(model, "Floch Forster", "Yeagerists")
    assert yeagerists.start > 0 and yeagerists.end == len(model.text)
    kinds = {(e.kind, next(g.name for g in model.groups if g.id == e.group)) for e in model.events}
    assert {("leave", "Survey Corps"), ("join", "Yeagerists")} <= kinds


# ------------------------------------------------------------------------------------------------ events


def _events(model) -> list[tuple[str, str, str]]:
    names = {c.id: c.name for c in model.characters}
    groups = {g.id: g.name for g in model.groups}
    return [(e.kind, names[e.character], groups[e.group]) for e in model.events]


def test_a_promise_counts_only_when_carried_out():
    kept = analyze_text(
        '"I\'ll join the Resistance," Rey said to Finn. "Good," Finn said. '
        "The Resistance waited in the hills. A week later Rey reached the Resistance at last."
    )
    assert ("join", "Rey", "Resistance") in _events(kept)
    broken = analyze_text(
        '"I\'ll join the Resistance," Rey said to Finn. "Good," Finn said. '
        "The Resistance waited in the hills. Rey never went."
    )
    assert ("join", "Rey", "Resistance") not in _events(broken)


def test_a_question_or_a_denial_is_no_event_and_going_left_leaves_nothing():
    model = analyze_text(
        "The Survey Corps rode out. Jean Kirstein, a Survey Corps soldier, rode last. "
        '"Why should I join the Yeagerists?" Jean asked Connie. "You shouldn\'t," Connie said. '
        "Jean did not join the Yeagerists. Jean went left at the fork. The Yeagerists waited."
    )
    assert _events(model) == []


def test_a_defection_is_a_leave_and_a_join():
    model = analyze_text(
        "Pieck Finger, a Marley Warrior, sat in the cell. The Warriors had sent her. "
        "Pieck defected to the Survey Corps that night. The Survey Corps took her in."
    )
    events = _events(model)
    assert ("join", "Pieck Finger", "Survey Corps") in events
    assert any(kind == "leave" and who == "Pieck Finger" for kind, who, _ in events)


def test_shedding_the_uniform_leaves_a_side_and_freeing_prisoners_betrays_it():
    model = analyze_text(
        "Tomas Brell, a Harbour Guard sergeant, walked the quay. The Harbour Guard trusted him. "
        "At midnight Tomas unlocked the cell and let the smugglers out. "
        "Then Tomas took off his uniform and laid it on the quay. The Harbour Guard never saw him again."
    )
    events = _events(model)
    assert ("betray", "Tomas Brell", "Harbour Guard") in events
    assert ("leave", "Tomas Brell", "Harbour Guard") in events
    calm = analyze_text(
        "Tomas Brell, a Harbour Guard sergeant, walked the quay. The Harbour Guard trusted him. "
        "Tomas did not take off his uniform. He opened the window."
    )
    assert _events(calm) == []


def test_a_leave_that_goes_on_to_another_side_joins_it():
    model = analyze_text(
        "Mira Vance, a Silver Legion scout, rode north. The Silver Legion camped by the river. "
        "By dawn Mira had deserted the Silver Legion and ridden into the Red Company's camp. "
        "The Red Company cheered."
    )
    events = _events(model)
    assert ("leave", "Mira Vance", "Silver Legion") in events
    assert ("join", "Mira Vance", "Red Company") in events


def test_a_welcome_makes_the_listener_join_the_host_group():
    model = analyze_text(
        "Luffy of the Straw Hat Pirates laughed. The Straw Hat Pirates cheered. "
        '"Welcome aboard, Kaito," Luffy said to Kaito. "Thanks," Kaito said.'
    )
    assert ("join", "Kaito", "Straw Hat Pirates") in _events(model)


# ----------------------------------------------------------------------------------------- relationships


def _phases(model, a: str, b: str) -> list[str]:
    story = View(model)
    ids = {story.character(a).id, story.character(b).id}
    found = [r for r in model.relationships if {r.a, r.b} == ids]
    assert len(found) == 1, model.relationships
    for phase in found[0].phases:
        assert phase.evidence, "no polarity without evidence"
    return [p.polarity for p in found[0].phases]


def test_an_insult_then_respect_turns_a_relationship():
    model = analyze_text(
        '"Get lost, you idiot," Sally said to Sherlock. "Charming," Sherlock said to Sally. '
        "Sally glared at Sherlock. Months later Sherlock saved Sally from the fire. Sally thanked Sherlock warmly."
    )
    assert _phases(model, "Sally", "Sherlock") == ["hostile", "friendly"]


def test_one_passing_word_does_not_turn_a_relationship():
    pair = Pair(cues=[Cue(0, 5, "friendly", STRONG), Cue(10, 15, "hostile"), Cue(20, 25, "friendly")])
    assert [p[2] for p in phases(pair)] == ["friendly"]
    pair.cues.insert(2, Cue(16, 18, "hostile"))
    assert [p[2] for p in phases(pair)] == ["friendly", "hostile"]  # two weak cues turn it; one does not turn it back


def test_a_threat_at_the_listener_is_hostile():
    model = analyze_text(
        '"If you sell one more secret, I will stop you myself," Arlen said to Brisa. "Try it," Brisa said.'
    )
    assert _phases(model, "Arlen", "Brisa")[0] == "hostile"


def test_talk_without_polar_words_starts_neutral_and_a_group_prior_replaces_it():
    pair = Pair(cues=[Cue(0, 5, "neutral"), Cue(6, 9, "neutral"), Cue(10, 15, "neutral"), Cue(20, 25, "hostile", STRONG)])
    assert [p[2] for p in phases(pair)] == ["neutral", "hostile"]
    start = phases(pair, start_prior=("hostile", [(1, 2)]))
    assert [p[2] for p in start] == ["hostile"] and start[0][3][0] == (1, 2)
    # a group prior the text's first polar cue contradicts does not open the relationship: it opens neutral
    assert [p[2] for p in phases(pair, start_prior=("friendly", [(1, 2)]))] == ["neutral", "hostile"]
    quiet = Pair(cues=[Cue(0, 5, "neutral")])
    assert [p[2] for p in phases(quiet, start_prior=("friendly", [(1, 2)]))] == ["friendly"]


# ----------------------------------------------------------------------------------------- interactions


def test_interactions_per_chapter_count_lines_and_words():
    said = [Said(0, 10, "c0", ("c1",), words=3), Said(20, 30, "c0", ("c1",), words=2),
            Said(120, 130, "c1", ("c0",), words=4), Said(140, 150, None, ("c0",), words=9)]
    got = [(i.speaker, i.addressee, i.chapter, i.lines, i.words) for i in count_interactions(said, [0, 100])]
    assert got == [("c0", "c1", 0, 2, 5), ("c1", "c0", 1, 1, 4)]


# ------------------------------------------------------------------------------------------------ sample


def test_sample_story_relations(sample_model):
    story = View(sample_model)
    naruto, sasuke = story.character("Naruto Uzumaki").id, story.character("Sasuke Uchiha").id
    groups = {g.name: g.id for g in sample_model.groups}
    konoha, oto = groups["Konohagakure"], groups["Otogakure"]
    length = len(sample_model.text)

    def belongs(cid: str, group: str, at: int) -> bool:
        return any(m.character == cid and m.group == group and m.start <= at <= m.end for m in sample_model.memberships)

    for cid in (naruto, sasuke):
        first = min(s for s, _ in next(c for c in sample_model.characters if c.id == cid).mentions)
        assert belongs(cid, konoha, first) and not belongs(cid, oto, first)
        assert belongs(cid, oto, length) and not belongs(cid, konoha, length)
    assert belongs(story.character("Tayuya").id, oto, length)
    joins = [e for e in sample_model.events if e.kind == "join" and e.character == naruto and e.group == oto]
    assert len(joins) == 1 and "I'll join you and Otogakure" in joins[0].text  # the later "bolted to" repeats it
    assert _phases(sample_model, "Naruto Uzumaki", "Sasuke Uchiha") == ["hostile", "friendly"]
    assert _phases(sample_model, "Naruto Uzumaki", "Kurama") == ["friendly"]
    assert _phases(sample_model, "Naruto Uzumaki", "a drunk villager")[0] == "hostile"
    assert _phases(sample_model, "Naruto Uzumaki", "the other")[0] == "hostile"


# --------------------------------------------------------------------------------------------- scoring


@pytest.fixture
def scored_model(sample_model):
    return sample_model.model_copy(update={
        "groups": [Group(id="g0", name="the Leaf", aliases=["Konoha"], kind="place", mentions=[(0, 1)])],
        "memberships": [Membership(character="c0", group="g0", start=0, end=100, evidence=[(0, 1)], confidence=1)],
        "events": [Event(kind="leave", character="c0", group="g0", start=90, end=100, text="x", confidence=1)],
        "relationships": [Relationship(a="c1", b="c0", phases=[
            Phase(start=0, end=5, polarity="hostile", evidence=[(0, 5)]),
            Phase(start=5, end=9, polarity="friendly", evidence=[(5, 9)])])],
    })


def test_score_relations_follows_the_readme_rules(scored_model):
    from ficlens.evaluation.relations import score_relations

    naruto = next(c for c in scored_model.characters if c.id == "c0")
    sasuke = next(c for c in scored_model.characters if c.id == "c1")
    gold = {
        "characters": {"n": [naruto.name], "s": [sasuke.aliases[0]]},
        "groups": {"leaf": ["Leaf", "Konohagakure"]},
        "memberships": [{"character": "n", "group": "leaf", "at": "start"},
                        {"character": "n", "group": "leaf", "at": "end"}],
        "events": [{"character": "n", "kind": "leave", "group": "leaf", "near": scored_model.text[500:540]},
                   {"character": "n", "kind": "join", "group": "leaf", "near": scored_model.text[500:540]}],
        "relations": [{"a": "n", "b": "s", "at": "start", "polarity": "hostile"},
                      {"a": "s", "b": "n", "at": "end", "polarity": "hostile"}],
    }
    scores = score_relations(gold, scored_model)
    assert scores == {"memberships_start": (1, 1), "memberships_end": (0, 1), "events": (1, 2),
                      "relations_start": (1, 1), "relations_end": (0, 1)}


# ---------------------------------------------------------------------------------------- report, tables


def test_report_section_draws_the_timeline_and_an_escaped_graph(sample_model):
    from ficlens.report.html import render_html

    hostile = sample_model.model_copy(deep=True)
    hostile.groups[0].name = "<script>alert(1)</script>"
    hostile.characters[0].name = "Naruto <b>"
    page = render_html(hostile)
    assert 'id="relations"' in page and '<svg class="relgraph"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "Naruto <b>" not in page
    assert "http://" not in page.split('id="relations"')[1].split("</section>")[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_corpus_rows_carry_the_relations_with_the_work(sample_model):
    from ficlens.corpus.tables import model_rows, to_table

    rows = model_rows(sample_model, "sample.txt", 1, None)
    for table in ("groups", "memberships", "events", "relationships"):
        assert rows[table] and all(r["sha256"] == sample_model.source.sha256 for r in rows[table])
        assert to_table(table, rows[table], "b1").num_rows == len(rows[table])
    phases = sum(len(r.phases) for r in sample_model.relationships)
    assert len(rows["relationships"]) == phases


def test_kinship_needs_both_names_tied_to_the_word():
    from ficlens.analysis import Paragraph
    from ficlens.nlp import ParsedParagraph, load_nlp
    from ficlens.relations.relationships import _kin_links
    from ficlens.relations.sentences import Sentence

    def links(text: str, names: dict[str, str]) -> list[tuple[str, set[str]]]:
        doc = load_nlp()(text)
        sentence = Sentence(0, len(text), 0, Paragraph(0, len(text), parsed=ParsedParagraph(doc)), 0, len(doc))
        sentence.names = {t.i: names[t.text] for t in doc if t.text in names}
        return _kin_links(sentence)

    assert links("Dean looked at his brother Sam.", {"his": "c0", "Sam": "c1"}) == [("family", {"c0", "c1"})]
    assert links("Sam thought of revenge on his brother.", {"Sam": "c1", "his": "c1"}) == [("family", {"c1"})]
