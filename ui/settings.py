"""Every setting the app keeps, declared once with its type, default and purpose.

Backed by QSettings (the platform's native store); tests pass an ini file in ``tmp_path`` so
they never touch a real user's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QSettings

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
MAX_RECENT = 10


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    key: str
    default: T
    doc: str


CODER_NAME = Setting("coder/name", "", "Name recorded on the coder's work")
CODER_INITIALS = Setting("coder/initials", "", "Initials shown beside codings")
ZOOM = Setting("view/zoom", 0, "Points added to the system font size in every view")
THEME = Setting("view/theme", "light", "light, dark or high-contrast")
RECENT = Setting("files/recent", list[str](), "Recently opened projects, newest first")
GEOMETRY = Setting("window/geometry", b"", "Main window size and place")
DOCK_STATE = Setting("window/state", b"", "Dock layout and sizes")
OPEN_TABS = Setting("window/open_documents", list[str](), "project path|document id per tab")
NLP_PIPELINE = Setting(
    "language/pipeline", "", "spaCy pipeline package to prefer, 'blank' for rules; '' = best"
)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in (value if isinstance(value, list) else [value])]


_CONVERTERS: dict[type, Any] = {
    bool: lambda v: v in (True, "true", "1", 1),
    int: int,
    list: _as_list,
    bytes: bytes,
    str: str,
}


class Settings:
    def __init__(self, ini_file: Path | None = None) -> None:
        if ini_file is None:
            self._store = QSettings("Qualitative Workbench", "Workbench")
        else:
            self._store = QSettings(str(ini_file), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        """The stored value in the setting's own type (ini files store everything as text)."""
        value: Any = self._store.value(setting.key, setting.default)
        if value is None or value == "":
            return setting.default
        convert = _CONVERTERS.get(type(setting.default), str)
        try:
            return convert(value)  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def add_recent(self, path: str) -> list[str]:
        recent = [path, *[p for p in self.get(RECENT) if p != path]][:MAX_RECENT]
        self.set(RECENT, recent)
        return recent

    def sync(self) -> None:
        self._store.sync()
