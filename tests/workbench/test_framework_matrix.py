"""The Framework Method matrix: counts per case and code, summaries, and links to quotes.

The study is imported through the real import service: a ward interview with two participants
(P01, P02) and the interviewer, a home visit (P03) and site notes linked to the case "Site A",
coded with real operations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from storage.models import FrameworkCell, FrameworkCellCoding
from tests.workbench.ops_support import (
    apply_coding,
    audit_rows,
    import_texts,
    new_code,
    round_trip,
    span_of,
    table_rows,
)
from workbench.errors import OperationError
from workbench.ops.cases import CreateCase, LinkDocumentToCase
from workbench.ops.framework_matrix import SetCellSummary
from workbench.queries.documents import list_cases
from workbench.queries.framework_matrix import (
    cell_quotes,
    default_matrix_axes,
    framework_matrix,
    linked_quotes,
)
from workbench.queries.segments import coding_rows

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project
    from workbench.queries.framework_matrix import MatrixCell

WARD = (
    "Interviewer: How did the rollout of the tablets go?\n"
    "P01: The tablets arrived late and nobody trained us on the portal.\n"
    "P02: We never had wifi on the night shift, so the readings were lost.\n"
    "P01: Training only came months after go-live.\n"
)
HOME = (
    "Interviewer: Who sends the readings?\n"
    "P03: My daughter sends the readings every evening before her shift.\n"
)
NOTES = "Site visit notes\n\nThe ward has no spare chargers for the tablets.\n"
TEXTS = {"ward_interview": WARD, "home_visit": HOME, "site_notes": NOTES}


@dataclass
class Study:
    project: Project
    docs: dict[str, int]
    codes: dict[str, int]
    cases: dict[str, int]
    codings: dict[str, int]

    def code(self, name: str, doc: str, code: str, phrase: str) -> None:
        span = span_of(TEXTS[doc], phrase)
        self.codings[name] = apply_coding(self.project, self.docs[doc], self.codes[code], span)

    def cell(self, case: str, code: str) -> MatrixCell:
        matrix = framework_matrix(self.project, [self.cases[case]], [self.codes[code]])
        return matrix.cell(0, 0)


def build_study(project: Project, folder: Path) -> Study:
    """The coded study every test here starts from."""
    docs = import_texts(project, folder, TEXTS)
    site = CreateCase(name="Site A")
    project.execute(site)
    assert site.case_id is not None
    project.execute(LinkDocumentToCase(case_id=site.case_id, document_id=docs["site_notes"]))
    barriers = new_code(project, "Barriers")
    codes = {
        "Barriers": barriers,
        "Training": new_code(project, "Training", barriers),
        "Infrastructure": new_code(project, "Infrastructure", barriers),
        "Family": new_code(project, "Family"),
        "Themes": new_code(project, "Themes", is_codable=False),
    }
    cases = {c.name: c.id for c in list_cases(project)}
    study = Study(project, docs, codes, cases, {})
    study.code("late", "ward_interview", "Barriers", "The tablets arrived late")
    study.code("untrained", "ward_interview", "Training", "nobody trained us on the portal")
    study.code("months", "ward_interview", "Training", "Training only came months after")
    study.code("wifi", "ward_interview", "Infrastructure", "We never had wifi")
    study.code("chargers", "site_notes", "Infrastructure", "no spare chargers")
    study.code("question", "ward_interview", "Training", "rollout of the tablets")
    return study


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return build_study(project, tmp_path)


def counts(study: Study, cases: list[str], codes: list[str]) -> list[list[int]]:
    matrix = framework_matrix(
        study.project, [study.cases[c] for c in cases], [study.codes[c] for c in codes]
    )
    return [[cell.count for cell in row] for row in matrix.rows]


def test_matrix_counts_each_participants_codings_in_the_order_the_user_chose(
    study: Study,
) -> None:
    cases, codes = ["P02", "Site A", "P01"], ["Infrastructure", "Training", "Barriers"]
    matrix = framework_matrix(
        study.project, [study.cases[c] for c in cases], [study.codes[c] for c in codes]
    )
    assert [c.name for c in matrix.cases] == cases
    assert [c.label for c in matrix.codes] == codes
    # The interviewer's coded question belongs to no case; a parent code counts only its own.
    assert [[cell.count for cell in row] for row in matrix.rows] == [
        [1, 0, 0],
        [1, 0, 0],
        [0, 2, 1],
    ]


def test_matrix_counts_agree_with_the_coded_segments(study: Study) -> None:
    axes = default_matrix_axes(study.project)
    matrix = framework_matrix(study.project, axes.case_ids, axes.code_ids)
    names = {case.id: case.name for case in matrix.cases}
    counted = {
        (names[c.case_id], c.code_id): c.count for row in matrix.rows for c in row if c.count
    }
    assert counted == Counter((s.case, s.code_id) for s in coding_rows(study.project) if s.case)


def test_default_axes_are_coded_cases_by_name_and_codable_codes_in_codebook_order(
    study: Study,
) -> None:
    axes = default_matrix_axes(study.project)
    assert axes.case_ids == tuple(study.cases[c] for c in ("P01", "P02", "Site A"))  # P03: none
    assert axes.code_ids == tuple(
        study.codes[c] for c in ("Barriers", "Training", "Infrastructure", "Family")
    )


def test_unknown_and_repeated_ids_are_left_out_of_the_matrix(study: Study) -> None:
    p01, training = study.cases["P01"], study.codes["Training"]
    matrix = framework_matrix(study.project, [p01, 9999, p01], [training, 9999, training])
    assert [c.id for c in matrix.cases] == [p01]
    assert [c.id for c in matrix.codes] == [training]
    assert framework_matrix(study.project, [], [training]).rows == ()


def test_an_uncoded_unwritten_cell_is_empty_and_a_coded_one_is_not(study: Study) -> None:
    assert study.cell("P02", "Training").is_empty
    assert not study.cell("P01", "Training").is_empty


def test_cell_quotes_are_the_cells_codings_only_with_linked_ones_marked(study: Study) -> None:
    project, p01, training = study.project, study.cases["P01"], study.codes["Training"]
    project.execute(SetCellSummary(p01, training, "Trained late", [study.codings["months"]]))
    quotes = cell_quotes(project, p01, training)
    assert [q.coding_id for q in quotes] == [study.codings["untrained"], study.codings["months"]]
    assert [q.linked for q in quotes] == [False, True]
    assert quotes[0].text == "nobody trained us on the portal"
    assert {q.case for q in quotes} == {"P01"}
    assert cell_quotes(project, study.cases["P02"], training) == []


def test_site_notes_count_for_the_case_the_document_belongs_to(study: Study) -> None:
    assert study.cell("Site A", "Infrastructure").count == 1
    (quote,) = cell_quotes(study.project, study.cases["Site A"], study.codes["Infrastructure"])
    assert quote.text == "no spare chargers"


# ---------------------------------------------------------------- summaries
def cell_tables(study: Study) -> object:
    return table_rows(study.project, FrameworkCell, FrameworkCellCoding)


def test_writing_a_summary_shows_it_with_author_date_and_links_and_undoes_exactly(
    study: Study,
) -> None:
    project, p01, training = study.project, study.cases["P01"], study.codes["Training"]
    links = [study.codings["months"], study.codings["untrained"]]
    summary = "Staff say nobody trained us on the portal; training came late."
    command = SetCellSummary(p01, training, summary, links, author_id=project.user_id)
    round_trip(project, command, lambda: (cell_tables(study), study.cell("P01", "Training")))
    cell = study.cell("P01", "Training")
    assert cell.summary == summary
    assert cell.author == "Ana Researcher"
    assert cell.modified_at is not None
    # Linked quotes are listed in text order, whatever order they were picked in.
    assert cell.linked_coding_ids == (study.codings["untrained"], study.codings["months"])
    assert cell.count == 2


def test_rewriting_a_summary_undoes_to_the_previous_summary_author_date_and_links(
    study: Study,
) -> None:
    project, p01, training = study.project, study.cases["P01"], study.codes["Training"]
    project.execute(SetCellSummary(p01, training, "First", [study.codings["untrained"]]))
    first = study.cell("P01", "Training")
    command = SetCellSummary(
        p01, training, "Second", [study.codings["months"]], author_id=project.user_id
    )
    round_trip(project, command, lambda: cell_tables(study))
    project.undo()
    assert study.cell("P01", "Training") == first
    assert first.author is None
    project.redo()
    cell = study.cell("P01", "Training")
    assert (cell.summary, cell.linked_coding_ids) == ("Second", (study.codings["months"],))


def test_editing_only_the_text_leaves_the_links_as_they_were(study: Study) -> None:
    project, p01, training = study.project, study.cases["P01"], study.codes["Training"]
    project.execute(SetCellSummary(p01, training, "First", [study.codings["untrained"]]))
    round_trip(project, SetCellSummary(p01, training, "Reworded"), lambda: cell_tables(study))
    cell = study.cell("P01", "Training")
    assert (cell.summary, cell.linked_coding_ids) == ("Reworded", (study.codings["untrained"],))
    project.execute(SetCellSummary(p01, training, "Reworded", []))
    assert study.cell("P01", "Training").linked_coding_ids == ()


def test_a_summary_change_says_which_case_and_code_changed(study: Study) -> None:
    p01, training = study.cases["P01"], study.codes["Training"]
    changes = study.project.execute(SetCellSummary(p01, training, "Trained late"))
    assert changes.cases == {p01}
    assert changes.codes == {training}
    assert changes.synthesis


def test_the_audit_log_keeps_no_summary_text(study: Study) -> None:
    p01, training = study.cases["P01"], study.codes["Training"]
    study.project.execute(SetCellSummary(p01, training, "Confidential remark about the ward"))
    assert "Confidential" not in " ".join(f"{b} {a}" for _, b, a in audit_rows(study.project))


@pytest.mark.parametrize(
    ("case", "code", "coding", "message"),
    [
        ("P01", "Training", "wifi", "quote .* belongs to another case or code"),
        ("P02", "Infrastructure", "chargers", "quote .* belongs to another case or code"),
        ("P01", "Training", "question", "its own cell \\(P01 × Training\\)"),
    ],
)
def test_a_summary_cannot_rest_on_quotes_of_another_cell(
    study: Study, case: str, code: str, coding: str, message: str
) -> None:
    before = cell_tables(study)
    command = SetCellSummary(study.cases[case], study.codes[code], "x", [study.codings[coding]])
    with pytest.raises(OperationError, match=message):
        study.project.execute(command)
    assert cell_tables(study) == before


def test_a_summary_for_a_missing_case_code_or_quote_is_refused(study: Study) -> None:
    p01, training = study.cases["P01"], study.codes["Training"]
    for command, message in (
        (SetCellSummary(9999, training, "x"), "case no longer exists"),
        (SetCellSummary(p01, 9999, "x"), "code no longer exists"),
        (SetCellSummary(p01, training, "x", [9998, 9999]), "quotes 9998, 9999 no longer exist"),
    ):
        with pytest.raises(OperationError, match=message):
            study.project.execute(command)
    assert cell_tables(study) == [[], []]


def test_linked_quotes_bring_the_text_and_place_of_every_linked_coding(study: Study) -> None:
    project, training = study.project, study.codes["Training"]
    project.execute(SetCellSummary(study.cases["P01"], training, "x", [study.codings["months"]]))
    site, infrastructure = study.cases["Site A"], study.codes["Infrastructure"]
    project.execute(SetCellSummary(site, infrastructure, "y", [study.codings["chargers"]]))
    matrix = framework_matrix(project, study.cases.values(), study.codes.values())
    quotes = linked_quotes(project, matrix)
    assert {i: q.text for i, q in quotes.items()} == {
        study.codings["months"]: "Training only came months after",
        study.codings["chargers"]: "no spare chargers",
    }
    assert quotes[study.codings["months"]].document_name == "ward_interview"
