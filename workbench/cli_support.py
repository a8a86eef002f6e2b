"""Helpers for the CLI: opening projects with plain-words errors, and a terminal progress bar."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from coding.codebook import CodebookError
from storage.lock import ProjectFolderReadOnlyError, ProjectLockedError
from storage.project_file import ProjectFileError
from workbench.errors import WorkbenchError
from workbench.importers.base import ImportFailure
from workbench.progress import Progress, ProgressState
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Errors whose message is meant for the person at the keyboard.
UserError = (
    WorkbenchError,
    ProjectFileError,
    ProjectLockedError,
    ProjectFolderReadOnlyError,
    ImportFailure,
    CodebookError,
)


def fail(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 1


def say(message: str) -> None:
    sys.stdout.write(message + "\n")


def coder_from(name: str | None) -> Coder:
    if not name:
        return Coder.from_system()
    initials = "".join(part[0] for part in name.split()[:3]).upper()
    return Coder(name=name, initials=initials)


@contextmanager
def opened(path: Path, coder: str | None, *, read_only: bool = False) -> Iterator[Project]:
    project = Project.open(path, read_only=read_only, coder=coder_from(coder))
    try:
        yield project
    finally:
        project.close()


class TerminalProgress(Progress):
    """Progress drawn on stderr at most ten times a second, only when it is a terminal."""

    def __init__(self) -> None:
        super().__init__(self._draw)
        self._shown = 0.0
        self._active = sys.stderr.isatty()

    def _draw(self, state: ProgressState) -> None:
        now = time.monotonic()
        if not self._active or (now - self._shown < 0.1 and state.done < state.total):
            return
        self._shown = now
        width = 30
        filled = width * state.done // state.total if state.total else 0
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {state.done}/{state.total} {state.label[:40]:<40}")
        if state.total and state.done >= state.total:
            sys.stderr.write("\n")
        sys.stderr.flush()
