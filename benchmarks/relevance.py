"""Relevance on questions nobody here wrote: STARD's lay questions over the newest text of every cn-laws title.

Run: ``.venv/bin/python -m benchmarks.relevance [--part tuning|frozen|all] [--misses] [--rebuild] [--folds 3] [--box FOLDER] [--ceiling]``.

What it measures, in one run:

- ``stard-train`` (``../shared/corpora/stard-train/questions.jsonl``, 1,235 questions written by non-lawyers, each
  naming the articles that answer it) through the CLI's engine in-process (``search.query.Engine.search``, the code
  path of ``python -m search query --json``), at the article: recall@10 (the share of a question's articles among the
  first ten hits, averaged over questions) and MRR@10 (1/rank of the first of its articles within the first ten, else 0).
- beside it, a plain BM25 over the same articles: each article's text cut by jieba's algorithm (rjieba: jieba's
  dictionary and HMM, in Rust) minus ``STOP_WORDS`` below, k1 1.2, b 0.75, Lucene's idf; the question cut the same way.
- the judged sets (``tests/relevance/*.yaml``), recall@5 and MRR per half, as ``benchmarks.websearch`` reports them.

Resolving a question's articles (``中华人民共和国民法典第五十四条``, ``劳动合同法第三十九条``): the name before 第…条 and
every title are compared without ``中华人民共和国`` (anywhere: 《中华人民共和国民法典》 inside a title too), 《》, spaces,
and with full-width brackets folded; a name that equals a title, or that a title starts with followed by a bracket
(民法典 → 民法典（总则）, 民法典（合同编）…, split into one file per 编 with articles numbered 1–1260 across them),
resolves to the one of those titles that has the article. A question counts when every one of its articles resolves;
the run says how many do.

The split, fixed before any tuning (issue 18) and never changed: a question is in the FROZEN part when
``int(sha1(str(id)).hexdigest(), 16) % 3 == 0`` (its STARD id, a third of the set), else in the TUNING part. Ranking
is tuned on the tuning part only; the frozen part is reported as summary rows at the end, never question by question
(``--misses`` lists misses of the tuning part only).

The question log (``search.asked``, issue 18) ships the tuning part itself, so asking the shipped index a tuning
question would find the question in its own log. The tuning row is therefore cross-validated (``--folds 3``, the
default): the tuning questions are split by a hash of their id into three folds, and each is asked of an index whose
log leaves its own fold out (``.cache/relevance/index-fold<k>``). The frozen row asks the shipped index: no frozen
question is in the log. The search box (``--box``) is asked of the shipped index only, so its tuning cell is empty.

``--ceiling`` asks no engine: it reports, cross-validated on the tuning part, the plain BM25, BM25 with the question log
appended to the articles, and that again when the right regulation is given (``ceiling_rows``): how far lexical
matching of these questions can go at all.

The cn-laws project and its index are cached in ``.cache/relevance/`` and updated (not rebuilt) by later runs; the
index is rebuilt when its analyzer, thesaurus or corpus changes, as the CLI's own check decides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

from benchmarks.site import CORPUS, PROJECT, machine
from search.asked import name_key, parse_article_name

STARD = PROJECT.parent / "shared" / "corpora" / "stard-train" / "questions.jsonl"
CACHE = PROJECT / ".cache" / "relevance"
RELEVANCE = PROJECT / "tests" / "relevance"
_NUMERAL = "[零〇一二三四五六七八九两十百千]+"
_HAN = re.compile(r"[\u3400-\u9fff0-9a-zA-Z]")
STOP_WORDS = frozenset(
    """的 了 和 与 及 或 等 之 其 在 是 对 将 于 以 而 并 也 则 即 所 被 把 向 从 就 都 又 还 再 很 太 更 最 要 会 能 想 该 应 让 给 为 由 因 如 若
    吗 呢 吧 啊 呀 么 嘛 哦 么 着 过 地 得 这 那 这个 那个 这些 那些 这样 那样 这种 那种 我 你 他 她 它 我们 你们 他们 她们 自己 人家 别人
    什么 怎么 怎样 怎么样 如何 为什么 为何 哪 哪些 哪个 哪里 多少 几 谁 是否 是不是 能否 可否 可以 可不可以 能不能 会不会 有没有 应该 应当
    需要 要求 如果 但是 但 可是 因为 所以 然后 而且 或者 还是 一个 一些 有 没有 没 不 请问 问 一下 现在 已经 情况 问题 有关 相关 什么样
    时候 一般 法律 规定 根据 按照 怎么办 办 呢 吗 哪儿""".split()
)
"""The baseline's stop words: function words, pronouns and question words of lay Chinese (written for this benchmark)."""


