"""Cost of point-in-time citations (SPEC §4) on a large collection with versions.

A temporary git repository of cn-laws files converted to regulation files (never copied into the project): commit 1
the files; commit 2 revises every other file (new ``effective`` after every date of the corpus, its second article
changed), so that the citations of the unrevised files to revised ones are read against the older versions and
followed through the comparison of the two texts. It times ``load_corpus`` and the Markdown of every main page
(``plan_site``) with the citations resolved, and the same pages with the resolver switched off, as before.

    .venv/bin/python -m benchmarks.pointintime --count 600
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from zhidu.corpus import cnlaws
from zhidu.corpus.load import load_corpus
from zhidu.corpus.superior import superior_revisions
from zhidu.render.pages import PageContext
from zhidu.render.plan import plan_site

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "cn-laws"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.invalid",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@example.invalid"}


def commit(root: Path, message: str, date: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env={**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})


def make_repo(root: Path, count: int) -> int:
    sources = sorted(p for p in CORPUS.rglob("*.md") if p.name.lower() != "readme.md")[:count]
    files: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path in sources:
        reg_id, text = cnlaws.convert(path)
        if reg_id in seen:  # several versions of one law in the corpus: the first only (its names stay unique)
            continue
        seen.add(reg_id)
        files.append((root / "regulations" / path.parent.name / f"{reg_id}.md", text))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    for target, text in files:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    commit(root, "初始", "2020-01-01T10:00:00+08:00")
    for index, (target, text) in enumerate(files):
        if index % 2:
            continue
        text = re.sub(r"(?m)^effective: .*$", "effective: 2025-06-01", text, count=1)
        text = re.sub(r"(?m)^(第二条 .*?)。", r"\1，并依照本次修订后的规定执行。", text, count=1)
        target.write_text(text, encoding="utf-8")
    commit(root, "修订", "2025-01-01T10:00:00+08:00")
    return len(files)


def pages(corpus) -> float:
    started = time.perf_counter()
    contexts = {reg_id: PageContext.for_regulation(reg_id, corpus.status(reg_id)) for reg_id in corpus.collection.regulations}
    plan_site(corpus.collection, contexts)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_repo(root, args.count)
        started = time.perf_counter()
        corpus = load_corpus(root, "", dt.date(2026, 11, 25))
        loaded = time.perf_counter() - started
        with_resolver = pages(corpus)
        resolver = corpus.collection.resolver
        counts = {"older version": 0, "note": 0}
        for resolution in resolver._resolved.values():
            if resolution is not None and resolution.as_of is not None:
                counts["older version"] += 1
            if resolution is not None and resolution.fate not in ("same",):
                counts["note"] += 1
        started = time.perf_counter()
        impact = superior_revisions(corpus.collection, corpus.histories)
        superior = time.perf_counter() - started
        corpus.collection.resolver = None
        without = pages(corpus)
        print(f"{files} files, {sum(len(h.infos) for h in corpus.histories.values())} versions; "
              f"{len(resolver._resolved)} distinct citations resolved, {counts['older version']} read against an older version, "
              f"{counts['note']} with a note; {len(resolver._comparisons)} comparisons made for them")
        print(f"load_corpus {loaded:.2f} s; main pages with point-in-time citations {with_resolver:.2f} s, "
              f"without {without:.2f} s; article-level 上位法 impact {superior:.2f} s ({len(impact)} regulations)")


if __name__ == "__main__":
    main()
