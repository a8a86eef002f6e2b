"""What travels in a drag onto the code tree: code ids (to move codes) or a text selection.

A document view that lets the user drag a passage onto a code puts
:func:`selection_mime_data` on its drag; dropping it on a codable code applies that code.
Offsets are Python code points (convert from Qt's UTF-16 units before building the data).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

CODE_IDS_MIME = "application/x-workbench-code-ids"
SELECTION_MIME = "application/x-workbench-selection"


def code_ids_mime_data(code_ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CODE_IDS_MIME, json.dumps(code_ids).encode("ascii"))
    return data


def read_code_ids(data: QMimeData) -> list[int]:
    """The dragged code ids, or [] when the data is not ours or is damaged."""
    if not data.hasFormat(CODE_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(CODE_IDS_MIME).data()))
    except ValueError:
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]


def selection_mime_data(document_id: int, start: int, end: int, text: str = "") -> QMimeData:
    """A dragged passage: ``[start, end)`` of a document, in code points.

    ``text`` (optional) also goes in as plain text so other applications can take the drop.
    """
    data = QMimeData()
    payload = {"document_id": document_id, "start": start, "end": end}
    data.setData(SELECTION_MIME, json.dumps(payload).encode("ascii"))
    if text:
        data.setText(text)
    return data


def read_selection(data: QMimeData) -> tuple[int, int, int] | None:
    """``(document_id, start, end)`` of a dragged passage, or None."""
    if not data.hasFormat(SELECTION_MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(SELECTION_MIME).data()))
        values = (payload["document_id"], payload["start"], payload["end"])
    except (ValueError, KeyError, TypeError):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    return values[0], values[1], values[2]
