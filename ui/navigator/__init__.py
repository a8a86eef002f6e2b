"""The navigator: documents by kind and folder with counts, and the project's cases."""
