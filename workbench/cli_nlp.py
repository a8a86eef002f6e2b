"""``workbench nlp-info``: which language pipeline is active and what it can do.

A configured pipeline that is not installed is reported in plain words, and the next one in
the resolution order (see ``coding.nlp.pipeline``) is used instead; that is not an error.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from workbench.cli_support import say

if TYPE_CHECKING:
    import argparse

    from coding.nlp.pipeline import LoadedPipeline


def add_parsers(sub: Any) -> None:
    info = sub.add_parser("nlp-info", help="which language pipeline is active and its features")
    info.add_argument(
        "--package", metavar="NAME", help="spaCy pipeline package to prefer, or 'blank' for rules"
    )
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(run=nlp_info_command)


def nlp_info_command(args: argparse.Namespace) -> int:
    from coding.nlp.pipeline import load_pipeline

    loaded = load_pipeline(args.package)
    if args.json:
        say(json.dumps(info_dict(loaded, args.package), indent=2))
        return 0
    say(f"Language pipeline: {loaded.describe()}")
    kind = "trained" if loaded.trained else "rule-based, no trained pipeline"
    say(f"Features: {', '.join(loaded.features)} ({kind})")
    for note in loaded.notes:
        say(f"Note: {note}")
    return 0


def info_dict(loaded: LoadedPipeline, configured: str | None) -> dict[str, Any]:
    """The facts ``nlp-info --json`` prints; also what the GUI's About box can show."""
    return {
        "configured": configured,
        "pipeline": loaded.name,
        "version": loaded.version,
        "trained": loaded.trained,
        "features": list(loaded.features),
        "description": loaded.describe(),
        "notes": list(loaded.notes),
    }
