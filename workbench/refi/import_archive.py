"""Opening a .qdpx safely and finding its parts, whatever names the exporting tool chose.

The archive is checked by ``workbench.importers.safety`` before anything is read (unsafe
paths, zip bombs, encryption) and every part is read against one shared budget, because
declared sizes can lie. Only parts inside the archive are ever read: a source kept
``relative://`` or ``absolute://`` on the exporting computer is reported, never opened.

Names vary between tools (spec/refi-qda/NOTES.md §1): ``project.qde``, ``Project.qde`` or
``<Name>.qde``; ``sources/`` or ``Sources/``; ``.txt`` or ``.TXT``; ``internal://`` or no
scheme at all. Every lookup is therefore case-insensitive, and a name without a folder is
looked for in the sources folder and then anywhere in the archive.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from workbench.importers.base import ImportFailure
from workbench.importers.safety import MAX_UNPACKED_BYTES, open_zip, read_member

if TYPE_CHECKING:
    import zipfile

_INTERNAL = "internal:/"
_EXTERNAL = ("relative:/", "absolute:/", "file:/", "http:/", "https:/")
_IGNORED_FOLDERS = ("__macosx/",)


class RefiArchive:
    """A .qdpx opened for reading; use as a context manager."""

    def __init__(self, data: bytes) -> None:
        self._zip: zipfile.ZipFile = open_zip(data, "REFI-QDA project (.qdpx)")
        self._budget = MAX_UNPACKED_BYTES
        names = [
            info.filename
            for info in self._zip.infolist()
            if not info.is_dir() and not info.filename.lower().startswith(_IGNORED_FOLDERS)
        ]
        self.qde_name = _find_qde(names)
        self._root = posixpath.dirname(self.qde_name)
        self._by_path = {name.casefold(): name for name in names}
        self._by_base: dict[str, list[str]] = {}
        for name in names:
            self._by_base.setdefault(posixpath.basename(name).casefold(), []).append(name)

    def __enter__(self) -> RefiArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def project_xml(self) -> bytes:
        return self._read(self.qde_name)

    def source(self, reference: str) -> tuple[bytes | None, str]:
        """The bytes a ``plainTextPath`` points at, or ``None`` and why (\"missing from...\")."""
        ref = reference.strip()
        lowered = ref.lower()
        if any(lowered.startswith(scheme) for scheme in _EXTERNAL):
            return None, "kept outside the archive, on the computer that exported it"
        inner = ref[len(_INTERNAL) :] if lowered.startswith(_INTERNAL) else ref
        inner = inner.replace("\\", "/").lstrip("/")
        if not inner:
            return None, "not named in the file"
        if ".." in inner.split("/"):
            return None, "outside the archive (its path climbs out of it), so it was not read"
        name = self._member_for(inner) or self._member_for(unquote(inner))
        if name is None:
            return None, f"missing from the archive (it should be sources/{inner})"
        return self._read(name), ""

    def _member_for(self, inner: str) -> str | None:
        for candidate in (f"sources/{inner}", inner):
            found = self._by_path.get(posixpath.join(self._root, candidate).casefold())
            if found is not None:
                return found
        same_name = self._by_base.get(posixpath.basename(inner).casefold(), [])
        return same_name[0] if len(same_name) == 1 else None

    def _read(self, name: str) -> bytes:
        data = read_member(self._zip, name, limit=self._budget)
        self._budget -= len(data)
        return data


def _find_qde(names: list[str]) -> str:
    """The one ``*.qde`` at the root (any name, any case); inside one folder if none is."""
    found = [name for name in names if name.lower().endswith(".qde")]
    at_root = [name for name in found if "/" not in name]
    chosen = at_root or found
    if not chosen:
        raise ImportFailure(
            "is not a REFI-QDA project: it holds no project.qde file (zip archives that are "
            "not .qdpx projects cannot be imported this way)"
        )
    if len(chosen) > 1:
        listed = ", ".join(sorted(chosen)[:5])
        raise ImportFailure(
            f"holds {len(chosen)} project files ({listed}), where a REFI-QDA project has one"
        )
    return chosen[0]