def part_of(question_id) -> str:
    """The fixed split: a third of the questions, by a hash of their id, is frozen."""
    return "frozen" if int(hashlib.sha1(str(question_id).encode()).hexdigest(), 16) % 3 == 0 else "tuning"


def _number(text: str) -> int:
    from zhidu.domain.numerals import cn_to_int

    return cn_to_int(text)


# --- the corpus, its index and its articles ---------------------------------------------------------------------

def project(rebuild: bool = False) -> tuple[Path, Path]:
    """(project root, index location) of the cn-laws project, made once and kept in .cache/relevance/."""
    import shutil

    from benchmarks.search import cnlaws_project

    root, index = CACHE / "cnlaws", CACHE / "index"
    if rebuild:
        shutil.rmtree(CACHE, ignore_errors=True)
    if not (root / ".git").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        cnlaws_project(root, None)
    return root, index


def engine(root: Path, index: Path, say):
    from search import store
    from search.index import Project, update
    from search.query import Engine

    started = time.perf_counter()
    report = update(Project(root, index, say=say))
    if report.full:
        say(f"- index (re)built in {time.perf_counter() - started:.0f} s: {report.regulations} regulations, {report.documents} documents")
    return Engine(store.current_generation(index), dt.date.today())


def articles(eng) -> list[tuple[str, str, str, str]]:
    """(regulation id, title, anchor, text) of every article in the index, in document order."""
    out = []
    reader = eng.searcher.reader()
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        vkey, label, anchor, _line, _chapter, body = reader.stored_fields(docnum)["data"]
        if anchor is None:
            continue
        version = eng.versions[vkey]
        out.append((version["reg"], version["title"], anchor, eng.packer.unpack(body)))
    return out


