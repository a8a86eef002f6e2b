"""The Word report over chosen codes and cases: what a team lead asks for in a synthesis."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.workbench.ops_support import apply_coding, import_texts, new_code, span_of
from workbench.reports.model import ReportModel, build_report

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

P01 = (
    "Interviewer: How was the kit?\n"
    "P01: The tablet froze every morning.\n"
    "P01: My daughter had to restart the tablet.\n"
)
P02 = "Interviewer: And for you?\nP02: The tablet was fine but the training was rushed.\n"
NOTES = "Workshop notes: the tablet supplier never came back to us.\n"  # no speaker, no case


class Study:
    def __init__(self, project: Project, folder: Path) -> None:
        self.project = project
        self.docs = import_texts(project, folder, {"p01": P01, "p02": P02, "notes": NOTES})
        self.tablet = new_code(project, "Tablet problems")
        self.training = new_code(project, "Training")
        self.unused = new_code(project, "Never used")
        for doc, phrase, code in (
            ("p01", "The tablet froze every morning.", self.tablet),
            ("p01", "My daughter had to restart the tablet.", self.tablet),
            ("p02", "The tablet was fine", self.tablet),
            ("p02", "the training was rushed", self.training),
            ("notes", "the tablet supplier never came back", self.tablet),
        ):
            text = project.document_text(self.docs[doc])
            apply_coding(project, self.docs[doc], code, span_of(text, phrase))


@pytest.fixture
def study(project: Project, tmp_path: Path) -> Study:
    return Study(project, tmp_path)


def _quotes(model: ReportModel, path: str) -> list[str]:
    sections = {s.path: s for s in model.sections}
    return [q.text for q in sections[path].quotes] if path in sections else []


def test_without_filters_every_passage_is_reported_including_those_of_no_case(
    study: Study,
) -> None:
    model = build_report(study.project)
    assert len(_quotes(model, "Tablet problems")) == 4
    assert model.cases == ("P01", "P02")
    assert model.documents == 3
    assert dict(model.matrix)["Tablet problems"] == (2, 1)


def test_choosing_one_case_keeps_only_its_quotes_counts_and_matrix_column(study: Study) -> None:
    model = build_report(study.project, case_names=["P01"])
    assert _quotes(model, "Tablet problems") == [
        "The tablet froze every morning.",
        "My daughter had to restart the tablet.",
    ]
    section = next(s for s in model.sections if s.path == "Tablet problems")
    assert (section.codings, section.documents) == (2, 1)
    assert "Training" not in [s.path for s in model.sections]  # coded only for P02
    assert model.cases == ("P01",)
    assert dict(model.matrix) == {"Tablet problems": (2,)}
    rows = {r.name: (r.codings, r.documents) for r in model.codebook}
    assert rows == {"Tablet problems": (2, 1), "Training": (0, 0), "Never used": (0, 0)}
    assert model.documents == 1  # the P01 interview only
    assert model.words == len(P01.split())


def test_case_and_code_choices_and_the_quote_limit_combine(study: Study) -> None:
    model = build_report(
        study.project, code_ids=[study.tablet], case_names=["P01", "P02"], quotes_per_code=2
    )
    assert [s.path for s in model.sections] == ["Tablet problems"]
    section = model.sections[0]
    assert section.codings == 3  # the notes passage belongs to no chosen case
    assert [q.number for q in section.quotes] == [1, 2]
    assert [r.name for r in model.codebook] == ["Tablet problems"]
    assert dict(model.matrix) == {"Tablet problems": (2, 1)}


def test_choosing_no_case_leaves_an_empty_report_rather_than_everything(study: Study) -> None:
    model = build_report(study.project, case_names=[])
    assert model.sections == ()
    assert model.cases == ()
    assert model.matrix == ()
    assert model.documents == 0
