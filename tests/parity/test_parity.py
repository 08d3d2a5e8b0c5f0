"""One engine definition, two runtimes, proven equal: the search box's engine (websearch-engine.js, run headless
under Debian's Node) and the CLI's (search.query.Engine) give the same (id, article) lists, in the same order, over
the indexes both writers make of one project — on every judged query, on stard-train questions nobody here wrote,
and on queries generated from the index (random words, citations in several forms, citations of a repealed
regulation, a secret file's marker). See tests/parity/paritykit.py for how the two differ by design (the CLI leaves
texts not in force out; the box lists them below) and how that is compared."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from paritykit import SECRET_MARKER, build_both, cli_missing, cnlaws_project, compare, generated, judged, node, stard
from sitekit import CORPUS, PROJECT

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _node():
    assert node(), "需要 Debian 的 nodejs 软件包（make deps-test 会安装）：搜索框引擎的一致性检查在 Node 下运行它。"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    work = tmp_path_factory.mktemp("parity-sample")
    root = work / "project"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(PROJECT), str(root)], check=True, capture_output=True)
    return build_both(root, work, TODAY)


def test_both_runtimes_give_the_same_answers_on_the_sample(sample):
    queries = judged("sample.yaml") + stard(300) + generated(sample.box, 60)
    assert len(queries) > 500
    agreement, box = compare(sample, queries)
    assert not agreement.differing, agreement.report()
    assert sum(1 for a in agreement.cli if a) > len(queries) * 0.8  # not an agreement on empty answers


def test_both_runtimes_name_the_same_words_as_matching_nothing(sample):
    lay = ["量子计算 请假", "孩子出生了男方能休几天假", "父亲去世可以请几天丧假", "U盘 拷贝", "请假超过三天要谁批准", "年假有几天", "多少钱以上的支出要集体研究",
           "U盘丢了怎么办", "ＰＤＦ文件 盖章", "B超 报销 的", "🙂U盘 请假",
           "办公用品领用流程", "集中隔离 不能到岗",
           "人民陪审员能不能参加合议庭", "公务员 请假", "诉讼费交不起怎么办", "出纳能不能管账", "政府采购 程序", "Z盘丢了怎么办"]
    queries = lay + judged("sample.yaml") + stard(300) + generated(sample.box, 60)
    agreement, box = compare(sample, queries)
    assert not agreement.differing, agreement.report()  # 盘 of U盘 searched alone in neither
    cli = cli_missing(sample, queries)
    differing = [(q, c, b) for q, c, b in zip(queries, cli, box.missing) if c != b]
    assert not differing, differing[:10]
    assert cli[0] == ["量子"] and cli[1] == ["出生", "男方"]  # 几天 asks in a form: never 天假 没有找到
    assert cli[7:11] == [[], ["PDF"], ["B超"], []]  # letters named as typed, with the character they prefix, unless bridged
    assert agreement.cli[7][0] == ("bangong-yongpin", "第二条")  # U盘 → 移动存储介质: 涉密移动存储介质 are not office supplies
    assert cli[18] == ["Z盘"] and agreement.cli[18] == []  # 盘 is not searched alone (it would find 盘盈), so nothing
    assert cli[11:13] == [[], []]  # 领用, 到岗: indexed as single characters (领, 用) but in the texts searched
    assert agreement.cli[13][0] == ("renminpeishenyuanfa", "第十九条")  # the law whose subject is named, in both
    assert sum(1 for words in cli if words) > 50  # not an agreement on empty lists


def test_a_repealed_citation_is_set_aside_by_the_cli_and_listed_by_the_box(sample):
    import json

    meta = json.loads((sample.box / "meta.json").read_text(encoding="utf-8"))
    repealed = sorted({v[1] for v in meta["versions"] if v[2] == "已废止"})
    assert repealed, "the sample has a repealed regulation"
    queries = [f"{title}第一条" for title in repealed]
    agreement, box = compare(sample, queries)
    assert not agreement.differing, agreement.report()
    for hits in box.everything:
        assert hits[0][2] == "已废止" and hits[0][3] is True  # the box jumps to the repealed article, marked

    from search import store
    from search.query import Engine, Options

    engine = Engine(store.current_generation(sample.cli_index), TODAY)
    try:
        for query, hits in zip(queries, box.everything):
            found = engine.search(query, Options())
            assert found.set_aside is not None and (found.set_aside.id, found.set_aside.article) == tuple(hits[0][:2]), query
            assert found.set_aside.status == "已废止"
            included = engine.search(query, Options(include_repealed=True))
            assert included.set_aside is None and (included[0].id, included[0].article) == tuple(hits[0][:2]), query
    finally:
        engine.close()


def test_the_institution_question_log_answers_alike_in_both_runtimes(tmp_path):
    root = tmp_path / "project"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(PROJECT), str(root)], check=True, capture_output=True)
    question = "孩子发烧 要去医院陪护 找谁签字"
    (root / "regulations" / "questions.yml").write_text(
        "- 问: 孩子发烧要去医院陪护，找谁签字\n  答: 请休假考勤管理规定第六条\n- 问: 出差能报多少住宿费\n  答: [请休假考勤管理规定第九十九条, 没有这个规定第一条]\n",
        encoding="utf-8")
    built = build_both(root, tmp_path, TODAY)
    agreement, _ = compare(built, [question, "孩子 陪护 签字"])
    assert not agreement.differing, agreement.report()
    assert agreement.cli[0][0] == ("kaoqin", "第六条")
    warnings = [line for line in built.log if line.startswith("regulations/questions.yml:3: 提示：")]
    assert [w.split("的答案")[1].split("找不到")[0] for w in warnings] == ["“请休假考勤管理规定第九十九条”", "“没有这个规定第一条”"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpora/cn-laws is not beside the project")
def test_both_runtimes_give_the_same_answers_on_real_laws(tmp_path):
    root = cnlaws_project(tmp_path, 60)
    built = build_both(root, tmp_path, TODAY)
    queries = (judged("cnlaws.yaml", "cnlaws-unqualified.yaml") + stard(120) + generated(built.box, 30)
               + [SECRET_MARKER, f"QX18 {SECRET_MARKER}", "涉密测试规定QX18第一条"])
    agreement, box = compare(built, queries)
    assert not agreement.differing, agreement.report()
    assert sum(1 for a in agreement.cli if a) > len(queries) * 0.8
    missing = [(q, c, b) for q, c, b in zip(queries, cli_missing(built, queries), box.missing) if c != b]
    assert not missing, missing[:10]  # and the same words named as matching nothing
    for hits in box.everything[-3:]:
        assert not any(h[0] == "mimi" for h in hits)  # the secret file is in neither index
    assert SECRET_MARKER.encode() not in b"".join(p.read_bytes() for p in built.box.rglob("*") if p.is_file())

