"""The parity gate's machinery: one project indexed by both writers, queried by both runtimes.

The CLI's answers come from ``search.query.Engine`` in-process over the index ``search.index.update`` writes; the
search box's from ``docs/javascripts/websearch-engine.js`` under Node (tests/parity/engine.js) over the folder
``search.web.write_index`` writes for the same project, build date and thesaurus. Both are asked the same queries
and must give the same (id, article) lists, in the same order.

The two front ends differ by design in one respect, which the comparison takes into account: the CLI searches the
texts in force (``--include-repealed`` adds repealed ones) while the search box lists texts in force first, then
pending, superseded and repealed texts below them. So the CLI's answer is compared with the box's answers in force
(status 现行有效 or 试行), in the box's order.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ENGINE_JS = Path(__file__).resolve().parent / "engine.js"
IN_FORCE = ("现行有效", "试行")
LIMIT = 10


def node() -> str | None:
    return shutil.which("node") or shutil.which("nodejs")


@dataclass
class Built:
    root: Path
    cli_index: Path
    box: Path
    today: dt.date
    log: list[str]
    """The lines the site build's index step logged."""


def build_both(root: Path, workdir: Path, today: dt.date) -> Built:
    """Both indexes of the project at ``root`` (a git repository), as of ``today``."""
    from search.index import Project, update
    from zhidu.build.feature import BuildState
    from zhidu.build.features.websearch import write_index_files
    from zhidu.corpus.config import read_site_config
    from zhidu.corpus.load import load_corpus
    from zhidu.corpus.parsecache import ParseCache

    location = workdir / "cli-index"
    update(Project(root, location, strict_synonyms=True), force=True)
    config = read_site_config(root)
    corpus = load_corpus(config.root, config.institution, today, ParseCache(config.cache_dir), config.cache_dir)
    box = workdir / "zhidu-search"
    log = write_index_files(BuildState(config, corpus.today, corpus), box)
    return Built(root, location, box, today, log)


def cli_answers(built: Built, queries: list[str], limit: int = LIMIT) -> list[list[tuple[str, str | None]]]:
    from search import store
    from search.query import Engine, Options, QueryError

    engine = Engine(store.current_generation(built.cli_index), built.today)
    try:
        answers = []
        for query in queries:
            try:
                hits = engine.search(query, Options(limit=limit))
            except QueryError:
                hits = []
            answers.append([(h.id, h.article) for h in hits])
        return answers
    finally:
        engine.close()


@dataclass
class BoxAnswers:
    answers: list[list[tuple[str, str | None]]]
    """The box's answers in force, per query."""
    everything: list[list[list]]
    """All the box's hits per query: [id, article, status, cited]."""
    milliseconds: list[float]
    seconds: float
    """Wall time of the Node process (start, index load, every query)."""
    missing: list[list[str]]
    """The words the box names as matching nothing (量子 没有找到), per query."""


def box_answers(built: Built, queries: list[str], limit: int = LIMIT) -> BoxAnswers:
    started = time.perf_counter()
    result = subprocess.run([node(), str(ENGINE_JS), str(built.box), str(limit)], input=json.dumps(queries, ensure_ascii=False),
                            capture_output=True, text=True, encoding="utf-8", check=False)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout)
    answers = [[(h[0], h[1]) for h in entry["hits"] if h[2] in IN_FORCE] for entry in out]
    return BoxAnswers(answers, [entry["hits"] for entry in out], [entry["ms"] for entry in out], seconds, [entry["missing"] for entry in out])


@dataclass
class Agreement:
    queries: list[str]
    cli: list[list[tuple[str, str | None]]]
    box: list[list[tuple[str, str | None]]]

    @property
    def differing(self) -> list[int]:
        return [i for i, (a, b) in enumerate(zip(self.cli, self.box)) if a != b]

    @property
    def rate(self) -> float:
        return 1 - len(self.differing) / max(len(self.queries), 1)

    def report(self, most: int = 15) -> str:
        lines = [f"{len(self.differing)} of {len(self.queries)} queries differ (agreement {self.rate:.1%})"]
        for i in self.differing[:most]:
            lines.append(f"  {self.queries[i]!r}\n    cli: {self.cli[i]}\n    box: {self.box[i]}")
        return "\n".join(lines)


def cli_missing(built: Built, queries: list[str], limit: int = LIMIT) -> list[list[str]]:
    """The words the CLI names as matching nothing (量子 没有找到), per query, searched as the box is (``limit``)."""
    from search import store
    from search.query import Engine, Options, QueryError

    engine = Engine(store.current_generation(built.cli_index), built.today)
    try:
        found = []
        for query in queries:
            try:
                found.append(engine.search(query, Options(limit=limit)).missing)
            except QueryError:
                found.append([])
        return found
    finally:
        engine.close()


