"""Fetching only the codings a change named, as the document view does after each command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.workbench.ops_support import (
    WARD_INTERVIEW,
    apply_coding,
    import_text,
    new_code,
    span_of,
)
from workbench.ops.codings import CodeSegments, RemoveCoding
from workbench.queries.codings import code_looks, codings_by_id, document_codings

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

HOME = "P02: My daughter sends the readings; the wifi is fine at home.\n"


def test_codings_by_id_gives_those_asked_for_sorted_like_the_document(
    project: Project, doc: int
) -> None:
    code = new_code(project, "Connectivity", colour="#D55E00")
    late = apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "the wifi drops"))
    early = apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "The tablets arrived"))
    apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "nobody trained us"))
    found = codings_by_id(project, [late, early])
    assert [c.id for c in found] == [early, late]
    assert found == [c for c in document_codings(project, doc) if c.id in {early, late}]
    assert (found[1].code_name, found[1].colour, found[1].coder) == (
        "Connectivity",
        "#D55E00",
        "Ana Researcher",
    )


def test_a_removed_coding_is_simply_absent(project: Project, doc: int) -> None:
    code = new_code(project, "Connectivity")
    kept = apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "the wifi drops"))
    removed = apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "The tablets arrived"))
    project.execute(RemoveCoding(removed))
    assert [c.id for c in codings_by_id(project, [kept, removed])] == [kept]
    assert codings_by_id(project, [removed]) == []
    assert codings_by_id(project, []) == []


def test_codings_of_other_documents_are_left_out_when_a_document_is_given(
    project: Project, doc: int, tmp_path: Path
) -> None:
    home = import_text(project, tmp_path, "home_visit", HOME)
    code = new_code(project, "Connectivity")
    ward = apply_coding(project, doc, code, span_of(WARD_INTERVIEW, "the wifi drops"))
    elsewhere = apply_coding(project, home, code, span_of(HOME, "the wifi is fine"))
    assert [c.id for c in codings_by_id(project, [ward, elsewhere], document_id=doc)] == [ward]
    assert [c.id for c in codings_by_id(project, [ward, elsewhere], document_id=home)] == [
        elsewhere
    ]
    assert len(codings_by_id(project, [ward, elsewhere])) == 2


def test_hundreds_of_ids_at_once_are_all_found(project: Project, tmp_path: Path) -> None:
    text = "P01: " + "the wifi drops again and again. " * 60 + "\n"
    doc = import_text(project, tmp_path, "long_answer", text)
    code = new_code(project, "Every few letters")
    segments = [(doc, start, start + 2) for start in range(0, len(text) - 2, 3)]
    project.execute(CodeSegments(code_id=code, segments=segments, user_id=None))
    every = document_codings(project, doc)
    assert len(every) == len(segments) > 600
    asked = [c.id for c in every] + [10_000, 10_001]  # two that do not exist
    assert codings_by_id(project, reversed(asked), document_id=doc) == every


def test_code_looks_give_the_name_and_colour_codings_are_drawn_with(project: Project) -> None:
    code = new_code(project, "Connectivity", colour="#D55E00")
    other = new_code(project, "Training", colour="#009E73")
    assert code_looks(project, [code, other, 999]) == {
        code: ("Connectivity", "#D55E00"),
        other: ("Training", "#009E73"),
    }
