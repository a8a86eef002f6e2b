"""What the figures were measured on: machine, Python, SQLite and library versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from typing import Any

PACKAGES = ("SQLAlchemy", "lxml", "python-docx", "PySide6", "openpyxl")


def describe() -> dict[str, Any]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
    }
