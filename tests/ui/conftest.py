"""Every GUI test runs with the app-wide accessible namer installed, as the app does."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from ui import accessibility

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _accessible_names(qapp: QApplication) -> None:
    accessibility.install(qapp)
