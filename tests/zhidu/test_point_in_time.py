"""Point-in-time citations (SPEC §4): a citation is read against the version of its target in force when the
citing text took effect; real temporary git repositories hold the versions."""

from __future__ import annotations

import datetime as dt
import re

from sitekit import git, regulation

from zhidu.corpus.load import load_corpus
from zhidu.domain.citations import resolution_note
from zhidu.render.pages import PageContext, regulation_page

TODAY = dt.date(2026, 11, 25)
LAW_PATH = "regulations/falv-fagui/xiujiafa.md"
LAW_2019 = regulation(
    "中华人民共和国休假法",
    "第一条 为了保障劳动者休息的权利，制定本法。\n\n"
    "第二条 劳动者连续工作一年以上的，享受带薪年休假。\n\n"
    "第三条 年休假由单位根据生产、工作的具体情况统一安排。\n\n"
    "第四条 本法自2019年6月1日起施行。",
    category="法律", kind="法律法规", effective="2019-06-01",
)
LAW_2023 = regulation(
    "中华人民共和国休假法",
    "第一条 为了维护劳动者休息休假的权利，调动工作积极性，制定本法。\n\n"
    "第二条 国家实行带薪年休假制度。\n\n"
    "第三条 劳动者连续工作一年以上的，享受带薪年休假。\n\n"
    "第四条 年休假由单位根据生产、工作的具体情况，并考虑职工本人意愿，统筹安排，可以分段安排。\n\n"
    "第五条 本法自2023年1月1日起施行。",
    category="法律", kind="法律法规", effective="2023-01-01",
)
CITING = regulation(
    "东港市人民法院年休假实施办法",
    "第一条 干警的年休假依照《中华人民共和国休假法》第三条的规定统一安排。\n\n第二条 本办法自2020年3月1日起施行。",
    effective="2020-03-01",
)
UNCITED_CHANGE = regulation(
    "东港市人民法院年休假资格认定办法",
    "第一条 干警享受年休假的资格依照《休假法》第二条认定。\n\n第二条 本办法自2020年4月1日起施行。",
    effective="2020-04-01",
)
NEWER = regulation(
    "东港市人民法院分段休假办法",
    "第一条 年休假依照《休假法》第四条分段安排。",
    effective="2024-01-01",
)


def project(tmp_path, extra: dict[str, str] | None = None):
    root = tmp_path / "project"
    files = {LAW_PATH: LAW_2019, "regulations/renshi/nianxiujia.md": CITING, "regulations/renshi/zige.md": UNCITED_CHANGE, **(extra or {})}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "录入", env={"GIT_AUTHOR_DATE": "2020-04-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2020-04-01T10:00:00+08:00"})
    (root / LAW_PATH).write_text(LAW_2023, encoding="utf-8")
    (root / "regulations/renshi/fenduan.md").parent.mkdir(parents=True, exist_ok=True)
    (root / "regulations/renshi/fenduan.md").write_text(NEWER, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "修订", env={"GIT_AUTHOR_DATE": "2023-01-02T10:00:00+08:00", "GIT_COMMITTER_DATE": "2023-01-02T10:00:00+08:00"})
    return load_corpus(root, "东港市人民法院", TODAY)


def test_a_citation_reads_the_version_in_force_when_the_citing_text_took_effect(tmp_path):
    corpus = project(tmp_path)
    collection = corpus.collection
    assert [info.effective for info in corpus.histories["xiujiafa"].infos] == [dt.date(2019, 6, 1), dt.date(2023, 1, 1)]
    citing = collection.regulations["nianxiujia"]
    (citation,) = collection.citations(citing, citing.articles[0].text)
    resolution = collection.resolve(citing, citation)
    assert resolution.as_of == dt.date(2019, 6, 1) and resolution.anchor == "art-3"
    assert resolution.fate == "modified" and resolution.now_label == "第四条" and resolution.now_anchor == "art-4"
    assert resolution.compared == (dt.date(2019, 6, 1), dt.date(2023, 1, 1))
    assert resolution_note(resolution) == "该条已修改，现为第四条"
    # A text that took effect after the revision reads the text in force: no dated link, nothing to say.
    newer = collection.regulations["fenduan"]
    (citation,) = collection.citations(newer, newer.articles[0].text)
    resolution = collection.resolve(newer, citation)
    assert resolution.as_of is None and resolution.anchor == "art-4" and resolution_note(resolution) == ""


def test_the_page_links_the_old_article_in_the_dated_version_and_names_the_new_number(tmp_path):
    corpus = project(tmp_path)
    collection = corpus.collection
    citing = collection.regulations["nianxiujia"]
    page = regulation_page(collection, citing, PageContext.for_regulation("nianxiujia", corpus.status("nianxiujia")))
    link = re.search(r'<a class="zd-cite" href="([^"]+)">《中华人民共和国休假法》第三条</a><span class="zd-cite-note"[^>]*>（(.*?)）</span>', page)
    assert link is not None, page
    assert link.group(1) == "../xiujiafa/2019-06-01/#art-3"
    note = link.group(2)
    assert "该条已修改，现为" in note and '<a href="../xiujiafa/#art-4">第四条</a>' in note
    assert 'href="../xiujiafa/compare/2019-06-01-to-2023-01-01/"' in note
    # The law's page lists the citation under the article it is now; its 2019 page lists it under 第三条.
    law = collection.regulations["xiujiafa"]
    law_page = regulation_page(collection, law, PageContext.for_regulation("xiujiafa", corpus.status("xiujiafa")))
    cited_by = law_page[law_page.index("被引用"):]
    assert "第三条</a>（2019年6月1日施行文本，该条已修改，现为<a href=\"#art-4\">第四条</a>）" in cited_by
    old = corpus.histories["xiujiafa"].infos[0]
    old_page = regulation_page(collection, old.regulation, PageContext(old.status, "regulations/xiujiafa/2019-06-01/index.md"))
    assert "年休假实施办法" in old_page[old_page.index("被引用"):] and "分段休假办法" not in old_page[old_page.index("被引用"):]


