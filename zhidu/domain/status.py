"""The status a reader sees (SPEC §5): one enum and the one rule that decides it.

A file says ``现行有效``, ``试行`` or ``已废止``; what a page, a list, a PDF or a search hit shows also depends on
the day and on the other versions of the same regulation: a version that takes effect later is ``尚未生效``, one
that a later version replaced is ``已修订``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Status(StrEnum):
    IN_FORCE = "现行有效"
    TRIAL = "试行"
    REPEALED = "已废止"
    PENDING = "尚未生效"
    SUPERSEDED = "已修订"

    @property
    def key(self) -> str:
        """An ASCII identifier: Material's page status (``extra.status`` in mkdocs.yml) and CSS classes."""
        return _KEYS[self]

    @property
    def in_force(self) -> bool:
        """Applies today: 现行有效 or 试行."""
        return self in (Status.IN_FORCE, Status.TRIAL)


_KEYS = {
    Status.IN_FORCE: "xianxing",
    Status.TRIAL: "shixing",
    Status.REPEALED: "feizhi",
    Status.PENDING: "daishixing",
    Status.SUPERSEDED: "yixiuding",
}

FILE_STATUSES = (Status.IN_FORCE, Status.TRIAL, Status.REPEALED)
"""What a regulation file may say in ``status``."""
LIST_ORDER = (Status.IN_FORCE, Status.TRIAL, Status.PENDING, Status.REPEALED)
"""The order of statuses in lists and counts of regulations (a superseded text is never a list entry)."""


def displayed_status(
    written: str, effective: dt.date, today: dt.date, next_effective: dt.date | None = None, repealed: dt.date | None = None,
) -> Status:
    """The status of one version on ``today``.

    ``written`` is the file's ``status``; ``next_effective`` the date the next version of the same regulation takes
    effect, if there is one; ``repealed`` the file's repeal date. A version not yet in force is 尚未生效; one whose
    successor is in force is 已修订; a repealed regulation whose repeal date is still ahead is in force until then
    (SPEC §5); otherwise it is what the file says.
    """
    if effective > today:
        return Status.PENDING
    if next_effective is not None and next_effective <= today:
        return Status.SUPERSEDED
    if written == Status.REPEALED and repealed is not None and repealed > today:
        return Status.IN_FORCE
    return Status(written)
