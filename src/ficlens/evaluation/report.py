"""Tables for evaluation results: rich (terminal) and Markdown (docs/accuracy.md)."""

from __future__ import annotations

from rich.table import Table

from ficlens.evaluation import fanfic, litbank, pdnc
from ficlens.evaluation.castscore import CastFigures


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _ref(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


PDNC_COLUMNS = (
    "novel", "words", "secs", "quote R", "quote P", "speaker", "explicit", "anaphoric", "implicit",
    "spk (found)", "addressee", "tag conflicts", "cast F/S/M/X", "junk",
)  # fmt: skip


def pdnc_row(score: pdnc.NovelScore) -> list[str]:
    if score.failure:
        return [score.novel, "-", "-", f"FAILED: {score.failure}"] + ["-"] * (len(PDNC_COLUMNS) - 4)
    m = score.metrics()
    cast = score.cast
    return [
        score.novel,
        f"{score.words:,}",
        f"{score.seconds:.1f}",
        pct(m["quote_recall"]),
        pct(m["quote_precision"]),
        pct(m["speaker_accuracy"]),
        pct(m["speaker_explicit"]),
        pct(m["speaker_anaphoric"]),
        pct(m["speaker_implicit"]),
        pct(m["speaker_accuracy_found"]),
        pct(m["addressee_accuracy"]),
        str(score.tag_conflicts),
        cast.summary(),
        f"{cast.junk}/{cast.listed}",
    ]


def pdnc_reference_rows(totals: pdnc.NovelScore) -> list[list[str]]:
    """Totals beside the published figures: (measure, ficlens, ficlens on found quotations, BookNLP, SpanBERT)."""
    m = totals.metrics()
    booknlp, spanbert = pdnc.BOOKNLP_E2E, pdnc.SPANBERT_GOLD_QUOTES
    return [
        ["speaker, all quotations", pct(m["speaker_accuracy"]), pct(m["speaker_accuracy_found"]),
         _ref(booknlp["overall"]), "-"],
        ["speaker, Explicit", pct(m["speaker_explicit"]), pct(m["speaker_explicit_found"]),
         _ref(booknlp["Explicit"]), _ref(spanbert["Explicit"])],
        ["speaker, Anaphoric", pct(m["speaker_anaphoric"]), pct(m["speaker_anaphoric_found"]),
         _ref(booknlp["Anaphoric"]), "-"],
        ["speaker, Implicit", pct(m["speaker_implicit"]), pct(m["speaker_implicit_found"]),
         _ref(booknlp["Implicit"]), "-"],
        ["speaker, Anaphoric+Implicit", pct(m["speaker_non_explicit"]), pct(m["speaker_non_explicit_found"]),
         "-", _ref(spanbert["other"])],
        ["quotation recall", pct(m["quote_recall"]), "-", "-", "gold"],
        ["quotation precision", pct(m["quote_precision"]), "-", "-", "gold"],
        ["addressee (>=1 gold addressee predicted)", pct(m["addressee_accuracy"]),
         pct(m["addressee_accuracy_found"]), "-", "-"],
    ]  # fmt: skip


REFERENCE_HEADER = ("measure (%)", "ficlens", "ficlens, found quotations", "BookNLP end to end",
                    "SpanBERT-large, gold quotations")  # fmt: skip


def pdnc_tables(scores: list[pdnc.NovelScore]) -> list[Table]:
    totals = pdnc.total(scores)
    setting = f" [{scores[0].setting}]" if scores else ""
    novels = Table(
        title=f"PDNC{setting}: per novel (%; cast = found/split/merged/missing major+intermediate; junk = predicted "
        "characters naming no gold character / all predicted)"
    )
    for i, column in enumerate(PDNC_COLUMNS):
        novels.add_column(column, justify="left" if i == 0 else "right")
    for score in scores:
        novels.add_row(*pdnc_row(score))
    novels.add_section()
    novels.add_row(*pdnc_row(totals), style="bold")

    reference = Table(title="PDNC: totals beside published figures")
    for i, column in enumerate(REFERENCE_HEADER):
        reference.add_column(column, justify="left" if i == 0 else "right")
    for row in pdnc_reference_rows(totals):
        reference.add_row(*row)

    errors = Table(title="PDNC: speaker errors by kind (all novels)")
    errors.add_column("kind")
    errors.add_column("quotations", justify="right")
    errors.add_column("% of quotations", justify="right")
    for kind in ("not-found", "no-speaker", "unmapped", "other-character"):
        count = totals.errors_by_kind.get(kind, 0)
        errors.add_row(kind, str(count), pct(count / totals.quotes if totals.quotes else None))
    return [novels, reference, errors]


SETTING_LABELS = {"e2e": "end to end", "gold": "gold character list given (exclusive roster)"}


def pdnc_settings_table(by_setting: dict[str, list[pdnc.NovelScore]]) -> Table:
    """The TOTAL figures of each setting side by side, with the published systems given the character list."""
    table = Table(title="PDNC: settings side by side (TOTAL, %)")
    table.add_column("measure")
    for setting in by_setting:
        table.add_column(SETTING_LABELS.get(setting, setting), justify="right")
    totals = {setting: pdnc.total(scores) for setting, scores in by_setting.items()}
    metrics = {setting: t.metrics() for setting, t in totals.items()}
    for key, label in (
        ("speaker_accuracy", "speaker, all quotations"), ("speaker_explicit", "speaker, Explicit"),
        ("speaker_anaphoric", "speaker, Anaphoric"), ("speaker_implicit", "speaker, Implicit"),
        ("speaker_accuracy_found", "speaker, found quotations"), ("quote_recall", "quotation recall"),
        ("addressee_accuracy", "addressee"),
    ):  # fmt: skip
        table.add_row(label, *(pct(metrics[s][key]) for s in by_setting))
    table.add_row("cast F/S/M/X (major+intermediate)", *(totals[s].cast.summary() for s in by_setting))
    table.add_row("junk / predicted characters", *(f"{totals[s].cast.junk}/{totals[s].cast.listed}" for s in by_setting))
    table.add_row("seconds", *(f"{totals[s].seconds:.0f}" for s in by_setting))
    table.add_section()
    for system, figure in pdnc.GIVEN_CHARACTERS.items():
        table.add_row(f"published, characters given: {system}", *("-" if s == "e2e" else f"{figure:.1f}" for s in by_setting))
    table.add_row("published, end to end: BookNLP", *(_ref(pdnc.BOOKNLP_E2E["overall"]) if s == "e2e" else "-"
                                                        for s in by_setting))  # fmt: skip
    return table


def litbank_tables(scores: list[litbank.DocumentScore]) -> list[Table]:
    totals = litbank.total(scores)
    m = totals.metrics()
    table = Table(title=f"LitBank: {len([s for s in scores if not s.failure])} documents")
    table.add_column("measure")
    for column in ("precision", "recall", "F1", "counts"):
        table.add_column(column, justify="right")
    for row in litbank_rows(totals, m):
        table.add_row(*row)
    return [table]


def litbank_rows(totals: litbank.DocumentScore, m: dict) -> list[list[str]]:
    rows = []
    for key, label, counts in (
        ("per_exact", "PER mentions, exact span", totals.per),
        ("per_overlap", "PER mentions, overlap (1:1)", totals.per),
        ("per_prop_exact", "proper-name PER, exact span", totals.per_prop),
        ("per_prop_overlap", "proper-name PER, overlap (1:1)", totals.per_prop),
    ):
        hits = counts.exact if key.endswith("exact") else counts.overlap
        rows.append([label, pct(m[f"{key}_precision"]), pct(m[f"{key}_recall"]), pct(m[f"{key}_f1"]),
                     f"{hits} hit / {counts.predicted} pred / {counts.gold} gold"])  # fmt: skip
    rows.append(["quotation detection", pct(m["quote_precision"]), pct(m["quote_recall"]), "-",
                 f"{totals.quotes_found}/{totals.quotes} gold found, {totals.predicted} pred"])  # fmt: skip
    rows.append(["quotation speaker accuracy", "-", pct(m["speaker_accuracy"]), "-",
                 f"{totals.speaker_correct}/{totals.quotes}; on found: {pct(m['speaker_accuracy_found'])}"])  # fmt: skip
    return rows


def markdown_table(header: list[str] | tuple[str, ...], rows: list[list[str]]) -> str:
    def clean(cell: str) -> str:
        return str(cell).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(clean(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def pdnc_markdown(scores: list[pdnc.NovelScore], command: str) -> str:
    totals = pdnc.total(scores)
    rows = [pdnc_row(s) for s in scores]
    total_row = [f"**{c}**" for c in pdnc_row(totals)]
    parts = [
        f"Reproduce: `{command}`",
        "",
        "Totals beside the published figures (%):",
        "",
        markdown_table(REFERENCE_HEADER, pdnc_reference_rows(totals)),
        "",
        "Speaker errors by kind (share of all gold quotations): "
        + ", ".join(
            f"{kind} {totals.errors_by_kind.get(kind, 0)} ({pct(totals.errors_by_kind.get(kind, 0) / totals.quotes)}%)"
            for kind in ("not-found", "no-speaker", "unmapped", "other-character")
            if totals.quotes
        ),
        "",
        "Per novel (%; *cast* = gold major+intermediate characters found/split/merged/missing; *junk* = "
        "predicted characters naming no gold character / all predicted; per-novel "
        "command: the same with `--novels NAME`):",
        "",
        markdown_table(PDNC_COLUMNS, [*rows, total_row]),
    ]
    return "\n".join(parts)


def litbank_markdown(scores: list[litbank.DocumentScore], command: str) -> str:
    totals = litbank.total(scores)
    rows = litbank_rows(totals, totals.metrics())
    return "\n".join(
        [f"Reproduce: `{command}`", "", markdown_table(("measure (%)", "precision", "recall", "F1", "counts"), rows)]
    )


FANFIC_COLUMNS = (
    "work", "words", "secs", "found", "kind", "speaker", "spk (found)", "addressee", "tag conflicts", "not_story spoken",
    "breaks pred/gold", "flashbacks", "pov", "cast F/S/M/X", "speakers once", "listed people", "junk",
)  # fmt: skip


def _of(right: int, whole: int) -> str:
    return f"{right}/{whole}" if whole else "-"


def fanfic_row(score: fanfic.WorkScore, relations: list[str]) -> list[str]:
    if score.failure:
        return [score.work, "-", "-", f"FAILED: {score.failure}"] + ["-"] * (len(FANFIC_COLUMNS) + len(relations) - 4)
    m = score.metrics()
    cast = score.cast
    return [
        score.work,
        f"{score.words:,}",
        f"{score.seconds:.1f}",
        pct(m["found"]),
        pct(m["kind"]),
        pct(m["speaker"]),
        pct(m["speaker_found"]),
        pct(m["addressee"]),
        str(score.tag_conflicts),
        _of(score.not_story_attributed, score.not_story),
        f"{score.scene_breaks_predicted}/{score.scene_breaks_gold}",
        _of(score.flashbacks_found, score.flashbacks),
        _of(score.povs_found, score.povs),
        cast.summary(),
        pct(m["speakers_once"]),
        pct(m["listed_people"]),
        str(cast.junk),
        *(pct(m.get(f"relations_{name}")) for name in relations),
    ]


def fanfic_tables(scores: list[fanfic.WorkScore]) -> list[Table]:
    totals = fanfic.total(scores)
    relations = sorted(totals.relations)
    setting = f" [{scores[0].setting}]" if scores else ""
    table = Table(
        title=f"Fan fiction{setting}: per work (%; cast = gold characters found once/split/merged/missing; speakers once = "
        "gold speakers found once; listed people = predicted characters that are a gold character)"
    )
    for i, column in enumerate((*FANFIC_COLUMNS, *relations)):
        table.add_column(column, justify="left" if i == 0 else "right")
    for score in scores:
        table.add_row(*fanfic_row(score, relations))
    table.add_section()
    table.add_row(*fanfic_row(totals, relations), style="bold")
    return [table]



CAST_COLUMNS = (
    "corpus", "work", "gold", "found once", "split", "merged", "missing", "speakers once", "listed", "junk",
    "listed people",
)  # fmt: skip


def _cast_row(corpus: str, name: str, cast: CastFigures | None, failure: str | None = None) -> list[str]:
    if failure or cast is None:
        return [corpus, name, f"FAILED: {failure}"] + ["-"] * (len(CAST_COLUMNS) - 3)
    m = cast.metrics()
    return [corpus, name, str(cast.gold), str(cast.found), str(cast.split), str(cast.merged), str(cast.missing),
            pct(m["speakers_once"]), str(cast.listed), str(cast.junk), pct(m["listed_people"])]  # fmt: skip


def cast_table(results: list[tuple[str, str, object]]) -> Table:
    """Per work and per corpus TOTAL (summed counts); `results`: (corpus, work, score with .cast/.failure)."""
    table = Table(
        title="Cast: per gold character found once / split / merged / missing; junk = predicted characters naming "
        "no gold character (PDNC: major+intermediate scored; protagonist_tagger: junk includes people its list "
        "leaves out; speakers once = gold speakers found once)"
    )
    for i, column in enumerate(CAST_COLUMNS):
        table.add_column(column, justify="left" if i < 2 else "right")
    corpora = list(dict.fromkeys(kind for kind, _, _ in results))
    for corpus in corpora:
        total = CastFigures()
        for kind, name, score in results:
            if kind != corpus:
                continue
            table.add_row(*_cast_row(kind, name, score.cast, score.failure))
            if not score.failure:
                total.add(score.cast)
        table.add_row(*_cast_row(corpus, "TOTAL", total), style="bold")
        table.add_section()
    return table


def cast_details_table(results: list[tuple[str, str, object]]) -> Table:
    table = Table(title="Cast: the gold characters not found once, and the junk", show_lines=True)
    for column in ("work", "split", "merged", "missing", "junk"):
        table.add_column(column)
    for _, name, score in results:
        if score.failure:
            continue
        by_outcome: dict[str, list[str]] = {}
        for character, outcome in score.cast.details.items():
            by_outcome.setdefault(outcome, []).append(character)
        table.add_row(name, *(", ".join(by_outcome.get(o, [])) or "-" for o in ("split", "merged", "missing")),
                      ", ".join(score.cast.junk_names) or "-")  # fmt: skip
    return table