def test_the_superior_impact_lists_exactly_the_cited_article_that_changed(tmp_path):
    from zhidu.corpus.config import ReviewPolicy
    from zhidu.corpus.health import findings
    from zhidu.corpus.superior import superior_revisions
    from zhidu.render.superior import superior_notice

    corpus = project(tmp_path)
    found = superior_revisions(corpus.collection, corpus.histories)
    # 资格认定办法 cites 第二条, renumbered (now 第三条) but unchanged; 分段休假办法 took effect after the revision.
    assert list(found) == ["nianxiujia"]
    (revision,) = found["nianxiujia"]
    assert [(c.kind, c.old.label, c.new.label, c.label) for c in revision.changes] == [("modified", "第三条", "第四条", "第三条（现为第四条）已修改")]
    notice = superior_notice(found["nianxiujia"], dt.date(2020, 3, 1), "regulations/nianxiujia/index.md")
    assert "本制度引用的第三条（现为[第四条](../xiujiafa/index.md#art-4)）已修改（本制度第一条引用）" in notice
    assert "[查看修订对照](../xiujiafa/compare/2019-06-01-to-2023-01-01/index.md)" in notice
    (finding,) = [f for f in findings(corpus.working, TODAY, ReviewPolicy(), corpus.histories) if f.kind.startswith("superior")]
    assert finding.reg_id == "nianxiujia" and finding.kind == "superior-revised"
    assert finding.message.startswith("引用的《中华人民共和国休假法》第三条（现为第四条）已修改：修订后的文本自2023年1月1日起施行")
    assert finding.links == (("《中华人民共和国休假法》修订对照", "regulations/xiujiafa/compare/2019-06-01-to-2023-01-01/index.md"),)


def test_a_citation_of_an_article_the_version_never_had_is_marked(tmp_path):
    wrong = regulation("东港市人民法院年休假补充规定", "第一条 依照《休假法》第五条办理。", effective="2020-05-01")
    corpus = project(tmp_path, {"regulations/renshi/buchong.md": wrong})
    collection = corpus.collection
    citing = collection.regulations["buchong"]
    (citation,) = collection.citations(citing, citing.articles[0].text)
    resolution = collection.resolve(citing, citation)
    # 第五条 exists today, but not in the 2019 text the regulation was written against.
    assert resolution.fate == "missing" and resolution.dead == "条文不存在" and resolution.as_of == dt.date(2019, 6, 1)
    page = regulation_page(collection, citing, PageContext.for_regulation("buchong", corpus.status("buchong")))
    assert '<a class="zd-cite zd-cite--dead" href="../xiujiafa/2019-06-01/">《休假法》第五条</a><span class="zd-cite-note zd-cite-note--dead" data-search-exclude>（条文不存在）</span>' in page


def test_the_pdf_prints_what_became_of_the_cited_article_under_the_article(tmp_path):
    import subprocess

    from zhidu.printing.jobs import PrintInput, regulation_job
    from zhidu.printing.render import render_pdf

    wrong = regulation("东港市人民法院年休假补充规定", "第一条 依照《休假法》第五条办理。", effective="2020-05-01")
    corpus = project(tmp_path, {"regulations/renshi/buchong.md": wrong})
    source = PrintInput("东港市人民法院", TODAY, corpus.collection, "", histories=corpus.histories)
    doc = source.printable("nianxiujia")
    (article,) = [item for item in doc.items if item["kind"] == "article" and item["notes"]]
    assert article["notes"] == ["《中华人民共和国休假法》第三条指2019年6月1日施行文本中的条文；该条已修改，现为第四条。"]
    assert source.printable("buchong").articles[(1, 0)]["notes"] == ["《休假法》第五条：条文不存在。"]
    target = tmp_path / "nianxiujia.pdf"
    render_pdf(regulation_job(source, "nianxiujia").html, target)
    text = "".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "注：《中华人民共和国休假法》第三条指2019年6月1日施行文本中的条文；该条已修改，现为第四条。" in text


def test_a_citation_older_than_every_text_on_the_shelf_says_so(tmp_path):
    early = regulation("东港市人民法院休假暂行办法", "第一条 依照《休假法》第三条安排。", effective="2018-01-01")
    corpus = project(tmp_path, {"regulations/renshi/zanxing.md": early})
    collection = corpus.collection
    citing = collection.regulations["zanxing"]
    (citation,) = collection.citations(citing, citing.articles[0].text)
    resolution = collection.resolve(citing, citation)
    # The shelf starts with the 2019 text: nothing tells which article 第三条 was in 2018; the link goes to today's.
    assert (resolution.fate, resolution.as_of, resolution.anchor, resolution.earliest) == ("older", None, "art-3", dt.date(2019, 6, 1))
    assert resolution_note(resolution) == "本库只收录2019年6月1日以后施行的文本，所引条号可能已变动"
    law = collection.regulations["xiujiafa"]
    page = regulation_page(collection, law, PageContext.for_regulation("xiujiafa", corpus.status("xiujiafa")))
    assert '<a href="#art-3">第三条</a>（本库只收录2019年6月1日以后施行的文本，所引条号可能已变动）' in page
