"""Real Chinese legal texts (../shared/corpora/cn-laws) converted on the fly: they parse and build, and laws that
cite each other link to the right article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import CORPUS, make_site

from zhidu.corpus import cnlaws
from zhidu.corpus.collection import load_collection

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/cn-laws is not beside the project")]

ARTICLE_LINE = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?(?:[ \u3000]|$)")
HREF = re.compile(r'<a class="zd-cite" href="\.\./(law-[0-9a-f]+)/(?:#(art-[0-9-]+))?">')


def sample(count: int) -> list[Path]:
    """A spread over the corpus plus the laws most cited by others, so cross-references occur."""
    files = cnlaws.newest(CORPUS)
    step = max(1, len(files) // count)
    picked = files[::step][:count]
    wanted = ("中华人民共和国刑法", "中华人民共和国民事诉讼法", "中华人民共和国刑事诉讼法", "中华人民共和国行政诉讼法", "中华人民共和国公务员法")
    for path in files:
        if cnlaws.title_of(path) in wanted and path not in picked:
            picked.append(path)
    return picked


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    files = {}
    sources = {}
    for path in sample(110):
        reg_id, text = cnlaws.convert(path)
        files[f"regulations/{path.parent.name}/{reg_id}.md"] = text
        sources[reg_id] = path
    site = make_site(tmp_path_factory.mktemp("cnlaws"), {})
    site.write(files)
    collection = load_collection(site.root / "regulations", site.root, "")
    bad = {p.path for p in collection.errors}
    for rel in bad:  # leave out files whose real text has defects the validator rightly rejects (reported below)
        (site.root / rel).unlink()
    site.build()
    return site, collection, sources, bad


def test_most_real_texts_validate(corpus_site):
    _, collection, sources, bad = corpus_site
    assert len(sources) >= 110
    assert len(bad) <= len(sources) * 0.05, sorted(bad)


def test_article_count_matches_an_independent_count(corpus_site):
    _, collection, sources, _ = corpus_site
    mismatches = []
    total = 0
    for reg_id, regulation in collection.regulations.items():
        body = cnlaws.convert(sources[reg_id])[1].split("---", 2)[2]
        before_attachment = re.split(r"^#+\s*附件", body, flags=re.M)[0]
        expected = sum(1 for line in before_attachment.split("\n") if ARTICLE_LINE.match(line.replace("\u200b", "").strip()))
        total += len(regulation.articles)
        if len(regulation.articles) != expected:
            mismatches.append((reg_id, len(regulation.articles), expected))
    assert total > 3000
    assert len(mismatches) <= len(collection.regulations) * 0.02, mismatches


def test_cross_references_between_laws_resolve_to_existing_articles(corpus_site):
    site, collection, _, _ = corpus_site
    links = anchored = 0
    for reg_id in collection.regulations:
        html = site.html(f"regulations/{reg_id}/")
        for target, anchor in HREF.findall(html):
            target_html = site.html(f"regulations/{target}/")
            assert collection.regulations[target].title in target_html
            if anchor:
                assert f'id="{anchor}"' in target_html, (reg_id, target, anchor)
                anchored += 1
            links += 1
    assert links >= 20 and anchored >= 2
    assert sum(len(v) for v in collection.cited_by.values()) >= 10


def test_the_category_is_the_corpus_folder_even_for_a_text_in_a_subfolder(tmp_path):
    root = tmp_path / "cn-laws"
    assert cnlaws.category_of(root / "部门规章" / "公安部" / "x.md", root) == "部门规章"
    assert cnlaws.category_of(root / "行政法规" / "x.md", root) == "行政法规"
    assert cnlaws.category_of(root / "部门规章" / "公安部" / "x.md") == "公安部"  # no corpus root: the folder it is in
    assert cnlaws.category_of(Path("x.md")) == "法律"
