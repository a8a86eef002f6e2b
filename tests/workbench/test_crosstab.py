"""Code x attribute crosstabs and the code co-occurrence matrix, checked against hand counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import apply_coding, import_texts, new_code
from workbench.errors import OperationError
from workbench.ops.cases import CreateAttribute, CreateCase, SetCaseValue
from workbench.queries.crosstab import (
    NO_VALUE,
    code_attribute_crosstab,
    code_cooccurrence_matrix,
)
from workbench.queries.documents import list_cases

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

WARD = (
    "Interviewer: Did the wifi work on the ward?\n"
    "P01: The licences cost more than the whole training budget for the year.\n"
    "P01: We paid twice for the same tablets because procurement lost the order.\n"
)
CLINIC = (
    "Interviewer: What about the clinic?\n"
    "P02: The routers were expensive and still drop out every afternoon.\n"
)


@dataclass
class Coded:
    cost: int
    training: int
    wifi: int
    cases: dict[str, int]


def code(project: Project, doc: int, code_id: int, text: str, opening: str) -> None:
    """Code the rest of the turn from ``opening``, or ``opening`` alone when it is lower case."""
    start = text.index(opening)
    end = start + len(opening) if opening[0].islower() else text.index("\n", start)
    apply_coding(project, doc, code_id, (start, end))


def set_values(project: Project, attribute: CreateAttribute, values: dict[str, str]) -> None:
    project.execute(attribute)
    assert attribute.attribute_id is not None
    cases = {c.name: c.id for c in list_cases(project)}
    for name, value in values.items():
        project.execute(
            SetCaseValue(case_id=cases[name], attribute_id=attribute.attribute_id, value=value)
        )


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Coded:
    """P01 (nurse) and P02 (manager) interviewed; P03 (nurse) and P04 (no role) not yet.

    Cost: P01 twice, P02 once. Training: P01, inside P01's first Cost passage. Wifi: the
    interviewer's question (no case) and P02's Cost passage.
    """
    docs = import_texts(project, tmp_path, {"ward_p01": WARD, "clinic_p02": CLINIC})
    for name in ("P03", "P04"):
        project.execute(CreateCase(name=name))
    role = CreateAttribute(name="Role", kind="choice", choices=["nurse", "manager"])
    set_values(project, role, {"P01": "nurse", "P02": "manager", "P03": "nurse"})
    cost, training, wifi = (new_code(project, n) for n in ("Cost", "Training", "Wifi"))
    ward, clinic = docs["ward_p01"], docs["clinic_p02"]
    for doc, text, code_id, opening in (
        (ward, WARD, cost, "The licences cost"),
        (ward, WARD, cost, "We paid twice"),
        (clinic, CLINIC, cost, "The routers"),
        (ward, WARD, training, "the whole training budget"),
        (ward, WARD, wifi, "Did the wifi work"),
        (clinic, CLINIC, wifi, "The routers"),
    ):
        code(project, doc, code_id, text, opening)
    return Coded(cost, training, wifi, {c.name: c.id for c in list_cases(project)})


def test_a_case_crosstab_counts_cases_per_role_with_both_percentages(
    project: Project, coded: Coded
) -> None:
    crosstab = code_attribute_crosstab(project, [coded.cost, coded.training, coded.wifi], "Role")
    # Choices order (nurse before manager), then the cases with no role.
    assert crosstab.columns == ("nurse", "manager", NO_VALUE)
    assert crosstab.denominators == (2, 1, 1)  # P01 and P03; P02; P04
    assert [r.path for r in crosstab.rows] == ["Cost", "Training", "Wifi"]
    # The interviewer's question belongs to no case, so Wifi counts P02 only.
    assert [r.counts for r in crosstab.rows] == [(1, 1, 0), (1, 0, 0), (0, 1, 0)]
    assert [r.total for r in crosstab.rows] == [2, 1, 1]
    cost, training, wifi = crosstab.rows
    assert cost.row_percent == (50.0, 50.0, 0.0)
    assert cost.column_percent == (50.0, 100.0, 0.0)  # 1 of 2 nurses, 1 of 1 manager
    assert training.row_percent == (100.0, 0.0, 0.0)
    assert training.column_percent == (50.0, 0.0, 0.0)
    assert wifi.column_percent == (0.0, 100.0, 0.0)
    assert crosstab.column_totals == (1, 1, 0)  # cases coded with any of the three codes
    assert crosstab.total == 2
    assert crosstab.cell(coded.cost, "manager") == 1


def test_a_coding_crosstab_counts_codings_and_puts_caseless_ones_under_no_value(
    project: Project, coded: Coded
) -> None:
    crosstab = code_attribute_crosstab(
        project, [coded.cost, coded.training, coded.wifi], "Role", unit="codings"
    )
    assert crosstab.columns == ("nurse", "manager", NO_VALUE)
    assert [r.counts for r in crosstab.rows] == [(2, 1, 0), (1, 0, 0), (0, 1, 1)]
    assert crosstab.column_totals == (3, 2, 1)
    assert crosstab.denominators == (3, 2, 1)
    assert crosstab.total == 6
    cost, _, wifi = crosstab.rows
    assert cost.row_percent == pytest.approx((200 / 3, 100 / 3, 0.0))
    assert cost.column_percent == pytest.approx((200 / 3, 50.0, 0.0))
    assert wifi.row_percent == (0.0, 50.0, 50.0)
    assert wifi.column_percent == (0.0, 50.0, 100.0)


def test_a_number_attribute_is_ordered_by_value_not_as_text(project: Project, coded: Coded) -> None:
    years = CreateAttribute(name="Years in post", kind="number")
    set_values(project, years, {"P01": "12", "P02": "3", "P03": "3", "P04": "40"})
    crosstab = code_attribute_crosstab(project, [coded.cost], "years in post")
    assert crosstab.attribute == "Years in post"
    assert crosstab.columns == ("3", "12", "40")
    assert crosstab.denominators == (2, 1, 1)
    assert crosstab.rows[0].counts == (1, 1, 0)


def test_the_crosstab_as_json_keys_cells_by_value(project: Project, coded: Coded) -> None:
    crosstab = code_attribute_crosstab(project, [coded.cost], "Role", unit="codings")
    data = json.loads(json.dumps(crosstab.as_dict()))
    (row,) = data["rows"]
    assert row["counts"] == {"nurse": 2, "manager": 1, NO_VALUE: 0}
    assert row["row_percent"] == {"nurse": 66.7, "manager": 33.3, NO_VALUE: 0.0}
    assert data["columns"][0] == {"value": "nurse", "denominator": 2, "total": 2}


def test_an_unknown_unit_or_attribute_is_a_clear_error(project: Project, coded: Coded) -> None:
    with pytest.raises(OperationError, match="“words” is not a unit"):
        code_attribute_crosstab(project, [coded.cost], "Role", unit="words")
    with pytest.raises(OperationError, match="No case attribute is called “Gender”"):
        code_attribute_crosstab(project, [coded.cost], "Gender")


def test_the_cooccurrence_matrix_is_symmetric_in_the_given_order(
    project: Project, coded: Coded
) -> None:
    matrix = code_cooccurrence_matrix(project, [coded.training, coded.cost, coded.wifi])
    assert matrix.paths == ("Training", "Cost", "Wifi")
    # Diagonal: codings of each code. Training sits inside a Cost passage; Wifi shares P02's.
    assert matrix.counts == (
        (1, 1, 0),
        (1, 3, 1),
        (0, 1, 2),
    )
    assert all(matrix.counts[i][j] == matrix.counts[j][i] for i in range(3) for j in range(3))
    assert matrix.count(coded.wifi, coded.cost) == 1
    assert json.loads(json.dumps(matrix.as_dict()))["counts"][1] == [1, 3, 1]
