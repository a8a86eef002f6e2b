"""De-identifying 1 million words, beside spaCy's own ``nlp.pipe`` over the same lines.

The corpus: 100 synthetic interviews of 10,000 words (``benchmarks.corpus``) with identifying
details mixed into the participants' turns: titled names, full names, hospitals, towns, dates,
NHS numbers (with valid check digits), postcodes, phone numbers and emails.

The floor is ``nlp.pipe`` over the same lines (the documents cut at their line breaks), with the
trained pipeline, the same components switched on (entity recognition needs only ``ner``) and
the same number of processes. Detection adds the patterns, the rules, twenty added names and
the merging. Budget: detection at most 1.5 times the floor.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

from benchmarks.corpus import transcript_paragraphs
from benchmarks.timing import measure, verdict
from coding.nlp.deid import UserNames, detect_texts, ner_disabled
from coding.nlp.lines import BATCH_SIZE, lines_of, processes_for
from coding.nlp.pipeline import load_pipeline

BUDGET_RATIO = 1.5
WORDS = 1_000_000
WORDS_PER_DOCUMENT = 10_000
FIRST = ("Sarah", "Tom", "Priya", "Mohammed", "Aisha", "David", "Grace", "Liam", "Chloe", "Ravi")
LAST = ("Jones", "Brown", "Patel", "Khan", "O'Neill", "Smith", "Okafor", "Walsh", "Evans", "Li")
HOSPITALS = (
    "St Mary's Hospital",
    "Leeds General Infirmary",
    "Royal Free Hospital",
    "Harehills Surgery",
    "Airedale NHS Foundation Trust",
)
TOWNS = ("Leeds", "Bradford", "Halifax", "Manchester", "Sheffield", "York")
MONTHS = ("January", "March", "June", "September", "November")
POSTCODES = ("LS1 4AP", "BD7 1DP", "HX1 2TT", "M13 9WL", "S10 2TN", "YO1 7HH")


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        check = (11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11) % 11
        if check != 10:
            text = "".join(map(str, [*digits, check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def _detail(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    date = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2023)}"
    phone = f"07700 {rng.randint(900000, 900999)}"
    return rng.choice(
        (
            f"I saw Dr {rng.choice(LAST)} at {rng.choice(HOSPITALS)} on {date}.",
            f"{name} from {rng.choice(TOWNS)} came with me.",
            f"My NHS number is {_nhs_number(rng)} and I live at {rng.choice(POSTCODES)}.",
            f"You can ring me on {phone} or email {name.split()[0].lower()}@example.org.",
            f"We moved to {rng.choice(TOWNS)} in {rng.choice(MONTHS)} {rng.randint(2015, 2023)}.",
        )
    )


def corpus(words: int = WORDS) -> list[str]:
    """Interviews of about ``words`` words in all, with a detail in one turn in three."""
    rng = random.Random(6)
    texts = []
    for index in range(1, max(1, words // WORDS_PER_DOCUMENT) + 1):
        paragraphs = transcript_paragraphs(index, min(words, WORDS_PER_DOCUMENT), seed=6)
        turns = [
            p if i % 2 == 0 or rng.random() > 1 / 3 else f"{p} {_detail(rng)}"
            for i, p in enumerate(paragraphs)
        ]
        texts.append("\n".join(turns) + "\n")
    return texts


def run(repeats: int, words: int = WORDS) -> dict[str, Any]:
    loaded = load_pipeline(None)
    texts = corpus(words)
    lines = [line for text in texts for _, line in lines_of(text)]
    total = sum(map(len, texts))
    n_process = processes_for(total)
    disabled = ner_disabled(loaded)
    names = UserNames(
        {f"{f} {last}": "person" for f, last in zip(FIRST, LAST, strict=True)}
        | dict.fromkeys(TOWNS[:4], "place")
        | {"Airedale": "place"}
    )
    found: list[list[Any]] = []

    def floor() -> None:
        for _ in loaded.nlp.pipe(
            lines, batch_size=BATCH_SIZE, disable=disabled, n_process=n_process
        ):
            pass

    def detection() -> None:
        found[:] = list(detect_texts(loaded, texts, user_names=names, n_process=n_process))

    floor_timing = measure(floor, repeats)
    detect_timing = measure(detection, repeats)
    ratio = detect_timing["best_s"] / floor_timing["best_s"]
    labels = Counter(f.label for per_text in found for f in per_text)
    return {
        "what": f"de-identifying {sum(len(t.split()) for t in texts):,} words in {len(texts)} "
        f"interviews with {loaded.name} {loaded.version}, {n_process} process(es), "
        f"components on: {', '.join(n for n in loaded.nlp.pipe_names if n not in disabled)}",
        "nlp_pipe_floor": floor_timing,
        "detection": detect_timing,
        "ratio_to_floor": round(ratio, 2),
        "budget_ratio": BUDGET_RATIO,
        "verdict": verdict(ratio, BUDGET_RATIO),
        "detections_by_label": dict(sorted(labels.items())),
    }
