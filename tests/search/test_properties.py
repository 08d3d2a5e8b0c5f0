"""Any query text and any synonyms file give a result or a clean, typed error, never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from searchkit import make_site, regulation, search

from search import store
from search.query import Engine, Options, QueryError
from search.thesaurus import SynonymsError, parse

QUERY_ALPHABET = "请假审批第十二条之一考勤管理规定办法承办法官《》：:，。 \u3000\u200bab1分类状态标签foo"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("search-props"), {
        "regulations/行政/kaoqin.md": regulation("东港市人民法院考勤管理规定", "第一条 工作人员请假应当审批。\n\n第二条 承办法官请假由庭长审批。", aliases=["考勤管理规定"]),
    })
    index = site.root.parent / "search-index"
    assert search(site, "index", index=index).returncode == 0
    engine = Engine(store.current_generation(index), dt.date(2026, 11, 25))
    yield engine
    engine.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=QUERY_ALPHABET, max_size=30))
def test_any_query_gives_hits_or_a_query_error(engine, text):
    try:
        hits = engine.search(text, Options(limit=5))
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(hits) <= 5
    for hit in hits:
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="synonyms:expand-[],，审委会判员、 \n#\"'{}", max_size=80))
def test_any_synonyms_file_parses_or_names_a_line(text):
    try:
        groups, expansions = parse(text.encode("utf-8"), "regulations/synonyms.yml")
    except SynonymsError as exc:
        assert str(exc).startswith("regulations/synonyms.yml:")
        assert "\n" not in str(exc)
        return
    assert all(len(group) >= 2 for group in groups)
    assert all(isinstance(k, str) and isinstance(v, list) for k, v in expansions.items())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60) | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xFFFF), max_size=60))
def test_any_unicode_query_gives_hits_or_a_query_error(engine, text):
    """Quotes, field:, *, ?, control characters and lone surrogates included."""
    try:
        hits = engine.search(text, Options(limit=3))
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(hits) <= 3
