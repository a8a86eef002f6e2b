"""NASSS complexity assessment: domains, case types, ratings with history, the grid, profile.

The small study built here (two interviews, a site case, the NASSS codebook and some codings)
is shared with ``test_nasss_evidence.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from coding.codebook import load_template
from storage.models import Attribute, CaseValue, NasssEvidence, NasssRating
from tests.workbench.ops_support import (
    apply_coding,
    import_texts,
    new_code,
    round_trip,
    span_of,
    table_rows,
)
from workbench.changes import Changes
from workbench.codebooks import LoadCodebook
from workbench.errors import OperationError
from workbench.nasss import (
    DOMAINS,
    RATINGS,
    TOP_DOMAINS,
    check_key,
    check_rating,
    rating_label,
    rating_level,
)
from workbench.ops.cases import CreateAttribute, CreateCase, LinkDocumentToCase
from workbench.ops.nasss import MarkCaseForAssessment, RateDomain, SetEvidence
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_cases
from workbench.queries.nasss import (
    assessed_cases,
    complexity_profile,
    nasss_grid,
    rating_history,
)
from workbench.queries.navigation import list_attributes

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from workbench.commands import Command
    from workbench.project import Project

P01 = (
    "Interviewer: How did the rollout go on your ward?\n"
    "P01: The tablets arrived late and the wifi drops every night.\n"
    "P01: The nurses feel the portal is not part of their job.\n"
    "P01: Patients find the readings confusing at home.\n"
)
P02 = (
    "Interviewer: And on the day unit?\n"
    "P02: Patients like sending their readings from home.\n"
    "P02: Our contract with the supplier ends next year.\n"
)
# (label, document, phrase, NASSS key or "own" for the team's sub-code under 4A)
CODINGS = (
    ("p01_2A", "p01", "the wifi drops every night", "2A"),
    ("p01_4A_own", "p01", "not part of their job", "own"),
    ("p01_4", "p01", "The nurses feel the portal", "4"),
    ("p01_4B", "p01", "Patients find the readings confusing", "4B"),
    ("p01_theme", "p01", "The tablets arrived late", "theme"),
    ("p02_4B", "p02", "Patients like sending their readings", "4B"),
    ("p02_2D", "p02", "contract with the supplier", "2D"),
)


@dataclass(frozen=True)
class Study:
    p01: int  # participant cases made from the transcripts' speakers
    p02: int
    site: int  # "Ward 3": P01's interview is linked to it as a whole
    documents: dict[str, int]
    codes: dict[str, int]  # NASSS key (or "own", "theme") -> code id
    codings: dict[str, int]  # label in CODINGS -> coding id


def build_study(project: Project, folder: Path) -> Study:
    texts = {"p01": P01, "p02": P02}
    documents = import_texts(project, folder, texts)
    project.execute(LoadCodebook("nasss", user_id=project.user_id))
    codes = {c.framework_key: c.id for c in list_codes(project) if c.framework == "NASSS"}
    codes["own"] = new_code(project, "Not my job", codes["4A"])
    codes["theme"] = new_code(project, "Delays")
    codings = {
        label: apply_coding(project, documents[doc], codes[key], span_of(texts[doc], phrase))
        for label, doc, phrase, key in CODINGS
    }
    site = CreateCase(name="Ward 3")
    project.execute(site)
    assert site.case_id is not None
    project.execute(LinkDocumentToCase(case_id=site.case_id, document_id=documents["p01"]))
    cases = {c.name: c.id for c in list_cases(project)}
    return Study(cases["P01"], cases["P02"], site.case_id, documents, codes, codings)


def study_fixture() -> Callable[..., Study]:
    @pytest.fixture
    def study(project: Project, tmp_path: Path) -> Study:
        return build_study(project, tmp_path)

    return study


def rate(project: Project, case_id: int, key: str, rating: str, rationale: str = "") -> int:
    command = RateDomain(case_id, key, rating, rationale, project.user_id)
    project.execute(command)
    return int(command.inserted["id"])


study = study_fixture()


def history(project: Project, case_id: int, key: str) -> list[tuple[str, str, str | None, int]]:
    return [
        (r.rating, r.rationale, r.rater, r.evidence) for r in rating_history(project, case_id, key)
    ]


# ---------------------------------------------------------------- domains and ratings
def test_the_domains_are_the_nasss_codebook_keys_and_names_in_order() -> None:
    template = load_template("nasss")
    assert [(d.key, d.name) for d in DOMAINS] == [(c.key, c.name) for c in template.codes]
    assert [d.key for d in TOP_DOMAINS] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [d.parent for d in DOMAINS if d.key.startswith("4")] == ["", "4", "4", "4"]


def test_ratings_have_plain_labels_and_chart_levels() -> None:
    assert [rating_label(r) for r in RATINGS] == [
        "Simple", "Complicated", "Complex", "Not assessed",
    ]  # fmt: skip
    assert [rating_level(r) for r in RATINGS] == [1, 2, 3, None]


def test_keys_and_ratings_typed_loosely_are_read_in_their_stored_form() -> None:
    assert check_key(" 4b ") == "4B"
    assert check_rating("Not assessed") == "not_assessed"
    assert check_rating("COMPLEX") == "complex"


# ---------------------------------------------------------------- case types
def test_marking_a_site_creates_the_case_type_attribute_and_lists_the_site_as_assessed(
    project: Project, study: Study
) -> None:
    assert assessed_cases(project) == []

    def look() -> object:
        attributes = [(a.name, a.kind, a.choices) for a in list_attributes(project)]
        return [(c.name, c.case_type) for c in assessed_cases(project)], attributes

    done = round_trip(project, MarkCaseForAssessment(study.site, "Site"), look)
    assert done == (
        [("Ward 3", "site")],
        [("Case type", "choice", ("participant", "technology", "project", "site", "organisation"))],
    )
    project.execute(MarkCaseForAssessment(study.p01, "participant"))
    project.execute(MarkCaseForAssessment(study.p02, "technology"))
    (attributes,) = table_rows(project, Attribute)
    assert [a["name"] for a in attributes] == ["Case type"]  # made once, then reused
    assert [c.name for c in assessed_cases(project)] == ["P02", "Ward 3"]


def test_a_participant_case_that_was_rated_is_still_assessed(
    project: Project, study: Study
) -> None:
    project.execute(MarkCaseForAssessment(study.p01, "participant"))
    rate(project, study.p01, "2A", "complex")
    assert [(c.name, c.case_type) for c in assessed_cases(project)] == [("P01", "participant")]


def test_a_case_type_attribute_the_team_made_is_reused_and_clearing_the_type_unlists_the_case(
    project: Project, study: Study
) -> None:
    project.execute(CreateAttribute(name="case type", kind="text"))
    project.execute(MarkCaseForAssessment(study.site, "project"))
    assert [a.name for a in list_attributes(project)] == ["case type"]
    assert [(c.name, c.case_type) for c in assessed_cases(project)] == [("Ward 3", "project")]
    project.execute(MarkCaseForAssessment(study.site, None))
    assert assessed_cases(project) == []


def test_a_case_type_the_teams_own_choices_leave_out_is_refused(
    project: Project, study: Study
) -> None:
    project.execute(CreateAttribute(name="Case type", kind="choice", choices=["ward", "site"]))
    before = table_rows(project, CaseValue)
    with pytest.raises(OperationError, match="takes one of: ward, site"):
        project.execute(MarkCaseForAssessment(study.site, "technology"))
    assert table_rows(project, CaseValue) == before


def test_an_unknown_case_type_is_refused(project: Project, study: Study) -> None:
    with pytest.raises(OperationError, match="not a case type"):
        project.execute(MarkCaseForAssessment(study.site, "hospital"))


# ---------------------------------------------------------------- ratings with history
def test_rating_again_keeps_the_earlier_rating_as_history_and_undo_and_redo_round_trip(
    project: Project, study: Study
) -> None:
    rate(project, study.site, "2A", "complicated", "Two systems to join up")
    command = RateDomain(
        study.site, "2A", "complex", "Staff say “nobody trained us on the portal”",
        project.user_id,
    )  # fmt: skip
    changes = project.execute(command)
    assert changes == Changes(cases=frozenset({study.site}), synthesis=True)
    project.undo()
    assert history(project, study.site, "2A") == [
        ("complicated", "Two systems to join up", "Ana Researcher", 0)
    ]

    def look() -> object:
        return history(project, study.site, "2A"), table_rows(project, NasssRating)

    done = round_trip(project, command, look)
    assert done[0] == [  # type: ignore[index]
        ("complex", "Staff say “nobody trained us on the portal”", "Ana Researcher", 0),
        ("complicated", "Two systems to join up", "Ana Researcher", 0),
    ]
    newest = rating_history(project, study.site, "2A")[0]
    assert newest.label == "Complex"
    assert newest.rated_at is not None


def test_the_grid_shows_current_ratings_in_words_and_unrated_cells_as_not_assessed(
    project: Project, study: Study
) -> None:
    rate(project, study.site, "2A", "simple")
    rate(project, study.site, "2A", "complex", "Wifi drops")
    rate(project, study.p02, "4", "complicated")
    project.execute(SetEvidence(study.site, "2A", [study.codings["p01_2A"]]))
    grid = nasss_grid(project, [study.site, study.p02])
    assert [c.name for c in grid.cases] == ["Ward 3", "P02"]
    assert [d.key for d in grid.domains][:4] == ["1", "1A", "1B", "2"]
    assert all(len(row) == len(DOMAINS) for row in grid.rows)
    cell = grid.cell(study.site, "2A")
    assert (cell.label, cell.level, cell.rationale, cell.rater, cell.evidence) == (
        "Complex", 3, "Wifi drops", "Ana Researcher", 1,
    )  # fmt: skip
    assert grid.cell(study.p02, "4").label == "Complicated"
    unrated = grid.cell(study.site, "7B")
    assert (unrated.id, unrated.label, unrated.level, unrated.evidence) == (
        None, "Not assessed", None, 0,
    )  # fmt: skip
    # Without a choice of cases: the rated ones, by name.
    assert [c.name for c in nasss_grid(project).cases] == ["P02", "Ward 3"]


def test_the_complexity_profile_uses_the_domain_rating_or_else_its_most_complex_sub_domain(
    project: Project, study: Study
) -> None:
    rate(project, study.site, "2", "simple")
    rate(project, study.site, "2A", "complex")  # the domain's own rating wins
    rate(project, study.site, "4A", "simple")
    rate(project, study.site, "4B", "complicated")
    rate(project, study.site, "5", "not assessed")
    rate(project, study.site, "5C", "complex")
    profile = complexity_profile(project, study.site)
    assert [key for key, _, _ in profile] == ["1", "2", "3", "4", "5", "6", "7"]
    assert profile[0] == ("1", "Condition or illness", None)
    assert {key: level for key, _, level in profile} == {
        "1": None, "2": 1, "3": None, "4": 2, "5": 3, "6": None, "7": None,
    }  # fmt: skip


# ---------------------------------------------------------------- refusals
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda s: RateDomain(s.site, "8", "complex"), "not a NASSS domain"),
        (lambda s: RateDomain(s.site, "2Z", "complex"), "not a NASSS domain"),
        (lambda s: RateDomain(s.site, "2A", "very complex"), "not a NASSS rating"),
        (lambda s: RateDomain(9999, "2A", "complex"), "Case 9999 does not exist"),
        (lambda s: SetEvidence(9999, "2A", []), "Case 9999 does not exist"),
        (lambda s: SetEvidence(s.site, "9", []), "not a NASSS domain"),
        (lambda s: SetEvidence(s.site, "2A", [s.codings["p01_2A"], 9999]), "no longer coded"),
        (lambda s: MarkCaseForAssessment(9999, "site"), "Case 9999 does not exist"),
    ],
)
def test_a_bad_key_rating_case_or_coding_is_refused_and_nothing_changes(
    project: Project, study: Study, make: Callable[[Study], Command], message: str
) -> None:
    rate(project, study.site, "2A", "simple")
    tables = (NasssRating, NasssEvidence, Attribute, CaseValue)
    before = table_rows(project, *tables)
    with pytest.raises(OperationError, match=message):
        project.execute(make(study))
    assert table_rows(project, *tables) == before
    assert project.undo_stack.undo_label == "Rate 2A as simple"


def test_a_new_case_is_not_assessed_until_marked_or_rated(project: Project, study: Study) -> None:
    created = CreateCase(name="Remote monitoring app")
    project.execute(created)
    assert created.case_id is not None
    assert nasss_grid(project).cases == ()
    project.execute(MarkCaseForAssessment(created.case_id, "technology"))
    grid = nasss_grid(project)
    assert [(c.name, c.case_type) for c in grid.cases] == [("Remote monitoring app", "technology")]
    assert {cell.label for cell in grid.rows[0]} == {"Not assessed"}
