"""House style: modules stay small. Past 600 lines a module must be split (no exemptions)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("workbench", "ui", "coding", "storage", "resources", "benchmarks")
LIMIT = 600
ALLOWED: set[str] = set()  # starts empty; an entry here needs a reason in its comment


def test_no_module_is_longer_than_600_lines() -> None:
    too_long = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT and relative not in ALLOWED:
                too_long.append(f"{relative} ({lines} lines)")
    assert too_long == [], f"split these modules: {too_long}"
