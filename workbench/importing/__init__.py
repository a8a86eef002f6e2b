"""Importing files into a project: parse outside the transaction, store in one."""
