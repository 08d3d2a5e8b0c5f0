"""Measure the site's search box (javascripts/websearch.js over zhidu-search/) in Debian's Chromium, and the
relevance of both front ends (the search box and ``python -m search``) on tests/relevance/*.yaml, per set and half.

Run: ``.venv/bin/python -m benchmarks.websearch [--root DIR] [--limit N]``. With ``--root`` the cn-laws project is
built there once and reused by later runs (``--rebuild`` to build it again). The search box is evaluated by running
its own engine in Chromium (``window.zhiduSearch.answer``), not a Python port.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.search import Substring, load_set, rank_of, scores
from benchmarks.site import PROJECT, drop_invalid, machine, make_project

sys.path.insert(0, str(PROJECT / "tests"))
from browser import NGINX, browser_page, serve, serve_nginx  # noqa: E402

SETS = {"sample.yaml": "sample", "cnlaws.yaml": "cnlaws"}
TIMING_QUERIES = ["公务员 辞职", "劳动合同 试用期", "正当防卫", "醉驾 拘役", "民法典第一千零七十九条", "离婚 冷静期", "法律援助 经济困难", "政府信息公开 申请",
                  "借钱不还过几年就不能起诉了", "公司不给员工交社保怎么办？"]
"""Keywords, a citation, and two lay questions (answered by the tiers fused with the plain ranking, ``search.query.FUSE_MIN_WORDS``)."""
TYPED = ["婚假 天数", "诉讼时效 中断", "劳动合同 解除", "工伤 认定"]
"""Queries typed one character at a time (each prefix is one answer)."""
ENV = {"ZHIDU_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
PAUSE_MS = 1000
"""After the first answer, a fresh browser waits this long (a reader's pace) before the later queries."""


def build(root: Path) -> tuple[float, float | None, str]:
    """(wall seconds of ``mkdocs build --strict``, seconds the search box's index took, log)."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    started = time.perf_counter()
    result = subprocess.run([str(mkdocs), "build", "--strict"], cwd=root, env={**os.environ, **ENV}, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    match = re.search(r"站内搜索索引：.*用时 ([0-9.]+) 秒", result.stderr)
    return elapsed, float(match.group(1)) if match else None, result.stderr


def cli_index(root: Path, index: Path) -> None:
    env = {**os.environ, "ZHIDU_SEARCH_INDEX": str(index), "PYTHONPATH": str(PROJECT)}
    subprocess.run([sys.executable, "-m", "search", "index"], cwd=root, env=env, check=True, capture_output=True)


def cli_engine(index: Path):
    import datetime as dt

    from search import store
    from search.query import Engine

    return Engine(store.current_generation(index), dt.date.today())


FIRST_ANSWER = """async (query) => {
  const input = document.querySelector('.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  input.focus();
  const started = performance.now();
  const meta = document.querySelector('.md-search-result__meta');
  const shown = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (/^(找到|没有找到)/.test(meta.textContent)) {
        observer.disconnect();
        // What has been downloaded when the answer is on screen (not what the page fetches afterwards).
        window.zdBytesAtAnswer = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
          .map(e => [e.name, e.transferSize || e.encodedBodySize || 0]);
        resolve();
      }
    });
    observer.observe(meta, {childList: true, characterData: true, subtree: true});
  });
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await shown;
  const elapsed = performance.now() - started;
  list.innerHTML = '';
  meta.textContent = '';
  return elapsed;
}"""

BYTES = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => [e.name, e.transferSize || e.encodedBodySize || 0])"""


