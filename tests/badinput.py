"""The catalogue of bad regulation files: each case is a small project and the one line `make check` must print."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HEAD = ["title: 东港市人民法院某某管理规定", "category: 行政管理", "status: 现行有效", "effective: 2021-01-15"]
BODY = "第一条 为了规范管理，制定本规定。\n\n第二条 本规定自发布之日起施行。\n"


def doc(*lines: str, drop: tuple[str, ...] = (), body: str = BODY, **replace: str) -> str:
    """A regulation file: the four required keys (minus ``drop``, values replaced by ``replace``), extra ``lines``."""
    head = [f"{key}: {replace[key]}" if (key := line.split(":")[0]) in replace else line for line in HEAD if line.split(":")[0] not in drop]
    return "---\n" + "\n".join([*head, *lines]) + "\n---\n\n" + body


def other(reg_id: str, title: str, *lines: str) -> str:
    return doc(*lines, title=f"东港市人民法院{title}")


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]
    expected: list[str]
    """Lines the check must print (exact), errors and warnings."""
    exit_code: int = 1
    setup: Callable[[Path], None] | None = field(default=None, repr=False)

    def install(self, root: Path) -> None:
        for rel, content in self.files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if self.setup is not None:
            self.setup(root)


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "outside-secret.md"
    outside.write_text(doc(), encoding="utf-8")
    os.symlink(outside, root / "regulations" / "link.md")


def _ten_megabytes(root: Path) -> None:
    path = root / "regulations" / "huge.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    paragraph = "第三条 " + "本院工作人员应当遵守本规定。" * 200 + "\n\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(doc())
        while handle.tell() < 10 * 1024 * 1024:
            handle.write(paragraph)


R = "regulations/"
CASES: list[Case] = [
    # --- the form of the front-matter -------------------------------------------------------------------------
    Case("yaml-unclosed-bracket", {R + "a.md": doc("tags: [考勤, 请假")}, [
        "regulations/a.md:6: 错误：front-matter 的 YAML 格式有误。请检查这一行的冒号、缩进和引号：每行写成“字段: 值”，冒号后留一个空格。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("yaml-unclosed-quote", {R + "a.md": doc(title='"东港市人民法院某某管理规定')}, [
        "regulations/a.md:2: 错误：front-matter 的 YAML 格式有误。请检查这一行的冒号、缩进和引号：每行写成“字段: 值”，冒号后留一个空格。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("yaml-fullwidth-colon", {R + "a.md": doc(drop=("status",)).replace("effective:", "status：现行有效\neffective:")}, [
        "regulations/a.md:4: 错误：字段名 status 后面用了全角冒号“：”。请改为半角冒号加一个空格，如 status: …",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("every-front-matter-line", {R + "a.md": doc("version：初版", "adopted: 2021-02-30")}, [
        "regulations/a.md:6: 错误：字段名 version 后面用了全角冒号“：”。请改为半角冒号加一个空格，如 version: …",
        "regulations/a.md:7: 错误：字段 adopted（印发日期）的日期“2021-02-30”不存在。请核对年、月、日（月份 01 至 12，日不超过当月天数），如 adopted: 2021-01-08",
        "共检查 0 项制度：2 处错误，0 处提示。",
    ]),
    Case("no-hint-from-an-error", {
        R + "kaoqin.md": doc("version：初版", title="东港市人民法院请休假考勤管理规定"),
        R + "jixiao.md": doc(title="东港市人民法院绩效考核办法", body="第一条 请假依照《请休假考勤管理规定》第三条办理。\n"),
        # One character away from the name cited above: without the error, 《请休假考勤管理规定》 would look misspelt.
        R + "guize.md": doc(title="东港市人民法院请休假考勤管理规则"),
    }, [
        "regulations/kaoqin.md:6: 错误：字段名 version 后面用了全角冒号“：”。请改为半角冒号加一个空格，如 version: …",
        "共检查 2 项制度：1 处错误，0 处提示。",
    ]),
    Case("yaml-no-space-after-colon", {R + "a.md": doc(status="现行有效").replace("status: ", "status:")}, [
        "regulations/a.md:4: 错误：字段名 status 的冒号后面缺少空格。请在冒号后加一个空格，如 status: …",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("yaml-tab-indent", {R + "a.md": doc().replace("category:", "\tcategory:")}, [
        "regulations/a.md:3: 错误：front-matter 中这一行用 Tab 键缩进。YAML 只能用空格缩进：请把行首的 Tab 换成空格（字段一般顶格写）。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("yaml-not-a-mapping", {R + "a.md": "---\n东港市人民法院某某管理规定\n---\n\n" + BODY}, [
        "regulations/a.md:2: 错误：front-matter 应当是“字段: 值”的列表。请每行写一个字段，如 title: 东港市人民法院……规定。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("unterminated-front-matter", {R + "a.md": doc().replace("\n---\n\n", "\n\n", 1)}, [
        "regulations/a.md:1: 错误：front-matter 没有结束标记。请在字段之后单独写一行 --- 。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("no-front-matter", {R + "a.md": BODY}, [
        "regulations/a.md:1: 错误：文件开头没有 front-matter。请在第一行写 ---，随后写 title、category、status、effective 等字段，再以一行 --- 结束。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("empty-front-matter", {R + "a.md": "---\n---\n\n" + BODY}, [
        "regulations/a.md:1: 错误：缺少必填字段 title（标题）。请在 front-matter 中加一行，如 title: 东港市人民法院工作人员请休假考勤管理规定",
        "regulations/a.md:1: 错误：缺少必填字段 category（类别）。请在 front-matter 中加一行，如 category: 行政管理",
        "regulations/a.md:1: 错误：缺少必填字段 status（状态）。请在 front-matter 中加一行，如 status: 现行有效",
        "regulations/a.md:1: 错误：缺少必填字段 effective（施行日期）。请在 front-matter 中加一行，如 effective: 2021-01-15",
        "共检查 0 项制度：4 处错误，0 处提示。",
    ]),
    Case("duplicate-key", {R + "a.md": doc("status: 已废止", "repealed: 2020-01-01")}, [
        "regulations/a.md:6: 错误：字段 status 写了两次（第 4 行和第 6 行）。请删除其中一行，只保留正确的值。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("duplicate-title", {R + "a.md": doc("title: 东港市人民法院另一规定")}, [
        "regulations/a.md:6: 错误：字段 title 写了两次（第 2 行和第 6 行）。请删除其中一行，只保留正确的值。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    # --- dates -------------------------------------------------------------------------------------------------
    Case("date-month-13", {R + "a.md": doc(effective="2021-13-45")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021-13-45”不存在。请核对年、月、日（月份 01 至 12，日不超过当月天数），如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-february-30", {R + "a.md": doc(effective="2021-02-30")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021-02-30”不存在。请核对年、月、日（月份 01 至 12，日不超过当月天数），如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-without-dashes", {R + "a.md": doc(effective="20210115")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“20210115”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-with-slashes", {R + "a.md": doc(effective="2021/1/15")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021/1/15”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-in-chinese", {R + "a.md": doc(effective="2021年1月15日")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021年1月15日”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-as-number", {R + "a.md": doc(effective="2021")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("date-with-time", {R + "a.md": doc(effective="2021-01-15 10:00:00")}, [
        "regulations/a.md:5: 错误：字段 effective（施行日期）的日期“2021-01-15 10:00:00”格式不对。请写成 YYYY-MM-DD，如 effective: 2021-01-15",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("adopted-april-31", {R + "a.md": doc("adopted: 2021-04-31")}, [
        "regulations/a.md:6: 错误：字段 adopted（印发日期）的日期“2021-04-31”不存在。请核对年、月、日（月份 01 至 12，日不超过当月天数），如 adopted: 2021-01-08",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    # --- keys --------------------------------------------------------------------------------------------------
    Case("missing-title", {R + "a.md": doc(drop=("title",))}, [
        "regulations/a.md:1: 错误：缺少必填字段 title（标题）。请在 front-matter 中加一行，如 title: 东港市人民法院工作人员请休假考勤管理规定",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("unknown-key", {R + "a.md": doc("remark: 备注")}, [
        "regulations/a.md:6: 错误：未知字段“remark”。请删除该字段；可用字段见维护指南的字段说明。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("misspelled-key", {R + "a.md": doc("short_titel: 某某管理规定")}, [
        "regulations/a.md:6: 错误：未知字段“short_titel”。是否应为“short_title”？请改正字段名。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("chinese-key", {R + "a.md": doc("部门: 政治部")}, [
        "regulations/a.md:6: 错误：未知字段“部门”。是否应为“department”？请改正字段名。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("capitalised-key", {R + "a.md": doc("Tags: [考勤]")}, [
        "regulations/a.md:6: 错误：未知字段“Tags”。是否应为“tags”？请改正字段名。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    # --- types -------------------------------------------------------------------------------------------------
    Case("list-as-title", {R + "a.md": doc(title="[东港市人民法院某某管理规定, 又名]")}, [
        "regulations/a.md:2: 错误：字段 title（标题）只能写一个值，这里写成了列表。请写成 title: 东港市人民法院工作人员请休假考勤管理规定",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("number-as-title", {R + "a.md": doc(title="2021")}, [
        "regulations/a.md:2: 错误：字段 title（标题）应当是文字，这里是数字“2021”。请写成 title: 东港市人民法院工作人员请休假考勤管理规定",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("mapping-as-tags", {R + "a.md": doc("tags: {考勤: 1}")}, [
        "regulations/a.md:6: 错误：字段 tags（标签）应当是列表。请写成 tags: [考勤, 请假]",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("list-as-category", {R + "a.md": doc(category="\n  - 行政管理\n  - 审判管理")}, [
        "regulations/a.md:3: 错误：字段 category（类别）只能写一个值，这里写成了列表。请写成 category: 行政管理",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("empty-title", {R + "a.md": doc(title="")}, [
        "regulations/a.md:2: 错误：字段 title（标题）是空的。请填写，如 title: 东港市人民法院工作人员请休假考勤管理规定",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("unknown-status", {R + "a.md": doc(status="有效")}, [
        "regulations/a.md:4: 错误：字段 status（状态）的值“有效”无效。只能是 现行有效、试行、已废止 之一。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    # --- secrecy and repeal ------------------------------------------------------------------------------------
    Case("secrecy-typo", {R + "a.md": doc("secrecy: 秘蜜")}, [
        "regulations/a.md:6: 错误：密级“秘蜜”无效，该文件不会被发布。secrecy 只能是 秘密、机密、绝密 之一；不涉密请删除此行。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("secrecy-as-list", {R + "a.md": doc("secrecy: [秘密]")}, [
        "regulations/a.md:6: 错误：字段 secrecy（密级）只能写一个值，这里写成了列表。请写成 secrecy: 秘密",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("repealed-status-without-date", {R + "a.md": doc(status="已废止")}, [
        "regulations/a.md:4: 错误：状态为“已废止”，但没有填写废止日期 repealed。请加一行 repealed: YYYY-MM-DD。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    # The check runs on ZHIDU_TODAY=2021-06-01 (test_bad_input.run_check): the repeal date has passed on that day.
    Case("repealed-date-without-status", {R + "a.md": doc("repealed: 2021-03-01")}, [
        "regulations/a.md:6: 提示：废止日期 2021-03-01 已过，但状态仍为“现行有效”。如该制度已废止，请把 status 改为 已废止；如废止日期写错了，请改正。",
        "共检查 1 项制度：0 处错误，1 处提示。",
    ], exit_code=0),
    # --- replaced_by and ids -----------------------------------------------------------------------------------
    Case("replaced-by-unknown", {R + "a.md": doc("replaced_by: xin-guiding")}, [
        "regulations/a.md:6: 错误：replaced_by 指向的制度“xin-guiding”不存在。请填写取代它的制度的文件名（不含 .md），或删除此行。",
        "共检查 1 项制度：1 处错误，0 处提示。",
    ]),
    Case("replaced-by-itself", {R + "a.md": doc("replaced_by: a")}, [
        "regulations/a.md:6: 错误：replaced_by 指向本制度自己（“a”）。请填写取代它的另一项制度的文件名（不含 .md），或删除此行。",
        "共检查 1 项制度：1 处错误，0 处提示。",
    ]),
    Case("replaced-by-title", {R + "a.md": doc("replaced_by: 新规定")}, [
        "regulations/a.md:6: 错误：字段 replaced_by（替代制度）的值“新规定”不是制度编号。请填写目标制度的文件名（不含 .md），如 cheliang。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("replaced-by-cycle", {R + "a.md": doc("replaced_by: b"), R + "b.md": other("b", "乙规定", "replaced_by: a")}, [
        "regulations/a.md:6: 错误：replaced_by 形成循环：a → b → a。被取代的旧制度写 replaced_by，新制度不要再写回指旧制度：请删除其中一处。",
        "共检查 2 项制度：1 处错误，0 处提示。",
    ]),
    Case("same-id-two-folders", {R + "x/kaoqin.md": doc(), R + "y/kaoqin.md": other("kaoqin", "乙规定")}, [
        "regulations/y/kaoqin.md:1: 错误：制度编号“kaoqin”与 regulations/x/kaoqin.md 重复。编号就是文件名，在 regulations/ 的所有子文件夹中必须唯一：请给其中一个文件改名。",
        "共检查 1 项制度：1 处错误，0 处提示。",
    ]),
    Case("id-with-capitals", {R + "KaoQin.md": doc()}, [
        "regulations/KaoQin.md:1: 错误：文件名“KaoQin.md”不能作为制度编号。编号只能含小写英文字母、数字和连字符：请把文件改名为 kaoqin.md。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("id-in-chinese", {R + "考勤规定.md": doc()}, [
        "regulations/考勤规定.md:1: 错误：文件名“考勤规定.md”不能作为制度编号。请把文件改名为只含小写英文字母、数字和连字符的名称（如拼音），如 kaoqin.md 或 qc-gongche.md。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("id-with-space", {R + "kao qin.md": doc()}, [
        "regulations/kao qin.md:1: 错误：文件名“kao qin.md”不能作为制度编号。编号只能含小写英文字母、数字和连字符：请把文件改名为 kao-qin.md。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("same-short-title", {R + "a.md": doc(), R + "b.md": doc(title="东港市人民法院乙规定").replace("category:", "short_title: 某某管理规定\ncategory:")}, [
        "regulations/b.md:3: 错误：名称“某某管理规定”同时属于 regulations/a.md，引用《某某管理规定》时无法确定指向哪一个。请修改其中一个的 short_title 或 aliases，使每个名称只属于一项制度。",
        "共检查 2 项制度：1 处错误，0 处提示。",
    ]),
    # --- encodings and file shapes -----------------------------------------------------------------------------
    Case("gbk-file", {R + "a.md": doc().encode("gbk")}, [
        "regulations/a.md:2: 错误：文件是 GBK（GB18030）编码，不是 UTF-8。请用记事本打开，“另存为”时编码选 UTF-8；或运行 iconv -f GBK -t UTF-8 regulations/a.md > 新文件 后替换原文件。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("utf16-file", {R + "a.md": doc().encode("utf-16")}, [
        "regulations/a.md:1: 错误：文件是 UTF-16 编码，不是 UTF-8。请用记事本打开，“另存为”时编码选 UTF-8；或运行 iconv -f UTF-16 -t UTF-8 regulations/a.md > 新文件 后替换原文件。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("empty-file", {R + "a.md": ""}, [
        "regulations/a.md:1: 错误：文件是空的。请写上 front-matter 和正文；不需要的文件请删除。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("front-matter-only", {R + "a.md": doc(body="")}, [
        "regulations/a.md:6: 错误：只有 front-matter，没有正文。请在 --- 之后写上制度正文（“第一条 ……”）；尚未定稿的制度请先不要放入 regulations/。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("ten-megabytes", {}, [
        "regulations/huge.md:1: 错误：文件有 10.0 MB，超过每个制度文件 2 MB 的上限。请检查是否误放了其他文件（如扫描件转换的文字、整本汇编）；一项制度一个文件，附件请另行发布。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ], setup=_ten_megabytes),
    Case("symlink-out-of-project", {}, [
        "regulations/link.md:1: 错误：文件是指向项目之外的符号链接，不予读取。请把制度文件本身复制到 regulations/ 中，再删除这个链接。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ], setup=_symlink_outside),
    Case("control-character-in-body", {R + "a.md": doc(body="第一条 为了规范\x07管理，制定本规定。\n")}, [
        "regulations/a.md:8: 错误：这一行含有看不见的控制字符 U+0007。请删除该字符（常见于从其他系统复制的文字）：可把这一行删掉后重新输入。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("control-character-in-yaml", {R + "a.md": doc(title="东港市人民法院\x1b某某管理规定")}, [
        "regulations/a.md:2: 错误：这一行含有看不见的控制字符 U+001B。请删除该字符（常见于从其他系统复制的文字）：可把这一行删掉后重新输入。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("bom-and-crlf-pass", {R + "a.md": ("\ufeff" + doc()).replace("\n", "\r\n").encode("utf-8")}, [
        "共检查 1 项制度：0 处错误，0 处提示。",
    ], exit_code=0),
    # --- the body ----------------------------------------------------------------------------------------------
    Case("duplicate-article", {R + "a.md": doc(body="第一条 甲。\n\n第二条 乙。\n\n第二条 丙。\n")}, [
        "regulations/a.md:12: 错误：第二条重复（第 10 行已有第二条）。请检查条文编号，同一制度中每条的编号只能出现一次。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("article-number-zero", {R + "a.md": doc(body="第〇条 甲。\n\n第一条 乙。\n")}, [
        "regulations/a.md:8: 错误：“第〇条”不是有效的条号。条号从第一条开始，不能为零，也不能超过第九千九百九十九条；请改正编号。",
        "共检查 0 项制度：1 处错误，0 处提示。",
    ]),
    Case("article-gap-warning", {R + "a.md": doc(body="第一条 甲。\n\n第二条 乙。\n\n第二十五条 丙。\n")}, [
        "regulations/a.md:12: 提示：第二十五条之前缺少第三条至第二十四条。请检查是否漏写或跳号。",
        "共检查 1 项制度：0 处错误，1 处提示。",
    ], exit_code=0),
    Case("article-order-warning", {R + "a.md": doc(body="第一条 甲。\n\n第三条 乙。\n\n第二条 丙。\n")}, [
        "regulations/a.md:10: 提示：第三条之前缺少第二条。请检查是否漏写或跳号。",
        "regulations/a.md:12: 提示：第二条出现在第三条之后，编号顺序不对。请按顺序编排条文编号。",
        "共检查 1 项制度：0 处错误，2 处提示。",
    ], exit_code=0),
    Case("raw-html-warning", {R + "a.md": doc(body="第一条 甲<script>alert(1)</script>。\n\n第二条 <img src=x onerror=alert(1)>乙。\n")}, [
        "regulations/a.md:8: 提示：正文含有 HTML 标记“<script>”，网页上会原样显示为文字。制度正文只需写文字和 Markdown 表格；如是从网页或其他系统误粘贴的，请删除。",
        "regulations/a.md:10: 提示：正文含有 HTML 标记“<img>”，网页上会原样显示为文字。制度正文只需写文字和 Markdown 表格；如是从网页或其他系统误粘贴的，请删除。",
        "共检查 1 项制度：0 处错误，2 处提示。",
    ], exit_code=0),
    Case("javascript-link-warning", {R + "a.md": doc(body="第一条 甲。\n\n[附件](javascript:alert(1))\n")}, [
        "regulations/a.md:10: 提示：正文含有脚本链接“javascript:”，网页上只显示为文字，不会成为链接。请删除它；附件请写明名称，另行上传。",
        "共检查 1 项制度：0 处错误，1 处提示。",
    ], exit_code=0),
]