class Resolver:
    """Article names as STARD writes them → (regulation id, anchor) in the index."""

    def __init__(self, docs: list[tuple[str, str, str, str]]):
        self.anchors: dict[str, set[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        for reg_id, title, anchor, _ in docs:
            self.anchors.setdefault(reg_id, set()).add(anchor)
            owners = self.by_key.setdefault(name_key(title), [])
            if reg_id not in owners:
                owners.append(reg_id)

    def resolve(self, name: str) -> tuple[str, str] | None:
        parsed = parse_article_name(name)  # the question log's reading of an article's name, one definition
        if parsed is None:
            return None
        key, anchor = parsed
        candidates = list(self.by_key.get(key, []))
        if not candidates:
            candidates = [r for k, owners in self.by_key.items() if k.startswith(key + "(") for r in owners]
        found = [r for r in candidates if anchor in self.anchors.get(r, ())]
        return (found[0], anchor) if len(found) == 1 else None


def questions(resolver: Resolver) -> tuple[list[dict], int]:
    """The questions whose articles all resolve (with ``gold`` and ``part``), and how many there are in all."""
    rows = [json.loads(line) for line in STARD.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = []
    for row in rows:
        gold = [resolver.resolve(name) for name in row["articles"]]
        if gold and all(gold):
            kept.append({**row, "gold": list(dict.fromkeys(gold)), "part": part_of(row["id"])})
    return kept, len(rows)


# --- the baseline ------------------------------------------------------------------------------------------------

def cut(text: str) -> list[str]:
    """The baseline's words of a text: jieba's algorithm and dictionary (rjieba), minus STOP_WORDS and punctuation."""
    import rjieba

    return [w for w in rjieba.cut(unicodedata.normalize("NFKC", text).lower()) if _HAN.search(w) and w not in STOP_WORDS]


class BM25:
    """Plain BM25 (k1 1.2, b 0.75, Lucene's idf) over article texts cut by jieba's algorithm minus STOP_WORDS."""

    def __init__(self, docs: list[tuple[str, str, str, str]], k1: float = 1.2, b: float = 0.75, asked: dict[int, list[str]] | None = None):
        """``asked``: questions appended to the text of the article they are answered by (``--ceiling``)."""
        self.cut = cut
        self.keys = [(reg_id, anchor) for reg_id, _, anchor, _ in docs]
        self.postings: dict[str, list[tuple[int, int]]] = {}
        lengths = []
        for number, (_, _, _, text) in enumerate(docs):
            counts = Counter(self.cut(" ".join([text, *(asked or {}).get(number, [])])))
            lengths.append(sum(counts.values()))
            for word, tf in counts.items():
                self.postings.setdefault(word, []).append((number, tf))
        average = sum(lengths) / max(len(lengths), 1)
        self.norm = [k1 * (1 - b + b * n / average) for n in lengths]
        self.k1 = k1
        self.n = len(docs)

    def search(self, query: str, limit: int = 10, within: set[str] | None = None) -> list[tuple[str, str]]:
        """The best articles for a query; with ``within``, only articles of those regulations."""
        scores: dict[int, float] = {}
        for word in set(self.cut(query)):
            postings = self.postings.get(word, [])
            if not postings:
                continue
            idf = math.log((self.n - len(postings) + 0.5) / (len(postings) + 0.5) + 1)
            for doc, tf in postings:
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (self.k1 + 1) / (tf + self.norm[doc])
        if within is not None:
            scores = {doc: score for doc, score in scores.items() if self.keys[doc][0] in within}
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [self.keys[doc] for doc, _ in best]


def ceiling_rows(docs: list[tuple[str, str, str, str]], chosen: list[dict], folds: int, say) -> list[str]:
    """What lexical matching can reach on the tuning part, without the engine's own rules (``--ceiling``).

    Three rows, each cross-validated as the CLI's tuning row is (``fold_of``): the plain BM25 above; the same with
    the question log of the other folds appended to the articles it names (document expansion, what ``search.asked``
    does); and that again with the right regulation given (only articles of the regulations the question's articles
    are in are ranked: an oracle no engine has). The last row bounds what any ranking of these words can do once it
    knows which law is asked about."""
    tuning = [q for q in chosen if q["part"] == "tuning"]
    if not tuning:
        return []
    number = {(reg_id, anchor): i for i, (reg_id, _, anchor, _) in enumerate(docs)}
    plain = BM25(docs)
    totals = {"BM25": [0.0, 0.0], "BM25 + question log": [0.0, 0.0], "BM25 + question log, right regulation given": [0.0, 0.0]}
    for fold in range(folds):
        asked: dict[int, list[str]] = {}
        for q in tuning:
            if fold_of(q["id"], folds) != fold:
                for gold in q["gold"]:
                    if gold in number:
                        asked.setdefault(number[gold], []).append(q["question"])
        expanded = BM25(docs, asked=asked)
        for q in tuning:
            if fold_of(q["id"], folds) != fold:
                continue
            regulations = {reg_id for reg_id, _ in q["gold"]}
            for name, found in (("BM25", plain.search(q["question"])), ("BM25 + question log", expanded.search(q["question"])),
                                ("BM25 + question log, right regulation given", expanded.search(q["question"], within=regulations))):
                recall, rr = measures(found, q["gold"])
                totals[name][0] += recall
                totals[name][1] += rr
        say(f"- ceiling: fold {fold + 1}/{folds} answered")
    return [f"| {name} | {len(tuning)} | {r / len(tuning):.3f} / {m / len(tuning):.3f} |" for name, (r, m) in totals.items()]


# --- measuring ---------------------------------------------------------------------------------------------------

def measures(found: list[tuple[str, str | None]], gold: list[tuple[str, str]]) -> tuple[float, float]:
    """(recall@10, reciprocal rank@10) of one question."""
    top = found[:10]
    recall = sum(1 for g in gold if g in top) / len(gold)
    rank = next((i for i, hit in enumerate(top, 1) if hit in gold), None)
    return recall, (1 / rank if rank else 0.0)


def cli_search(eng, limit: int = 10):
    from search.query import Options, QueryError

    def search(text: str) -> list[tuple[str, str | None]]:
        try:
            return [(h.id, h.anchor) for h in eng.search(text, Options(limit=limit))]
        except QueryError:
            return []

    return search


def label_anchor(label: str | None) -> str | None:
    """第十二条之一 → art-12-1 (the anchor of an article label), None for text outside articles."""
    from zhidu.urls import article_anchor

    match = re.fullmatch(rf"第({_NUMERAL}|[0-9]+)条(?:之({_NUMERAL}|[0-9]+))?", label or "")
    if not match:
        return None
    number = lambda text: int(text) if text.isdigit() else _number(text)  # noqa: E731
    return article_anchor(number(match.group(1)), number(match.group(2)) if match.group(2) else 0)


def box_search(folder: Path, questions_: list[str], engine_js: Path) -> dict[str, list[tuple[str, str | None]]]:
    """The search box's engine under Node over a written zhidu-search/ folder (the parity gate's runner,
    ``tests/parity/engine.js``: queries in as a JSON array, ``[{"hits": [[id, article, status, cited], …]}]`` out); the
    box lists texts in force first, as the CLI searches them."""
    import subprocess

    result = subprocess.run(["node", str(engine_js), str(folder), "10"], input=json.dumps(questions_), capture_output=True, text=True, check=True)
    answers = json.loads(result.stdout)
    return {q: [(h[0], label_anchor(h[1])) for h in a["hits"] if h[2] in ("现行有效", "试行")] for q, a in zip(questions_, answers)}


def fold_of(question_id, folds: int) -> int:
    """The cross-validation fold of a tuning question (a hash of its id, independent of the frozen split's)."""
    return int(hashlib.sha1(f"fold/{question_id}".encode()).hexdigest(), 16) % folds


def crossvalidated(root: Path, chosen: list[dict], folds: int, say, limit: int = 10) -> dict[str, list[tuple[str, str | None]]]:
    """The CLI's answers to the tuning questions, each asked of an index whose built-in question log
    (``search/data/asked.jsonl``, the tuning part) leaves out the question's own fold: what the log does for a question
    it does not hold, measured on the tuning part without touching the frozen one."""
    import tempfile

    import search.asked

    shipped = search.asked.BUILTIN
    rows = [json.loads(line) for line in shipped.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers: dict[str, list[tuple[str, str | None]]] = {}
    try:
        for fold in range(folds):
            with tempfile.TemporaryDirectory() as scratch:
                table = Path(scratch) / "asked.jsonl"
                table.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if fold_of(r["id"], folds) != fold), encoding="utf-8")
                search.asked.BUILTIN = table
                eng = engine(root, CACHE / f"index-fold{fold}", say)
                search_ = cli_search(eng, limit)
                for q in chosen:
                    if q["part"] == "tuning" and fold_of(q["id"], folds) == fold:
                        answers[q["question"]] = search_(q["question"])
                eng.close()
            say(f"- fold {fold + 1}/{folds} answered")
    finally:
        search.asked.BUILTIN = shipped
    return answers


def stard_rows(chosen: list[dict], searchers: dict, say, misses: bool, self_included: tuple[str, ...] = ()) -> list[str]:
    rows = []
    results = {name: [search(q["question"]) for q in chosen] for name, search in searchers.items()}
    for part in ("tuning", "frozen"):
        picked = [i for i, q in enumerate(chosen) if q["part"] == part]
        if not picked:
            continue
        cells = []
        for name in searchers:
            if part == "tuning" and name in self_included:
                cells.append("— (its log holds these questions)")
                continue
            pairs = [measures(results[name][i], chosen[i]["gold"]) for i in picked]
            recall = sum(r for r, _ in pairs) / len(pairs)
            mrr = sum(m for _, m in pairs) / len(pairs)
            cells.append(f"{recall:.3f} / {mrr:.3f}")
        rows.append(f"| stard-train {part} | {len(picked)} | " + " | ".join(cells) + " |")
    if misses:
        for i, q in enumerate(chosen):
            if q["part"] != "tuning":
                continue  # the frozen part is never shown question by question
            found = results["cli"][i]
            recall, rr = measures(found, q["gold"])
            if recall < 1:
                say(f"- miss {q['id']} (rr {rr:.2f}, recall {recall:.2f}): {q['question']} → {q['articles']} got {found[:3]}")
    return rows


def judged_rows(eng, sample_eng) -> list[str]:
    from benchmarks.search import rank_of
    from search.query import Options
    from zhidu.corpus import cnlaws

    rows = []
    for filename, which in (("sample.yaml", sample_eng), ("cnlaws.yaml", eng), ("cnlaws-unqualified.yaml", eng), ("cnlaws-issue18.yaml", eng)):
        queries = yaml.safe_load((RELEVANCE / filename).read_text(encoding="utf-8"))["queries"]
        ranks = []
        for q in queries:
            want = (q.get("id") or cnlaws.law_id(q["title"]), q["article"])
            ranks.append((q.get("half", "all"), rank_of([(h.id, h.article) for h in which.search(q["query"], Options(limit=10))], want)))
        halves = sorted({h for h, _ in ranks}, reverse=True)
        for half in halves + (["all"] if len(halves) > 1 else []):
            chosen = [r for h, r in ranks if half == "all" or h == half]
            recall = sum(1 for r in chosen if r is not None and r <= 5) / len(chosen)
            mrr = sum(1 / r for r in chosen if r is not None) / len(chosen)
            rows.append(f"| {filename} | {half} | {len(chosen)} | {recall:.3f} / {mrr:.3f} |")
    return rows


def sample_engine(say):
    from search import store
    from search.index import Project, update
    from search.query import Engine

    location = CACHE / "sample-index"
    update(Project(PROJECT, location, say=say))
    return Engine(store.current_generation(location), dt.date.today())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("tuning", "frozen", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="list the tuning part's misses (never the frozen part's)")
    parser.add_argument("--rebuild", action="store_true", help="make the cached cn-laws project and index again")
    parser.add_argument("--skip-judged", action="store_true")
    parser.add_argument("--skip-bm25", action="store_true")
    parser.add_argument("--box", type=Path, metavar="FOLDER", help="also the search box's engine under Node over this zhidu-search/ "
                        "folder of the same project (written by search.web; zhidu.build.features.websearch.write_site_index)")
    parser.add_argument("--engine-js", type=Path, default=PROJECT / "tests" / "parity" / "engine.js", help="the Node runner (default: the parity gate's)")
    parser.add_argument("--folds", type=int, default=3, help="tuning part: k-fold cross-validation of the question log "
                        "(an index per fold; 0: ask the shipped index, which holds the tuning questions themselves)")
    parser.add_argument("--ceiling", action="store_true", help="only what lexical matching can reach on the tuning part: BM25, BM25 with "
                        "the question log, and that with the right regulation given (cross-validated; no engine is asked)")
    parser.add_argument("--sample", type=int, help="only the first N questions (by id) of the part(s) chosen: quick tuning runs")
    args = parser.parse_args()
    say = lambda line: print(line, flush=True)  # noqa: E731
    say(f"machine: {machine()}; corpus {CORPUS}")
    root, index = project(args.rebuild)
    eng = engine(root, index, say)
    docs = articles(eng)
    resolver = Resolver(docs)
    kept, total = questions(resolver)
    by_part = Counter(q["part"] for q in kept)
    say(f"- stard-train: {total} questions, {len(kept)} with every article resolved in cn-laws "
        f"(tuning {by_part['tuning']}, frozen {by_part['frozen']}); {len(docs)} articles indexed")
    chosen = [q for q in kept if args.part == "all" or q["part"] == args.part]
    if args.sample:
        chosen = sorted(chosen, key=lambda q: q["id"])[: args.sample]
    if args.ceiling:
        rows = ceiling_rows(docs, chosen, args.folds or 3, say)
        say("")
        say("| tuning part, cross-validated | questions | recall@10 / MRR@10 |")
        say("| --- | --- | --- |")
        for row in rows:
            say(row)
        eng.close()
        return
    searchers = {"cli": cli_search(eng)}
    if args.folds:
        # The shipped question log holds the tuning part itself: the tuning row asks each question of an index
        # without its fold's questions (the frozen part's row is unaffected: no frozen question is in any log).
        held_out = crossvalidated(root, chosen, args.folds, say)
        whole = searchers["cli"]
        searchers["cli"] = lambda text: held_out[text] if text in held_out else whole(text)
    if args.box:
        answers = box_search(args.box, [q["question"] for q in chosen], args.engine_js)
        searchers["box"] = answers.__getitem__
    if not args.skip_bm25:
        started = time.perf_counter()
        searchers["bm25"] = BM25(docs).search
        say(f"- BM25 baseline built in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    # The box is asked of the shipped index, whose question log holds the tuning part: no measure there.
    rows = stard_rows(chosen, searchers, say, args.misses, ("box",) if "box" in searchers else ())
    say(f"- {len(chosen)} questions × 2 engines in {time.perf_counter() - started:.0f} s")
    say("")
    heads = {"cli": "CLI", "box": "search box", "bm25": "BM25"}
    say("| set | questions | " + " | ".join(f"{heads[name]} recall@10 / MRR@10" for name in searchers) + " |")
    say("| --- | --- | " + " | ".join("---" for _ in searchers) + " |")
    for row in rows:
        say(row)
    if not args.skip_judged:
        sample = sample_engine(say)
        say("")
        say("| judged set | half | queries | CLI recall@5 / MRR |")
        say("| --- | --- | --- | --- |")
        for row in judged_rows(eng, sample):
            say(row)
        sample.close()
    eng.close()


if __name__ == "__main__":
    main()
