"""Round trip, over generated projects: export to .qdpx, make a project from it, and get back
every document, code (tree, colour, description), coding (the same text), case, variable and
value, memo and user. Texts carry emoji and CRLF line ends."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.workbench.ops_support import import_texts
from tests.workbench.test_refi_import_cases import _everything
from workbench.cli_refi_import import new_from_refi
from workbench.ops.cases import CreateAttribute, SetCaseValue
from workbench.ops.codes import PALETTE, CreateCode
from workbench.ops.codings import ApplyCoding
from workbench.ops.memos import CreateMemo
from workbench.project import Coder, Project
from workbench.queries.documents import list_cases
from workbench.refi.export_qde import export_qdpx

WORDS = ["the", "wifi", "drops", "nurse", "📶", "kit", "café", "naïve", "😀", "rota", "night"]
CODERS = [Coder("Ana Researcher", "AR"), Coder("Bea Coder", "BC")]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
turn = st.tuples(st.sampled_from(["P01", "P02", "Interviewer"]), words)
line_end = st.sampled_from(["\n", "\r\n"])
transcript = st.lists(st.tuples(turn, line_end), min_size=1, max_size=5).map(
    lambda turns: "".join(f"{who}: {said}{end}" for (who, said), end in turns)
)


@dataclass(frozen=True)
class Spec:
    texts: list[str]
    codes: list[str]
    parents: list[int | None]
    colours: list[str]
    codings: list[tuple[int, int, float, float, int]]  # document, code, from, to, coder
    memo: str
    role: str


@st.composite
def projects(draw: st.DrawFn) -> Spec:
    texts = draw(st.lists(transcript, min_size=1, max_size=3))
    names = st.sampled_from(["Trust", "Access", "Cost", "Staff", "Data"])
    codes = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    parents = [
        draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None for i in range(len(codes))
    ]
    coding = st.tuples(
        st.integers(0, len(texts) - 1),
        st.integers(0, len(codes) - 1),
        st.floats(0, 1),
        st.floats(0, 1),
        st.integers(0, 1),
    )
    return Spec(
        texts=texts,
        codes=codes,
        parents=parents,
        colours=[draw(st.sampled_from(PALETTE)) for _ in codes],
        codings=draw(st.lists(coding, max_size=8)),
        memo=draw(st.sampled_from(["", "Rushed 😀\nSecond line", "A note"])),
        role=draw(st.sampled_from(["nurse", "manager", ""])),
    )


def _build(folder: Path, spec: Spec) -> Path:
    path = folder / "original.qwb"
    with Project.create(path, coder=CODERS[0]) as project:
        # A first line makes each text unique: the same file twice is skipped as a duplicate.
        texts = {f"doc{i}": f"Interview {i}\n{text}" for i, text in enumerate(spec.texts)}
        docs = list(import_texts(project, folder, texts).values())
        code_ids: list[int] = []
        for name, parent, colour in zip(spec.codes, spec.parents, spec.colours, strict=True):
            under = code_ids[parent] if parent is not None else None
            command = CreateCode(name=name, colour=colour, definition=name, parent_id=under)
            project.execute(command)
            assert command.code_id is not None
            code_ids.append(command.code_id)
        with project.transaction() as session:
            users = [project.user_id, project.user_for(session, CODERS[1])]
        for doc, code, a, b, coder in spec.codings:
            length = len(project.document_text(docs[doc]))
            start, end = sorted((int(a * length), int(b * length)))
            if end > start:
                apply = ApplyCoding(document_id=docs[doc], code_id=code_ids[code], start=start,
                                    end=end, user_id=users[coder])  # fmt: skip
                project.execute(apply)
        if spec.memo:
            memo = CreateMemo(kind="code", title="Memo", text=spec.memo, target_id=code_ids[0])
            project.execute(memo)
        cases = list_cases(project)
        if spec.role and cases:
            attribute = CreateAttribute(name="Role", kind="text")
            project.execute(attribute)
            assert attribute.attribute_id is not None
            value = SetCaseValue(case_id=cases[0].id, attribute_id=attribute.attribute_id,
                                 value=spec.role)  # fmt: skip
            project.execute(value)
    return path


# Found by this test: a passage of our own export ending mid-word after an emoji was read as if
# NVivo had counted it (the guess is now skipped for our own files).
MID_WORD_AFTER_EMOJI = Spec(
    texts=["P02: the the the the\nP01: the the the the nurse 📶 the drops\nP01: the\n"],
    codes=["Trust", "Access"],
    parents=[None, None],
    colours=["#0072B2", "#0072B2"],
    codings=[(0, 0, 0.0, 0.78125, 0), (0, 0, 0.78125, 0.0, 1)],
    memo="",
    role="nurse",
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
@example(MID_WORD_AFTER_EMOJI)
def test_export_then_import_gives_back_the_same_project(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        original = _build(folder, spec)
        with Project.open(original, coder=CODERS[0]) as project:
            before = _everything(project)
            export_qdpx(project, folder / "exported.qdpx")
        report = new_from_refi(folder / "copy.qwb", folder / "exported.qdpx", coder=CODERS[0])
        with Project.open(folder / "copy.qwb", coder=CODERS[0]) as copy:
            assert _everything(copy) == before
        assert report.left_out == []