def browser_figures(site: Path, server: str = "python") -> dict:
    """Bytes and times of a first visitor's first query, and of later queries, per query; served by Python's
    http.server or by nginx with the deployment example's configuration (``docs/deploy/nginx.conf``)."""
    figures: dict = {"first": [], "later": [], "bytes": [], "index_bytes": []}
    served = serve_nginx(site, Path(tempfile.mkdtemp(prefix="zhidu-nginx-")), PROJECT) if server == "nginx" else serve(site)
    with served as url:
        for query in TIMING_QUERIES:
            with browser_page() as page:  # a fresh browser each time: an empty cache, a first visitor
                page.goto(url, wait_until="networkidle")
                before = sum(size for _, size in page.evaluate(BYTES))
                figures["first"].append(page.evaluate(FIRST_ANSWER, query))
                entries = page.evaluate("() => window.zdBytesAtAnswer")
                # A reader looks at the first answers before asking something else; meanwhile the page may fetch
                # the rest of the vocabulary in the background (javascripts/websearch.js).
                page.wait_for_timeout(PAUSE_MS)
                figures.setdefault("after_pause", []).append(sum(size for _, size in page.evaluate(BYTES)))
                figures["bytes"].append(sum(size for _, size in entries))
                figures["index_bytes"].append(sum(size for name, size in entries if "/zhidu-search/" in name))
                figures.setdefault("page_bytes", before)
                for other in TIMING_QUERIES:
                    if other != query:
                        figures["later"].append(page.evaluate(FIRST_ANSWER, other))
                # The same queries again: every shard is in the page already, so this is the engine's own time.
                figures.setdefault("cached", []).extend(page.evaluate(FIRST_ANSWER, other) for other in TIMING_QUERIES)
                # A query typed one character at a time after the first answer: what a reader sees while typing.
                typed = TYPED[TIMING_QUERIES.index(query) % len(TYPED)]
                figures.setdefault("typed", []).extend(page.evaluate(FIRST_ANSWER, typed[:n]) for n in range(2, len(typed) + 1))
                for address in page.requested:  # type: ignore[attr-defined]
                    assert address.startswith(url), address
    return figures


def box_answers(site: Path, queries: list[str]) -> list[list[tuple[str, str | None]]]:
    with serve(site) as url, browser_page() as page:
        page.goto(url, wait_until="networkidle")
        found = []
        for query in queries:
            answers = page.evaluate("q => window.zhiduSearch.answer(q).then(a => a.map(x => [x.id, x.article]))", query)
            found.append([tuple(a) for a in answers])
        return found


def relevance(name: str, queries: list[dict], cli_hits, box_hits, baseline) -> list[str]:
    from zhidu.corpus import cnlaws

    rows = []
    for half in ("tuning", "frozen", None):
        chosen = [i for i, q in enumerate(queries) if half is None or q.get("half") == half]
        if not chosen:
            continue
        wants = [(queries[i].get("id") or cnlaws.law_id(queries[i]["title"]), queries[i]["article"]) for i in chosen]
        cli_ranks = [rank_of(cli_hits[i], w) for i, w in zip(chosen, wants)]
        box_ranks = [rank_of(box_hits[i], w) for i, w in zip(chosen, wants)]
        base_ranks = [rank_of(baseline.search(queries[i]["query"]), w) for i, w in zip(chosen, wants)]
        agree = sum(1 for i in chosen if cli_hits[i][:1] == box_hits[i][:1]) / len(chosen)
        (cr, cm), (br, bm), (sr, sm) = scores(cli_ranks), scores(box_ranks), scores(base_ranks)
        rows.append(f"| {name} | {half or 'all'} | {len(chosen)} | {cr:.3f} / {cm:.3f} | {br:.3f} / {bm:.3f} | {sr:.3f} / {sm:.3f} | {agree:.0%} |")
    return rows


