"""The barrier register on a real project: two interviews coded with the barrier template."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from coding.codebook import load_template
from tests.workbench.ops_support import apply_coding, import_texts, new_code
from workbench.codebooks import LoadCodebook
from workbench.errors import OperationError
from workbench.ops.cases import (
    CreateAttribute,
    CreateCase,
    LinkDocumentToCase,
    SetCaseValue,
    UpdateSpeaker,
)
from workbench.ops.memos import CreateMemo
from workbench.queries.barriers import Facilitator, barrier_register
from workbench.queries.codes import code_paths, find_codes, list_codes
from workbench.queries.documents import list_cases
from workbench.queries.navigation import document_speakers

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

WARD = (
    "Interviewer: What got in the way of the remote monitoring pilot?\n"
    "P01: The wifi drops on every single ward, so the monitors never upload their readings.\n"
    "P01: Our digital champions ran teaching sessions on the wifi problems, which helped.\n"
    "Interviewer: Is the signal bad on home visits too?\n"
    "P01: Out in the villages you get one bar of signal if you stand by the back door.\n"
)
CLINIC = (
    "Interviewer: How did the clinic find the new dashboard?\n"
    "P02: Nobody has time to learn a new system when the rota is this thin.\n"
    "P02: The basement has no signal, so the tablets sit in a drawer.\n"
)


@dataclass
class Study:
    ward: int
    clinic: int
    connectivity: int  # A1.1 Connectivity coverage and bandwidth
    staff: int  # A6.1 Staff capacity and workload
    champions: int  # Facilitators/Digital champions
    cases: dict[str, int]


def template_code(project: Project, key: str) -> int:
    (code,) = find_codes(project, f"Digital health barriers:{key}")
    return code.id


def code(project: Project, doc: int, code_id: int, text: str, opening: str) -> int:
    """Code the rest of the turn from ``opening``, or ``opening`` alone when it is lower case."""
    start = text.index(opening)
    end = start + len(opening) if opening[0].islower() else text.index("\n", start)
    return apply_coding(project, doc, code_id, (start, end))


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    """P01 (nurse) and P02 (manager) interviewed, P03 (nurse) not yet; the passages coded."""
    docs = import_texts(project, tmp_path, {"ward_p01": WARD, "clinic_p02": CLINIC})
    project.execute(LoadCodebook(load_template("barriers_digital_health")))
    facilitators = new_code(project, "Facilitators")
    champions = new_code(project, "Digital champions", facilitators)
    project.execute(CreateCase(name="P03"))
    role = CreateAttribute(name="Role", kind="choice", choices=["nurse", "manager"])
    project.execute(role)
    assert role.attribute_id is not None
    cases = {c.name: c.id for c in list_cases(project)}
    for name, value in (("P01", "nurse"), ("P02", "manager"), ("P03", "nurse")):
        project.execute(
            SetCaseValue(case_id=cases[name], attribute_id=role.attribute_id, value=value)
        )
    s = Study(
        docs["ward_p01"], docs["clinic_p02"], template_code(project, "A1.1"),
        template_code(project, "A6.1"), champions, cases,
    )  # fmt: skip
    for doc, text, code_id, opening in (
        (s.ward, WARD, s.connectivity, "The wifi drops"),
        (s.ward, WARD, s.connectivity, "Out in the villages"),
        (s.ward, WARD, s.connectivity, "Is the signal bad"),  # the interviewer's question
        (s.ward, WARD, s.connectivity, "the wifi problems"),
        (s.ward, WARD, champions, "Our digital champions"),
        (s.clinic, CLINIC, s.connectivity, "The basement has"),
        (s.clinic, CLINIC, s.staff, "Nobody has time"),
    ):
        code(project, doc, code_id, text, opening)
    return s


def test_the_register_counts_the_cases_and_participants_that_mention_each_barrier(
    project: Project, study: Study
) -> None:
    register = barrier_register(project, [study.connectivity, study.staff])
    connectivity, staff = register.barriers
    # Five codings: three of P01 (one on the interviewer's question), one of P02.
    assert (connectivity.codings, connectivity.cases, connectivity.participants) == (5, 2, 2)
    assert (staff.codings, staff.cases, staff.participants) == (1, 1, 1)
    assert connectivity.path.endswith("/Connectivity coverage and bandwidth")
    assert connectivity.definition.startswith("There is no signal")


def test_an_interviewer_question_counts_for_the_site_but_not_as_a_participant(
    project: Project, study: Study
) -> None:
    site = CreateCase(name="Riverside clinic")
    project.execute(site)
    assert site.case_id is not None
    project.execute(LinkDocumentToCase(case_id=site.case_id, document_id=study.clinic))
    code(project, study.clinic, study.staff, CLINIC, "How did the clinic find the new dashboard?")
    (staff,) = barrier_register(project, [study.staff]).barriers
    assert (staff.codings, staff.cases, staff.participants) == (2, 2, 1)


def test_an_interviewer_linked_to_a_case_is_still_not_a_participant(
    project: Project, study: Study
) -> None:
    (interviewer,) = [s for s in document_speakers(project, study.clinic) if s.is_interviewer]
    project.execute(UpdateSpeaker(interviewer.id, case_id=study.cases["P03"]))
    code(project, study.clinic, study.staff, CLINIC, "How did the clinic find the new dashboard?")
    (staff,) = barrier_register(project, [study.staff]).barriers
    assert (staff.codings, staff.cases, staff.participants) == (2, 2, 1)


def test_the_breakdown_by_role_reads_k_of_n_cases(project: Project, study: Study) -> None:
    register = barrier_register(project, [study.connectivity, study.staff], attribute="role")
    assert register.attribute == "Role"
    connectivity, staff = register.barriers
    assert [(v.value, str(v)) for v in connectivity.breakdown] == [
        ("nurse", "1 of 2"),
        ("manager", "1 of 1"),
    ]
    assert [(v.value, str(v)) for v in staff.breakdown] == [
        ("nurse", "0 of 2"),
        ("manager", "1 of 1"),
    ]


def test_recommendation_memos_are_listed_beside_their_barrier(
    project: Project, study: Study
) -> None:
    for title, target in (
        ("Fund ward wifi before the next pilot", study.connectivity),
        ("Protect training time on the rota", study.staff),
        ("Share the results with the board", None),
    ):
        memo = CreateMemo(kind="recommendation", title=title, target_id=target)
        project.execute(memo)
    connectivity, staff = barrier_register(project, [study.connectivity, study.staff]).barriers
    assert [m.title for m in connectivity.recommendations] == [
        "Fund ward wifi before the next pilot"
    ]
    assert [m.title for m in staff.recommendations] == ["Protect training time on the rota"]


def test_facilitators_coded_on_the_same_passage_are_listed_with_their_count(
    project: Project, study: Study
) -> None:
    connectivity, staff = barrier_register(project, [study.connectivity, study.staff]).barriers
    assert connectivity.facilitators == (
        Facilitator(study.champions, "Facilitators/Digital champions", 1),
    )
    assert staff.facilitators == ()


def test_exemplar_quotes_come_from_different_cases_before_a_second_from_one_case(
    project: Project, study: Study
) -> None:
    (two,) = barrier_register(project, [study.connectivity], quotes_per_barrier=2).barriers
    # P01's two long passages are both longer than P02's, yet P02 is quoted second.
    assert [(q.case, q.speaker, q.document_name, q.paragraph) for q in two.quotes] == [
        ("P01", "P01", "ward_p01", 2),
        ("P02", "P02", "clinic_p02", 3),
    ]
    assert two.quotes[0].text.startswith("The wifi drops")
    (three,) = barrier_register(project, [study.connectivity], quotes_per_barrier=3).barriers
    # The third is P01's other long passage, not the interviewer's question.
    assert three.quotes[2].text.startswith("Out in the villages")


def test_by_default_the_register_lists_every_barrier_code_and_no_facilitator(
    project: Project, study: Study
) -> None:
    other = new_code(project, "Other barriers")
    parking = new_code(project, "Parking", other)
    register = barrier_register(project)
    template = load_template("barriers_digital_health")
    ids = [b.code_id for b in register.barriers]
    assert len(ids) == len(template.codes) + 2
    assert ids[-2:] == [other, parking]
    assert study.champions not in ids
    paths = code_paths(list_codes(project))
    assert [b.path for b in register.barriers] == [paths[i] for i in ids]
    assert [b.code_id for b in register.mentioned] == [study.connectivity, study.staff]


def test_the_register_as_json_carries_counts_breakdown_and_quotes(
    project: Project, study: Study
) -> None:
    register = barrier_register(project, [study.connectivity], attribute="Role")
    data = json.loads(json.dumps(register.as_dict()))
    (barrier,) = data["barriers"]
    assert (barrier["cases"], barrier["participants"]) == (2, 2)
    assert barrier["breakdown"][0] == {"value": "nurse", "cases": 1, "of": 2}
    assert barrier["quotes"][0]["case"] == "P01"
    assert barrier["facilitators"][0]["path"] == "Facilitators/Digital champions"


def test_an_unknown_attribute_or_code_is_a_clear_error(project: Project, study: Study) -> None:
    with pytest.raises(OperationError, match="No case attribute is called “Site”"):
        barrier_register(project, attribute="Site")
    with pytest.raises(OperationError, match="No code has the id 9999"):
        barrier_register(project, [9999])
