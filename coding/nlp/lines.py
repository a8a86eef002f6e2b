"""Running whole documents through spaCy one line at a time.

A document is cut at its line breaks (importers end every paragraph and speaker turn with one)
and the lines go through ``nlp.pipe`` in batches, in several processes for large jobs. Lines
keep every spaCy limit far away (``nlp.max_length`` is a million characters) and make caching
and progress fine-grained. A line's ``Doc`` offsets are relative to the line; ``offset`` says
where the line starts in its document.
"""

from __future__ import annotations

import os
import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from coding.nlp.pipeline import LoadedPipeline

LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")
BATCH_SIZE = 256
# Below this many characters a second process costs more to start than it saves.
MULTIPROCESS_CHARS = 2_000_000


def lines_of(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` for each line of ``text`` that has something besides spaces."""
    return [(m.start(), m.group()) for m in LINE.finditer(text) if not m.group().isspace()]


def processes_for(total_chars: int) -> int:
    """How many processes a job over ``total_chars`` characters should use.

    spaCy starts its processes by forking, which is only safe from the main thread of a
    single-threaded process (the command line); the app, with Qt's threads, stays on one.
    """
    if total_chars < MULTIPROCESS_CHARS:
        return 1
    alone = threading.current_thread() is threading.main_thread()
    if not alone or threading.active_count() > 1:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def pipe_documents(
    loaded: LoadedPipeline,
    texts: Sequence[str],
    *,
    disable: Sequence[str] = (),
    n_process: int = 1,
    on_line: Callable[[int], None] | None = None,
) -> Iterator[list[tuple[int, Any]]]:
    """For each text, in order, its ``(offset, Doc)`` lines.

    ``disable`` names components the caller does not need (missing names are ignored);
    ``on_line`` is called with the number of characters done since its last call, for progress;
    over a whole job they add up to the total length of ``texts``.
    """
    per_text = [lines_of(text) for text in texts]
    flat = [line for lines in per_text for _, line in lines]
    unused = [name for name in disable if name in loaded.nlp.pipe_names]
    docs = loaded.nlp.pipe(flat, batch_size=BATCH_SIZE, disable=unused, n_process=n_process)
    for text, lines in zip(texts, per_text, strict=True):
        done, position = [], 0
        for offset, line in lines:
            done.append((offset, next(docs)))
            if on_line is not None:
                on_line(offset + len(line) - position)
            position = offset + len(line)
        if on_line is not None and len(text) > position:
            on_line(len(text) - position)
        yield done
