"""The passages two coders disagree on, from a real project coded by Ana and Ben."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbench.ops_support import apply_coding, import_text, new_code, span_of
from workbench.agreement import agreement
from workbench.agreement_disagreements import (
    EXCERPT_CHARS,
    ONLY_SPACES,
    coder_names,
    disagreements,
    excerpt,
    one_coder_runs,
)
from workbench.errors import OperationError
from workbench.project import Coder

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

TEXT = (
    "Interviewer: How did the rollout go? Tell me about training.\n"
    "P01: The tablets arrived late. Nobody trained us on the portal.\n"
    "\n"
    "P01: Night staff still print everything. The wifi drops. 😀 Still.\n"
)
NOTES = "Staffing notes from the ward visit.\n"
ANA, BEN = "Ana Researcher", "Ben Coder"


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> dict[str, int]:
    """Ana (the project's coder) and Ben code the interview; Ana alone codes the notes."""
    doc = import_text(project, tmp_path, "ward", TEXT)
    notes = import_text(project, tmp_path, "notes", NOTES)
    training = new_code(project, "Training", parent_id=new_code(project, "Barriers"))
    infrastructure = new_code(project, "Infrastructure")
    with project.transaction() as session:
        ben = project.user_for(session, Coder(BEN, "BC"))
    ana = project.user_id
    apply_coding(project, doc, training, span_of(TEXT, "Nobody trained us on the portal"), ana)
    apply_coding(project, doc, infrastructure, span_of(TEXT, "The wifi drops. 😀 Still"), ana)
    apply_coding(project, notes, infrastructure, span_of(NOTES, "Staffing"), ana)
    apply_coding(project, doc, training, span_of(TEXT, "Nobody trained us"), ben)
    apply_coding(project, doc, training, span_of(TEXT, "Tell me about training"), ben)
    night = "Night staff still print everything. The wifi drops"
    apply_coding(project, doc, infrastructure, span_of(TEXT, night), ben)
    return {"doc": doc, "notes": notes, "training": training, "infrastructure": infrastructure}


def test_each_passage_only_one_coder_coded_is_listed_in_reading_order(
    project: Project, coded: dict[str, int]
) -> None:
    found = disagreements(project, ANA, BEN)
    listed = [(d.code, d.coded_by, TEXT[d.start : d.end]) for d in found]
    assert listed == [
        ("Barriers/Training", BEN, "Tell me about training"),
        ("Barriers/Training", ANA, " on the portal"),
        ("Infrastructure", BEN, "Night staff still print everything. "),
        ("Infrastructure", ANA, ". 😀 Still"),
    ]
    assert [d.paragraph for d in found] == [1, 2, 3, 3]  # as the coded segments count them
    first = found[0]
    assert (first.document_id, first.document) == (coded["doc"], "ward")
    assert first.code_id == coded["training"]
    assert (first.not_coded_by, first.by_first) == (ANA, False)
    assert first.decisions == "Ben Coder coded it; Ana Researcher did not"
    assert found[1].by_first
    assert found[1].excerpt == "on the portal"
    assert found[3].excerpt == ". 😀 Still"  # code points: the emoji does not shift the passage


def test_the_listed_characters_are_exactly_those_the_figures_count_as_disagreement(
    project: Project, coded: dict[str, int]
) -> None:
    report = agreement(project, [ANA, BEN], unit="character")
    found = disagreements(project, ANA, BEN)
    for code in report.codes:
        figures = code.figures
        assert figures.percent is not None
        listed = sum(d.length for d in found if d.code_id == code.code_id)
        assert listed == round(figures.units * (100 - figures.percent) / 100)


def test_a_document_only_one_coder_coded_is_not_a_disagreement_unless_both_read_it(
    project: Project, coded: dict[str, int]
) -> None:
    assert all(d.document_id == coded["doc"] for d in disagreements(project, ANA, BEN))
    both_read = disagreements(project, BEN, ANA, document_ids=[coded["notes"]])
    assert [(d.document, d.coded_by, d.excerpt) for d in both_read] == [("notes", ANA, "Staffing")]
    assert both_read[0].by_first is False  # Ana is the second coder named here


def test_codes_can_be_chosen_and_coders_named_in_any_case(
    project: Project, coded: dict[str, int]
) -> None:
    found = disagreements(project, "ana researcher", " BEN CODER ", code_ids=[coded["training"]])
    assert {d.code for d in found} == {"Barriers/Training"}
    assert {d.coded_by for d in found} == {ANA, BEN}  # the stored names, not as typed


def test_coders_with_nothing_in_common_or_unknown_get_a_plain_message(
    project: Project, coded: dict[str, int]
) -> None:
    with project.transaction() as session:
        project.user_for(session, Coder("Cleo Coder"))
    with pytest.raises(OperationError, match="have not coded the same document"):
        disagreements(project, ANA, "Cleo Coder")
    with pytest.raises(OperationError, match="no coder called “Dan”"):
        disagreements(project, ANA, "Dan")
    with pytest.raises(OperationError, match="only once"):
        disagreements(project, ANA, "ana researcher")


def test_coders_who_agree_everywhere_have_no_disagreement(project: Project, tmp_path: Path) -> None:
    doc = import_text(project, tmp_path, "ward", TEXT)
    code = new_code(project, "Training")
    with project.transaction() as session:
        ben = project.user_for(session, Coder(BEN))
    for user in (project.user_id, ben):
        apply_coding(project, doc, code, span_of(TEXT, "Nobody trained us"), user)
    assert disagreements(project, ANA, BEN) == []


def test_the_coders_to_pick_from_are_everyone_who_coded(
    project: Project, coded: dict[str, int]
) -> None:
    with project.transaction() as session:
        project.user_for(session, Coder("Zed Never Coded"))
    assert coder_names(project) == [ANA, BEN]


def test_long_passages_are_cut_and_blank_ones_say_so() -> None:
    long = "word " * 100
    assert len(excerpt(long)) == EXCERPT_CHARS
    assert excerpt(long).endswith("…")
    assert excerpt("  \n ") == ONLY_SPACES
    assert excerpt(" , ") == ONLY_SPACES
    assert excerpt("line one\nline two") == "line one line two"


def test_touching_and_overlapping_codings_of_one_coder_make_one_passage() -> None:
    first = [(0, 5), (5, 10), (8, 12)]
    second = [(20, 25)]
    assert one_coder_runs(first, second) == [(0, 12, 1), (20, 25, 2)]
    assert one_coder_runs([(0, 10)], [(3, 4), (6, 8)]) == [(0, 3, 1), (4, 6, 1), (8, 10, 1)]
    assert one_coder_runs([(5, 5)], [(7, 3)]) == []  # empty and inverted codings: nothing


intervals = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 60)).map(sorted).map(tuple), max_size=6
)


@settings(max_examples=200, deadline=None)
@given(first=intervals, second=intervals)
def test_the_runs_cover_exactly_the_characters_one_coder_coded_alone(
    first: list[tuple[int, int]], second: list[tuple[int, int]]
) -> None:
    a = {i for start, end in first for i in range(start, end)}
    b = {i for start, end in second for i in range(start, end)}
    runs = one_coder_runs(first, second)
    assert {i for start, end, bit in runs if bit == 1 for i in range(start, end)} == a - b
    assert {i for start, end, bit in runs if bit == 2 for i in range(start, end)} == b - a
    assert all(start < end for start, end, _ in runs)
    assert all(x[1] <= y[0] for x, y in pairwise(runs))  # sorted, disjoint
    assert all(x[1] < y[0] or x[2] != y[2] for x, y in pairwise(runs))
