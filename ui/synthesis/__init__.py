"""Synthesis views: the NASSS complexity assessment, the framework matrix, the barrier register."""
