"""The search box's engine holds no ranking number or pattern of its own: every one comes from meta.json, written
from search/ranking.py, so that the CLI and the box cannot be tuned apart. The JS is tokenized (strings, comments,
regular expressions, numbers); any numeric literal other than 0, 1, 2 (and -1) or an index (``x[3]``), and any regex
literal, must be listed below with the reason it is not a ranking choice."""

from __future__ import annotations

import json
import re

from sitekit import PROJECT

ENGINE = PROJECT / "docs" / "javascripts" / "websearch-engine.js"

ALLOWED_NUMBERS = {0.0, 1.0, 2.0}
"""By value: 1.0 is 1."""
WHITELIST: dict[tuple[str, str], str] = {
    ("8", "var CITATION_BATCH = 8"): "how many versions' anchors a citation fetches at once: requests, not answers",
    ("0x7f", "value += (b & 0x7f)"): "varint decoding of the postings format (search/web.py writes it)",
    ("0x80", "while (b & 0x80)"): "varint decoding of the postings format",
    ("128", "shift *= 128"): "varint decoding of the postings format",
    ("10", "parseInt("): "decimal radix",
    ("40", "first - 40"): "snippet window (display only; search/snippets.py uses the same)",
    ("330", "begin + 330"): "snippet window, 3 × 110 (display only)",
    ("110", "size = 110"): "snippet length, search/snippets.py's SNIPPET_CHARS (display only)",
    ("20", "spans[0][0] - 20"): "snippet lead-in before the first mark (display only)",
    ("/^[0-9]+$/", "parseInt(text, 10)"): "an article number in Arabic digits (numeral parsing, not ranking)",
    ("/[.*+?^${}()|[\\]\\\\]/g", "escapeRe"): "escaping text for use inside a RegExp",
    ("/[&<>\"]/g", "&amp;"): "escaping HTML",
    ("/^[《》]+|[《》]+$/g", "normalize(m[1]"): "Python's str.strip('《》') of a cited name",
    ("/^[\\p{L}\\p{N}]/u", "name.slice(word.length"): "Python's str.isalnum() of the character after a name prefix",
    ("/\\s*\\n\\s*/g", "raw.replace"): "snippet line breaks to spaces (display only; search/snippets.py does the same)",
}

_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {"", "return", "typeof", "case"}


def literals(source: str) -> list[tuple[str, str, bool]]:
    """(literal, its line, whether it is an index ``x[n]``) for every number and regex literal of JS source."""
    found: list[tuple[str, str, bool]] = []
    lines = source.split("\n")
    i, n, previous = 0, len(source), ""
    number = re.compile(r"0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
    word = re.compile(r"[A-Za-z_$][\w$]*")

    def line_of(position: int) -> str:
        return lines[source.count("\n", 0, position)]

    while i < n:
        c = source[i]
        if c in " \t\r\n":
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif c in "\"'`":
            j = i + 1
            while source[j] != c:
                j += 2 if source[j] == "\\" else 1
            i, previous = j + 1, "string"
        elif c == "/" and previous in _REGEX_BEFORE:
            j, in_class = i + 1, False
            while in_class or source[j] != "/":
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            j += 1
            while j < n and source[j].isalpha():
                j += 1
            found.append((source[i:j], line_of(i), False))
            i, previous = j, "regex"
        elif (match := word.match(source, i)) is not None:
            i, previous = match.end(), match.group(0)
        elif c.isdigit() or (c == "." and source[i + 1: i + 2].isdigit()):
            match = number.match(source, i)
            end = match.end()
            rest = source[end:].lstrip()
            before = source[:i].rstrip()
            index = before.endswith("[") and rest.startswith("]") and re.search(r"[\w$\])]\s*\[$", before) is not None
            found.append((match.group(0), line_of(i), index))
            i, previous = end, "number"
        else:
            i, previous = i + 1, c
    return found


def unexplained(source: str) -> list[tuple[str, str]]:
    bad = []
    for literal, line, index in literals(source):
        if index or (not literal.startswith("/") and float(int(literal, 16) if literal.lower().startswith("0x") else literal) in ALLOWED_NUMBERS):
            continue
        if not any(literal == known and fragment in line for known, fragment in WHITELIST):
            bad.append((literal, line.strip()))
    return bad


def test_the_engine_has_no_ranking_literal_of_its_own():
    assert unexplained(ENGINE.read_text(encoding="utf-8")) == []


def test_every_whitelisted_literal_is_still_there():
    found = {(literal, line) for literal, line, _ in literals(ENGINE.read_text(encoding="utf-8"))}
    stale = [key for key in WHITELIST if not any(literal == key[0] and key[1] in line for literal, line in found)]
    assert stale == []


def test_the_check_sees_a_number_or_a_pattern_put_back_into_the_engine():
    source = ENGINE.read_text(encoding="utf-8")
    assert unexplained(source.replace("self.meta.alternativeWeight", "0.9")) == [("0.9", _line(source, "self.meta.alternativeWeight", "0.9"))]
    assert [b[0] for b in unexplained(source.replace("rules.lead)", "/^[^。：:；;\\n]*/)"))] == ["/^[^。：:；;\\n]*/"]
    assert [b[0] for b in unexplained(source + "\nvar RERANK = 20;\n")] == ["20"]
    assert unexplained("var a = x[3] + y[12]; var b = 4 / 2;") == [("4", "var a = x[3] + y[12]; var b = 4 / 2;")]


def _line(source: str, old: str, new: str) -> str:
    return next(line for line in source.replace(old, new).split("\n") if new in line and old not in line).strip()


def test_meta_json_carries_every_constant_and_pattern_the_engine_reads(tmp_path):
    """Every ``meta.X`` / ``rules.meta.X`` / ``meta.patterns.X`` the engine reads is written by search/web.py."""
    from search import ranking

    source = ENGINE.read_text(encoding="utf-8")
    source = re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\])*\"", "", source, flags=re.S)  # comments and strings
    definition = ranking.definition()
    read = set(re.findall(r"\bmeta\.(\w+)", source))
    written_elsewhere = {"docs", "docShards", "vocabShards", "avg", "lengths", "versions", "weights", "plainWeights", "subjects", "anchors", "names", "related", "anchorForms", "urlForms", "version"}
    assert read - written_elsewhere <= set(definition), read - written_elsewhere - set(definition)
    for name, pattern in definition["patterns"].items():
        assert "(?P" not in pattern, name
        json.dumps(pattern)
