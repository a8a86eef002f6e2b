"""Fuzzing every importer: valid small files with bytes flipped, cut, inserted, deleted or
repeated (the archive itself, or one XML part inside it), and random bytes.

The only acceptable outcomes are a document (whose spans lie inside its text) or an
:class:`ImportFailure` with a plain reason. Anything else (a library's KeyError, a
RecursionError, a hang) fails the test with the input that caused it.

Documents and surveys are fed to the functions ``import_files`` runs on its parsing thread
(``parser_for(suffix)`` and ``pending_survey``), in this thread, so a time limit can stop a
hang; .qdpx and .qdc go through ``import_refi`` on a real project, which must be unchanged
whenever a file is refused. One more test sends a batch of damaged files of every type
through ``import_files`` itself, in a child process with a time limit.
"""

from __future__ import annotations

import hashlib
import random
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import builders
from tests.hostile.isolated import run_isolated
from tests.hostile.support import assert_plain, project_state
from workbench.cli_refi_import import import_refi
from workbench.importers.base import ImportFailure, ParsedDocument
from workbench.importers.registry import DOCUMENT_PARSERS, parser_for
from workbench.importing.survey_store import pending_survey
from workbench.project import Coder, Project

if TYPE_CHECKING:
    from collections.abc import Iterator

