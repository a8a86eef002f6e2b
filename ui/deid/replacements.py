"""The words the review screen shows, and the replacements applying will write.

Detecting is slow (the language pipeline reads every document), so an answer in the review
(accept, reject, a new label) is shown at once by working out the replacements again here from
the pseudonym map, exactly as :func:`workbench.deid.detect` does: accepted detections take their
map row, their label's fixed replacement or the next number, in document order; a rejected one
shows what it would get without taking a number. So the screen shows now what it shows when
opened again, and applying (which is handed these replacements) writes what was shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from workbench.deid import ACCEPTED, LABELS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workbench.deid import Detection, PseudonymMap

LABEL_WORDS = {
    "person": "Person",
    "hospital": "Hospital",
    "organisation": "Organisation",
    "place": "Place",
    "name": "Name",
    "date": "Date",
    "nhs_number": "NHS number",
    "postcode": "Postcode",
    "phone": "Phone number",
    "email": "Email address",
    "ni_number": "NI number",
}
SOURCE_WORDS = {
    "user": "A name you added",
    "manual": "Marked by hand",
    "pattern": "the identifier patterns",
    "ner": "the language model",
    "rule": "the name rules",
}
VERDICT_WORDS = {ACCEPTED: "Accepted", "rejected": "Rejected"}
STAYS = "(stays as written)"


def found_by(detection: Detection) -> str:
    """ "Found by the language model", "A name you added"…, for the tooltip and the title."""
    words = SOURCE_WORDS.get(detection.source, detection.source)
    return words if detection.source in ("user", "manual") else f"Found by {words.lower()}"


def label_word(label: str) -> str:
    return LABEL_WORDS.get(label, label.replace("_", " ").capitalize())


def label_choices() -> list[tuple[str, str]]:
    """Every label with its words, in the map's order (people first, identifiers last)."""
    return [(label, label_word(label)) for label in LABELS]


def reproposed(detections: Sequence[Detection], pseudonyms: PseudonymMap) -> list[Detection]:
    """``detections`` (in document order) with the replacements applying would write now."""
    return [
        replace(d, replacement=pseudonyms.shown(d.key, d.label, accepted=d.verdict == ACCEPTED))
        for d in detections
    ]


def counts_text(detections: Sequence[Detection], shown: int) -> str:
    """ "42 detections, 3 rejected" (and how many the filters show, when not all)."""
    total = len(detections)
    rejected = sum(d.verdict != ACCEPTED for d in detections)
    text = f"{total:,} detection{'' if total == 1 else 's'}, {rejected:,} rejected"
    if shown != total:
        text += f" ({shown:,} shown)"
    return text
