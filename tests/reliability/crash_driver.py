"""A worker the crash-safety tests start and kill: it reports each operation once committed.

``python -m tests.reliability.crash_driver PROJECT codings N`` applies N codings, one
operation (one transaction) each, and prints ``done <start>`` after each returns.
``python -m tests.reliability.crash_driver PROJECT import FOLDER`` imports every file in FOLDER
in one transaction and prints ``imported <count>`` when it has returned.
Only positions and counts are printed, never text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbench.importing.service import import_files
from workbench.ops.codings import ApplyCoding
from workbench.project import Coder, Project
from workbench.queries.codes import list_codes
from workbench.queries.documents import list_documents


def _codings(project: Project, count: int) -> None:
    document = list_documents(project)[0].id
    code = list_codes(project)[0].id
    length = len(project.document_text(document))
    for n in range(count):
        start = (n * 7) % (length - 5)
        project.execute(
            ApplyCoding(
                document_id=document,
                code_id=code,
                start=start,
                end=start + 3,
                user_id=None if n % 2 else project.user_id,
            )
        )
        sys.stdout.write(f"done {n}\n")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    path, mode, argument = Path(argv[0]), argv[1], argv[2]
    with Project.open(path, coder=Coder("Crash test", "CT"), backup=False) as project:
        sys.stdout.write("opened\n")
        sys.stdout.flush()
        if mode == "codings":
            _codings(project, int(argument))
        else:
            report = import_files(project, sorted(Path(argument).iterdir()))
            sys.stdout.write(f"imported {len(report.imported)}\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
