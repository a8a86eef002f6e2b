"""De-identification: detect identifying details, review them, and rewrite documents with
consistent pseudonyms while every coding, span and anchor moves with the text.

- :func:`detect` / :func:`detection_job`: detections in chosen documents (read-only);
- :class:`DecideDetections` with :class:`Decision`: accept, reject or add a passage;
- :class:`AddName`, :class:`SetReplacement`, :class:`RemoveName`: the pseudonym map;
- :func:`apply_deidentification` (or :class:`ApplyDeidentification` for a macro): rewrite.
"""

from __future__ import annotations

from workbench.deid.apply import ApplyDeidentification, apply_deidentification
from workbench.deid.decisions import ACCEPTED, REJECTED, DecideDetections, Decision
from workbench.deid.detect import Detection, detect, detection_job
from workbench.deid.map_ops import AddName, RemoveName, SetReplacement
from workbench.deid.pseudonym_map import FIXED, LABELS, MapEntry, PseudonymMap, load_map
from workbench.deid.report import DELETED, KEPT, ApplyReport, LostCoding

__all__ = [
    "ACCEPTED",
    "DELETED",
    "FIXED",
    "KEPT",
    "LABELS",
    "REJECTED",
    "AddName",
    "ApplyDeidentification",
    "ApplyReport",
    "DecideDetections",
    "Decision",
    "Detection",
    "LostCoding",
    "MapEntry",
    "PseudonymMap",
    "RemoveName",
    "SetReplacement",
    "apply_deidentification",
    "detect",
    "detection_job",
    "load_map",
]
