"""Encrypted projects: nothing readable on disk without the passphrase, and clear errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from storage.backup import backup_dir_for, make_backup
from storage.encryption import change_passphrase, decrypt_project, encrypt_project
from storage.keys import forget, remember
from storage.project_file import ProjectEncryptedError, ProjectFileError
from tests.workbench.ops_support import apply_coding, import_text, new_code
from workbench.project import Coder, Project
from workbench.review.pack_export import export_pack

if TYPE_CHECKING:
    from pathlib import Path

SECRET = "Mrs Quintrell said the oximeter never synced at Brackenbury Ward"
PASSPHRASE = "correct horse battery staple"


def _files_of(path: Path) -> list[Path]:
    around = [p for p in path.parent.iterdir() if p.name.startswith(path.name) and p.is_file()]
    return around + sorted(backup_dir_for(path).glob("*"))


def _readable(path: Path) -> list[str]:
    """Files of the project (WAL, backups included) in which the secret can be read."""
    needle = SECRET.encode("utf-8")
    return [p.name for p in _files_of(path) if needle in p.read_bytes()]


def _fill(project: Project, folder: Path) -> None:
    doc = import_text(project, folder, "p01", f"P01: {SECRET}.")
    apply_coding(project, doc, new_code(project, "Sync"), (5, 20))


def test_an_encrypted_project_its_wal_backups_and_review_packs_never_hold_readable_text(
    project_path: Path, tmp_path: Path
) -> None:
    pack = project_path.with_name("for reviewers.qwbr")
    with Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE) as project:
        _fill(project, tmp_path)
        make_backup(project_path, reason="test")
        assert project.encrypted
        assert _readable(project_path) == []  # while open: file and WAL
        export_pack(project, pack, document_ids=[1], code_ids=[1], made_by="Ana",
                    passphrase="a passphrase for the pack")  # fmt: skip
    assert SECRET.encode("utf-8")[:20] not in pack.read_bytes()
    with Project.open(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE) as project:
        assert SECRET in project.document_text(1)
    assert len(list(backup_dir_for(project_path).glob("*.qwb"))) >= 2
    assert _readable(project_path) == []


def test_a_missing_or_wrong_passphrase_is_a_clear_error_and_the_file_is_untouched(
    project_path: Path,
) -> None:
    Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE).close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectEncryptedError, match="encrypted"):
        Project.open(project_path, coder=Coder("Ana"))
    with pytest.raises(ProjectFileError, match="passphrase does not open"):
        Project.open(project_path, coder=Coder("Ana"), passphrase="Correct horse battery staple")
    assert project_path.read_bytes() == before
    with Project.open(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE) as project:
        assert project.encrypted


def test_a_plain_project_is_encrypted_with_its_backups_then_rekeyed_then_decrypted(
    project_path: Path, tmp_path: Path
) -> None:
    with Project.create(project_path, coder=Coder("Ana")) as project:
        _fill(project, tmp_path)
        make_backup(project_path, reason="plain")
    assert _readable(project_path) != []
    encrypt_project(project_path, PASSPHRASE)
    assert _readable(project_path) == []
    rekeyed = "a new and longer passphrase"
    change_passphrase(project_path, PASSPHRASE, rekeyed)
    with pytest.raises(ProjectFileError):
        Project.open(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE)
    with Project.open(project_path, coder=Coder("Ana"), passphrase=rekeyed) as project:
        assert SECRET in project.document_text(1)
    decrypt_project(project_path, rekeyed)
    with Project.open(project_path, coder=Coder("Ana")) as project:
        assert not project.encrypted
        assert SECRET in project.document_text(1)


def test_a_backup_of_an_encrypted_project_needs_the_same_passphrase(
    project_path: Path, tmp_path: Path
) -> None:
    with Project.create(project_path, coder=Coder("Ana"), passphrase=PASSPHRASE) as project:
        _fill(project, tmp_path)
        backup = make_backup(project_path, reason="test")
    with pytest.raises(ProjectEncryptedError):
        Project.open(backup, coder=Coder("Ana"), read_only=True)
    remember(backup, PASSPHRASE)
    try:
        with Project.open(backup, coder=Coder("Ana"), read_only=True) as copy:
            assert SECRET in copy.document_text(1)
    finally:
        forget(backup)