def compare(built: Built, queries: list[str], limit: int = LIMIT) -> tuple[Agreement, BoxAnswers]:
    box = box_answers(built, queries, limit)
    return Agreement(queries, cli_answers(built, queries, limit), box.answers), box


RELEVANCE = Path(__file__).resolve().parent.parent / "relevance"
STARD = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "stard-train" / "questions.jsonl"


def judged(*names: str) -> list[str]:
    import yaml

    return [q["query"] for name in names for q in yaml.safe_load((RELEVANCE / name).read_text(encoding="utf-8"))["queries"]]


def stard(count: int) -> list[str]:
    """``count`` stard-train questions, spread evenly over the file (a fixed choice, not a random one)."""
    if not STARD.is_file():
        return []
    lines = [json.loads(line)["question"] for line in STARD.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(lines) // count)
    return lines[::step][:count]


def generated(box: Path, count: int, seed: int = 18) -> list[str]:
    """Queries made from the index itself: words of the vocabulary, alone and in pairs and threes; citations of
    existing and missing articles in several forms; a citation of every repealed regulation."""
    import random

    from zhidu.domain.numerals import int_to_cn

    rng = random.Random(seed)
    meta = json.loads((box / "meta.json").read_text(encoding="utf-8"))
    vocabulary = sorted(w for line in (box / "vocabulary.jsonl").read_text(encoding="utf-8").splitlines() for w in json.loads(line))
    han = [w for w in vocabulary if "\u3400" <= w[0] <= "\u9fff"]
    queries: list[str] = []
    for _ in range(count):
        queries.append(" ".join(rng.sample(han, rng.choice([1, 1, 2, 2, 3]))))
        queries.append("".join(rng.sample(han, 2)))  # typed without a space: segmented by the engine
    names = sorted(meta["names"])
    for _ in range(count):
        name, number = rng.choice(names), rng.randint(1, 40)
        form = rng.randrange(4)
        queries.append([f"{name}第{int_to_cn(number)}条", f"《{name}》第{number}条", f"{name} 第{int_to_cn(number)}条 {rng.choice(han)}",
                        f"{name[:max(2, len(name) // 2)]}第{int_to_cn(number)}条"][form])
    repealed = sorted({v[1] for v in meta["versions"] if v[2] == "已废止"})
    for title in repealed:
        queries += [f"{title}第一条", f"《{title}》第2条"]
    return queries


SECRET_MARKER = "绝密标记QX18"


def cnlaws_project(root: Path, count: int) -> Path:
    """A git project of ``count`` cn-laws titles (newest texts): those the judged sets and the stard-train
    questions name first, then titles spread over the corpus; one of them marked repealed, and one secret file."""
    import re

    import yaml
    from sitekit import CORPUS, make_site

    from zhidu.corpus import cnlaws

    wanted = {q["title"] for name in ("cnlaws.yaml", "cnlaws-unqualified.yaml")
              for q in yaml.safe_load((RELEVANCE / name).read_text(encoding="utf-8"))["queries"]}
    if STARD.is_file():
        for line in STARD.read_text(encoding="utf-8").splitlines():
            for article in json.loads(line)["articles"]:
                wanted.add(re.sub(r"第[零一二三四五六七八九十百千]+条.*$", "", article))
    paths = cnlaws.newest(CORPUS)
    titles = {path: cnlaws.title_of(path) for path in paths}
    chosen = [p for p in paths if titles[p] in wanted or titles[p].removeprefix("中华人民共和国") in wanted][:count]
    rest = [p for p in paths if p not in chosen]
    chosen += rest[:: max(1, len(rest) // max(1, count - len(chosen)))][: count - len(chosen)]
    files: dict[str, str] = {}
    for number, path in enumerate(sorted(chosen)):
        reg_id, text = cnlaws.convert(path, CORPUS)
        if number == 0:  # one regulation repealed: its citations are set aside by the CLI and listed last by the box
            text = text.replace("status: 现行有效", "status: 已废止\nrepealed: 2025-01-01", 1)
        files[f"regulations/{path.parent.name}/{reg_id}.md"] = text
    files["regulations/baomi/mimi.md"] = (
        "---\ntitle: 涉密测试规定QX18\ncategory: 保密管理\nstatus: 现行有效\neffective: 2021-01-15\nsecrecy: 机密\n---\n"
        f"第一条 {SECRET_MARKER}，劳动合同另行规定。\n")
    return make_site(root, files).root
