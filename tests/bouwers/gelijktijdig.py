"""Two (or more) writers at the same moment: each callable in its own thread, so each has
its own database connection and row locks are really tested (transactional tests only)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def tegelijk(*werk: Callable[[], object]) -> list[object]:
    """Run the callables in threads that start together; the result or exception of each."""
    start = threading.Barrier(len(werk))
    uitkomst: list[object] = [None] * len(werk)

    def draai(i: int, functie: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            uitkomst[i] = functie()
        except Exception as exc:  # collected and asserted by the test
            uitkomst[i] = exc
        finally:
            connection.close()  # this thread's own connection

    draden = [threading.Thread(target=draai, args=(i, f)) for i, f in enumerate(werk)]
    for d in draden:
        d.start()
    for d in draden:
        d.join(timeout=30)
    assert not any(d.is_alive() for d in draden)
    return uitkomst
