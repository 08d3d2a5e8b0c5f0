"""What a legal document's title and category tell the search: the short names people cite it by, and its place in
the legal hierarchy. Both front ends use these (the CLI through its side files, the search box through meta.json),
so they are computed once, here, when an index is written.

- Implicit short names: 中华人民共和国刑事诉讼法 is cited as 刑事诉讼法 and, for the three procedure laws, as 刑诉法
  (民诉法, 行诉法). These count as names of the regulation (citation jumps, "the query names a regulation") unless
  another regulation claims the same name explicitly or two regulations would share it.
- Authority prior: on the same matter a law answers before the administrative regulation and the judicial
  interpretation that repeat its words. A document's level is its category when the category names a level
  (行政法规, 司法解释, 部门规章 …), else what its title says (…法 or …法典 a law, …条例 a regulation, a title
  beginning with 最高人民法院 or 最高人民检察院 a judicial interpretation); a document of no recognisable level (an
  institution's own rules) is not weighed down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zhidu.domain.schema import LAW_KIND

STATE_PREFIX = "中华人民共和国"
_PROCEDURE_LAW = re.compile(r"^(?P<head>[\u4e00-\u9fff])[\u4e00-\u9fff]诉讼法$")
"""刑事诉讼法 → 刑诉法, 民事诉讼法 → 民诉法, 行政诉讼法 → 行诉法: the usual abbreviation of a procedure law."""
_TRAILING_NOTE = re.compile(r"(?:[（(][^（）()]*[)）])+$")
"""A trailing parenthesis of the title: 民法典（婚姻家庭编）, 刑法修正案（十一）, 办法（试行）."""

LAW, REGULATION, LOWER = "法律", "行政法规", "规章及司法解释"
LEVEL_WEIGHTS = {LAW: 1.0, REGULATION: 0.8, LOWER: 0.5}
"""How much a document of each level weighs against a law on the same matter: the middle of a plateau on the tuning
half (regulation 0.6-0.9 × lower 0.3-0.6 give MRR 0.842-0.848; 1 × 1, no prior, 0.812); the unqualified set prefers
the lower end of it (0.769 at lower 0.6, 0.777 at 0.5)."""
CATEGORY_LEVELS = {
    "宪法": LAW, "法律": LAW,
    "行政法规": REGULATION, "监察法规": REGULATION, "地方性法规": REGULATION, "自治条例": REGULATION, "单行条例": REGULATION,
    "司法解释": LOWER, "部门规章": LOWER, "地方政府规章": LOWER, "规章": LOWER,
}
"""Categories that name a level of the legal hierarchy (as the cn-laws folders and the sample's laws do)."""
COURTS = ("最高人民法院", "最高人民检察院")
LAW_WEIGHT = 0.4
"""A law kept for reference (kind: 法律法规) weighs this much against the institution's own rules, unless the query
names it: on the same matter the court's own rule answers first (年假几天: 考勤 第九条 before the national 条例, whose
title alone matches 年休假 in every article; at 0.7 it was second)."""


_SUBJECT_SUFFIX = re.compile(r"(?:法典|法|条例|实施办法|办法|实施细则|细则|规定)$")
"""What a title adds to its subject: 人民陪审员法 is the law on 人民陪审员."""
SUBJECT_MIN = 3
"""A subject of fewer characters (法官 of 法官法, 会计 of 会计法) is too common a word to say the query asks about that law."""


def subject(title: str) -> str | None:
    """What a law is about, as people say it: its title without 中华人民共和国, a trailing parenthesis and the kind of
    text (人民陪审员 of 中华人民共和国人民陪审员法, 诉讼费用交纳 of 诉讼费用交纳办法); None when that leaves too little."""
    core = _SUBJECT_SUFFIX.sub("", _TRAILING_NOTE.sub("", title.removeprefix(STATE_PREFIX)))
    return core if len(core) >= SUBJECT_MIN and core != title else None


def subjects(entries: Iterable[tuple[str, str, str | None]], normalize=lambda s: s) -> dict[str, list[str]]:
    """subject → the ids of the laws kept for reference (kind 法律法规) about it, from (id, title, kind) triples. A
    query that names a law's subject (人民陪审员每年参审多少件) asks about that law: it is not weighed down against the
    institution's own rules (``LAW_WEIGHT``), as when the query names the law itself."""
    found: dict[str, list[str]] = {}
    for reg_id, title, kind in entries:
        core = subject(title) if kind == LAW_KIND else None
        if core:
            owners = found.setdefault(normalize(core), [])
            if reg_id not in owners:
                owners.append(reg_id)
    return found


def implicit_names(title: str) -> list[str]:
    """The short names a title implies: without 中华人民共和国 in front, and the abbreviation of a procedure law."""
    found: list[str] = []
    short = title.removeprefix(STATE_PREFIX)
    if short != title and len(short) >= 2:
        found.append(short)
    match = _PROCEDURE_LAW.match(short)
    if match:
        found.append(f"{match.group('head')}诉法")
    return found


def add_implicit_names(names: dict[str, list[str]], titles: Iterable[tuple[str, str]], normalize=lambda s: s) -> dict[str, list[str]]:
    """``names`` (name → regulation ids, the explicit names) with the implicit short names of ``titles`` ((id, title)
    pairs; a regulation may have several versions) added where exactly one regulation implies a name and no
    regulation claims it explicitly."""
    implied: dict[str, list[str]] = {}
    for reg_id, title in titles:
        for name in implicit_names(title):
            owners = implied.setdefault(normalize(name), [])
            if reg_id not in owners:
                owners.append(reg_id)
    merged = dict(names)
    for name, owners in implied.items():
        if len(owners) == 1 and name not in merged:
            merged[name] = owners
    return merged


def level(title: str, category: str | None) -> str | None:
    """The document's level in the legal hierarchy: its category's, else its title's; None when neither says."""
    by_category = CATEGORY_LEVELS.get((category or "").strip())
    if by_category:
        return by_category
    if title.startswith(COURTS):
        return LOWER
    bare = _TRAILING_NOTE.sub("", title)
    if bare.endswith("法典") or (bare.endswith("法") and not bare.endswith("办法")):
        return LAW
    if bare.endswith("条例"):
        return REGULATION
    return None


def weight(title: str, category: str | None, kind: str | None) -> float:
    """The document-level prior a document's scores are multiplied by (unless the query names it)."""
    prior = LEVEL_WEIGHTS.get(level(title, category) or LAW, 1.0)
    return prior * kind_weight(kind)


def kind_weight(kind: str | None) -> float:
    """The part of the prior that puts the institution's own rules before the laws kept for reference: all the plain
    ranking of a question keeps (``search.query.FUSE_MIN_WORDS``), which leaves the hierarchy of laws out."""
    return LAW_WEIGHT if kind == LAW_KIND else 1.0
