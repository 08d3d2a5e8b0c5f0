"""Cross-references found in text (SPEC §4), including the shapes real legal texts use."""

from __future__ import annotations

from zhidu.domain.citations import find_citations

NAMES = {"请休假考勤管理规定": "kaoqin", "考勤管理规定": "kaoqin", "审委会工作细则": "shenweihui", "刑事诉讼法": "xingsu"}


def cites(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(c.text, c.target, c.anchor) for c in find_citations(text, NAMES, "self")]


def test_named_document_and_article_forms():
    assert cites("依照《请休假考勤管理规定》第十二条第二款办理") == [("《请休假考勤管理规定》第十二条第二款", "kaoqin", "art-12")]
    assert cites("见《考勤管理规定》第十二条之一。") == [("《考勤管理规定》第十二条之一", "kaoqin", "art-12-1")]
    assert cites("参照《请休假考勤管理规定》执行") == [("《请休假考勤管理规定》", "kaoqin", None)]


def test_self_references():
    assert cites("本规定第五条所称") == [("本规定第五条", "self", "art-5")]
    assert cites("本细则第八条、本清单第二条") == [("本细则第八条", "self", "art-8"), ("本清单第二条", "self", "art-2")]
    assert cites("违反第七条的，依照前款处理") == [("第七条", "self", "art-7")]


def test_article_chains_follow_the_document_named_first():
    assert cites("《审委会工作细则》第八条、第九条和第十条至第十二条") == [
        ("《审委会工作细则》第八条", "shenweihui", "art-8"),
        ("第九条", "shenweihui", "art-9"),
        ("第十条", "shenweihui", "art-10"),
        ("第十二条", "shenweihui", "art-12"),
    ]
    assert cites("依照《中华人民共和国公务员法》第三十八条、第三十九条处理。违反第七条的") == [
        ("《中华人民共和国公务员法》第三十八条", None, "art-38"),
        ("第三十九条", None, "art-39"),
        ("第七条", "self", "art-7"),
    ]


def test_documents_named_without_brackets():
    # Real legal texts write 刑事诉讼法第一百零三条: the article is that law's, never this document's.
    assert cites("依照刑事诉讼法第一百零三条、第一百零四条规定") == [("第一百零三条", "xingsu", "art-103"), ("第一百零四条", "xingsu", "art-104")]
    assert cites("依照民法典第五条，本解释第二条") == [("第五条", None, "art-5"), ("本解释第二条", "self", "art-2")]
    assert cites("《中华人民共和国刑法》第三条和该法第五条") == [("《中华人民共和国刑法》第三条", None, "art-3"), ("第五条", None, "art-5")]
