"""Scoring logic of `ficlens eval` on tiny synthetic gold files in the real PDNC / LitBank formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.evaluation import litbank, pdnc
from ficlens.evaluation.spans import covers_half, normalise
from ficlens.model import Character, Source, Stats, StoryModel, Utterance

TEXT = (
    'Anna said, "Hello there, Ben." Ben nodded.\n\n'
    '"Hi," he said, "how are you today?"\n\n'
    'Carl spoke at last: "Go away, all of you."\n'
)


def span(text: str, inner: str) -> tuple[int, int]:
    start = text.index(inner)
    return start, start + len(inner)


Q0 = span(TEXT, "Hello there, Ben.")
Q1A = span(TEXT, "Hi,")
Q1B = span(TEXT, "how are you today?")
Q2 = span(TEXT, "Go away, all of you.")

CHARACTERS = [
    ("0", "Anna Smith", "{'Anna Smith', 'Anna'}", "F", "major"),
    ("1", "Ben", "{'Ben', 'Benjamin'}", "M", "major"),
    ("2", "Carl", "{'Carl'}", "M", "intermediate"),
    ("3", "Dora", "{'Dora'}", "F", "minor"),
    ("4", "Edgar", "{'Edgar', 'Mr. Edgar', '_narr'}", "M", "intermediate"),
    ("5", "_unknowable", "{'_unknowable'}", "X", "intermediate"),
]


def write_novel(root: Path, name: str = "TinyNovel") -> Path:
    folder = root / "novels" / name
    folder.mkdir(parents=True)
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    with (folder / "character_info.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        writer.writerows(CHARACTERS)
    header = ["quoteID", "quoteText", "subQuotationList", "quoteByteSpans", "speaker", "addressees", "quoteType",
              "referringExpression", "mentionTextsList", "mentionSpansList", "mentionEntitiesList"]  # fmt: skip
    rows = [
        ["Q0", "Hello there, Ben.", "['Hello there, Ben.']", str([list(Q0)]), "Anna Smith", "['Ben']",
         "Explicit", "Anna said", "[[]]", "[[]]", "[[]]"],
        # The speaker is written as an alias ("Benjamin"), as 2,053 PDNC speakers are.
        ["Q1", "Hi, how are you today?", "['Hi,', 'how are you today?']", str([list(Q1A), list(Q1B)]),
         "Benjamin", "['Anna Smith']", "Anaphoric", "he said", "[[], []]", "[[], []]", "[[], []]"],
        ["Q2", "Go away, all of you.", "['Go away, all of you.']", str([list(Q2)]), "Carl", "[]",
         "Implicit", "nan", "[[]]", "[[]]", "[[]]"],
    ]  # fmt: skip
    with (folder / "quotation_info.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return folder


def model(characters: list[tuple[str, str, list[str]]], utterances: list[tuple], text: str = TEXT) -> StoryModel:
    """characters: (id, name, aliases); utterances: (start, end, speaker id, addressee ids[, evidence])."""
    return StoryModel(
        ficlens_version="test",
        source=Source(sha256="0" * 64, encoding="utf-8", bytes=len(text)),
        text=text,
        characters=[Character(id=i, name=n, aliases=a, mentions=[]) for i, n, a in characters],
        utterances=[
            Utterance(id=f"u{k}", kind="speech", start=u[0], end=u[1], text=text[u[0] : u[1]], speaker=u[2],
                      addressees=u[3], confidence=0.9, evidence=u[4] if len(u) > 4 else "explicit-tag")
            for k, u in enumerate(utterances)
        ],  # fmt: skip
        segments=[],
        stats=Stats(words=len(text.split()), utterances=len(utterances), characters=len(characters), seconds=0.0),
    )


def quoted(inner: tuple[int, int]) -> tuple[int, int]:
    """The span with its quote marks, as ficlens writes utterances."""
    return inner[0] - 1, inner[1] + 1


CAST = [("c0", "Anna", ["Anna"]), ("c1", "Benjamin", ["Ben's", "Benjamin"]), ("c2", "Carl", ["CARL"])]


@pytest.fixture
def gold(tmp_path: Path) -> pdnc.GoldNovel:
    return pdnc.load_novel(write_novel(tmp_path))


def test_load_novel_reads_spans_aliases_and_types(gold):
    assert [q.spans for q in gold.quotes] == [(Q0,), (Q1A, Q1B), (Q2,)]
    assert [TEXT[s:e] for s, e in gold.quotes[1].spans] == ["Hi,", "how are you today?"]
    assert [q.speaker for q in gold.quotes] == ["0", "1", "2"]  # "Benjamin" resolved through Aliases
    assert [q.addressees for q in gold.quotes] == [("1",), ("0",), ()]
    assert [q.quote_type for q in gold.quotes] == ["Explicit", "Anaphoric", "Implicit"]
    assert gold.characters["0"].forms == {"anna smith", "anna"}
    assert not gold.unresolved_names


def test_perfect_prediction_scores_one(gold):
    predicted = model(CAST, [(*quoted(Q0), "c0", ["c1"]), (*quoted(Q1A), "c1", ["c0"]),
                             (*quoted(Q1B), "c1", []), (*quoted(Q2), "c2", [])])  # fmt: skip
    score = pdnc.score_model(predicted, gold)
    m = score.metrics()
    assert (score.gold_spans, score.gold_spans_found, score.predicted, score.predicted_correct) == (4, 4, 4, 4)
    assert m["quote_recall"] == m["quote_precision"] == m["speaker_accuracy"] == 1.0
    assert m["speaker_explicit"] == m["speaker_anaphoric"] == m["speaker_implicit"] == 1.0
    assert (score.addressee_quotes, score.addressee_correct) == (2, 2)
    assert score.errors == []


def test_recall_precision_and_unfound_quotations_count_as_wrong(gold):
    # Q0 right; Q1's first sub-quotation missed but its second found with the wrong speaker; Q2 covered by less
    # than half (unfound); one spurious utterance in the narration.
    q2_short = (Q2[0] + 12, Q2[1] + 1)  # covers " of you." = 8 of 20 characters
    spurious = span(TEXT, "Ben nodded")
    predicted = model(CAST, [(*quoted(Q0), "c0", ["c1"]), (*quoted(Q1B), "c2", ["c1"]), (*q2_short, "c2", []),
                             (*spurious, None, [])])  # fmt: skip
    score = pdnc.score_model(predicted, gold)
    m = score.metrics()
    assert (score.gold_spans, score.gold_spans_found) == (4, 2)
    assert (score.predicted, score.predicted_correct) == (4, 2)
    assert m["quote_recall"] == 0.5 and m["quote_precision"] == 0.5
    assert (score.quotes, score.quotes_found, score.speaker_correct) == (3, 2, 1)
    assert m["speaker_accuracy"] == pytest.approx(1 / 3)
    assert m["speaker_accuracy_found"] == 0.5
    assert score.by_type == {"Explicit": [1, 1, 1], "Anaphoric": [1, 1, 0], "Implicit": [1, 0, 0]}
    assert score.errors_by_kind == {"other-character": 1, "not-found": 1}
    [error] = score.errors
    assert (error.quote_id, error.gold, error.predicted, error.predicted_gold) == ("Q1", "Benjamin", "Carl", "Carl")
    # Addressees: Q0 right (Ben), Q1 wrong (predicted Ben, gold Anna); Q2 has none.
    assert (score.addressee_quotes, score.addressee_found, score.addressee_correct) == (2, 2, 1)


def test_speaker_comes_from_first_found_sub_quotation(gold):
    # One utterance per sub-quotation of Q1 with different speakers: the first one decides.
    predicted = model(CAST, [(*quoted(Q1A), "c1", []), (*quoted(Q1B), "c0", [])])
    assert pdnc.score_model(predicted, gold).by_type["Anaphoric"] == [1, 1, 1]
    predicted = model(CAST, [(*quoted(Q1A), "c0", []), (*quoted(Q1B), "c1", [])])
    assert pdnc.score_model(predicted, gold).by_type["Anaphoric"] == [1, 1, 0]


def test_one_utterance_spanning_both_sub_quotations_finds_both(gold):
    predicted = model(CAST, [(Q1A[0] - 1, Q1B[1] + 1, "c1", [])])
    score = pdnc.score_model(predicted, gold)
    assert (score.gold_spans_found, score.predicted_correct, score.speaker_correct) == (2, 1, 1)


def test_half_coverage_rule():
    assert covers_half((0, 5), (0, 10))  # exactly half
    assert not covers_half((0, 4), (0, 10))
    assert covers_half((-1, 11), (0, 10))
    assert covers_half((5, 20), (0, 10))
    assert not covers_half((6, 20), (0, 10))
    assert not covers_half((10, 20), (0, 10))


def test_half_coverage_through_the_scorer(gold):
    length = Q2[1] - Q2[0]  # 20
    half = (Q2[0] + length // 2, Q2[1] + 1)
    less = (Q2[0] + length // 2 + 1, Q2[1] + 1)
    assert pdnc.score_model(model(CAST, [(*half, "c2", [])]), gold).gold_spans_found == 1
    assert pdnc.score_model(model(CAST, [(*less, "c2", [])]), gold).gold_spans_found == 0
    # Precision asks the same of the utterance: it must cover half of some gold sub-quotation.
    assert pdnc.score_model(model(CAST, [(*less, "c2", [])]), gold).predicted_correct == 0


def test_normalise():
    assert normalise("Mrs.\nWalker") == "mrs. walker"
    assert normalise("  Ben's ") == "ben"
    assert normalise("Ben\u2019s") == "ben"
    assert normalise("Jones'") == "jones"
    assert normalise("_DAISY_") == "daisy"
    assert normalise("Mr. Darcy") != normalise("Mr Darcy")
    assert normalise("The King") == normalise("king") == "king"
    assert normalise("Theodore") == "theodore"


def test_alias_mapping_and_tie_breaks(gold):
    matcher = pdnc.CharacterMatcher(gold.characters, gold.quote_counts())
    assert matcher.matches("Benjamin", ["Mr. Nobody"]) == {"1": 1}
    assert matcher.matches("the stranger", []) == {}
    assert matcher.matches("ANNA's", []) == {"0": 1}
    # Shares two forms with Anna Smith and one with Ben: the most shared forms win.
    assert matcher.choose(matcher.matches("Anna Smith", ["Anna", "Ben"])) == "0"
    # One form each with Ben and Edgar: Ben has a gold quotation, Edgar none.
    assert matcher.choose(matcher.matches("Ben", ["Edgar"])) == "1"
    assert matcher.choose(matcher.matches("Edgar", ["Ben"])) == "1"
    # Placeholders match nothing.
    assert matcher.matches("unknowable", []) == {}
    # PDNC's `_narr` alias marks the narrator: only a predicted narrator matches it, whatever its name.
    assert matcher.matches("I (narrator)", [], narrator=True) == {"4": 1}
    assert matcher.matches("narr", []) == {}


def test_predicted_speaker_mapped_by_name_never_by_gold_cast(gold):
    cast = [("c0", "Anna", []), ("c1", "Mr. Benjamin", ["the boy"]), ("c2", "Carl", [])]
    predicted = model(cast, [(*quoted(Q1A), "c1", [])])
    score = pdnc.score_model(predicted, gold)
    assert score.speaker_correct == 0
    assert score.errors[0].kind == "unmapped" and score.errors[0].predicted_gold is None
    assert score.cast.junk == 1  # "Mr. Benjamin" names no gold character


def test_cast_found_split_merged_missed(gold):
    cast = [
        ("c0", "Anna", []),  # Anna Smith ...
        ("c1", "Anna Smith", ["Miss Smith"]),  # ... twice: split
        ("c2", "Ben", ["Carl"]),  # matches Ben and Carl
        ("c3", "Benjamin", []),  # Ben again: split; Carl only via c2: merged
        ("c4", "Dora", []),  # minor: not scored
    ]
    score = pdnc.score_model(model(cast, []), gold)
    cast_score = score.cast
    assert cast_score.gold == 4  # Anna Smith, Ben, Carl, Edgar (not _unknowable, not minor Dora)
    assert cast_score.details == {"Anna Smith": "split", "Ben": "split", "Carl": "merged", "Edgar": "missing"}
    assert (cast_score.found, cast_score.split, cast_score.merged, cast_score.missing) == (0, 2, 1, 1)
    assert (cast_score.junk, cast_score.listed) == (0, 5)  # Dora is a minor character, not junk
    assert (cast_score.speakers, cast_score.speakers_once) == (3, 0)  # Anna, Ben, Carl have lines
    cast = [("c0", "Anna", []), ("c1", "Mr. Edgar", []), ("c2", "Lumos", [])]
    cast_score = pdnc.score_model(model(cast, []), gold).cast
    assert (cast_score.found, cast_score.split, cast_score.merged, cast_score.missing) == (2, 0, 0, 2)
    assert cast_score.junk_names == ["Lumos"]


def test_gold_roster_gives_the_character_list(gold):
    roster = pdnc.gold_roster(gold)
    assert roster.exclusive
    entries = {c.name: c for c in roster.characters}
    assert set(entries) == {"Anna Smith", "Ben", "Carl", "Dora", "Edgar"}  # no `_unknowable`
    assert entries["Ben"].aliases == ["Benjamin"] and entries["Ben"].gender == "male"
    assert "I" in entries["Edgar"].aliases and "_narr" not in entries["Edgar"].aliases


def test_totals_are_micro_averages(gold):
    good = pdnc.score_model(model(CAST, [(*quoted(Q0), "c0", [])]), gold)
    bad = pdnc.score_model(model(CAST, [(*quoted(Q0), "c2", [])]), gold)
    totals = pdnc.total([good, bad, pdnc.NovelScore(novel="broken", failure="boom")])
    assert (totals.quotes, totals.speaker_correct, totals.gold_spans, totals.gold_spans_found) == (6, 1, 8, 2)
    assert totals.by_type["Explicit"] == [2, 2, 1]
    assert totals.metrics()["speaker_explicit"] == 0.5


def test_text_mismatch_is_reported_not_scored(gold):
    score = pdnc.score_model(model(CAST, [], text=TEXT + "x"), gold)
    assert score.failure and "offsets" in score.failure


def test_cli_pdnc_json_runs_the_analysis(tmp_path):
    from ficlens.cli import app

    write_novel(tmp_path)
    result = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path), "--novels", "TinyNovel", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    [novel] = payload["novels"]
    assert novel["novel"] == "TinyNovel" and novel["failure"] is None
    assert novel["quotes"] == 3 and novel["gold_spans"] == 4
    assert payload["total"]["metrics"]["quote_recall"] > 0.5
    assert payload["published"]["booknlp_end_to_end"]["overall"] == 36.0


def test_cli_pdnc_settings_side_by_side(tmp_path):
    from ficlens.cli import app

    write_novel(tmp_path)
    result = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path), "--settings", "e2e,gold", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    assert set(payload["settings"]) == {"e2e", "gold"}
    gold_total = payload["settings"]["gold"]["total"]
    assert gold_total["setting"] == "gold" and gold_total["cast"]["junk"] == 0  # exclusive: nobody else
    table = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path), "--cast", "gold"])
    assert table.exit_code == 0 and "settings side by side" in table.stdout and "94.5" in table.stdout
    bad = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path), "--settings", "e2e,oracle"])
    assert bad.exit_code == 2 and "oracle" in bad.output


def test_cli_pdnc_unknown_novel_fails(tmp_path):
    from ficlens.cli import app

    write_novel(tmp_path)
    result = CliRunner().invoke(app, ["eval", "pdnc", str(tmp_path), "--novels", "Nope"])
    assert result.exit_code == 2


# LitBank ------------------------------------------------------------------------------------------------

LIT_TEXT = (
    'Jack Durbeyfield met the parson .\n'
    '" Good night , Sir John , " said the parson .\n'
    '" Good night , " said Jack .\n'
)


def write_litbank(root: Path, name: str = "1_tiny_brat") -> None:
    def offsets(inner: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = LIT_TEXT.index(inner, start + 1)
        return start, start + len(inner)

    jack, parson1, sirjohn = offsets("Jack Durbeyfield"), offsets("the parson"), offsets("Sir John")
    parson2, jack2 = offsets("the parson", 1), offsets("Jack", 1)
    entities = root / "entities" / "brat"
    coref = root / "coref" / "brat"
    quotes = root / "quotations" / "tsv"
    for folder in (entities, coref, quotes):
        folder.mkdir(parents=True)
    (entities / f"{name}.txt").write_text(LIT_TEXT, encoding="utf-8")
    spans = [("PER", jack), ("PER", parson1), ("PER", sirjohn), ("PER", parson2), ("PER", jack2)]
    (entities / f"{name}.ann").write_text(
        "".join(f"T{i}\t{label} {s} {e}\t{LIT_TEXT[s:e]}\n" for i, (label, (s, e)) in enumerate(spans)),
        encoding="utf-8",
    )
    typed = ["PROP_PER", "NOM_PER", "PROP_PER", "NOM_PER", "PROP_PER"]
    ids = ["Jack-0", "Parson-1", "Jack-0", "Parson-1", "Jack-0"]
    lines = [f"T{i}\t{t} {s} {e}\t{LIT_TEXT[s:e]}\n" for i, (t, (_, (s, e))) in enumerate(zip(typed, spans, strict=True))]
    lines += [f"T{i + 10}\t{c} {s} {e}\t{LIT_TEXT[s:e]}\n" for i, (c, (_, (s, e))) in enumerate(zip(ids, spans, strict=True))]
    (coref / f"{name}.ann").write_text("".join(lines), encoding="utf-8")
    (quotes / f"{name}.ann").write_text(
        'QUOTE\tQ1\t1\t0\t1\t7\t" Good night , Sir John , "\n'
        'QUOTE\tQ2\t2\t0\t2\t4\t" Good night , "\n'
        "ATTRIB\tQ1\tParson-1\nATTRIB\tQ2\tJack-0\n",
        encoding="utf-8",
    )


def test_litbank_gold_reading(tmp_path):
    write_litbank(tmp_path)
    doc = litbank.load_document(tmp_path, "1_tiny_brat")
    assert [LIT_TEXT[q.start : q.end] for q in doc.quotes] == ['" Good night , Sir John , "', '" Good night , "']
    assert [q.speaker for q in doc.quotes] == ["Parson-1", "Jack-0"]
    assert len(doc.per) == 5 and len(doc.per_prop) == 3
    assert {entity for _, _, entity in doc.coref} == {"Jack-0", "Parson-1"}


def test_litbank_mentions_and_speakers(tmp_path):
    write_litbank(tmp_path)
    doc = litbank.load_document(tmp_path, "1_tiny_brat")
    jack = LIT_TEXT.index("Jack Durbeyfield")
    jack2 = LIT_TEXT.index("Jack", jack + 1)
    parson = LIT_TEXT.index("parson", LIT_TEXT.index("said"))  # "parson" inside "the parson" (overlap only)
    q1 = LIT_TEXT.index('" Good night , Sir')
    q2 = LIT_TEXT.index('" Good night , "')
    predicted = model(
        [("c0", "Jack", ["Jack Durbeyfield"]), ("c1", "parson", [])],
        [(q1, q1 + 27, "c1", []), (q2, q2 + 16, "c1", [])],
        text=LIT_TEXT,
    )
    predicted.characters[0].mentions = [(jack, jack + 16), (jack2, jack2 + 4), (jack, jack + 4)]
    predicted.characters[1].mentions = [(parson, parson + 6)]
    score = litbank.score_document(predicted, doc)
    # 4 distinct predicted spans: 2 exact hits; overlap pairs one-to-one: 3 (the extra "Jack" inside
    # "Jack Durbeyfield" has no gold left to pair with).
    assert (score.per.predicted, score.per.gold, score.per.exact, score.per.overlap) == (4, 5, 2, 3)
    assert (score.per_prop.gold, score.per_prop.exact, score.per_prop.overlap) == (3, 2, 2)
    assert litbank.map_speakers(predicted, doc) == {"c0": "Jack-0", "c1": "Parson-1"}
    assert (score.quotes, score.quotes_found, score.speaker_correct) == (2, 2, 1)
    assert score.errors[0]["gold"] == "Jack-0" and score.errors[0]["predicted_entity"] == "Parson-1"
    assert score.metrics()["per_exact_precision"] == 0.5


def test_smart_quotes_keep_offsets():
    text = '" Good night .\nSir John , " said Jack . He wrote "x" .\n" Yes , "\n\u201c Oh !\nNo . \u201d\nEnd .\n'
    smart = litbank.smarten_quotes(text)
    assert len(smart) == len(text)
    assert smart == (
        "\u201c Good night . Sir John , \u201d said Jack . He wrote \"x\" .\n\u201c Yes , \u201d\n"
        "\u201c Oh ! No . \u201d\nEnd .\n"
    )
