"""Large language jobs use several processes only where forking them is safe."""

from __future__ import annotations

import threading

from coding.nlp.lines import MULTIPROCESS_CHARS, processes_for


def test_a_small_job_stays_in_one_process() -> None:
    assert processes_for(MULTIPROCESS_CHARS - 1) == 1


def test_a_large_job_off_the_main_thread_stays_in_one_process() -> None:
    found: list[int] = []
    worker = threading.Thread(target=lambda: found.append(processes_for(10 * MULTIPROCESS_CHARS)))
    worker.start()
    worker.join()
    assert found == [1]  # the app's jobs run on worker threads beside Qt's
