"""Dialogs that gather choices before a background job (import, export)."""
