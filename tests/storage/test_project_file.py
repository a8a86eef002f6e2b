"""Creating, recognising and upgrading project files."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.backup import list_backups
from storage.engine import make_engine
from storage.fts import include_in_autogenerate
from storage.models import Base
from storage.project_file import (
    HEAD_REVISION,
    ProjectFileError,
    create_project_file,
    upgrade_schema,
)
from workbench.project import Project
from workbench.queries.search import search

if TYPE_CHECKING:
    from pathlib import Path


def _schema(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }


def test_a_new_file_and_a_migrated_file_have_the_same_schema(tmp_path: Path) -> None:
    created, migrated = tmp_path / "created.qwb", tmp_path / "migrated.qwb"
    create_project_file(created, title="x")
    sqlite3.connect(migrated).close()
    upgrade_schema(migrated)
    assert _schema(created) == _schema(migrated)
    assert "doc_fts" in _schema(created)
    for path in (created, migrated):
        engine = make_engine(path)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_name": include_in_autogenerate}
            )
            assert compare_metadata(context, Base.metadata) == []
        engine.dispose()


def test_an_older_file_is_backed_up_then_upgraded_and_its_text_becomes_searchable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.qwb"
    sqlite3.connect(path).close()
    upgrade_schema(path, target="0001")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO project_info (guid, title, description, method_notes, "
            "schema_version, created_at, modified_at) "
            "VALUES ('g', 'Old', '', '', '0001', '2025-01-01', '2025-01-01')"
        )
        connection.execute(
            "INSERT INTO documents (guid, name, kind, folder, text, original_name,"
            " importer, import_options, language, word_count, imported_at) VALUES "
            "('d', 'Doc', 'notes', '', 'Funding was the barrier.', '', '', '{}', "
            "'en', 4, '2025-01-01')"
        )
        connection.execute("INSERT INTO doc_spans (document_id, start, \"end\", kind) "
                           "VALUES (1, 0, 24, 'paragraph')")  # fmt: skip
    with Project.open(path) as project:
        assert [h.match for h in search(project, "funding")] == ["Funding"]
    reasons = [b.reason for b in list_backups(path)]
    assert "before-upgrade-0001" in reasons
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            HEAD_REVISION,
        )


def test_a_file_from_a_newer_version_is_refused_and_left_alone(project_path: Path) -> None:
    create_project_file(project_path, title="x")
    with sqlite3.connect(project_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = project_path.read_bytes()
    with pytest.raises(ProjectFileError, match="newer version"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Qualitative Workbench project"),
        (b"hello, this is a text file", "not a Qualitative Workbench project"),
    ],
)
def test_a_file_that_is_not_a_project_gets_a_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.qwb"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match=message):
        Project.open(path)


def test_an_sqlite_file_of_another_program_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.qwb"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE things (x)")
    with pytest.raises(ProjectFileError, match="not a Qualitative Workbench project"):
        Project.open(path)


def test_creating_over_an_existing_file_is_refused(project_path: Path) -> None:
    project_path.write_text("keep me", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(project_path)
    assert project_path.read_text(encoding="utf-8") == "keep me"
