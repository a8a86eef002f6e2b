"""Loading a framework codebook template into a project as one undoable step."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from coding.codebook import CodebookError, load_template
from storage.models import Code
from tests.workbench.ops_support import audit_operations, import_text, table_rows, tree
from workbench.codebooks import LoadCodebook
from workbench.errors import OperationError
from workbench.ops.codes import CreateCode, DeleteCode, UpdateCode
from workbench.ops.codings import ApplyCoding
from workbench.queries.codes import find_codes, list_codes

if TYPE_CHECKING:
    from pathlib import Path

    from coding.codebook import CodebookTemplate
    from workbench.project import Project


def template_tree(template: CodebookTemplate) -> list[str]:
    """The paths the template should produce under its heading, depth first."""
    children: dict[str, list[str]] = {}
    names = {c.key: c.name for c in template.codes}
    for code in template.codes:
        children.setdefault(code.parent, []).append(code.key)
    paths: list[str] = [template.name]

    def walk(key: str, prefix: str) -> None:
        for child in children.get(key, []):
            paths.append(f"{prefix}/{names[child]}")
            walk(child, paths[-1])

    walk("", template.name)
    return paths


def keyed(project: Project) -> dict[str, tuple[str, str, bool]]:
    """framework_key -> (name, framework, codable) of every NASSS code."""
    return {
        c.framework_key: (c.name, c.framework, c.is_codable)
        for c in list_codes(project)
        if c.framework == "NASSS"
    }


def code_rows(project: Project) -> list[dict[str, object]]:
    (rows,) = table_rows(project, Code)
    return rows


def test_loading_nasss_adds_a_heading_and_the_whole_template_tree(project: Project) -> None:
    template = load_template("nasss")
    command = LoadCodebook("nasss", user_id=project.user_id)
    assert command.label == "Add codebook “NASSS framework”"
    project.execute(command)
    assert tree(project) == template_tree(template)
    heading = list_codes(project)[0]
    assert (heading.name, heading.framework, heading.framework_key, heading.is_codable) == (
        "NASSS framework",
        "NASSS",
        "",
        False,
    )
    assert {key for key in keyed(project) if key} == {c.key for c in template.codes}
    assert all(framework == "NASSS" for _, framework, _ in keyed(project).values())


def test_loaded_codes_carry_the_template_definitions_and_complexity_guidance(
    project: Project,
) -> None:
    template = load_template("nasss")
    project.execute(LoadCodebook(template))
    by_key = {c.framework_key: c for c in list_codes(project)}
    for code in template.codes:
        loaded = by_key[code.key]
        assert (loaded.definition, loaded.example) == (code.definition, code.example)
    with project.reading() as session:
        guidance = session.scalar(select(Code.guidance).where(Code.framework_key == "4B"))
    assert guidance is not None
    assert set(json.loads(guidance)["complexity"]) == {"simple", "complicated", "complex"}


def test_loading_undo_and_redo_remove_and_restore_the_same_codes(project: Project) -> None:
    project.execute(CreateCode(name="My own code"))
    before = code_rows(project)
    project.execute(LoadCodebook("nasss"))
    loaded = [(r["id"], r["name"], r["parent_id"]) for r in code_rows(project)]
    project.undo()
    assert code_rows(project) == before
    project.redo()
    assert [(r["id"], r["name"], r["parent_id"]) for r in code_rows(project)] == loaded
    assert audit_operations(project)[-3:] == [
        "LoadCodebook",
        "LoadCodebook:undo",
        "LoadCodebook:redo",
    ]


def test_loading_the_same_codebook_twice_adds_nothing(project: Project) -> None:
    project.execute(LoadCodebook("nasss"))
    before = code_rows(project)
    changes = project.execute(LoadCodebook("nasss"))
    assert changes.empty
    assert code_rows(project) == before


def test_reloading_keeps_a_renamed_code_and_adds_only_the_missing_ones(project: Project) -> None:
    names = {c.key: c.name for c in load_template("nasss").codes}
    project.execute(LoadCodebook("nasss"))
    (patients,) = find_codes(project, "NASSS:4B")
    project.execute(UpdateCode(patients.id, name="Patients and self-monitoring"))
    project.execute(DeleteCode(find_codes(project, "NASSS:7")[0].id))  # and 7A, 7B below it
    before_tree, before = tree(project), code_rows(project)
    project.execute(LoadCodebook("nasss"))
    domain = f"NASSS framework/{names['7']}"
    assert tree(project) == [
        *before_tree,
        domain,
        f"{domain}/{names['7A']}",
        f"{domain}/{names['7B']}",
    ]
    assert keyed(project)["4B"][0] == "Patients and self-monitoring"
    project.undo()
    assert code_rows(project) == before


def test_a_codebook_heading_cannot_be_applied_to_text(project: Project, tmp_path: Path) -> None:
    doc = import_text(project, tmp_path, "notes", "The app kept crashing at night.\n")
    project.execute(LoadCodebook("nasss"))
    heading = list_codes(project)[0]
    with pytest.raises(OperationError, match="is a heading"):
        project.execute(
            ApplyCoding(document_id=doc, code_id=heading.id, start=0, end=7, user_id=None)
        )


def test_two_frameworks_live_side_by_side(project: Project) -> None:
    project.execute(LoadCodebook("nasss"))
    project.execute(LoadCodebook("tdf"))
    headings = [c.name for c in list_codes(project) if c.parent_id is None]
    assert headings == ["NASSS framework", load_template("tdf").name]


def test_an_unknown_template_is_refused_with_the_list_of_choices() -> None:
    with pytest.raises(CodebookError, match=r"no codebook template called “nass”.*nasss"):
        LoadCodebook("nass")
