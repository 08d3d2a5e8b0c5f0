"""Documents as offices really write them (GB/T 9704: 红头, 文号, 标题, 正文, 附件说明, 署名, 成文日期, 附件, 版记),
built with python-docx in distinct real layouts and imported through ``python -m zhidu import``; each with the
exact fields and article counts expected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docxkit import CENTER, write_layout
from sitekit import run_zhidu as zhidu

from zhidu.domain.parser import parse_regulation
from zhidu.importer.infer import in_force_pattern

C = CENTER


def imported(project: Path) -> dict[str, tuple]:
    """id → (front-matter as a dict of the keys set, article labels, body text) of every file written."""
    result = {}
    for path in sorted((project / "regulations").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        regulation, problems = parse_regulation(text, path.name, "", path.stem)
        assert regulation is not None, [p.format() for p in problems]
        meta = regulation.meta
        fields = {
            "title": meta.title, "status": meta.status, "effective": str(meta.effective), "doc_number": meta.doc_number,
            "issuer": meta.issuer, "adopted": str(meta.adopted) if meta.adopted else "",
        }
        result[path.stem] = (fields, [a.label for a in regulation.articles], text)
    return result


def only(project: Path) -> tuple[dict, list[str], str]:
    files = imported(project)
    assert len(files) == 1, list(files)
    return next(iter(files.values()))


# 1. The 窗口工作规范 of the issue: no 红头 or 文号, 本规范 in the last article, 附件说明 before the 署名 and date,
# the attachment (a table) after them.
WINDOW = [
    (C, "青龙县人民法院窗口工作规范"),
    "第一条　为规范本院诉讼服务窗口工作，提升服务质量，结合本院实际，制定本规范。",
    "第二条　窗口工作人员应当按时到岗，统一着装，佩戴工作牌。",
    "窗口工作人员不得在工作时间从事与工作无关的活动。",
    "第三条　窗口工作人员应当做到：",
    "（一）首问负责，一次告知；",
    "（二）文明用语，耐心解答。",
    "第四条　当事人对窗口服务的评价，按照附件所列评价表记录。",
    "第五条　本规范由立案庭负责解释。",
    "第六条　本规范自2023年3月1日起施行。",
    "",
    "附件：窗口服务评价表",
    "",
    "青龙县人民法院",
    "2023年2月20日",
    "附件",
    (C, "窗口服务评价表"),
    [["评价项目", "满意", "不满意"], ["服务态度", "", ""], ["办事效率", "", ""]],
]


def test_the_window_rules_of_the_issue(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "窗口工作规范.docx", WINDOW)), "--category", "审判管理")
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院窗口工作规范", "status": "现行有效", "effective": "2023-03-01", "doc_number": "",
        "issuer": "青龙县人民法院", "adopted": "2023-02-20",
    }
    assert len(labels) == 6
    assert "第二条 窗口工作人员应当按时到岗，统一着装，佩戴工作牌。\n\n窗口工作人员不得在工作时间从事与工作无关的活动。\n" in text  # 款
    assert "\n## 附件 窗口服务评价表\n\n| 评价项目 | 满意 | 不满意 |\n" in text
    assert "附件：窗口服务评价表" not in text and "2023年2月20日" not in text
    assert "  施行日期 effective：2023-03-01（第 10 段“本规范自2023年3月1日起施行”）\n" in result.stdout
    assert "  附件说明：窗口服务评价表（第 12 段；附件说明不写入正文，附件正文接在条文之后）\n" in result.stdout
    assert "  制定机关 issuer：青龙县人民法院（第 14 段“青龙县人民法院”，发文机关署名）\n" in result.stdout
    assert "  印发日期 adopted：2023-02-20（第 15 段“2023年2月20日”，成文日期）\n" in result.stdout
    assert "  正文：不分章，6 条，1 个表格，1 个附件\n" in result.stdout


def test_the_window_rules_as_a_text_file(project, tmp_path):
    lines = ["        青龙县人民法院", "        窗口工作规范", ""]
    lines += [item if isinstance(item, str) else item[1] for item in WINDOW[1:15]]
    source = tmp_path / "窗口工作规范.txt"
    source.write_bytes("\r\n".join(lines).encode("gb18030"))
    result = zhidu(project, "import", str(source))
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院窗口工作规范", "status": "现行有效", "effective": "2023-03-01", "doc_number": "",
        "issuer": "青龙县人民法院", "adopted": "2023-02-20",
    }
    assert len(labels) == 6
    assert "标题由 2 行合并而成（第 1 行、第 2 行），请核对。" in result.stdout
    # The 附件说明 names an attachment the file does not contain: said, not swallowed.
    assert "附件说明列有 1 个附件（窗口服务评价表），文件中只有 0 个附件正文；请把缺少的附件补在条文之后。" in result.stdout


# 2. No 文号, no 署名: the only date is in the 施行 sentence; the title ends with 要点.
POINTS = [
    (C, "青龙县人民法院2022年审判管理工作要点"),
    "第一条　坚持以审判为中心，强化审判流程管理。",
    "第二条　各审判业务庭应当每月通报收结案情况。",
    "第三条　本要点自2022年7月1日起执行。",
]


def test_no_doc_number_and_the_date_only_in_the_in_force_sentence(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "要点.docx", POINTS)))
    assert result.returncode == 0, result.stderr
    fields, labels, _ = only(project)
    assert fields == {
        "title": "青龙县人民法院2022年审判管理工作要点", "status": "现行有效", "effective": "2022-07-01", "doc_number": "",
        "issuer": "", "adopted": "",
    }
    assert labels == ["第一条", "第二条", "第三条"]
    assert "  文号 doc_number：未找到，未填写\n" in result.stdout
    assert "没有找到落款日期，adopted 未填写；如有印发日期请补上。" in result.stdout


# 3. 自印发之日起施行, 成文日期 in Chinese numerals, 本纪律, a 红头 and 文号.
DISCIPLINE = [
    (C, "青龙县人民法院文件"),
    (C, "青法发〔2023〕2号"),
    (C, "青龙县人民法院审判执行工作廉政纪律"),
    "第一条　审判执行人员不得私自会见当事人及其代理人。",
    "第二条　审判执行人员不得接受当事人及其代理人的宴请、礼品。",
    "第三条　审判执行人员不得违规过问、干预案件。",
    "第四条　违反本纪律的，依照有关规定追究责任。",
    "第五条　本纪律自印发之日起施行。",
    "",
    "青龙县人民法院",
    "二〇二三年二月二十日",
]


def test_in_force_on_issue_with_a_chinese_numeral_date(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "廉政纪律.docx", DISCIPLINE)))
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院审判执行工作廉政纪律", "status": "现行有效", "effective": "2023-02-20",
        "doc_number": "青法发〔2023〕2号", "issuer": "青龙县人民法院", "adopted": "2023-02-20",
    }
    assert len(labels) == 5
    assert "青龙县人民法院文件" not in text and "二〇二三年" not in text
    assert "条文规定自印发之日起施行，effective 按落款日期填为 2023-02-20，请核对实际发布日期。" in result.stdout


# 4. Two attachments, both tables, listed as 附件：1. … 2. … before the 署名.
FORMS = [
    (C, "青龙县人民法院涉诉信访登记须知"),
    "第一条　来访人员应当如实填写来访登记表。",
    "第二条　接待人员应当当日录入信访统计表。",
    "第三条　本须知自2023年5月1日起施行。",
    "附件：1. 来访登记表",
    "　　　2. 信访统计表",
    "青龙县人民法院",
    "2023年4月20日",
    "附件1",
    (C, "来访登记表"),
    [["姓名", "身份证号", "来访事由"], ["", "", ""]],
    "附件2",
    (C, "信访统计表"),
    [["月份", "件数"], ["1月", ""], ["2月", ""]],
]


def test_attachments_with_tables(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "须知.docx", FORMS)))
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院涉诉信访登记须知", "status": "现行有效", "effective": "2023-05-01", "doc_number": "",
        "issuer": "青龙县人民法院", "adopted": "2023-04-20",
    }
    assert len(labels) == 3
    assert "\n## 附件1 来访登记表\n\n| 姓名 | 身份证号 | 来访事由 |\n" in text
    assert "\n## 附件2 信访统计表\n\n| 月份 | 件数 |\n" in text
    assert "  附件说明：来访登记表；信访统计表（第 5 段、第 6 段；" in result.stdout
    assert "  正文：不分章，3 条，2 个表格，2 个附件\n" in result.stdout


# 5. A 试行 regulation: 试行 only in the text (本实施办法自……起试行), the 成文日期 before it.
TRIAL = [
    (C, "青龙县人民法院诉讼服务中心实施办法"),
    "第一条　诉讼服务中心集中办理立案、查询、材料收转等事务。",
    "第二条　诉讼服务中心实行首问负责制。",
    "第三条　本实施办法自2023年1月1日起试行。",
    "青龙县人民法院",
    "2022年12月26日",
]


def test_a_trial_regulation(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "实施办法.docx", TRIAL)))
    assert result.returncode == 0, result.stderr
    fields, labels, _ = only(project)
    assert fields == {
        "title": "青龙县人民法院诉讼服务中心实施办法", "status": "试行", "effective": "2023-01-01", "doc_number": "",
        "issuer": "青龙县人民法院", "adopted": "2022-12-26",
    }
    assert len(labels) == 3
    assert "  状态 status：试行（条文规定“自……起试行”）\n" in result.stdout


# 6. A title broken over three centred lines.
PROCEDURE = [
    (C, "青龙县人民法院文件"),
    (C, "青法发〔2023〕7号"),
    (C, "青龙县人民法院"),
    (C, "关于审判流程节点管理的"),
    (C, "工作规程"),
    "第一条　审判流程节点由审判管理办公室统一设置。",
    "第二条　承办法官应当在节点期限内完成相应工作。",
    "第三条　本规程自2023年6月1日起施行。",
    "青龙县人民法院",
    "2023年5月25日",
]


def test_a_title_over_three_centred_lines(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "规程.docx", PROCEDURE)))
    assert result.returncode == 0, result.stderr
    fields, labels, _ = only(project)
    assert fields == {
        "title": "青龙县人民法院关于审判流程节点管理的工作规程", "status": "现行有效", "effective": "2023-06-01",
        "doc_number": "青法发〔2023〕7号", "issuer": "青龙县人民法院", "adopted": "2023-05-25",
    }
    assert len(labels) == 3
    assert "标题由 3 行合并而成（第 3 段、第 4 段、第 5 段），请核对。" in result.stdout


# 7. A 版记 after the 成文日期: rules, 抄送, 印发机关 and 印发日期 (a later date that is not the 成文日期).
COLOPHON = [
    (C, "青龙县人民法院文件"),
    (C, "青法发〔2023〕9号"),
    (C, "青龙县人民法院档案管理标准"),
    "第一条　诉讼档案应当在结案后三个月内归档。",
    "第二条　归档材料应当齐全、完整、规范。",
    "第三条　本标准自2023年7月1日起施行。",
    "青龙县人民法院",
    "2023年6月15日",
    "——————————————————————",
    "抄送：秦皇岛市中级人民法院，县委政法委。",
    "——————————————————————",
    "青龙县人民法院办公室　　　　2023年6月16日印发",
    "——————————————————————",
]


def test_the_colophon_is_recognised_and_left_out(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "档案.docx", COLOPHON)))
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院档案管理标准", "status": "现行有效", "effective": "2023-07-01",
        "doc_number": "青法发〔2023〕9号", "issuer": "青龙县人民法院", "adopted": "2023-06-15",
    }
    assert len(labels) == 3
    assert "抄送" not in text and "印发" not in text and "———" not in text
    assert "  版记：抄送、印发机关和印发日期（第 9 段至第 13 段，自第 10 段“抄送：秦皇岛市中级人民法院，县委政法委。”起），已略去\n" in result.stdout


# 8. An 印发通知 with three regulations: one file each, with the notice's 文号, 署名 and date.
NOTICE = [
    (C, "青龙县人民法院文件"),
    (C, "青法发〔2023〕5号"),
    (C, "青龙县人民法院关于印发《青龙县人民法院值班管理规定》等三项制度的通知"),
    "各庭室：",
    "现将《青龙县人民法院值班管理规定》《青龙县人民法院印章管理办法》《青龙县人民法院会议管理细则》印发给你们，请认真遵照执行。",
    "附件：1. 青龙县人民法院值班管理规定",
    "2. 青龙县人民法院印章管理办法",
    "3. 青龙县人民法院会议管理细则",
    "青龙县人民法院",
    "2023年3月10日",
    (C, "青龙县人民法院值班管理规定"),
    "第一条　节假日实行院领导带班和干警值班制度。",
    "第二条　本规定自2023年3月15日起施行。",
    (C, "青龙县人民法院印章管理办法"),
    "第一章　总　则",
    "第一条　院印由办公室专人保管。",
    "第二章　附　则",
    "第二条　用印须经分管院领导批准。",
    "第三条　本办法自2023年3月15日起施行。",
    (C, "青龙县人民法院会议管理细则"),
    "第一条　院务会议每月召开一次。",
    "第二条　会议纪要由办公室印发。",
    "第三条　审判委员会会议另行规定。",
    "第四条　本细则自印发之日起施行。",
    "——————————————————————",
    "青龙县人民法院办公室　　　　2023年3月10日印发",
]


def test_a_notice_with_three_regulations_gives_three_files(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "通知.docx", NOTICE)), "--category", "行政管理")
    assert result.returncode == 0, result.stderr
    files = imported(project)
    common = {"doc_number": "青法发〔2023〕5号", "issuer": "青龙县人民法院", "adopted": "2023-03-10", "status": "现行有效"}
    got = sorted((fields["title"], fields["effective"], len(labels), {k: fields[k] for k in common}) for fields, labels, _ in files.values())
    assert got == [
        ("青龙县人民法院会议管理细则", "2023-03-10", 4, common),
        ("青龙县人民法院值班管理规定", "2023-03-15", 2, common),
        ("青龙县人民法院印章管理办法", "2023-03-15", 3, common),
    ]
    assert f"{tmp_path / '通知.docx'} 是印发 3 项制度的通知，逐项导入（文号、署名和成文日期取自通知）：\n" in result.stdout
    seal = next(text for fields, _, text in files.values() if fields["title"].endswith("印章管理办法"))
    assert "\n## 第一章 总则\n" in seal and "各庭室" not in seal and "附件：" not in seal


def test_a_notice_whose_regulations_cannot_be_told_apart_is_refused_naming_them(project, tmp_path):
    broken = [item for item in NOTICE if item != (C, "青龙县人民法院印章管理办法")][:-2]
    result = zhidu(project, "import", str(write_layout(tmp_path / "通知.docx", broken)))
    assert result.returncode == 1
    assert result.stderr == (
        f"未导入 {tmp_path / '通知.docx'}：这是印发 3 项制度的通知（《青龙县人民法院值班管理规定》等），但只能分出 1 项"
        "（《青龙县人民法院值班管理规定》），未导入。请在 Word 中把每项制度连同通知的文号和日期另存为单独的文件，再逐个导入。\n"
    )
    assert imported(project) == {}


# 9. 章, 节 inside 章, 条, 款, 项, 目.
SECTIONS = [
    (C, "青龙县人民法院审判委员会工作规则"),
    (C, "第一章　总　则"),
    "第一条　为规范审判委员会工作，制定本规则。",
    (C, "第二章　讨论案件"),
    (C, "第一节　提请"),
    "第二条　下列案件应当提请审判委员会讨论：",
    "（一）涉及国家利益、社会稳定的重大复杂案件；",
    "（二）本院已经发生法律效力的判决、裁定确有错误需要再审的案件：",
    "1. 原判决认定事实错误的；",
    "2. 原判决适用法律错误的。",
    "第三条　提请讨论的案件，承办人应当提交审查报告。",
    "审查报告应当写明争议焦点和处理意见。",
    (C, "第二节　表决"),
    "第四条　审判委员会实行民主集中制，按照少数服从多数的原则表决。",
    (C, "第三章　附　则"),
    "第五条　本规则自2023年9月1日起施行。",
    "青龙县人民法院",
    "2023年8月28日",
]


def test_sections_inside_chapters_paragraphs_items_and_sub_items(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "审委会.docx", SECTIONS)))
    assert result.returncode == 0, result.stderr
    fields, labels, text = only(project)
    assert fields == {
        "title": "青龙县人民法院审判委员会工作规则", "status": "现行有效", "effective": "2023-09-01", "doc_number": "",
        "issuer": "青龙县人民法院", "adopted": "2023-08-28",
    }
    assert len(labels) == 5
    assert "\n## 第二章 讨论案件\n\n### 第一节 提请\n\n第二条 下列案件应当提请审判委员会讨论：\n\n（一）涉及" in text
    assert "\n\n1. 原判决认定事实错误的；\n\n2. 原判决适用法律错误的。\n" in text
    assert "第三条 提请讨论的案件，承办人应当提交审查报告。\n\n审查报告应当写明争议焦点和处理意见。\n" in text
    assert "  正文：3 章，2 节，5 条\n" in result.stdout


# 10. A joint document: two 署名 above one date; 成文日期 in Chinese numerals with ○.
JOINT = [
    (C, "青龙县人民法院青龙县司法局关于人民调解与诉讼衔接的工作办法"),
    "第一条　人民调解组织可以接受人民法院委派调解。",
    "第二条　本办法自二○二三年十月一日起施行。",
    "",
    "青龙县人民法院",
    "青龙县司法局",
    "二○二三年九月二十日",
]


def test_a_joint_document_with_two_signatures(project, tmp_path):
    result = zhidu(project, "import", str(write_layout(tmp_path / "诉调对接.docx", JOINT)))
    assert result.returncode == 0, result.stderr
    fields, labels, _ = only(project)
    assert fields == {
        "title": "青龙县人民法院青龙县司法局关于人民调解与诉讼衔接的工作办法", "status": "现行有效", "effective": "2023-10-01",
        "doc_number": "", "issuer": "青龙县人民法院、青龙县司法局", "adopted": "2023-09-20",
    }
    assert len(labels) == 2


@pytest.mark.parametrize(("title", "sentence", "date"), [
    ("青龙县人民法院窗口工作规范", "本规范自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院审判管理工作要点", "本要点自2023年3月1日起执行。", "2023年3月1日"),
    ("青龙县人民法院廉政纪律", "本纪律自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院安全保卫规程", "本规程自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院来访须知", "本须知自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院档案管理标准", "本标准自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院诉讼费退费实施办法", "本实施办法自2023年3月1日起施行。", "2023年3月1日"),
    ("青龙县人民法院文明公约（试行）", "本公约自二〇二三年三月一日起试行。", "二〇二三年三月一日"),
])
def test_a_regulation_calls_itself_by_the_end_of_its_title(title, sentence, date):
    match = in_force_pattern(title).search(sentence)
    assert match is not None and match.group(1) == date
    assert in_force_pattern(title).search("本院自2023年3月1日起施行。") is None


def test_all_layouts_in_one_batch_pass_make_check(project, tmp_path):
    sources = [write_layout(tmp_path / f"{n}.docx", doc) for n, doc in enumerate([WINDOW, POINTS, DISCIPLINE, FORMS, TRIAL, PROCEDURE, COLOPHON, NOTICE, SECTIONS, JOINT])]
    result = zhidu(project, "import", *map(str, sources), "--category", "行政管理")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("共 10 个文件：已导入 10 个，未导入 0 个。\n")
    assert len(imported(project)) == 12
    check = subprocess.run([sys.executable, "-m", "zhidu", "check"], cwd=project, capture_output=True, text=True, env={**__import__("os").environ, "ZHIDU_TODAY": "2023-12-01"})
    assert check.returncode == 0, check.stdout + check.stderr
    assert "共检查 12 项制度：0 处错误" in check.stdout


def test_the_notice_and_its_colophon_as_a_text_file(project, tmp_path):
    """The same notice saved as text (GBK, rules typed as ——): the same three files."""
    lines = [item[1] if isinstance(item, tuple) else item for item in NOTICE if not isinstance(item, list)]
    source = tmp_path / "通知.txt"
    source.write_bytes("\r\n".join(lines).encode("gbk"))
    result = zhidu(project, "import", str(source))
    assert result.returncode == 0, result.stderr
    files = imported(project)
    assert sorted((fields["title"], fields["doc_number"], fields["adopted"], len(labels)) for fields, labels, _ in files.values()) == [
        ("青龙县人民法院会议管理细则", "青法发〔2023〕5号", "2023-03-10", 4),
        ("青龙县人民法院值班管理规定", "青法发〔2023〕5号", "2023-03-10", 2),
        ("青龙县人民法院印章管理办法", "青法发〔2023〕5号", "2023-03-10", 3),
    ]
    last = next(text for fields, _, text in files.values() if fields["title"].endswith("会议管理细则"))
    assert last.endswith("第四条 本细则自印发之日起施行。\n") and "———" not in last
    assert "  版记：印发机关和印发日期（第 25 行至第 26 行，自第 26 行“青龙县人民法院办公室 2023年3月10日印发”起），已略去\n" in result.stdout
