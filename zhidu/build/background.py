"""Work that follows a build in the background under ``mkdocs serve`` (PDFs, the search box's index).

The page reloads at once and the slow output follows. Only the newest build's run matters: each job keeps one
counter for the whole process (a build makes new feature objects, so the counter cannot live on them), and a run
asks ``current()`` whether a newer build has started since, to stop early or not to publish stale output.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable


class LatestOnly:
    """One kind of background job; a newer ``start`` supersedes the runs before it."""

    def __init__(self, name: str, failure: str, log: logging.Logger):
        self.name = name
        self.failure = failure
        """What the log says when a run fails (in Chinese), before the exception's own words."""
        self.log = log
        self.generation = 0

    def start(self, work: Callable[[Callable[[], bool]], Iterable[str]]) -> None:
        """Run ``work(current)`` in a thread and log the lines it returns; a failure never stops the server."""
        self.generation += 1
        generation = self.generation

        def current() -> bool:
            return generation == self.generation

        def run() -> None:
            try:
                for line in work(current):
                    self.log.info(line)
            except Exception as exc:
                self.log.warning(f"{self.failure}：{type(exc).__name__}: {exc}")

        threading.Thread(target=run, name=self.name, daemon=True).start()
