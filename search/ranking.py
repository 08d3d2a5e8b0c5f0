"""Every constant and pattern that decides what a query finds and in what order, exported once for both runtimes.

The CLI (``search.query``, ``search.scoring``, ``search.analysis``, ``search.legal``) uses these in Python; the search
box's engine (``docs/javascripts/websearch-engine.js``) reads the very same values from ``meta.json``, where
``search.web`` writes ``definition()``. The JS holds no ranking number or pattern of its own:
``tests/parity/test_engine_literals.py`` fails on one, and ``tests/parity/test_parity.py`` runs both engines over the
same index and compares their answers.

Constants that live nowhere else are defined here; the others stay beside the code that explains them and are
gathered by ``definition()`` (imported lazily, so that this module can be imported by all of them).
"""

from __future__ import annotations

import re

OUTSIDE_BOOST = 0.5
"""Text outside articles (preambles, tables, attachments) is long and seldom what is sought: its terms count half."""
HEAD_BOOST = 1.5
"""Index-time boost of the head field (names, chapter), Whoosh's ``TEXT(field_boost=…)``."""
ALTERNATIVE_WEIGHT = 0.9
"""A thesaurus alternative of a query word counts this much of the word itself."""
BELOW_FACTOR = 0.99
"""A lower group (fewer query words, a later tier) is scaled to score at most this share of the group above it."""
BELOW_FLOOR = 1e-9
"""Guard against dividing by a zero score when scaling a group below another."""
NAME_PREFIX_MIN = 3
"""A query word of at least this many characters that begins a regulation's name (民法典 of 民法典（婚姻家庭编）) names
that regulation."""
IN_FORCE = ("现行有效", "试行")
"""Displayed statuses searched by default (the CLI) and listed first (the search box)."""
TIERS = {"现行有效": 0, "试行": 0, "尚未生效": 1}
"""The search box's tiers: texts in force, then pending ones, then (2) superseded and repealed ones."""
QUERY_SPLIT = r"[\s\u3000]+"
"""What separates the pieces of a query (any space, the ideographic one included)."""
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
"""Zero-width characters removed by normalisation."""


def js_pattern(pattern: str) -> str:
    """A Python regular expression as JavaScript's ``RegExp`` reads it (named groups spelled ``(?<name>…)``)."""
    converted = pattern.replace("(?P<", "(?<")
    if re.search(r"\(\?P[=>]|\\[AZz]|\(\?[aiLmsux]", converted):
        raise ValueError(f"pattern has a construct JavaScript lacks: {pattern}")
    return converted


def definition() -> dict:
    """The engine's constants and patterns, as ``meta.json`` carries them (keys are the JS engine's names)."""
    from search import analysis, bridge, legal, query
    from zhidu.domain import numerals

    return {
        "k1": query.BM25_K1, "b": query.BM25_B,
        "boosts": [query.FIELD_BOOSTS["text"], query.FIELD_BOOSTS["head"]], "headBoost": HEAD_BOOST, "outsideBoost": OUTSIDE_BOOST,
        "named": query.NAMED_SCORE, "rerank": query.RERANK, "phraseBonus": query.PHRASE_BONUS, "leadBonus": query.LEAD_BONUS,
        "firstBonus": query.FIRST_BONUS, "leadChars": query.LEAD_CHARS, "stop": "".join(sorted(analysis.STOP_CHARS)),
        "maxWord": query.MAX_WORD, "alternativeWeight": ALTERNATIVE_WEIGHT, "belowFactor": BELOW_FACTOR, "belowFloor": BELOW_FLOOR, "namePrefixMin": NAME_PREFIX_MIN, "lawWeight": legal.LAW_WEIGHT,
        "tiers": TIERS, "invisible": INVISIBLE,
        "patterns": {
            "chunk": js_pattern(query._CHUNK_RE.pattern), "citation": js_pattern(query.CITATION_RE.pattern),
            "lead": js_pattern(query._LEAD_RE.pattern), "split": js_pattern(QUERY_SPLIT),
        },
        "digits": numerals.DIGITS, "units": numerals.UNITS,
        "fuse": {"minWords": query.FUSE_MIN_WORDS, "k": query.FUSE_K, "depth": query.FUSE_DEPTH, "keep": query.FUSE_KEEP},
        "bridge": bridge.definition(),  # everyday words → the words of rules, question forms (search/bridge.py)
    }
