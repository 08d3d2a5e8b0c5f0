"""Dates as Chinese readers write them (2021年1月15日)."""

from __future__ import annotations

import datetime as dt


def cn_date(date: dt.date | None) -> str:
    """``2021-01-15`` → ``2021年1月15日``; nothing for no date."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""
