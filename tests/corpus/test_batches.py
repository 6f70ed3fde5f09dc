"""Corpus batches are sized by words: a huge work closes its batch, small ones share one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ficlens.corpus.discover import ZIP_BYTES_PER_WORD, Candidate, estimate_words
from ficlens.corpus.runner import RunOptions, Summary, _Bar, _Dispatch

from .conftest import ficlens


def test_estimate_words_of_text_html_and_epub():
    assert estimate_words(b"Tom  ran.\nThe dog\tbarked loudly.") == 6
    assert estimate_words(b"<p>Tom ran.</p>\n<p>He fell.</p>") == 4
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("text.xhtml", "<p>word</p> " * 4000)  # 48,000 bytes unpacked, a few hundred packed
    assert estimate_words(packed.getvalue()) == 48_000 // ZIP_BYTES_PER_WORD
    assert estimate_words(b"PK\x03\x04 not really a zip") == len(b"PK\x03\x04 not really a zip") // ZIP_BYTES_PER_WORD


def batches(tmp_path: Path, words: list[int], batch_words: int, batch_size: int = 16) -> list[list[int]]:
    """The batches `_Dispatch` makes of works of these sizes, each work named by its size."""
    todo = []
    for number, size in enumerate(words):
        path = tmp_path / f"{number:02d}.txt"
        path.write_text(f"{number} " + "word " * (size - 1))
        todo.append(Candidate(str(path), path.stat().st_size, path.stat().st_mtime_ns))
    options = RunOptions(inputs=[str(tmp_path)], store=tmp_path / "store", batch_words=batch_words,
                         batch_size=batch_size)  # fmt: skip
    dispatch = _Dispatch(options, None, None, todo, set(), None, [], Summary(store="s"), _Bar(None, None), None)
    made = []
    while items := dispatch._next_batch():
        made.append([item.words for item in items])
    return made


def test_a_huge_work_closes_its_batch(tmp_path):
    assert batches(tmp_path, [500_000, 100, 200, 300], batch_words=100_000) == [[500_000], [100, 200, 300]]


def test_batches_close_at_the_word_limit_or_the_work_limit(tmp_path):
    assert batches(tmp_path, [400, 400, 400, 400, 400], batch_words=1_000) == [[400, 400, 400], [400, 400]]
    assert batches(tmp_path, [10] * 5, batch_words=1_000, batch_size=2) == [[10, 10], [10, 10], [10]]


def test_batch_bytes_is_refused_with_its_replacement(tmp_path):
    (tmp_path / "a.txt").write_text('"Hi," said Tom.\n')
    result = ficlens("corpus", "run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "s"), "--batch-bytes", "9")
    assert result.returncode == 2
    assert "--batch-bytes was replaced by --batch-words" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "s").exists()
