"""Parsing a large batch in a second process, so that it really runs beside the writing.

Parsing is Python work and so is much of storing: on threads they take turns at the
interpreter lock, and a second core does nothing. A worker process parses file after file
(a few ahead, to keep memory flat) while this process stores what is ready.

A process only pays for itself on a large batch. It is forked when this is the main thread
of a single-threaded process (the command line), which costs milliseconds; anywhere else (the
app, whose import runs on a worker thread beside Qt's threads) it comes from a fork server,
which is started once, cleanly, the first time it is needed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from pathlib import Path

    from workbench.importing.service import ImportOptions
    from workbench.importing.store import PendingDocument
    from workbench.progress import Progress

    Parsed = tuple[str | None, list[PendingDocument] | None, str | None]

MIN_FILES = 8
MIN_BYTES = 2 * 2**20
AHEAD = 8  # files parsed and waiting at most


def worth_a_process(paths: Sequence[Path]) -> bool:
    """True for a batch large enough that a second process saves time on this machine."""
    if (os.cpu_count() or 1) < 2 or len(paths) < MIN_FILES:
        return False
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total >= MIN_BYTES


def parse_file(path: Path, options: ImportOptions) -> Parsed:
    """In the worker: (sha256 of the bytes, documents, failure reason) for one file."""
    from workbench.importing.service import read_and_parse_unchecked

    return read_and_parse_unchecked(path, options)


def parsed_in_a_process(
    paths: Sequence[Path],
    options: Callable[[Path], ImportOptions],
    known: set[str],
    progress: Progress,
) -> Iterator[tuple[Path, list[PendingDocument] | None, str | None, str | None]]:
    """(path, documents, skipped reason, failure reason) for each file, in order.

    Duplicates (a sha256 already in the project or earlier in the batch) are skipped here, in
    order, as the threaded path does. If the worker dies, the rest is parsed in this process.
    """
    from workbench.importing.service import read_and_parse_unchecked

    pending: deque[tuple[Path, Future[Parsed]]] = deque()
    queue = iter(paths)
    context = _context()
    pool = ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_die_with_parent,
        initargs=(os.getpid() if context.get_start_method() == "fork" else None,),
    )  # fmt: skip
    try:
        for path in queue:
            try:
                pending.append((path, pool.submit(parse_file, path, options(path))))
            except BrokenProcessPool:  # the worker died: this process parses the rest
                pending.append((path, _done(read_and_parse_unchecked(path, options(path)))))
            if len(pending) >= AHEAD:
                yield _outcome(*_ready(pending, read_and_parse_unchecked, options), known)
            if progress.cancelled:
                return
        while pending:
            yield _outcome(*_ready(pending, read_and_parse_unchecked, options), known)
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _done(parsed: Parsed) -> Future[Parsed]:
    future: Future[Parsed] = Future()
    future.set_result(parsed)
    return future


def _ready(
    pending: deque[tuple[Path, Future[Parsed]]],
    fallback: Callable[[Path, ImportOptions], Parsed],
    options: Callable[[Path], ImportOptions],
) -> tuple[Path, Parsed]:
    path, future = pending.popleft()
    try:
        return path, future.result()
    except BrokenProcessPool:  # the worker died (out of memory, say): parse it here
        return path, fallback(path, options(path))


def _outcome(
    path: Path, parsed: Parsed, known: set[str]
) -> tuple[Path, list[PendingDocument] | None, str | None, str | None]:
    sha, documents, failed = parsed
    if failed is not None or sha is None:
        return path, None, None, failed or "could not be read"
    if sha in known:
        return path, None, "is already in the project (same content)", None
    known.add(sha)
    return path, documents, None, None


def _die_with_parent(parent: int | None) -> None:
    """In the worker: end when the process that started it ends, even if that is killed.

    Otherwise a killed app would leave the worker waiting for work forever (holding its
    parent's inherited pipes open). Linux can promise this; elsewhere the worker ends when
    it next finds its parent gone.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:  # forked, and the parent died before
        os._exit(0)  # prctl took hold
    os.close(1)  # never write to (or hold open) the parent's standard output
    os.open(os.devnull, os.O_WRONLY)


def _context() -> multiprocessing.context.BaseContext:
    alone = threading.current_thread() is threading.main_thread()
    if (
        alone
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")
