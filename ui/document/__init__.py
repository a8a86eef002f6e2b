"""The document view: text, coding highlights and the coding-stripes margin."""

from __future__ import annotations

from ui.document.view import DocumentView

__all__ = ["DocumentView"]
