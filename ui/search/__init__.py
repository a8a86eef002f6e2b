"""Project-wide text and regular-expression search, and coding every hit at once."""
