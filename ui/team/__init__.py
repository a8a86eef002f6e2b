"""Teamwork views: the audit log, coder comparison and merging."""
