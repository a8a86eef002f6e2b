"""``python -m benchmarks [--quick] [--only NAME ...] [--out FILE]``: figures as JSON.

Benchmarks are not tests: nothing here fails a build. Each figure is measured beside its
floor or budget in the same run, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks import (
    bench_deid,
    bench_document_view,
    bench_export,
    bench_import,
    bench_lemma_search,
    bench_scaling,
    bench_segments,
    bench_startup,
    bench_suggest,
    bench_synthesis,
    bench_team,
)
from benchmarks.machine import describe

if TYPE_CHECKING:
    from collections.abc import Callable

BENCHMARKS: dict[str, Callable[[int], dict[str, Any]]] = {
    "import_docx": bench_import.run,
    "segments_of_one_code": bench_segments.run,
    "word_export": bench_export.run,
    "document_view": bench_document_view.run,
    "startup_and_memory": bench_startup.run,
    "synthesis": bench_synthesis.run,
    "team": bench_team.run,
    "suggest_training": bench_suggest.run,
    "deid": bench_deid.run,
    "scaling": bench_scaling.run,
    "lemma_search": bench_lemma_search.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": describe(),
        "benchmarks": {},
    }
    for name in args.only or BENCHMARKS:
        started = time.perf_counter()
        sys.stderr.write(f"running {name}...\n")
        results["benchmarks"][name] = BENCHMARKS[name](args.repeats)
        results["benchmarks"][name]["wall_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(results, indent=2)
    sys.stdout.write(text + "\n")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
