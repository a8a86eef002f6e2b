"""One writer per project file, with an OS lock that dies with its process.

The lock is an ``flock`` (``filelock``) on ``PROJECT.qwb.lock``. The operating system drops it
when the holder exits or is killed, so a stale lock never needs clearing by hand: the next
open simply takes it. The holder writes who it is into the lock file so that a second writer
can be told who has the project open.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

if TYPE_CHECKING:
    from pathlib import Path


class ProjectFolderReadOnlyError(Exception):
    """The project's folder cannot be written to, so it can only be opened read-only."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path.name} is in a folder this account cannot write to ({path.parent}). "
            "Open it read-only, or copy it to a folder of your own to work on it."
        )
        self.path = path


class ProjectLockedError(Exception):
    """Another process has the project open for writing."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            f"{path.name} is open for editing {holder}. Open it read-only, or close it there first."
        )
        self.path = path
        self.holder = holder


def lock_path_for(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


class ProjectLock:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.path = lock_path_for(project)
        self._lock = FileLock(str(self.path), thread_local=False)

    def acquire(self) -> None:
        """Take the lock or raise :class:`ProjectLockedError` at once."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise ProjectLockedError(self.project, self._describe_holder()) from None
        except OSError:  # the lock file cannot be made: a read-only folder or medium
            raise ProjectFolderReadOnlyError(self.project) from None
        self._write_holder()

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    @property
    def is_held(self) -> bool:
        return self._lock.is_locked

    def _write_holder(self) -> None:
        info = {
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        # Windows locks the file's bytes; the lock itself is what matters, not this note.
        with contextlib.suppress(OSError):
            self.path.write_text(json.dumps(info), encoding="utf-8")

    def _describe_holder(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            return (
                f"by {info['user']} on {info['host']} (process {info['pid']}) since {info['since']}"
            )
        except (OSError, ValueError, KeyError, TypeError):
            return "by another program"
