"""Merging another coder's project into this one.

Whatever the source (another ``.qwb`` or a REFI-QDA ``.qdpx``), it is first read into a
:class:`~workbench.merge.bundle.Bundle` of plain data; :func:`~workbench.merge.plan.plan_merge`
matches it against this project and says what would be added, matched and in conflict; and
:class:`~workbench.merge.ops.MergeBundle` applies that as one undoable step.
"""
