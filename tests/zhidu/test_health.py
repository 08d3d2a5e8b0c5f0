"""制度体检: each kind of finding on a small folder of regulations, on a fixed day, and `make check` printing them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import make_site, regulation

from zhidu.corpus.collection import load_collection
from zhidu.corpus.config import ConfigError, ReviewPolicy, read_site_config
from zhidu.corpus.health import KINDS, FindingKind, HealthInput, action_rule, deadline, findings, health_report, register

POLICY = ReviewPolicy(trial_years=2, review_years=5, notice_days=90)
KAOQIN = regulation("东港市人民法院请休假考勤管理规定", "第一条 甲。\n\n第二条 乙。", department="政治部")
OLD_CARS = regulation(
    "东港市人民法院公务用车管理办法", "第一条 旧。", status="已废止", effective="2016-05-01", repealed="2019-06-01", replaced_by="cheliang",
)
CARS = regulation("东港市人民法院车辆使用管理暂行规定", "第一条 派车。", department="办公室")


def collection_of(tmp_path: Path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    collection = load_collection(tmp_path / "regulations", tmp_path, "东港市人民法院")
    assert collection.errors == []
    return collection


def lines(tmp_path: Path, files: dict[str, str], today: str, kind: str | None = None) -> list[str]:
    found = findings(collection_of(tmp_path, files), dt.date.fromisoformat(today), POLICY)
    return [f.problem.format() for f in found if kind is None or f.kind == kind]


def test_trial_period_over_counts_two_years_from_effective(tmp_path):
    files = {"regulations/pingcha.md": regulation("东港市人民法院案件质量评查办法（试行）", "第一条 甲。", status="试行")}
    assert lines(tmp_path, files, "2023-01-14", "trial-over") == []
    assert lines(tmp_path, files, "2023-01-16") == [
        "regulations/pingcha.md:4: 提示：试行期已于2023年1月15日届满（施行之日起 2 年），仍标为“试行”。请组织评估：转为正式施行的，把 status 改为 现行有效、effective 改为转为正式之日并删除 trial_until；需要继续试行的，修订后写新的 trial_until；不再需要的，予以废止。",
    ]


def test_trial_until_written_wins_and_is_named_by_its_line(tmp_path):
    files = {"regulations/pingcha.md": regulation("东港市人民法院评查办法（试行）", "第一条 甲。", status="试行", trial_until="2022-06-30")}
    (line,) = lines(tmp_path, files, "2022-07-01")
    assert line.startswith("regulations/pingcha.md:6: 提示：试行期已于2022年6月30日届满，仍标为“试行”。")


def test_trial_ending_within_the_notice_period(tmp_path):
    files = {"regulations/pingcha.md": regulation("东港市人民法院评查办法（试行）", "第一条 甲。", status="试行")}
    assert lines(tmp_path, files, "2022-12-16") == [
        "regulations/pingcha.md:4: 提示：试行期将于2023年1月15日届满，还有 30 天。请在期满前评估，决定转为正式施行、修订后继续试行或废止。",
    ]
    assert lines(tmp_path, files, "2022-10-01") == []


def test_review_overdue_five_years_after_the_latest_version(tmp_path):
    files = {"regulations/kaoqin.md": KAOQIN}
    assert lines(tmp_path, files, "2026-01-14", "review-overdue") == []
    assert lines(tmp_path, files, "2026-01-16") == [
        "regulations/kaoqin.md:5: 提示：应于2026年1月15日前评估，最近一次修订于2021年1月15日施行，已满 5 年。请组织评估：决定继续有效的，把 review_by 改为下一次评估的日期；需要修订或废止的，按维护指南办理。",
    ]


def test_review_by_written_is_the_deadline(tmp_path):
    files = {"regulations/kaoqin.md": KAOQIN.replace("department: 政治部", "department: 政治部\nreview_by: 2027-01-31")}
    assert lines(tmp_path, files, "2026-11-25") == [
        "regulations/kaoqin.md:7: 提示：应于2027年1月31日前评估，还有 67 天。请提前安排评估；评估后把 review_by 改为下一次评估的日期。",
    ]
    (overdue,) = lines(tmp_path, files, "2027-02-01")
    assert overdue.startswith("regulations/kaoqin.md:7: 提示：应于2027年1月31日前评估，下次评估日期 review_by 已过。")


def test_repealed_and_pending_regulations_are_not_due(tmp_path):
    files = {
        "regulations/old.md": OLD_CARS.replace("replaced_by: cheliang\n", ""),
        "regulations/soon.md": regulation("东港市人民法院新规定", "第一条 甲。", effective="2030-01-01"),
    }
    assert lines(tmp_path, files, "2029-06-01") == []


def test_citation_of_a_repealed_regulation_names_its_successor(tmp_path):
    files = {
        "regulations/gongche.md": OLD_CARS,
        "regulations/cheliang.md": CARS,
        "regulations/neikong.md": regulation("东港市人民法院内部控制手册", "第一条 甲。\n\n第二条 车辆编制依照《公务用车管理办法》执行。"),
    }
    assert lines(tmp_path, files, "2021-06-01") == [
        "regulations/neikong.md:10: 提示：引用的《公务用车管理办法》已于2019年6月1日废止。请改为引用取代它的《车辆使用管理暂行规定》的相应条文，或删除这一引用。",
    ]


def test_citation_of_a_regulation_repealed_later_is_fine_until_then(tmp_path):
    files = {
        "regulations/zhiban.md": regulation("东港市人民法院值班办法", "第一条 甲。", status="已废止", repealed="2022-01-01"),
        "regulations/a.md": regulation("东港市人民法院甲规定", "第一条 值班依照《值班办法》第一条。"),
    }
    assert lines(tmp_path, files, "2021-12-31") == []
    assert lines(tmp_path, files, "2022-01-01") == ["regulations/a.md:8: 提示：引用的《值班办法》已于2022年1月1日废止。请改为引用现行有效的制度，或删除这一引用。"]


def test_a_repealed_regulation_citing_another_is_not_reported(tmp_path):
    files = {
        "regulations/gongche.md": OLD_CARS.replace("第一条 旧。", "第一条 依照《车辆使用管理暂行规定》第九条。"),
        "regulations/cheliang.md": CARS,
    }
    assert lines(tmp_path, files, "2021-06-01") == []


def test_citation_of_a_missing_article(tmp_path):
    files = {
        "regulations/kaoqin.md": KAOQIN,
        "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 依照《请休假考勤管理规定》第九十条办理。"),
    }
    assert lines(tmp_path, files, "2021-06-01") == ["regulations/jixiao.md:8: 提示：引用的《请休假考勤管理规定》第九十条不存在。请核对条文编号；链接将指向该制度首页。"]


def test_citation_of_a_missing_article_of_the_same_document_names_it_once(tmp_path):
    files = {"regulations/huifeng.md": regulation("东港市人民法院会风会纪管理制度", "第一条 违反本制度第八十条的，予以通报。\n\n第二条 乙。")}
    assert lines(tmp_path, files, "2021-06-01") == ["regulations/huifeng.md:8: 提示：引用的本制度第八十条不存在。请核对条文编号；链接将指向该制度首页。"]


def test_unknown_names_grouped_counted_once_and_only_misspellings_are_findings(tmp_path):
    files = {
        "regulations/a.md": regulation(
            "东港市人民法院甲规定",
            "第一条 依照《中华人民共和国法官法》填写《公务用车申请单》。\n\n第二条 依照《中华人民共和国法官法》和《请休假考勤管理规则》。",
        ),
        "regulations/b.md": regulation("东港市人民法院乙规定", "第一条 依照《中华人民共和国法官法》第三十八条，填写《案件质量评查表》。"),
        "regulations/kaoqin.md": KAOQIN,
    }
    assert lines(tmp_path, files, "2021-06-01") == [
        "regulations/a.md:10: 提示：《请休假考勤管理规则》不是本库任何制度的名称，与《请休假考勤管理规定》只差 1 个字（共 1 处）。"
        "如指的是《请休假考勤管理规定》，请改正书名号中的名称，或在该制度的 aliases 中加上这个名称；如是外单位文件，请写入 mkdocs.yml 的 extra.external_titles。",
    ]
    collection = collection_of(tmp_path, files)
    report = health_report(collection, dt.date(2021, 6, 1), POLICY)
    groups = {key: [(n.title, n.count, n.files) for n in names] for key, _, names in report.unknown_groups()}
    assert groups == {
        "misspelling": [("请休假考勤管理规则", 1, 1)],
        "forms": [("公务用车申请单", 1, 1), ("案件质量评查表", 1, 1)],
        "other": [("中华人民共和国法官法", 3, 2)],
    }
    declared = ReviewPolicy(external_titles=frozenset({"中华人民共和国法官法", "公务用车申请单"}))
    report = health_report(collection, dt.date(2021, 6, 1), declared)
    assert [n.title for n in report.unknown] == ["请休假考勤管理规则", "案件质量评查表"]


def test_external_titles_in_mkdocs_yml_are_checked(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  external_titles:\n    - 《公务用车申请单》\n    - 中国共产党纪律处分条例\n", encoding="utf-8")
    assert read_site_config(tmp_path).review.external_titles == frozenset({"公务用车申请单", "中国共产党纪律处分条例"})
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  external_titles: 公务用车申请单\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="external_titles 应写成名称的列表"):
        read_site_config(tmp_path)


def test_a_short_name_meaning_two_bodies(tmp_path):
    files = {
        "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 本院成立绩效考核委员会（以下简称考核委员会），审定考核结果。"),
        "regulations/kaoping.md": regulation("东港市人民法院党员考评细则", "第一条 机关党委设立党员积分考核委员会（以下简称考核委员会）。"),
        "regulations/pingcha.md": regulation("东港市人民法院评查办法", "第一条 提交审判委员会（以下简称审委会）讨论。"),
        "regulations/shenweihui.md": regulation("东港市人民法院审委会细则", "第一条 东港市人民法院审判委员会（以下简称审委会）是最高审判组织。"),
    }
    assert lines(tmp_path, files, "2021-06-01") == [
        "regulations/jixiao.md:8: 提示：简称“考核委员会”在这里指“绩效考核委员会”，在《党员考评细则》（regulations/kaoping.md:8）中指“党员积分考核委员会”。同一简称在不同制度中含义不同，汇编和检索时容易混淆：请改用能区分的简称，或直接写全称。",
    ]


def test_findings_of_a_kind_registered_by_another_feature(tmp_path):
    kind = FindingKind("test-kind", "测试类", "修订")

    def check(source: HealthInput):
        from zhidu.corpus.health import Finding

        for reg in source.in_force():
            yield Finding(kind.key, reg.path, 1, "测试。", "无。", reg.id)

    register(kind, check)
    try:
        collection = collection_of(tmp_path, {"regulations/kaoqin.md": KAOQIN})
        report = health_report(collection, dt.date(2021, 6, 1), POLICY)
        assert [f.kind for f in report.findings] == ["test-kind"]
        assert [(row.regulation.id, row.action, row.reasons) for row in report.rows] == [("kaoqin", "修订", ["测试类"])]
    finally:
        from zhidu.corpus import health

        health.CHECKS.remove(check)
        del KINDS[kind.key]


def test_clean_up_table_suggests_an_action_for_each_regulation(tmp_path):
    files = {
        "regulations/gongche.md": OLD_CARS,
        "regulations/cheliang.md": CARS,
        "regulations/kaoqin.md": KAOQIN,
        "regulations/neikong.md": regulation("东港市人民法院内部控制手册", "第一条 依照《公务用车管理办法》。"),
        "regulations/pingcha.md": regulation("东港市人民法院评查办法（试行）", "第一条 甲。", status="试行"),
        "regulations/zhiban.md": regulation("东港市人民法院值班办法", "第一条 甲。", status="已废止", repealed="2027-01-01"),
    }
    report = health_report(collection_of(tmp_path, files), dt.date(2026, 11, 25), POLICY)
    actions = {row.regulation.id: (row.action, row.reasons) for row in report.rows}
    assert actions == {
        "zhiban": ("废止", ["已定于2027年1月1日废止", "评估逾期"]),
        "neikong": ("修订", ["评估逾期", "引用已废止的制度"]),
        "pingcha": ("转为正式", ["试行期满"]),
        "kaoqin": ("评估", ["评估逾期"]),
        "cheliang": ("评估", ["评估逾期"]),
    }
    assert "gongche" not in actions  # repealed: nothing to clean up
    assert [row.regulation.id for row in report.rows][:3] == ["zhiban", "neikong", "pingcha"]


def test_deadline_of_a_trial_regulation_with_an_earlier_review_by(tmp_path):
    collection = collection_of(tmp_path, {"regulations/p.md": regulation("东港市人民法院评查办法（试行）", "第一条 甲。", status="试行", review_by="2022-01-01")})
    due = deadline(collection.regulations["p"], POLICY)
    assert (due.date, due.trial, due.written) == (dt.date(2022, 1, 1), False, True)


def test_review_policy_from_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  review:\n    trial_years: 3\n    review_years: 4\n", encoding="utf-8")
    assert read_site_config(tmp_path).review == ReviewPolicy(trial_years=3, review_years=4, notice_days=90)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  review:\n    trial_years: 两年\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="extra.review.trial_years 的值“两年”无效：请写 1 到 10 之间的整数。"):
        read_site_config(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nextra:\n  review:\n    trail_years: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="未知的设置“trail_years”"):
        read_site_config(tmp_path)


def run_check(root: Path, today: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=root, capture_output=True, text=True, env={**os.environ, "ZHIDU_TODAY": today})


SECRET = (
    "---\ntitle: 东港市人民法院涉密测试规定QZ7\ncategory: 保密管理\nstatus: 试行\neffective: 2015-01-15\nsecrecy: 机密\n---\n"
    "第一条 依照《公务用车管理办法》和《密件QZ7条例》执行，保密委员会（以下简称考核委员会）。\n"
)


def test_make_check_prints_findings_as_warnings_and_exits_zero(tmp_path):
    site = make_site(tmp_path, {
        "regulations/gongche.md": OLD_CARS,
        "regulations/cheliang.md": CARS,
        "regulations/pingcha.md": regulation("东港市人民法院评查办法（试行）", "第一条 依照《公务用车管理办法》。", status="试行", department="审判管理办公室"),
        "regulations/mimi.md": SECRET,
    }, commit=False)
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("    trial_years: 2\n", "    trial_years: 1\n", 1), encoding="utf-8")
    result = run_check(site.root, "2022-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "已跳过涉密文件：regulations/mimi.md",
        "regulations/pingcha.md:4: 提示：试行期已于2022年1月15日届满（施行之日起 1 年），仍标为“试行”。请组织评估：转为正式施行的，把 status 改为 现行有效、effective 改为转为正式之日并删除 trial_until；需要继续试行的，修订后写新的 trial_until；不再需要的，予以废止。",
        "regulations/pingcha.md:9: 提示：引用的《公务用车管理办法》已于2019年6月1日废止。请改为引用取代它的《车辆使用管理暂行规定》的相应条文，或删除这一引用。",
        "共检查 3 项制度：0 处错误，2 处提示。",
    ]
    assert "QZ7" not in result.stdout + result.stderr


def test_make_check_with_a_bad_review_setting_is_one_line(tmp_path):
    site = make_site(tmp_path, {"regulations/cheliang.md": CARS}, commit=False)
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("    review_years: 5\n", "    review_years: 0\n", 1), encoding="utf-8")
    result = run_check(site.root, "2022-06-01")
    assert result.returncode == 1
    assert result.stderr == "错误：mkdocs.yml 中 extra.review.review_years 的值“0”无效：请写 1 到 20 之间的整数。\n"


GUIDE_ROWS = {
    "trial-over": "| 提示：试行期已于…届满，仍标为“试行” |",
    "review-overdue": "| 提示：应于…前评估，最近一次修订于…施行，已满 5 年（或：下次评估日期 review_by 已过） |",
    "due-soon": "| 提示：应于…前评估（或：试行期将于…届满），还有 … 天 |",
    "repealed-citation": "| 提示：引用的《…》已于…废止 |",
    "missing-article": "| 提示：引用的《…》第…条不存在 |",
    "superior-revised": "| 提示：引用的《…》第…条已修改（或：已删除）：修订后的文本自…起施行，晚于本制度的施行日期（…） |",
    "superior-unverified": "| 提示：引用的《…》现行文本自…起施行，晚于本制度的施行日期（…）；本库未收录此前的文本，无法比对所引的第…条 |",
    "unknown-title": "| 提示：《…》不是本库任何制度的名称，与《…》只差 … 个字（共 … 处） |",
    "term-conflict": "| 提示：简称“…”在这里指“…”，在《…》中指“…” |",
}


def test_every_kind_of_finding_has_a_row_in_the_guide():
    guide = (Path(__file__).resolve().parents[2] / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    assert set(GUIDE_ROWS) == set(KINDS)
    for row in GUIDE_ROWS.values():
        assert row in guide, row
    assert "](../health/index.md)" in guide
    assert action_rule() in guide  # the one rule by which the advice follows from the findings, as the code applies it