def misses(queries: list[dict], hits, label: str) -> list[str]:
    from zhidu.corpus import cnlaws

    lines = []
    for q, found in zip(queries, hits):
        want = (q.get("id") or cnlaws.law_id(q["title"]), q["article"])
        rank = rank_of(found, want)
        if rank is None or rank > 5:
            lines.append(f"- {label} miss ({q.get('half')}): {q['query']} → {want[1]} (rank {rank})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, help="build the cn-laws project here and keep it for later runs")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--server", choices=("python", "nginx"), default="python", help="what serves the site for the timings")
    parser.add_argument("--skip-relevance", action="store_true")
    args = parser.parse_args()
    root = args.root or Path(tempfile.mkdtemp(prefix="zhidu-bench-websearch-"))
    index = root / ".cli-index"
    say = lambda line: print(line, flush=True)  # noqa: E731
    say(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    if args.rebuild or not (root / "site" / "zhidu-search" / "meta.json").exists():
        if root.exists() and any(root.iterdir()):
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        count = make_project(root, args.limit)
        dropped = drop_invalid(root)
        say(f"- project: {count - dropped} regulations ({dropped} rejected by validation)")
        seconds, web_seconds, _ = build(root)
        # The index is written by a forked process while MkDocs renders the pages (zhidu.build.features.websearch.IndexWorker):
        # its time overlaps the build's instead of adding to it.
        say(f"- mkdocs build --strict (ZHIDU_PDF=0): {seconds:.1f} s wall; the search box's index took {web_seconds:.1f} s "
            "in a worker process beside the page rendering")
        again, again_web, _ = build(root)
        say(f"- same build again: {again:.1f} s, index {again_web:.1f} s in the worker")
        cli_index(root, index)
    site = root / "site"
    folder = site / "zhidu-search"
    files = [p for p in folder.rglob("*") if p.is_file()]
    say(f"- index on disk: {sum(p.stat().st_size for p in files) / 1048576:.1f} MB in {len(files)} files "
        f"(meta.json {(folder / 'meta.json').stat().st_size / 1024:.0f} KB); Material's search_index.json: "
        f"{'absent' if not (site / 'search' / 'search_index.json').exists() else 'present'}")
    if not args.skip_timing:
        if args.server == "nginx" and NGINX is None:
            raise SystemExit("nginx 未安装：make deps-test 会安装 Debian 的 nginx-light。")
        say(f"- served by: {args.server}")
        figures = browser_figures(site, args.server)
        kb = [b / 1024 for b in figures["bytes"]]
        ikb = [b / 1024 for b in figures["index_bytes"]]
        say(f"- page load before typing: {figures['page_bytes'] / 1024:.0f} KB")
        paused = sorted(b / 1024 for b in figures["after_pause"])
        say(f"- downloaded {PAUSE_MS} ms after the first answer (background fetches included): median {paused[len(paused) // 2]:.0f} KB, max {paused[-1]:.0f} KB")
        say(f"- bytes to the first answer (page + index), per query: max {max(kb):.0f} KB, median {sorted(kb)[len(kb) // 2]:.0f} KB; "
            f"index files alone: max {max(ikb):.0f} KB, median {sorted(ikb)[len(ikb) // 2]:.0f} KB")
        first, later = sorted(figures["first"]), sorted(figures["later"])
        say(f"- first answer on screen after typing: median {first[len(first) // 2]:.0f} ms, max {first[-1]:.0f} ms ({len(first)} fresh browsers)")
        say(f"- later answers: median {later[len(later) // 2]:.0f} ms, p95 {later[int(len(later) * 0.95) - 1]:.0f} ms, max {later[-1]:.0f} ms ({len(later)} queries)")
        for name in ("typed", "cached"):
            values = sorted(figures[name])
            label = {"typed": "later answers while a query is typed (each prefix)", "cached": "the same queries again (all shards cached: the engine alone)"}[name]
            say(f"- {label}: median {values[len(values) // 2]:.0f} ms, p95 {values[int(len(values) * 0.95) - 1]:.0f} ms ({len(values)} answers)")
        for query, seconds, size in zip(TIMING_QUERIES, figures["first"], figures["bytes"]):
            say(f"  - {query}: first answer {seconds:.0f} ms, {size / 1024:.0f} KB")
    if args.skip_relevance:
        return
    from search.query import Options

    say("")
    say("| set | half | queries | CLI recall@5 / MRR | search box recall@5 / MRR | substring baseline | top answer agrees |")
    say("| --- | --- | --- | --- | --- | --- | --- |")
    details: list[str] = []
    for filename, name in SETS.items():
        queries = load_set(filename)
        if name == "sample":
            project, project_index = PROJECT, root / ".sample-cli-index"
            sample_site = root / "sample-site"
            if not (sample_site / "site" / "zhidu-search").exists():
                shutil.rmtree(sample_site, ignore_errors=True)
                subprocess.run(["git", "clone", "-q", str(PROJECT), str(sample_site)], check=True)
                for part in ("mkdocs.yml", "docs", "overrides", "hooks"):  # the working tree's site, with the project's history
                    target = sample_site / part
                    shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
                    (shutil.copytree if (PROJECT / part).is_dir() else shutil.copy2)(PROJECT / part, target)
                build(sample_site)
            cli_index(sample_site, project_index)
            box_site, project = sample_site / "site", sample_site
        else:
            project, project_index, box_site = root, index, site
        engine = cli_engine(project_index)
        cli_hits = [[(h.id, h.article) for h in engine.search(q["query"], Options(limit=10))] for q in queries]
        engine.close()
        box_hits = box_answers(box_site, [q["query"] for q in queries])
        for row in relevance(name, queries, cli_hits, box_hits, Substring(project)):
            say(row)
        details += misses(queries, cli_hits, f"{name} CLI") + misses(queries, box_hits, f"{name} box")
        details += [f"- {name} top answers differ: {q['query']}: CLI {c[:1]} box {b[:1]}" for q, c, b in zip(queries, cli_hits, box_hits) if c[:1] != b[:1]]
    say("")
    for line in details:
        say(line)
    if not args.root:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
