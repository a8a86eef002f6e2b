"""The cases table: cases by attributes, edited through case commands."""
