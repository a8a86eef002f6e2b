"""The document view on a 60,000-word transcript with 3,000 codings, offscreen: open it until
painted, apply a code with the repaint, and scroll it from top to bottom a page at a time.

Qt is imported inside :func:`run`, after choosing the offscreen platform, so that the other
benchmarks never load it.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.corpus import code_names, generate_codings, transcript_paragraphs, write_txt
from benchmarks.timing import measure, verdict
from workbench.importing.service import import_files
from workbench.ops.codes import CreateCode
from workbench.ops.codings import ApplyCoding, CodeSegments
from workbench.project import Project

if TYPE_CHECKING:
    from ui.document.view import DocumentView

WORDS, CODINGS, CODES = 60_000, 3_000, 30
OPEN_BUDGET_S, APPLY_BUDGET_S, SCROLL_BUDGET_FPS = 0.300, 0.030, 30.0
WINDOW = (1200, 800)


def _build(root: Path) -> tuple[Path, int, list[int]]:
    """A project with the transcript, 30 codes and 3,000 codings made by real commands."""
    path = root / "document_view.qwb"
    source = root / "transcript_0001.txt"
    write_txt(source, transcript_paragraphs(1, WORDS))
    with Project.create(path) as project:
        document_id = import_files(project, [source]).document_ids[0]
        code_ids = []
        for name in code_names(CODES):
            command = CreateCode(name=name)
            project.execute(command)
            assert command.code_id is not None
            code_ids.append(command.code_id)
        length = len(project.document_text(document_id))
        by_code: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for coding in generate_codings([length], CODINGS, CODES):
            by_code[code_ids[coding.code_index]].append((document_id, coding.start, coding.end))
        for code_id, segments in by_code.items():
            project.execute(CodeSegments(code_id=code_id, segments=segments, user_id=None))
    return path, document_id, code_ids


def _paint(view: DocumentView) -> None:
    """Repaint the whole view (text, highlights and stripes) into the window's backing store
    now, as the screen would get it, then deliver whatever events are left (painting first, so
    that the update already queued is not painted twice)."""
    from PySide6.QtWidgets import QApplication

    view.repaint()
    QApplication.processEvents()


def _measure_open(view: DocumentView, document_id: int, repeats: int) -> dict[str, Any]:
    def open_cold() -> None:
        view.session.project.forget_documents({document_id})  # the text is read again
        view.show_document(document_id)
        _paint(view)

    return measure(open_cold, repeats)


def _measure_apply(view: DocumentView, document_id: int, code_id: int, repeats: int) -> Any:
    """Apply a code to a passage in view, repaint included; undone between runs (untimed)."""
    session = view.session
    visible = view.text.visible_text()
    assert view.content is not None
    start = view.content.utf16.from_utf16(visible.start) + 40
    times = []
    for _ in range(repeats):
        command = ApplyCoding(
            document_id=document_id, code_id=code_id, start=start, end=start + 120, user_id=None
        )
        started = time.perf_counter()
        session.run(command)
        _paint(view)
        times.append(time.perf_counter() - started)
        session.undo()
        _paint(view)
    return {
        "best_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
        "runs_s": [round(t, 4) for t in times],
    }


def _measure_scroll(view: DocumentView) -> dict[str, Any]:
    """Page Down from top to bottom, painting each page (Qt lays blocks out as they come into
    view, so the scroll range grows on the way down)."""
    from PySide6.QtWidgets import QAbstractSlider

    bar = view.text.verticalScrollBar()
    bar.setValue(0)
    _paint(view)
    frames = 0
    started = time.perf_counter()
    while bar.value() < bar.maximum():
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        _paint(view)
        frames += 1
    elapsed = time.perf_counter() - started
    return {"frames": frames, "seconds": round(elapsed, 3), "fps": round(frames / elapsed, 1)}


def run(repeats: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.document.view import DocumentView
    from ui.session import ProjectSession

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path, document_id, code_ids = _build(Path(folder))
        with Project.open(path, backup=False) as project:
            view = DocumentView(ProjectSession(project))
            view.resize(*WINDOW)
            view.show()
            _paint(view)
            opened = _measure_open(view, document_id, repeats)
            applied = _measure_apply(view, document_id, code_ids[-1], max(repeats, 5))
            scrolled = _measure_scroll(view)
            columns = view.stripes.stripe_geometry().columns
            codings = len(view.index)
            view.close()
            view.deleteLater()
            app.processEvents()
    return {
        "what": f"document view, offscreen {WINDOW[0]}x{WINDOW[1]}: a {WORDS:,}-word transcript "
        f"with {codings:,} codings over {CODES} codes ({columns} stripe columns)",
        "open_until_painted": {
            **opened,
            "budget": f"<= {OPEN_BUDGET_S * 1000:.0f} ms",
            "verdict": verdict(opened["median_s"], OPEN_BUDGET_S),
        },
        "apply_code_with_repaint": {
            **applied,
            "budget": f"<= {APPLY_BUDGET_S * 1000:.0f} ms",
            "verdict": verdict(applied["median_s"], APPLY_BUDGET_S),
        },
        "scroll_top_to_bottom": {
            **scrolled,
            "budget": f">= {SCROLL_BUDGET_FPS:.0f} fps",
            "verdict": verdict(1 / scrolled["fps"], 1 / SCROLL_BUDGET_FPS),
        },
    }
