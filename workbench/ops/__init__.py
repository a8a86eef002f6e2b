"""Undoable operations, one small command class each, grouped by what they change."""
