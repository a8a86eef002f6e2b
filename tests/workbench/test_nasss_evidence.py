"""NASSS evidence: codings linked to ratings, proposed from a case's codings, kept on re-rating."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.models import NasssEvidence, NasssRating
from tests.workbench.ops_support import round_trip, table_rows
from tests.workbench.test_nasss import Study, rate, study_fixture
from workbench.ops.codes import DeleteCode
from workbench.ops.codings import RemoveCoding
from workbench.ops.nasss import SetEvidence
from workbench.queries.nasss import evidence, nasss_grid, proposed_evidence, rating_history

if TYPE_CHECKING:
    from workbench.project import Project

study = study_fixture()


def proposals(project: Project, case_id: int, key: str) -> list[tuple[str, str, bool]]:
    """(passage, NASSS key, linked) of every proposal, in document order."""
    return [
        (p.segment.text, p.domain_key, p.linked) for p in proposed_evidence(project, case_id, key)
    ]


def linked_texts(project: Project, case_id: int, key: str) -> list[str]:
    return [s.text for s in evidence(project, case_id, key)]


def test_proposals_are_the_cases_codings_under_the_code_and_its_sub_codes(
    project: Project, study: Study
) -> None:
    assert proposals(project, study.p01, "4") == [
        ("The nurses feel the portal", "4", False),
        ("not part of their job", "4A", False),  # the team's own code under 4A
        ("Patients find the readings confusing", "4B", False),
    ]
    # A sub-domain proposes its own codings only, and never another case's.
    assert proposals(project, study.p01, "4B") == [
        ("Patients find the readings confusing", "4B", False)
    ]
    assert proposals(project, study.p02, "4B") == [
        ("Patients like sending their readings", "4B", False)
    ]
    assert proposals(project, study.p02, "1A") == []


def test_proposals_carry_the_passage_with_its_speaker_and_document(
    project: Project, study: Study
) -> None:
    (proposal,) = proposed_evidence(project, study.p02, "2D")
    segment = proposal.segment
    assert (segment.text, segment.speaker, segment.case, segment.document_name) == (
        "contract with the supplier", "P02", "P02", "p02",
    )  # fmt: skip


def test_a_site_is_proposed_the_codings_of_the_interviews_linked_to_it(
    project: Project, study: Study
) -> None:
    # P01's interview is linked to the site "Ward 3"; P02's is not.
    assert [text for text, _, _ in proposals(project, study.site, "4B")] == [
        "Patients find the readings confusing"
    ]


def test_domain_7_proposals_span_every_nasss_domain_but_not_other_codes(
    project: Project, study: Study
) -> None:
    for key in ("7", "7A", "7B"):
        assert proposals(project, study.p01, key) == [
            ("the wifi drops every night", "2A", False),
            ("The nurses feel the portal", "4", False),
            ("not part of their job", "4A", False),
            ("Patients find the readings confusing", "4B", False),
        ]  # not "The tablets arrived late": that code is not a NASSS code
    assert [k for _, k, _ in proposals(project, study.p02, "7A")] == ["4B", "2D"]


def test_linked_evidence_is_marked_among_the_proposals_and_listed_with_its_text(
    project: Project, study: Study
) -> None:
    chosen = [study.codings["p01_4B"], study.codings["p01_4A_own"]]
    project.execute(SetEvidence(study.p01, "4", chosen, project.user_id))
    assert [linked for _, _, linked in proposals(project, study.p01, "4")] == [False, True, True]
    assert linked_texts(project, study.p01, "4") == [
        "not part of their job",
        "Patients find the readings confusing",
    ]
    # Evidence gathered before deciding: the domain reads "not assessed" with two passages.
    cell = nasss_grid(project, [study.p01]).cell(study.p01, "4")
    assert (cell.label, cell.evidence, cell.rater) == ("Not assessed", 2, "Ana Researcher")


def test_setting_evidence_on_an_unrated_domain_can_be_undone_and_redone(
    project: Project, study: Study
) -> None:
    def look() -> object:
        return linked_texts(project, study.site, "2A"), table_rows(
            project, NasssRating, NasssEvidence
        )

    command = SetEvidence(study.site, "2A", [study.codings["p01_2A"]])
    done = round_trip(project, command, look)
    assert done[0] == ["the wifi drops every night"]  # type: ignore[index]


def test_replacing_evidence_can_be_undone_and_redone(project: Project, study: Study) -> None:
    rate(project, study.p01, "4", "complicated")
    project.execute(SetEvidence(study.p01, "4", [study.codings["p01_4"]]))

    def look() -> object:
        return linked_texts(project, study.p01, "4"), table_rows(project, NasssEvidence)

    command = SetEvidence(study.p01, "4", [study.codings["p01_4B"], study.codings["p01_4B"]])
    done = round_trip(project, command, look)
    assert done[0] == ["Patients find the readings confusing"]  # type: ignore[index]


def test_re_rating_keeps_the_evidence_and_undo_takes_back_only_the_new_rating(
    project: Project, study: Study
) -> None:
    rate(project, study.p01, "4B", "simple")
    project.execute(SetEvidence(study.p01, "4B", [study.codings["p01_4B"]]))
    before = table_rows(project, NasssRating, NasssEvidence)
    rate(project, study.p01, "4B", "complex", "Readings confuse patients")
    assert linked_texts(project, study.p01, "4B") == ["Patients find the readings confusing"]
    assert [(r.rating, r.evidence) for r in rating_history(project, study.p01, "4B")] == [
        ("complex", 1),
        ("simple", 1),
    ]
    project.undo()
    assert table_rows(project, NasssRating, NasssEvidence) == before
    project.redo()
    assert linked_texts(project, study.p01, "4B") == ["Patients find the readings confusing"]


def test_removing_a_coding_takes_it_out_of_the_evidence_and_undo_puts_the_link_back(
    project: Project, study: Study
) -> None:
    chosen = [study.codings["p01_4"], study.codings["p01_4B"]]
    rate(project, study.p01, "4", "complex")
    project.execute(SetEvidence(study.p01, "4", chosen))
    before = table_rows(project, NasssEvidence)
    project.execute(RemoveCoding(study.codings["p01_4B"]))
    assert linked_texts(project, study.p01, "4") == ["The nurses feel the portal"]
    assert nasss_grid(project, [study.p01]).cell(study.p01, "4").evidence == 1
    project.undo()
    assert table_rows(project, NasssEvidence) == before
    assert len(linked_texts(project, study.p01, "4")) == 2


def test_deleting_a_nasss_code_takes_its_codings_out_of_the_evidence_until_undone(
    project: Project, study: Study
) -> None:
    project.execute(SetEvidence(study.p01, "7", [study.codings["p01_2A"]]))
    project.execute(DeleteCode(study.codes["2A"]))
    assert linked_texts(project, study.p01, "7") == []
    project.undo()
    assert linked_texts(project, study.p01, "7") == ["the wifi drops every night"]
