"""Where a later answer of the search box spends its time, in Chromium behind nginx: every request of an unrelated
new query with its timing relative to the query's ``input`` event (Resource Timing), and what a round of *n*
parallel fetches of text shards costs in the same page.

Run: ``.venv/bin/python -m benchmarks.websearch_trace --root DIR`` on a project ``benchmarks.websearch --root DIR``
has built. Prints one block per query: file, start, request sent, first byte, last byte (ms), bytes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.site import PROJECT
from benchmarks.websearch import FIRST_ANSWER, PAUSE_MS, TIMING_QUERIES

sys.path.insert(0, str(PROJECT / "tests"))
from browser import browser_page, serve_nginx  # noqa: E402

TRACE = """async (query) => {
  performance.clearResourceTimings();
  const started = performance.now();
  const elapsed = await (ANSWER)(query);
  return [elapsed, performance.getEntriesByType('resource').map(e => [e.name.replace(/.*zhidu-search\\//, ''),
    e.startTime - started, e.requestStart - started, e.responseStart - started, e.responseEnd - started, e.encodedBodySize])];
}""".replace("ANSWER", FIRST_ANSWER)

ROUNDS = """async ([n, base, shards]) => {
  const times = [];
  for (let r = 0; r < 12; r++) {
    const t = performance.now();
    await Promise.all(Array.from({length: n}, (_, i) => fetch('zhidu-search/d/' + ((base + r * n + i) % shards) + '.json').then(x => x.json())));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[6];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, required=True)
    args = parser.parse_args()
    site = args.root / "site"
    shards = len(list((site / "zhidu-search" / "d").iterdir()))
    with serve_nginx(site, Path(tempfile.mkdtemp(prefix="zhidu-nginx-")), PROJECT) as url, browser_page() as page:
        page.goto(url, wait_until="networkidle")
        page.evaluate("() => performance.setResourceTimingBufferSize(100000)")
        page.evaluate(FIRST_ANSWER, "婚假 天数")
        page.wait_for_timeout(PAUSE_MS)
        for query in TIMING_QUERIES:
            elapsed, entries = page.evaluate(TRACE, query)
            print(f"{query}: {elapsed:.0f} ms, {len(entries)} requests")
            for name, start, sent, first, last, size in sorted(entries, key=lambda e: e[1]):
                print(f"  {name:<14} start {start:6.1f}  sent {sent:6.1f}  first byte {first:6.1f}  last byte {last:6.1f}  {size:>7} B")
        for n in (1, 2, 4, 6, 12, 20):
            print(f"{n} parallel fetches of text shards: median {page.evaluate(ROUNDS, [n, n * 97, shards]):.1f} ms a round")


if __name__ == "__main__":
    main()
