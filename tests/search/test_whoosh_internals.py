"""The shortcuts through Whoosh's internals give exactly what Whoosh's public API gives."""

from __future__ import annotations

import datetime as dt

import pytest
from sitekit import PROJECT, make_site

from search import whoosh_internals
from search.index import Project, update
from search.query import Engine, Options
from search.store import current_generation

QUERIES = ["请假 审批", "公务用车", "考勤管理规定第十二条", "审判委员会 讨论", "婚假", "三重一大 决策", "案件 评查 标准", "保密"]


@pytest.fixture(scope="module")
def engine_location(tmp_path_factory):
    """An index of the sample regulations in two segments with deletions (a full index, then an update)."""
    files = {p.relative_to(PROJECT).as_posix(): p.read_text(encoding="utf-8") for p in (PROJECT / "regulations").rglob("*") if p.is_file()}
    site = make_site(tmp_path_factory.mktemp("internals"), files)
    location = site.root / "index"
    update(Project(site.root, location))
    kaoqin = next(site.root.rglob("kaoqin.md"))
    kaoqin.write_text(kaoqin.read_text(encoding="utf-8").replace("婚假", "婚假（含再婚）"), encoding="utf-8")
    report = update(Project(site.root, location))
    assert not report.full and report.added  # the update wrote a second segment and deleted the old documents
    return current_generation(location)


def answers(generation, fast: bool, monkeypatch) -> list[list[tuple]]:
    monkeypatch.setattr(whoosh_internals, "FAST", fast)
    engine = Engine(generation, dt.date(2026, 11, 25))
    try:
        return [[(h.id, h.anchor, round(h.score, 6)) for h in engine.search(q, Options(limit=20))] for q in QUERIES]
    finally:
        engine.close()


def test_fast_path_and_public_api_rank_alike(engine_location, monkeypatch):
    fast = answers(engine_location, True, monkeypatch)
    public = answers(engine_location, False, monkeypatch)
    assert all(fast), "every query has answers, so the comparison compares something"
    assert fast == public


def test_the_fast_path_is_really_taken(engine_location, monkeypatch):
    """Guard against the comparison above passing because both runs took the public path."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(engine_location))
    with ix.searcher() as searcher:
        reader, _ = next((leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers())
        matcher = whoosh_internals.leaf_matcher(reader.postings("text", next(iter(reader.lexicon("text"))).decode("utf-8")))
        assert hasattr(matcher, "_read_data") and hasattr(matcher, "_goto")
        perdoc = getattr(reader, "_perdoc", None)
        assert getattr(perdoc, "_cached_reader", None) is not None
