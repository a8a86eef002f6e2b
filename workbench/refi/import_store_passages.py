"""Passages of documents that belong to a case (``Case/SelectionRef``).

Our exports write a speaker linked to a case as one selection per turn of that speaker, and a
case linked to one paragraph or turn as a selection over it. Read back: when a case holds
every turn of a speaker, the speaker is linked to the case (so their codings count for it, as
speaker cases do); any other passage is linked to the paragraph or turn it covers exactly,
or, if it covers none, to a new structure span of kind ``passage`` (structure queries read
only paragraphs, headings, questions and turns, so it changes no numbering).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import insert, select, update

from storage.models import CaseMember, DocSpan, Speaker
from workbench.refi.import_report import plural, were

if TYPE_CHECKING:
    from workbench.refi.import_context import StoreContext

Passage = tuple[int, int, int]  # document id, start, end


def store_passages(ctx: StoreContext, selections: dict[int, list[str]]) -> None:
    """Link each case (by id) to the passages named by REFI selection GUIDs."""
    wanted: dict[int, set[Passage]] = {}
    missing = 0
    for case_id, guids in selections.items():
        for guid in guids:
            found = ctx.selections.get(guid)
            if found is None or found[1] >= found[2]:
                missing += 1
            else:
                wanted.setdefault(case_id, set()).add(found)
    if missing:
        ctx.report.left_out.append(
            f"{plural(missing, 'passage')} linked to cases {were(missing)} not brought in: "
            f"{'it is' if missing == 1 else 'they are'} in sources that were not brought in, "
            "or cover no text."
        )
    if wanted:
        _Structure(ctx, {p[0] for passages in wanted.values() for p in passages}).link(wanted)


class _Structure:
    def __init__(self, ctx: StoreContext, documents: set[int]) -> None:
        self.ctx = ctx
        session = ctx.session
        rows = session.execute(
            select(
                DocSpan.id,
                DocSpan.document_id,
                DocSpan.start,
                DocSpan.end,
                DocSpan.kind,
                DocSpan.speaker_id,
            ).where(DocSpan.document_id.in_(documents))
        ).all()
        self.spans: dict[Passage, int] = {}
        self.turns: dict[int, set[Passage]] = {}  # speaker id -> their turns
        for span_id, document, start, end, kind, speaker in rows:
            self.spans.setdefault((document, start, end), int(span_id))
            if kind == "turn" and speaker is not None:
                self.turns.setdefault(int(speaker), set()).add((document, start, end))
        speakers = select(Speaker.id, Speaker.case_id).where(Speaker.document_id.in_(documents))
        self.speaker_case = {int(s): c for s, c in session.execute(speakers)}
        members = select(CaseMember.case_id, CaseMember.span_id).where(
            CaseMember.span_id.is_not(None), CaseMember.document_id.in_(documents)
        )
        self.members = {(int(c), int(s or 0)) for c, s in session.execute(members)}

    def link(self, wanted: dict[int, set[Passage]]) -> None:
        for case_id, passages in wanted.items():
            rest = set(passages)
            for speaker, turns in self.turns.items():
                if turns <= rest and self.speaker_case.get(speaker) in (None, case_id):
                    self._link_speaker(speaker, case_id)
                    rest -= turns
            for passage in sorted(rest):
                self._link_span(case_id, passage)

    def _link_speaker(self, speaker: int, case_id: int) -> None:
        if self.speaker_case.get(speaker) != case_id:
            self.ctx.session.execute(
                update(Speaker).where(Speaker.id == speaker).values(case_id=case_id)
            )
            self.speaker_case[speaker] = case_id

    def _link_span(self, case_id: int, passage: Passage) -> None:
        document, start, end = passage
        span_id = self.spans.get(passage)
        if span_id is None:
            inserted = self.ctx.session.execute(
                insert(DocSpan)
                .values(document_id=document, start=start, end=end, kind="passage")
                .returning(DocSpan.id)
            )
            span_id = self.spans[passage] = int(inserted.scalar_one())
        if (case_id, span_id) not in self.members:
            self.members.add((case_id, span_id))
            self.ctx.session.execute(
                insert(CaseMember).values(case_id=case_id, document_id=document, span_id=span_id)
            )
