"""Agreement of the two runtimes of the one search engine, and the Node engine's time per query.

Run: ``.venv/bin/python -m benchmarks.parity [--titles 300] [--stard 300] [--generated 60]``. Builds the sample
project (a clone of this repository) and a cn-laws project of ``--titles`` titles (tests/parity/paritykit.py:
the titles the judged sets and stard-train name first), writes both indexes of each, and asks both engines the
judged queries, ``--stard`` stard-train questions and generated queries (tests/parity/test_parity.py does the same
with fewer, as the gate in ``make test``). Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.site import PROJECT, machine

sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT / "tests" / "parity"))
import paritykit  # noqa: E402

TODAY = dt.date(2026, 11, 25)


def measure(name: str, built, queries: list[str]) -> str:
    started = time.perf_counter()
    cli = paritykit.cli_answers(built, queries)
    cli_seconds = time.perf_counter() - started
    box = paritykit.box_answers(built, queries)
    agreement = paritykit.Agreement(queries, cli, box.answers)
    ms = sorted(box.milliseconds)
    p90 = ms[int(len(ms) * 0.9)]
    if agreement.differing:
        print(agreement.report(), file=sys.stderr)
    return (f"| {name} | {len(queries)} | **{agreement.rate:.1%}** ({len(agreement.differing)} differ) | "
            f"{statistics.median(ms):.1f} / {p90:.1f} / {statistics.mean(ms):.1f} ms | {box.seconds:.1f} s | "
            f"{1000 * cli_seconds / len(queries):.0f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--titles", type=int, default=300)
    parser.add_argument("--stard", type=int, default=300)
    parser.add_argument("--generated", type=int, default=60)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="zhidu-parity-") as tmp:
        work = Path(tmp)
        root = work / "sample" / "project"
        root.parent.mkdir()
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(PROJECT), str(root)], check=True, capture_output=True)
        built = paritykit.build_both(root, root.parent, TODAY)
        queries = paritykit.judged("sample.yaml") + paritykit.stard(args.stard) + paritykit.generated(built.box, args.generated)
        rows.append(measure("sample (28 regulations)", built, queries))
        (work / "cn").mkdir()
        started = time.perf_counter()
        root = paritykit.cnlaws_project(work / "cn", args.titles)
        built = paritykit.build_both(root, work / "cn", TODAY)
        print(f"cn-laws project of {args.titles} titles, both indexes: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        queries = (paritykit.judged("cnlaws.yaml", "cnlaws-unqualified.yaml") + paritykit.stard(args.stard)
                   + paritykit.generated(built.box, args.generated) + [paritykit.SECRET_MARKER])
        rows.append(measure(f"cn-laws, {args.titles} titles (+1 repealed, +1 secret)", built, queries))
    print(f"Machine: {machine()}")
    print("| Project | Queries | Same (id, article) lists | Node engine per query: median / p90 / mean | Node process | CLI per query (in-process) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
