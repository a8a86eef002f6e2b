"""Sentences of stored documents, from the trained and the blank pipeline, cached by text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import import_text
from workbench.nlp_documents import document_sentences
from workbench.progress import Progress

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TEXT = "P01: We had no training. The kit arrived late!\nP02: Did it work?\nYes, mostly."


@pytest.mark.parametrize("pipeline", [None, "blank"])
def test_sentences_never_cross_a_line_and_are_trimmed(
    project: Project, tmp_path: Path, pipeline: str | None
) -> None:
    doc_id = import_text(project, tmp_path, "interview", TEXT)
    progress = Progress()
    spans = document_sentences(project, [doc_id], configured=pipeline, progress=progress)[doc_id]
    text = project.document_text(doc_id)
    words = [text[s:e] for s, e in spans]
    assert "The kit arrived late!" in words
    assert "Yes, mostly." in words
    assert all("\n" not in w and w == w.strip() for w in words)
    assert progress.snapshot().done == progress.snapshot().total > 0


def test_a_second_call_is_served_from_the_cache(project: Project, tmp_path: Path) -> None:
    doc_id = import_text(project, tmp_path, "notes", "One thing. Another thing.")
    first = document_sentences(project, [doc_id], configured="blank")
    progress = Progress()
    again = document_sentences(project, [doc_id], configured="blank", progress=progress)
    assert again == first
    assert progress.snapshot().total == 0  # nothing left to analyse