EXAMPLE_SECONDS = 10  # far beyond any real parse of these small files
ZIPPED = (".docx", ".odt", ".xlsx", ".qdpx")
PARTS = (".xml", ".rels", ".qde", ".txt")
VALID = {suffix: make() for suffix, make in builders.VALID.items()}
MAGIC = {
    ".docx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".qdpx": b"PK\x03\x04",
    ".pdf": b"%PDF-1.7\n",
    ".rtf": b"{\\rtf1 ",
    ".vtt": b"WEBVTT\n\n",
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\n",
    ".qdc": b'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">',
}
FUZZ = settings(
    max_examples=800,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hung(BaseException):
    """An importer ran past the time limit (BaseException: no ``except Exception`` in an
    importer may swallow it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def stop(_signal: int, _frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- strategies
@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` after one to four random edits."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "cut", "insert", "delete", "repeat"]))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "cut":
            del data[at:]
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(1, 8))
    return bytes(data)


@st.composite
def damaged_file(draw: st.DrawFn, suffix: str) -> bytes:
    """A valid file edited at random: for an archive, often one part inside it, so the
    damage gets past the zip layer to the XML and the importer behind it."""
    base = VALID[suffix]
    if suffix in ZIPPED and draw(st.booleans()):
        members = builders.members_of(base)
        part = draw(st.sampled_from(sorted(n for n in members if n.endswith(PARTS))))
        members[part] = draw(mutated(members[part]))
        return builders.zip_of(members, stored=("mimetype",) if "mimetype" in members else ())
    return draw(mutated(base))


def random_file(suffix: str) -> st.SearchStrategy[bytes]:
    """Random bytes, half of them behind the format's signature to get past the first check."""
    noise = st.binary(min_size=1, max_size=2048)
    magic = MAGIC.get(suffix)
    return noise if magic is None else st.one_of(noise, noise.map(lambda tail: magic + tail))


def any_file(suffix: str) -> st.SearchStrategy[bytes]:
    return st.one_of(damaged_file(suffix), damaged_file(suffix), random_file(suffix))


# --------------------------------------------------------------------------- checks
def _check_document(document: ParsedDocument) -> None:
    assert isinstance(document.text, str)
    for span in document.spans:
        assert 0 <= span.start <= span.end <= len(document.text), span


def _parse_or_refuse(suffix: str, data: bytes) -> None:
    try:
        with time_limit(EXAMPLE_SECONDS):
            if suffix in (".csv", ".xlsx"):
                sha = hashlib.sha256(data).hexdigest()
                for pending in pending_survey(Path(f"fuzz{suffix}"), data, sha, None):
                    _check_document(pending.parsed)
            else:
                _check_document(parser_for(suffix)(data, "fuzz"))
    except ImportFailure as exc:
        assert_plain(str(exc))
    except Hung:
        raise AssertionError(f"a {len(data)}-byte {suffix} file hung the importer") from None


@pytest.mark.parametrize("suffix", [*DOCUMENT_PARSERS, ".csv", ".xlsx"])
def test_damaged_documents_and_surveys_import_or_fail_cleanly(suffix: str) -> None:
    @FUZZ
    @given(data=any_file(suffix))
    def check(data: bytes) -> None:
        _parse_or_refuse(suffix, data)

    check()


@pytest.fixture(scope="module")
def refi_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("fuzz") / "study.qwb"
    with Project.create(path, title="Fuzz", coder=Coder("Ana Researcher", "AR")) as project:
        yield project


@pytest.mark.parametrize("suffix", [".qdpx", ".qdc"])
def test_damaged_refi_files_import_or_are_refused_leaving_the_project_as_it_was(
    refi_project: Project, suffix: str
) -> None:
    folder = refi_project.path.parent

    @settings(FUZZ, max_examples=400)  # each one also reads the whole project twice
    @given(data=any_file(suffix))
    def check(data: bytes) -> None:
        path = folder / f"fuzz{suffix}"
        path.write_bytes(data)
        before = project_state(refi_project.path)
        try:
            with time_limit(EXAMPLE_SECONDS):
                import_refi(refi_project, path)
        except ImportFailure as exc:
            assert_plain(str(exc))
            assert project_state(refi_project.path) == before
        except Hung:
            raise AssertionError(f"a {len(data)}-byte {suffix} file hung the import") from None
        else:
            project_state(refi_project.path)  # the integrity check

    check()


# --------------------------------------------------------------------------- whole path
def _damage(data: bytes, rng: random.Random) -> bytes:
    """One of the edits above, with a plain random generator (for the child-process batch)."""
    out = bytearray(data)
    at = rng.randrange(len(out))
    edit = rng.choice(["flip", "cut", "insert", "delete"])
    if edit == "flip":
        out[at] ^= 1 << rng.randrange(8)
    elif edit == "cut":
        del out[at:]
    elif edit == "insert":
        out[at:at] = rng.randbytes(rng.randrange(1, 16))
    else:
        del out[at : at + rng.randrange(1, 64)]
    return bytes(out)


def test_a_batch_of_damaged_files_of_every_type_goes_through_import_files(
    tmp_path: Path,
) -> None:
    """Ten damaged copies of each document and survey type in one batch, in a child process
    with a time limit: each file is imported or named with a plain reason (never the
    catch-all one), the rest of the batch goes on, and the project stays sound."""
    rng = random.Random(20240607)
    folder = tmp_path / "damaged"
    folder.mkdir()
    for suffix in [*DOCUMENT_PARSERS, ".csv", ".xlsx"]:
        for n in range(10):
            data = _damage(VALID[suffix], rng)
            if suffix in ZIPPED and n % 2:
                members = builders.members_of(VALID[suffix])
                part = rng.choice(sorted(m for m in members if m.endswith(PARTS)))
                members[part] = _damage(members[part], rng)
                data = builders.zip_of(members, stored=("mimetype",))
            (folder / f"{n:02d}{suffix}").write_bytes(data)
    project_path = tmp_path / "study.qwb"
    Project.create(project_path, title="Fuzz", coder=Coder("Ana Researcher", "AR")).close()
    report = run_isolated(project_path, folder, timeout=120)
    accounted = [name for name, _ in report["imported"] + report["skipped"] + report["failed"]]
    assert sorted(accounted) == sorted(p.name for p in folder.iterdir())
    for _name, reason in report["failed"]:
        assert_plain(reason)
        assert not reason.startswith("could not be read"), reason
    state = project_state(project_path)
    assert len(state["documents"]) == sum(len(ids) for _, ids in report["imported"])
