"""A project in a folder the user cannot write to: a clear message, and read-only works.

The check runs in a child process; when the tests run as root, the child gives up the
capabilities that let root write anywhere (``setpriv``), so the folder's permissions apply.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.workbench.ops_support import new_code
from workbench.project import Coder, Project

REPO = Path(__file__).resolve().parents[2]
_CHILD = """
import json, sys
from pathlib import Path
from workbench.project import Coder, Project, ProjectFolderReadOnlyError
from workbench.queries.codes import list_codes
path = Path(sys.argv[1])
result = {}
try:
    Project.open(path, coder=Coder("Ana"))
except ProjectFolderReadOnlyError as exc:
    result["refused"] = str(exc)
with Project.open(path, read_only=True, coder=Coder("Ana")) as project:
    result["codes"] = [c.name for c in list_codes(project)]
print(json.dumps(result))
"""


_DROP = "-dac_override,-dac_read_search,-fowner"


def _without_root_powers() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux setpriv: permissions cannot apply")
    return [setpriv, f"--inh-caps={_DROP}", f"--bounding-set={_DROP}", "--"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_folder_is_explained_and_the_project_opens_read_only() -> None:
    folder = Path(tempfile.mkdtemp(prefix="qwb-readonly-"))
    try:
        path = folder / "study.qwb"
        with Project.create(path, coder=Coder("Ana")) as project:
            new_code(project, "Access")
        for p in (path, *folder.iterdir()):
            p.chmod(0o644 if p.is_file() else 0o755)
        folder.chmod(0o555)
        child = subprocess.run(
            [*_without_root_powers(), sys.executable, "-c", _CHILD, str(path)],
            cwd=REPO, capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
        assert child.returncode == 0, child.stderr[-2000:]
        result = json.loads(child.stdout)
        assert "cannot write to" in result["refused"]
        assert "Open it read-only" in result["refused"]
        assert result["codes"] == ["Access"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
