"""A project made by each earlier schema version opens, upgrades, and keeps its work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage import fts
from storage.backup import list_backups
from storage.models import Code, Coding
from storage.project_file import HEAD_REVISION
from workbench.project import Coder, Project
from workbench.queries.documents import list_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
VERSIONS = sorted(p.name for p in FIXTURES.glob("schema-*.qwb"))


def test_every_schema_version_up_to_the_current_one_has_a_fixture() -> None:
    assert VERSIONS[-1] == f"schema-{HEAD_REVISION}.qwb"


@pytest.mark.parametrize("name", VERSIONS)
def test_a_project_from_an_earlier_version_opens_with_its_work(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    shutil.copyfile(FIXTURES / name, path)
    with Project.open(path, coder=Coder("Ana")) as project:
        documents = {d.name: d for d in list_documents(project)}
        assert set(documents) == {"p01", "p02"}
        assert "no training at all" in project.document_text(documents["p01"].id)
        with project.reading() as session:
            assert session.scalar(select(func.count(Coding.id))) == 2
            assert session.scalar(select(func.count(Code.id))) == 31
            assert len(fts.match_span_ids(session.connection(), "licences")) == 1
    upgraded = name != f"schema-{HEAD_REVISION}.qwb"
    assert any(b.reason.startswith("before-upgrade") for b in list_backups(path)) == upgraded
