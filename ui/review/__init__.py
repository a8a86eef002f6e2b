"""Reviewer mode: a review pack opened by a patient or public contributor.

:func:`ui.review.reviewer_window.open_reviewer` opens a ``.qwbr`` pack in a
:class:`~ui.review.reviewer_window.ReviewerWindow` instead of the main window.
"""

from __future__ import annotations
