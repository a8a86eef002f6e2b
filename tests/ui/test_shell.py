"""Settings, themes, zoom and background jobs: the parts of the shell every view relies on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QPalette

from ui import settings as keys
from ui.settings import Settings
from ui.theme import apply_theme, apply_zoom, readable_text_on
from ui.workers import JobRunner
from workbench.errors import OperationError
from workbench.progress import Cancelled, Progress

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication


def test_settings_keep_their_types_across_a_restart(tmp_path: Path) -> None:
    first = Settings(tmp_path / "settings.ini")
    first.set(keys.ZOOM, 3)
    first.set(keys.CODER_NAME, "Ana Researcher")
    first.add_recent("/data/a.qwb")
    first.add_recent("/data/b.qwb")
    first.add_recent("/data/a.qwb")
    first.sync()
    again = Settings(tmp_path / "settings.ini")
    assert again.get(keys.ZOOM) == 3
    assert again.get(keys.CODER_NAME) == "Ana Researcher"
    assert again.get(keys.RECENT) == ["/data/a.qwb", "/data/b.qwb"]
    assert again.get(keys.THEME) == "light"  # default when never set


def test_zoom_changes_the_application_font_within_limits(qapp: QApplication) -> None:
    before = qapp.font().pointSizeF()
    try:
        assert apply_zoom(qapp, 4) == 4
        assert qapp.font().pointSizeF() == pytest.approx(before + 4, abs=1)
        assert apply_zoom(qapp, 100) < 100  # clamped to a readable maximum
    finally:
        apply_zoom(qapp, 0)


@pytest.mark.parametrize("theme", ["dark", "high-contrast"])
def test_dark_and_high_contrast_themes_keep_text_readable(qapp: QApplication, theme: str) -> None:
    try:
        apply_theme(qapp, theme)
        palette = qapp.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        assert base.lightness() < 60
        assert text.lightness() > 200
    finally:
        apply_theme(qapp, "light")


def test_text_on_a_code_colour_is_black_or_white_by_luminance() -> None:
    assert readable_text_on("#F0E442") == "#000000"  # yellow
    assert readable_text_on("#0072B2") == "#ffffff"  # blue
    assert readable_text_on("#000000") == "#ffffff"


def test_a_job_runs_off_the_gui_thread_and_reports_its_result(qtbot) -> None:
    runner = JobRunner()
    results: list[object] = []

    def work(progress: Progress) -> int:
        progress.start(3, "counting")
        for _ in range(3):
            progress.advance()
        return 42

    runner.start("Counting", work, results.append, on_failed=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)


def test_a_failing_job_gives_its_message_and_a_cancelled_job_gives_nothing(qtbot) -> None:
    runner = JobRunner()
    failures: list[str] = []
    done: list[object] = []

    def refused(_progress: Progress) -> None:
        raise OperationError("A code needs a name")

    def cancelled(_progress: Progress) -> None:
        raise Cancelled

    runner.start("Refused", refused, done.append, on_failed=failures.append)
    runner.start("Stopped", cancelled, done.append, on_failed=failures.append)
    qtbot.waitUntil(lambda: failures == ["A code needs a name"], timeout=5000)
    assert runner.wait(5000)
    qtbot.wait(50)
    assert done == []
