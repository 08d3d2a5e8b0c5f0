"""岗位制度清单 and 学习自测 at scale: finding a role's articles, the "since" comparisons, and a quiz draw.

Run: ``.venv/bin/python -m benchmarks.roles [--files 1500] [--repeat 3]``. Parses N files of
../shared/corpora/cn-laws (never copied into the project) as the institution's own regulations, makes a second,
revised text of each (one article changed, one added), then times, for the six roles of the sample's
``mkdocs.yml`` (words such as 人民法院, 当事人 match thousands of articles in laws): ``role_articles`` over the texts in
force, ``changes_between`` for every (old, new) pair (what the role page's ``?since=`` data holds), and
``quiz.generate`` over 200 articles. Prints Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from zhidu.corpus import cnlaws
from zhidu.corpus.config import read_site_config
from zhidu.domain.compare import compare
from zhidu.domain.parser import parse_regulation
from zhidu.domain.quiz import QuizSettings, generate
from zhidu.domain.roles import Role, changes_between, role_articles

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpora" / "cn-laws"
EXTRA_ROLES = (Role("dangshiren", "当事人", ("当事人",)), Role("fayuan", "人民法院", ("人民法院",)))


def load(count: int):
    pairs = []
    for index, path in enumerate(sorted(p for p in CORPUS.rglob("*.md") if p.name.lower() != "readme.md")[:count]):
        reg_id, text = cnlaws.convert(path)
        reg_id = f"{reg_id}-{index}"
        text = text.replace("kind: 法律法规\n", "")
        old, _ = parse_regulation(text, f"regulations/{reg_id}.md", "东港市人民法院", reg_id)
        if old is None or not old.articles:
            continue
        revised = text.replace("应当", "必须", 1) + "\n\n第九百九十九条 工作人员应当遵守本法。\n"
        revised = revised.replace(f"effective: {old.meta.effective.isoformat()}", "effective: 2030-01-01", 1)
        new, _ = parse_regulation(revised, f"regulations/{reg_id}.md", "东港市人民法院", reg_id)
        if new is not None:
            pairs.append((old, new))
    return pairs


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = load(args.files)
    roles = read_site_config(PROJECT).roles + EXTRA_ROLES
    current = [new for _, new in pairs]
    articles = sum(len(r.articles) for r in current)
    found = {role.name: len(role_articles(role, current)) for role in roles}
    find = timed(lambda: [role_articles(role, current) for role in roles], args.repeat)
    def all_changes():
        made: dict = {}

        def compared(old, new):  # one comparison per regulation for all roles, as a build makes it
            if new.id not in made:
                made[new.id] = compare(old, new)
            return made[new.id]

        return [changes_between(role, old, new, compared) for role in roles for old, new in pairs]

    since = timed(all_changes, 1)
    pack = [(r, a) for r in current[:20] for a in r.articles[:10]]
    quiz = timed(lambda: generate(QuizSettings(2026, 30, 20), "bench", pack), args.repeat)
    print(f"{len(pairs)} regulations, {articles} articles in force, {len(roles)} roles; articles found: {found}")
    print("| what | time |\n| --- | --- |")
    print(f"| role_articles, {len(roles)} roles over {articles} articles (median of {args.repeat}) | {find:.2f} s |")
    print(f"| changes_between, {len(roles)} roles × {len(pairs)} revised regulations (one run) | {since:.2f} s |")
    print(f"| quiz.generate, 50 questions from {len(pack)} articles (median of {args.repeat}) | {quiz * 1000:.1f} ms |")


if __name__ == "__main__":
    main()
