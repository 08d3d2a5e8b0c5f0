"""The catalogue of bad input (tests/badinput.py) through the real `python -m zhidu check`: one Chinese line each,
with file, line and fix, exit status 1 on errors and 0 when there are only warnings."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from badinput import CASES
from sitekit import make_site

LINE_RE = re.compile(r"^regulations/[^:]+:\d+: (错误|提示)：[^\n]+。[^\n]+$")


def run_check(root) -> subprocess.CompletedProcess:
    # A fixed day: the catalogue's files take effect in 2021 and must not fall due for review as the years pass.
    env = {**os.environ, "ZHIDU_TODAY": "2021-06-01"}
    return subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=root, capture_output=True, text=True, env=env)


def test_the_catalogue_is_large_and_names_are_unique():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gives_one_line_per_problem(case, tmp_path):
    site = make_site(tmp_path, {}, commit=False)
    (site.root / "regulations").mkdir(exist_ok=True)
    case.install(site.root)
    result = run_check(site.root)
    output = result.stdout.splitlines() + result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert output == case.expected
    assert result.returncode == case.exit_code
    for line in output[:-1]:
        assert LINE_RE.match(line), line
        # One numeral style per message: articles are always written in Chinese numerals.
        assert not re.search(r"第\d+条", line), line
    if case.exit_code:
        assert any("：错误" in line or ": 错误：" in line for line in result.stderr.splitlines())
