"""Reading a .qdpx (zip) or .qdc (XML) into plain frozen data, whichever tool wrote it.

Elements are matched by local name in any namespace (``{*}``), so the namespace variants in
the wild (``urn:QDA-XML:project:1.0``, ``...:1:0``, ``...:0:4``, ``...:0:10``) all read the
same. XML goes through ``workbench.importers.safety.parse_xml``: no DTD, no entities, no
network. Whatever the Workbench cannot hold (pictures, recordings, PDF regions, sets, graphs)
is listed in plain words in ``RefiProject.left_out``; nothing is dropped silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from workbench.importers.base import ImportFailure
from workbench.importers.safety import parse_xml
from workbench.refi.import_archive import RefiArchive
from workbench.refi.import_model import (
    RefiCase,
    RefiCode,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiText,
    RefiUser,
    RefiVariable,
)
from workbench.refi.import_report import plural, were
from workbench.refi.import_sources import SourceReader
from workbench.refi.import_xml import child_text, guid_key, refs, values, when
from workbench.refi.names import JOURNAL_SET, RECOMMENDATION_SET

if TYPE_CHECKING:
    from lxml.etree import _Element

MEMO_SETS = (JOURNAL_SET, RECOMMENDATION_SET)
# Any version: exporters write 1.0, 1:0 (NVivo codebooks), 0:4 (ATLAS.ti), 0:10 (Transana).
QDA_NAMESPACE_PREFIX = "urn:QDA-XML:"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def read_refi(data: bytes, file_name: str) -> RefiProject:
    """Everything in a .qdpx or .qdc; :class:`ImportFailure` (reason in plain words, without
    the file name) when the file is unsafe, damaged or not REFI-QDA at all."""
    if file_name.lower().endswith(".qdpx") and not data.startswith(_ZIP_MAGIC):
        # Read as XML it would be "damaged (not well-formed)": wrong for a PDF renamed .qdpx.
        raise ImportFailure("is not a REFI-QDA project (.qdpx): a .qdpx file is a zip archive")
    if data.startswith(_ZIP_MAGIC):
        with RefiArchive(data) as archive:
            what = f"has a project file ({archive.qde_name}) that"
            root = _root(archive.project_xml(), what)
            return _Reader(file_name, archive).project(root)
    return _Reader(file_name, None).project(_root(data, ""))


def _root(data: bytes, what: str) -> _Element:
    try:
        root = parse_xml(data)
    except ImportFailure as exc:
        raise ImportFailure(f"{what} {exc}".strip()) from None
    name = etree.QName(root)
    namespace = name.namespace or ""
    if name.localname not in ("Project", "CodeBook") or (
        namespace and not namespace.startswith(QDA_NAMESPACE_PREFIX)
    ):
        raise ImportFailure(
            f"{what} is not REFI-QDA: it is XML of another kind ({name.localname})".strip()
        )
    return root


# --------------------------------------------------------------------------- the whole file
class _Reader:
    def __init__(self, file_name: str, archive: RefiArchive | None) -> None:
        self.file_name = file_name
        self.left_out: list[str] = []
        self.warnings: list[str] = []
        self.sources = SourceReader(archive, self.left_out, self.warnings)

    def project(self, root: _Element) -> RefiProject:
        is_codebook = etree.QName(root).localname == "CodeBook"
        codes_parent = root if is_codebook else root.find("{*}CodeBook")
        codes = codes_parent.find("{*}Codes") if codes_parent is not None else None
        self._count_left_out(root)
        return RefiProject(
            file_name=self.file_name,
            name=(root.get("name") or "").strip(),
            origin=(root.get("origin") or "").strip(),
            users=tuple(self._users(root)),
            codes=self._codes(codes),
            texts=tuple(self._texts(root)),
            variables=tuple(self._variables(root)),
            cases=tuple(self._cases(root)),
            notes=tuple(self._notes(root)),
            links=tuple(
                RefiLink(guid_key(link.get("originGUID")), guid_key(link.get("targetGUID")))
                for link in root.iterfind("{*}Links/{*}Link")
            ),
            project_note_guids=refs(root, "NoteRef"),
            note_sets=self._note_sets(root),
            description=child_text(root, "Description"),
            left_out=tuple(self.left_out),
            warnings=tuple(self.warnings),
        )

    def _users(self, root: _Element) -> list[RefiUser]:
        return [
            RefiUser(
                guid_key(user.get("guid")),
                (user.get("name") or "").strip(),
                (user.get("id") or "").strip(),
            )
            for user in root.iterfind("{*}Users/{*}User")
        ]

    def _codes(self, parent: _Element | None) -> tuple[RefiCode, ...]:
        if parent is None:
            return ()
        return tuple(
            RefiCode(
                guid=guid_key(code.get("guid")),
                name=code.get("name") or "",
                colour=code.get("color"),
                description=child_text(code, "Description"),
                codable=(code.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                note_guids=refs(code, "NoteRef"),
                children=self._codes(code),
            )
            for code in parent.iterfind("{*}Code")
        )

    def _texts(self, root: _Element) -> list[RefiText]:
        texts: list[RefiText] = []
        for source in root.iterfind("{*}Sources/*"):
            if isinstance(source.tag, str):
                texts.extend(self.sources.read(source))
        return texts

    def _variables(self, root: _Element) -> list[RefiVariable]:
        return [
            RefiVariable(
                guid=guid_key(variable.get("guid")),
                name=(variable.get("name") or "").strip(),
                type=(variable.get("typeOfVariable") or "Text").strip(),
                description=child_text(variable, "Description"),
            )
            for variable in root.iterfind("{*}Variables/{*}Variable")
        ]

    def _cases(self, root: _Element) -> list[RefiCase]:
        return [
            RefiCase(
                guid=guid_key(case.get("guid")),
                name=" ".join((case.get("name") or "").split()),
                description=child_text(case, "Description"),
                source_guids=refs(case, "SourceRef"),
                selection_guids=refs(case, "SelectionRef"),
                values=values(case),
            )
            for case in root.iterfind("{*}Cases/{*}Case")
        ]

    def _notes(self, root: _Element) -> list[RefiNote]:
        notes = []
        for note in root.iterfind("{*}Notes/{*}Note"):
            name = (note.get("name") or "").strip()
            text = self.sources.note_text(note, name)
            description = child_text(note, "Description").strip()
            if description and description not in text:
                text = f"{description}\n\n{text}" if text else description
            notes.append(
                RefiNote(
                    guid=guid_key(note.get("guid")),
                    name=name,
                    text=text,
                    user_guid=guid_key(note.get("creatingUser")) or None,
                    created=when(note.get("creationDateTime")),
                    modified=when(note.get("modifiedDateTime")),
                )
            )
        return notes

    def _note_sets(self, root: _Element) -> dict[str, tuple[str, ...]]:
        """Members of the sets our exports use for memo kinds the standard lacks."""
        return {
            name: refs(group, "MemberNote")
            for group in root.iterfind("{*}Sets/{*}Set")
            if (name := (group.get("name") or "").strip()) in MEMO_SETS
        }

    def _count_left_out(self, root: _Element) -> None:
        sets = [
            group
            for group in root.iterfind("{*}Sets/{*}Set")
            if (group.get("name") or "").strip() not in MEMO_SETS
        ]
        if sets:
            self.left_out.append(
                f"{plural(len(sets), 'set')} (named groups of documents, codes or notes) "
                f"{were(len(sets))} not brought in: the Workbench has no sets."
            )
        graphs = root.findall("{*}Graphs/{*}Graph")
        if graphs:
            self.left_out.append(
                f"{plural(len(graphs), 'network graph')} (drawings of links between items) "
                f"{were(len(graphs))} not brought in: the Workbench has no network views."
            )
        notes = {guid_key(note.get("guid")) for note in root.iterfind("{*}Notes/{*}Note")}
        relations = sum(
            guid_key(link.get("originGUID")) not in notes
            and guid_key(link.get("targetGUID")) not in notes
            for link in root.iterfind("{*}Links/{*}Link")
        )
        if relations:
            self.left_out.append(
                f"{plural(relations, 'link')} between codes, sources or passages "
                f"{were(relations)} not brought in: the Workbench has no links between items."
            )
        case_codes = sum(len(case.findall("{*}CodeRef")) for case in root.iterfind("{*}Cases/*"))
        if case_codes:
            self.left_out.append(
                f"{plural(case_codes, 'link')} from cases straight to codes {were(case_codes)} "
                "not brought in: in the Workbench a case's codes are the codings of its documents."
            )
