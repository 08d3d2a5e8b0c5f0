"""Learn the bridge's term translations (question word → article word) from the TUNING part of stard-train only.

Run: ``.venv/bin/python -m benchmarks.learn_bridge`` (after ``benchmarks.relevance`` has made its cached cn-laws index);
writes ``.cache/relevance/bridge_learned.json``. Tried for issue 18 as alternatives of the question word weighed 0.3: it
lowered the tuning part (150 questions: recall@10 0.513 → 0.479, MRR@10 0.449 → 0.416), so nothing ships it; the tool
stays to try other weightings (see docs/benchmarks.md).

For each tuning question (``benchmarks.relevance.part_of``: never a frozen one), the words the engine searches
(``Engine.query_words``, two characters or more, known to the index) are paired with the words of the articles that
answer it that the question does not hold. A pair is kept when it is seen in at least ``MIN_PAIRS`` questions, in
at least ``MIN_SHARE`` of the questions holding the question word, and the article word is at least ``MIN_LIFT``
times likelier in those answers than in an article at random (so 应当, 规定 and the like never come in); at most
``PER_WORD`` article words per question word, the likeliest first. The table is small on purpose: it is weighed
a fraction of a typed word, a cap so that it helps more than it drifts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.relevance import Resolver, articles, engine, project, questions

OUT = Path(__file__).resolve().parent.parent / ".cache" / "relevance" / "bridge_learned.json"
MIN_PAIRS = 3
MIN_SHARE = 0.3
MIN_LIFT = 30.0
PER_WORD = 3


def main() -> None:
    from search.analysis import words

    say = lambda line: print(line, flush=True)  # noqa: E731
    root, index = project()
    eng = engine(root, index, say)
    docs = articles(eng)
    texts = {(reg_id, anchor): text for reg_id, _, anchor, text in docs}
    kept, _ = questions(Resolver(docs))
    tuning = [q for q in kept if q["part"] == "tuning"]
    asked: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for q in tuning:
        typed = {w for w in eng.query_words(q["question"]) if len(w) > 1 and eng.known(w)}
        answer = {w for g in q["gold"] for w in words(texts[g]) if len(w) > 1} - typed
        asked.update(typed)
        pairs.update((t, a) for t in typed for a in answer if a not in typed and t not in a and a not in t)
    total = eng.reader.doc_count()
    table: dict[str, list[str]] = {}
    for (typed, answer), count in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        share = count / asked[typed]
        lift = share / max(eng.frequency(answer) / total, 1e-9)
        if count >= MIN_PAIRS and share >= MIN_SHARE and lift >= MIN_LIFT and len(table.get(typed, [])) < PER_WORD:
            table.setdefault(typed, []).append(answer)
    OUT.write_text(json.dumps(dict(sorted(table.items())), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    say(f"- {len(tuning)} tuning questions: {len(table)} question words, {sum(map(len, table.values()))} pairs → {OUT}")
    eng.close()


if __name__ == "__main__":
    main()
