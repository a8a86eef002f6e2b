"""Plain report models built from a project, for the exporters to render."""
