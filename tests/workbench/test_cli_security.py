"""Encrypted projects from the command line: passphrases from the environment, never argv."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

SECRET = "the district nurse in Tobermory"


def test_an_encrypted_project_is_made_used_rekeyed_and_decrypted_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "study.qwb"
    transcript = tmp_path / "p01.txt"
    transcript.write_text(f"P01: I spoke to {SECRET} about it.\n", encoding="utf-8")
    monkeypatch.setenv("QWB_PASS", "harbour lights at dusk")
    monkeypatch.setenv("QWB_NEW", "a different long passphrase")
    env = ["--passphrase-env", "QWB_PASS"]
    assert main([*env, "new", str(project), "--encrypt"]) == 0
    assert main([*env, "import", str(project), str(transcript)]) == 0
    assert SECRET.encode() not in project.read_bytes()

    assert main(["stats", str(project)]) == 1  # no terminal to ask in, no variable given
    assert "--passphrase-env" in capsys.readouterr().err
    monkeypatch.setenv("WRONG", "harbour lights at dawn")
    assert main(["--passphrase-env", "WRONG", "stats", str(project)]) == 1
    assert "passphrase does not open" in capsys.readouterr().err

    new = ["--new-passphrase-env", "QWB_NEW"]
    assert main([*env, "passphrase", str(project), *new]) == 0
    assert main(["--passphrase-env", "QWB_NEW", "stats", str(project), "--json"]) == 0
    assert '"name": "p01"' in capsys.readouterr().out
    assert main(["--passphrase-env", "QWB_NEW", "decrypt", str(project)]) == 0
    assert SECRET.encode() in project.read_bytes()
    assert main(["stats", str(project)]) == 0


def test_encrypting_a_plain_project_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "plain.qwb"
    assert main(["new", str(project)]) == 0
    monkeypatch.setenv("QWB_NEW", "short")
    assert main(["encrypt", str(project), "--new-passphrase-env", "QWB_NEW"]) == 1  # too short
    monkeypatch.setenv("QWB_NEW", "long enough passphrase")
    assert main(["encrypt", str(project), "--new-passphrase-env", "QWB_NEW"]) == 0
    assert main(["--passphrase-env", "QWB_NEW", "stats", str(project)]) == 0
