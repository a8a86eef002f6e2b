"""Names shared by the REFI-QDA export and import: namespaces, file layout, and the conventions
by which our exports carry what the standard has no element for, so our importer reads back
exactly what we wrote (other tools simply see ordinary notes, links and sets).

Conventions of our exports (the importer relies on them):

- Offsets: ``startPosition``/``endPosition`` count Unicode code points (Python ``str``
  indices) over the UTF-8 ``sources/<guid>.txt``, LF line ends, no BOM, end exclusive.
- GUIDs are written upper-case, bare and hyphenated. A stored GUID that is not a UUID is
  replaced by :func:`workbench.refi.export_values.derived_guid` of it.
- One ``PlainTextSelection`` per coding. ``Coding@guid`` is the coding's own GUID; the
  selection's GUID is ``derived_guid("selection:" + coding guid)``. The coding's inline memo
  is the selection's ``Description``; memos of kind "coding" are ``Coding/NoteRef``.
- A selection with no ``Coding`` and a ``NoteRef`` is a comment: a document memo anchored to
  that range. A selection with neither is a case's passage (a span member, or a turn of a
  speaker linked to the case), named by ``Case/SelectionRef``; a whole document that belongs
  to a case is a ``Case/SourceRef``.
- Memo kinds: project memos are ``Project/NoteRef``; code memos ``Code/NoteRef``; document
  memos ``TextSource/NoteRef``; case memos (``Case`` has no ``NoteRef``) a ``Link`` named
  :data:`CASE_MEMO_LINK` from the note (origin) to the case (target), as ATLAS.ti links memos.
  Journal entries and recommendations are members of the sets :data:`JOURNAL_SET` and
  :data:`RECOMMENDATION_SET`; a recommendation about a barrier is also that code's NoteRef.
- Code ``Description``: the definition, then "Inclusion: ...", "Exclusion: ...",
  "Example: ..." paragraphs (:data:`CODE_DESCRIPTION_LABELS`), blank lines between, each only
  when filled. A code a coder cannot apply (a heading) has ``isCodable="false"``.
- Variables: text and choice -> Text (a choice variable's ``Description`` is
  :data:`CHOICES_PREFIX` and the choices, one per line); number -> Integer when every value is
  whole, else Float; date -> Date. A value that does not fit the type makes the variable Text.
- The project ``Description`` is the project description, then a paragraph
  :data:`METHOD_NOTES_HEADING` and the method notes when there are any.
- The pseudonym map never leaves the project, and neither does a document that another
  document was pseudonymised from (the identifiable original).
"""

from __future__ import annotations

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_SCHEMA_URL = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
CODEBOOK_SCHEMA_URL = "http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"

# The schemas, shipped as package data of ``resources`` (copied unchanged from the standard).
SCHEMA_FOLDER = "refi"
PROJECT_XSD = "Project-mrt2019.xsd"
CODEBOOK_XSD = "Codebook-mrt2019.xsd"

# The .qdpx layout (spec §8): one project.qde at the root, sources flat in sources/.
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
INTERNAL_SCHEME = "internal://"
MAX_INTERNAL_FILE_BYTES = 2_147_483_647  # spec §8.5

ORIGIN = "Qualitative Workbench"  # exports write "Qualitative Workbench <version>"

CODE_DESCRIPTION_LABELS = (
    ("inclusion", "Inclusion"),
    ("exclusion", "Exclusion"),
    ("example", "Example"),
)
CHOICES_PREFIX = "Choices:"
METHOD_NOTES_HEADING = "Method notes:"
JOURNAL_SET = "Research journal"
RECOMMENDATION_SET = "Recommendations"
CASE_MEMO_LINK = "Memo-Case Relation"
