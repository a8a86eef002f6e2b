"""What the parts of one REFI-QDA import share while it stores: the session, the report, and
the map from each REFI GUID to the id it got in the project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storage.models import new_guid
from workbench.refi.export_values import guid_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.refi.import_model import RefiProject
    from workbench.refi.import_report import RefiImportReport


@dataclass
class StoreContext:
    """What the parts of one import share: the session, the report, and REFI GUID -> id."""

    session: Session
    report: RefiImportReport
    refi: RefiProject
    user_id: int | None  # the person importing
    new_project: bool = False  # a project made from this file: its coders' GUIDs are adopted
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))
    users: dict[str, int] = field(default_factory=dict)
    unknown_coder: int | None = None  # "Unknown coder (<tool>)", made when first needed
    codes: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # source GUID -> document id
    new_documents: set[int] = field(default_factory=set)
    selections: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # doc, start, end
    codings: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)


def stored_guid(key: str, taken: set[str]) -> str:
    """The file's GUID in our form, or a new one when it is missing or already used here."""
    guid = guid_of(key) if key else new_guid()
    if guid.lower() in taken:
        guid = new_guid()
    taken.add(guid.lower())
    return guid


def naive_utc(moment: datetime | None, default: datetime) -> datetime:
    """A file's time as the naive UTC the project stores (tool times may carry offsets)."""
    if moment is None:
        return default
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
