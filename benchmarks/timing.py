"""Timing helpers: best and median of a few repeats (the machine is shared and noisy)."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def measure(run: Callable[[], Any], repeats: int) -> dict[str, Any]:
    """Seconds for ``run``: best, median and every repeat."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {
        "best_s": round(min(times), 4),
        "median_s": round(statistics.median(times), 4),
        "runs_s": [round(t, 4) for t in times],
    }


def verdict(value: float, budget: float) -> str:
    return "within budget" if value <= budget else "OVER BUDGET"
