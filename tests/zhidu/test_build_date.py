"""The build date is an input of the checks (ZHIDU_TODAY), never a hidden call inside a cached parse."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from badinput import doc
from sitekit import make_site

from zhidu.corpus.load import load_corpus
from zhidu.corpus.parsecache import ParseCache

REPEALED = doc("repealed: 2030-03-01", "review_by: 2031-01-01")  # no review due on either day
WARNING = "废止日期 2030-03-01 已过"


def check_on(root, day: str) -> str:
    env = {**os.environ, "ZHIDU_TODAY": day}
    result = subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_check_honours_zhidu_today_for_a_repeal_date(tmp_path):
    site = make_site(tmp_path, {"regulations/a.md": REPEALED}, commit=False)
    before = check_on(site.root, "2030-02-28")
    assert WARNING not in before and "0 处提示" in before
    # Same files, same parse cache on disk (.cache/zhidu): the later day must warn, the earlier one again must not.
    assert WARNING in check_on(site.root, "2030-03-01")
    assert WARNING not in check_on(site.root, "2030-02-28")


def test_a_cached_parse_does_not_keep_the_date(tmp_path):
    site = make_site(tmp_path, {"regulations/a.md": REPEALED}, commit=False)
    cache = ParseCache(tmp_path / "cache")
    late = load_corpus(site.root, "", dt.date(2030, 6, 1), cache)
    early = load_corpus(site.root, "", dt.date(2030, 1, 1), cache)
    assert cache.parsed == 1  # the second build parsed nothing: it came from the cache
    assert any(WARNING in p.message for p in late.collection.problems)
    assert not any(WARNING in p.message for p in early.collection.problems)
    regulation, problems = cache(REPEALED, "regulations/a.md")
    assert regulation is not None and not any(WARNING in p.message for p in problems)
