"""The demo project: fictional transcripts, notes and a survey from ``resources/samples``,
imported, given the NASSS and careers codebooks and partly coded, as a researcher would."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from coding.codebook import load_template
from storage.models import Attribute, Case, Document
from workbench.codebooks import LoadCodebook
from workbench.demo_synthesis import add_synthesis
from workbench.errors import OperationError
from workbench.importing.service import ImportOptions, import_files
from workbench.importing.survey_store import SurveyColumns
from workbench.ops.cases import CreateAttribute, CreateCase, SetCaseValue
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding, UpdateCoding
from workbench.project import Coder, Project
from workbench.queries.codes import find_codes

if TYPE_CHECKING:
    from workbench.progress import Progress

DEMO_FILE = "demo.qwb"
DEMO_CODER = Coder("Demo Researcher", "DR", "lead")


def _samples() -> Any:
    return resources.files("resources") / "samples"


def load_plan() -> dict[str, Any]:
    return tomllib.loads((_samples() / "demo.toml").read_text("utf-8"))


def build_demo(folder: Path, progress: Progress | None = None) -> Path:
    """Build ``folder/demo.qwb`` (the folder is created if needed) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_FILE
    plan = load_plan()
    head = plan["project"]
    with Project.create(path, title=head["title"], coder=DEMO_CODER) as project:
        with resources.as_file(_samples()) as samples:
            _import(project, Path(samples), plan["documents"], progress)
        for key in head.get("codebooks", []):
            project.execute(LoadCodebook(key, user_id=project.user_id))
        _describe_cases(project, plan.get("cases", []))
        _code(project, plan.get("codings", []))
        add_synthesis(project, plan, lambda reference: _code_id(project, reference))
        project.undo_stack.clear()  # the demo starts with a clean history
    return path


def _import(
    project: Project, samples: Path, documents: list[dict[str, Any]], progress: Progress | None
) -> None:
    for entry in documents:
        survey = None
        if entry["kind"] == "survey":
            survey = SurveyColumns(
                entry.get("survey_id"),
                tuple(entry["survey_text"]),
                tuple(entry.get("survey_attr", ())),
            )
        options = ImportOptions(kind=entry["kind"], survey=survey)
        report = import_files(project, [samples / entry["file"]], options, progress)
        if report.failed:
            raise OperationError(f"demo file {entry['file']}: {report.failed[0][1]}")


def _describe_cases(project: Project, cases: list[dict[str, Any]]) -> None:
    with project.reading() as session:
        attributes = dict(session.execute(select(Attribute.name, Attribute.id)).all())
        existing = dict(session.execute(select(Case.name, Case.id)).all())
    for case in cases:
        case_id = existing.get(case["name"])
        if case_id is None:
            create = CreateCase(name=case["name"])
            project.execute(create)
            assert create.case_id is not None
            case_id = existing[case["name"]] = create.case_id
        for name, value in case.get("attributes", {}).items():
            if name not in attributes:
                attribute = CreateAttribute(name=name)
                project.execute(attribute)
                assert attribute.attribute_id is not None
                attributes[name] = attribute.attribute_id
            project.execute(
                SetCaseValue(case_id=case_id, attribute_id=attributes[name], value=str(value))
            )


def _code_id(project: Project, reference: str) -> int:
    template, sep, key = reference.partition(":")
    if sep:
        framework = load_template(template).framework
        found = find_codes(project, f"{framework}:{key}")
        if not found:
            raise OperationError(f"demo code {reference} is not in the {template} codebook")
        return found[0].id
    found = [c for c in find_codes(project, reference) if c.parent_id is None]
    if found:
        return found[0].id
    create = CreateCode(name=reference, created_by=project.user_id)
    project.execute(create)
    assert create.code_id is not None
    return create.code_id


def _code(project: Project, codings: list[dict[str, Any]]) -> None:
    with project.reading() as session:
        documents = dict(session.execute(select(Document.original_name, Document.id)).all())
    for coding in codings:
        document_id = documents[coding["document"]]
        text = project.document_text(document_id)
        start = text.find(coding["quote"])
        if start < 0:
            raise OperationError(f"demo quote not found in {coding['document']}")
        apply = ApplyCoding(
            document_id=document_id,
            code_id=_code_id(project, coding["code"]),
            start=start,
            end=start + len(coding["quote"]),
            user_id=project.user_id,
        )
        project.execute(apply)
        if coding.get("memo") and apply.coding_id is not None:
            project.execute(UpdateCoding(apply.coding_id, memo=coding["memo"]))
