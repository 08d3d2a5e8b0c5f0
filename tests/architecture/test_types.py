"""The type checker (mypy, run by `make test` over zhidu/, search/ and hooks/) holds the Feature contract: a feature
whose steps do not match the protocol fails where the build lists it (``list[Feature]``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from mypy import api

PROJECT = Path(__file__).resolve().parents[2]

FEATURES = '''
from zhidu.build.feature import BuildResult, BuildState, Feature
from zhidu.build.run import default_features


class Right:
    name = "right"

    def prepare(self, state: BuildState) -> None: ...

    def extend(self, state: BuildState, result: BuildResult) -> None: ...


class Wrong:
    name = "wrong"

    def prepare(self, state: BuildState) -> None: ...

    def extend(self, state: BuildState) -> None: ...  # the result is missing


features: list[Feature] = [*default_features(), Right()]
wrong: list[Feature] = [Wrong()]
'''


def test_a_feature_that_breaks_the_protocol_fails_the_type_check(tmp_path):
    module = tmp_path / f"planted_features_{os.getpid()}_{time.monotonic_ns()}.py"  # a new module for mypy's shared cache
    module.write_text(FEATURES, encoding="utf-8")
    out, err, status = api.run([
        str(module), "--ignore-missing-imports", "--follow-imports=silent", "--no-error-summary",
        "--cache-dir", str(PROJECT / ".mypy_cache"),  # shared with make test's run: warm after it
    ])
    errors = [line for line in out.splitlines() if ": error:" in line]
    line = FEATURES.splitlines().index("wrong: list[Feature] = [Wrong()]") + 1
    assert status == 1, out + err
    assert len(errors) == 1 and f"{module}:{line}:" in errors[0] and '"Wrong"' in errors[0] and '"Feature"' in errors[0], out
