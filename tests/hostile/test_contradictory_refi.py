"""REFI-QDA projects that are well-formed XML but contradict themselves: repeated GUIDs,
selections that run backwards, past the text or before it, references to nothing.

Such a file is not refused (another tool's project is worth having even when parts of it
are wrong), but what comes in must make sense: every coding lies inside its document, and
the project passes SQLite's integrity check.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING

import pytest

from tests.hostile import builders
from tests.hostile.support import imported, project_state

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.project import Project

CODE, DOC, USER = builders.CODE_GUID, builders.DOC_GUID, builders.USER_GUID
NOBODY = "DEADBEEF-0000-0000-0000-000000000000"
USERS = f'<Users><User guid="{USER}" name="Ana"/></Users>'
CODES = f'<CodeBook><Codes><Code guid="{CODE}" name="Wifi" isCodable="true"/></Codes></CodeBook>'


def _selection(start: object, end: object, *, code: str = CODE, user: str = USER) -> str:
    return (
        f'<PlainTextSelection guid="5E1E0000-0000-0000-0000-000000000001" '
        f'startPosition="{start}" endPosition="{end}"><Coding guid="C0D10000-0000-0000-0000-'
        f'000000000009" creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
        "</PlainTextSelection>"
    )


def _sources(*selections: str, copies: int = 1) -> str:
    source = (
        f'<TextSource guid="{DOC}" name="Interview 1" plainTextPath="internal://{DOC}.txt">'
        f"{''.join(selections)}</TextSource>"
    )
    return f"<Sources>{source * copies}</Sources>"


CONTRADICTIONS = {
    "a code GUID used twice": USERS
    + f'<CodeBook><Codes><Code guid="{CODE}" name="A"/><Code guid="{CODE}" name="B"/></Codes>'
    "</CodeBook>" + _sources(_selection(1, 5)),
    "a source GUID used twice": USERS + CODES + _sources(_selection(1, 5), copies=2),
    "a selection that runs backwards": USERS + CODES + _sources(_selection(9, 2)),
    "a selection before the text": USERS + CODES + _sources(_selection(-5, 3)),
    "a selection far past the text": USERS + CODES + _sources(_selection(0, 10**30)),
    "positions that are not numbers": USERS + CODES + _sources(_selection("a", "b")),
    "a coding of a code that is not there": USERS + CODES + _sources(_selection(1, 5, code=NOBODY)),
    "a coder who is not there": CODES + _sources(_selection(1, 5, user=NOBODY)),
    "codes without GUIDs": USERS
    + '<CodeBook><Codes><Code guid="" name="A"/><Code name="B"/></Codes></CodeBook>'
    + _sources(_selection(1, 5, code="")),
    "cases and variables that repeat and mistype": USERS
    + CODES
    + '<Variables><Variable guid="V1" name="Age" typeOfVariable="Integer"/>'
    '<Variable guid="V1" name="Age" typeOfVariable="Boolean"/></Variables><Cases>'
    '<Case guid="K1" name="P07"><VariableValue><VariableRef targetGUID="V1"/><IntegerValue>abc'
    f'</IntegerValue></VariableValue><SourceRef targetGUID="{DOC}"/><SelectionRef '
    'targetGUID="nope"/></Case><Case guid="K1" name="P07"/></Cases>' + _sources(_selection(1, 5)),
    "notes that repeat and point outside": USERS
    + CODES
    + '<Notes><Note guid="N1" name="n" plainTextPath="internal://../x.txt"/><Note guid="N1" '
    'name="n2"><PlainTextContent>hi</PlainTextContent></Note></Notes>'
    + _sources(_selection(1, 5))
    + '<Links><Link originGUID="N1" targetGUID="N1"/></Links>',
    "impossible dates": USERS
    + CODES.replace('isCodable="true"', 'creationDateTime="9999-99-99T99:99:99"')
    + _sources(_selection(1, 5)),
}


@pytest.mark.parametrize("case", list(CONTRADICTIONS))
def test_a_project_that_contradicts_itself_brings_in_only_what_makes_sense(
    project: Project, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "odd.qdpx"
    path.write_bytes(builders.qdpx({"project.qde": builders.qde(CONTRADICTIONS[case])}))
    imported(project, path)
    project_state(project.path)  # the integrity check
    with closing(sqlite3.connect(project.path)) as connection:
        codings = connection.execute(
            'SELECT c.start, c."end", length(d.text) FROM codings c '
            "JOIN documents d ON d.id = c.document_id"
        ).fetchall()
    assert all(0 <= start < end <= length for start, end, length in codings), codings
