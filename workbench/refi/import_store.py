"""Storing a read REFI-QDA file in a project: everything in one transaction, or nothing.

Order matters because each part refers to the ones before it: coders, codes, documents (with
their codings), cases and attribute values, then memos, which can be about any of them. The
file's GUIDs are kept wherever the project does not already use them, so exporting again
gives the same GUIDs and merging can match on them.

Documents go through the import pipeline's :class:`DocumentWriter`, so they get the same
paragraphs, speaker turns and search index as a text file imported directly. A source whose
text is already in the project (same file hash or same text) is not stored twice: its
codings are added to the copy there, and codings already present are not repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from storage.models import Document
from workbench.importers.plain_text import document_from_lines
from workbench.importing.store import DocumentWriter, PendingDocument
from workbench.progress import Progress
from workbench.refi import (
    import_store_cases,
    import_store_codes,
    import_store_codings,
    import_store_memos,
)
from workbench.refi.import_context import StoreContext, stored_guid
from workbench.refi.import_report import plural, were

if TYPE_CHECKING:
    from workbench.project import Project
    from workbench.refi.import_model import RefiProject
    from workbench.refi.import_offsets import PlacedText
    from workbench.refi.import_report import RefiImportReport


def store_refi(
    project: Project,
    refi: RefiProject,
    placed: list[PlacedText],
    report: RefiImportReport,
    progress: Progress | None = None,
    *,
    new_project: bool = False,
) -> None:
    """Write ``refi`` into ``project`` in one transaction; any error leaves it unchanged.

    ``new_project``: the project was just made from this file, so the coder who made it takes
    the GUID the file gives them (an export then round-trips exactly)."""
    progress = progress or Progress()
    progress.start(len(placed) + 4, f"Importing {refi.file_name}")
    with project.transaction() as session:
        ctx = StoreContext(session, report, refi, project.user_id, new_project=new_project)
        import_store_codes.store_users(ctx)
        import_store_codes.store_codes(ctx, placed)
        progress.advance(label="Codes")
        _store_documents(ctx, placed, progress)
        import_store_codings.store_codings(ctx, placed)
        progress.advance(label="Codings")
        import_store_cases.store_cases(ctx, placed)
        progress.advance(label="Cases")
        import_store_memos.store_memos(ctx, placed)
        progress.advance(label="Memos")
        progress.check()
        details = {
            "file": refi.file_name,
            "documents": report.document_ids,
            "codes": report.codes,
            "codings": report.codings,
        }
        project.audit(session, "ImportRefi", details)


def _store_documents(ctx: StoreContext, placed: list[PlacedText], progress: Progress) -> None:
    session = ctx.session
    known = {sha: int(i) for i, sha in session.execute(select(Document.id, Document.sha256)) if sha}
    taken = {str(g).lower() for g in session.scalars(select(Document.guid))}
    writer = DocumentWriter(session, ctx.user_id)
    try:
        for item in placed:
            progress.check()
            progress.advance(label=f"Importing {item.source.name}")
            source = item.source
            existing = known.get(source.sha256) or _same_text(ctx, item.text)
            if existing is not None:
                _reuse(ctx, item, existing)
                continue
            document_id = writer.write(_pending(ctx.refi, item))
            known[source.sha256] = document_id
            ctx.documents[source.guid] = document_id
            ctx.new_documents.add(document_id)
            ctx.report.document_ids.append(document_id)
            guid = stored_guid(source.guid, taken)
            session.execute(update(Document).where(Document.id == document_id).values(guid=guid))
    finally:
        writer.close()
    ctx.report.documents = len(ctx.new_documents)


def _pending(refi: RefiProject, item: PlacedText) -> PendingDocument:
    source = item.source
    parsed = document_from_lines(
        source.name, item.text, "refi", metadata={"refi_origin": refi.origin}
    )
    return PendingDocument(
        parsed=parsed,
        original_name=source.name,
        sha256=source.sha256,
        kind=source.kind or parsed.kind,
        options={"refi_file": refi.file_name},
        cases_from_speakers=False,  # the file's own cases say who is who
    )


def _same_text(ctx: StoreContext, text: str) -> int | None:
    """A document already holding exactly ``text`` (only same-length ones are read)."""
    rows = ctx.session.execute(
        select(Document.id, Document.text).where(func.length(Document.text) == len(text))
    ).all()
    return next((int(i) for i, stored in rows if stored == text), None)


def _reuse(ctx: StoreContext, item: PlacedText, document_id: int) -> None:
    """The source's text is already in the project: its codings go onto that document."""
    stored = ctx.session.scalar(select(Document.text).where(Document.id == document_id))
    name = item.source.name
    if stored != item.text:
        codings = sum(len(s.selection.codings) for s in item.selections)
        ctx.report.left_out.append(
            f"“{name}” is already in the project from the same file, but its text there "
            f"differs, so {plural(codings, 'coding')} of it {were(codings)} not brought in."
        )
        return
    ctx.documents[item.source.guid] = document_id
    if document_id not in ctx.new_documents:
        ctx.report.reused.append(
            f"“{name}” is already in the project (the same text), so it was not added again; "
            "the file's codings of it were matched to that copy."
        )
