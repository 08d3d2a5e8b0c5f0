"""The 制度体检 page (SPEC §3: ``/health/``): the findings of ``zhidu.corpus.health`` grouped by kind and by 归口部门, the
table of every regulation in force with its age, last revision, next review and a suggested clean-up action, the
worklist of revised laws (each changed article beside the internal articles citing it) and, for the maintainers,
the 《》 names the knowledge base does not hold, grouped and counted once."""

from __future__ import annotations

from zhidu import urls
from zhidu.corpus.health import ACTIONS, Finding, HealthReport, UnknownName, action_rule
from zhidu.corpus.superior import CHANGE_LABELS, UNKNOWN, worklist
from zhidu.domain.dates import cn_date
from zhidu.render.pages import escape, html_link, html_list, html_table, html_text, link, page_path
from zhidu.render.rawhtml import wrap

HEALTH_PATH = urls.HEALTH


def finding_link(report: HealthReport, finding: Finding, from_path: str = HEALTH_PATH) -> str:
    """《简称》第N条 linked to the article (or the regulation when the finding is outside any article), as HTML."""
    regulation = report.collection.regulations[finding.reg_id]
    where = f"《{html_text(regulation.meta.short_title)}》"
    label = next((a.label for a in regulation.articles if a.anchor == finding.anchor), "") if finding.anchor else ""
    return html_link(from_path, page_path(finding.reg_id), where + label, finding.anchor)


def _cell(text: str) -> str:
    return html_text(text).replace("\n", " ")


def _where(finding: Finding) -> str:
    return f"<code>{html_text(finding.path)}:{finding.line}</code>"


def _links(finding: Finding) -> str:
    return "".join(f"（{html_link(HEALTH_PATH, target, html_text(label))}）" for label, target in finding.links)


def health_page(report: HealthReport, pdf: str | None = None) -> str:
    """The page's Markdown; ``pdf`` is the link to the printed report when PDFs are made."""
    today = cn_date(report.today)
    policy = report.policy
    counts = {action: sum(row.action == action for row in report.rows) for action in ACTIONS}
    lines = [
        '---\ntitle: "制度体检"\nsearch:\n  exclude: true\n---\n',
        "# 制度体检",
        "",
        f"本页供制度库维护人员和年度制度清理使用，按{today}的情况生成，内容与 `make check` 的提示一致。"
        f"试行制度自施行之日起 {policy.trial_years} 年期满，其他制度自最近一次修订施行之日起 {policy.review_years} 年应当评估"
        f"（可在制度文件中用 `trial_until`、`review_by` 另行规定），到期前 {policy.notice_days} 天起提示。",
        "",
        f"共有现行制度 {len(report.rows)} 项，提示 {len(report.findings)} 处。建议："
        + "、".join(f"{action} {counts[action]} 项" for action in ACTIONS) + "。",
        "",
    ]
    if pdf:
        lines += [f'<a class="zd-pdf" href="{link(HEALTH_PATH, pdf)}" type="application/pdf">打印版（PDF），供院党组会议审议</a>', ""]
    lines += [
        "## 制度清理一览 {#review}", "",
        f"“建议”由程序根据下列提示按一条规则得出，仅供评估时参考：{escape(action_rule())}"
        "是否继续有效、修订或废止，由归口部门提出意见，按程序决定。", "",
    ]
    lines += review_table(report)
    lines += ["", "## 按提示类型 {#by-kind}", ""]
    if not report.findings:
        lines += ["没有需要处理的提示。", ""]
    for kind, found in report.by_kind():
        lines += [f"### {kind.label}（{len(found)} 处） {{#{kind.key}}}", ""]
        # Finished HTML (here and below): a large collection has thousands of findings.
        lines.append(wrap(html_list([
            f"{finding_link(report, finding)}：{_cell(finding.message)}{_links(finding)}<br>{_cell(finding.fix)} {_where(finding)}" for finding in found
        ])))
    lines += superior_worklist(report)
    lines += ["## 按归口部门 {#by-department}", ""]
    kinds = {kind.key: kind.label for kind, _ in report.by_kind()}
    for department, found in report.by_department():
        lines += [f"### {escape(department)}（{len(found)} 处）", ""]
        lines.append(wrap(html_list([f"{kinds[finding.kind]}：{finding_link(report, finding)}：{_cell(finding.message)}" for finding in found])))
    lines += unknown_titles(report)
    return "\n".join(lines)


def _article_cell(label: str, text: str) -> str:
    return f"<strong>{html_text(label)}</strong>　{_cell(text)}"


def superior_worklist(report: HealthReport) -> list[str]:
    """上位法修订工作表: for each revised law, each changed cited article beside each internal article citing it."""
    groups = worklist(report.collection, report.superior)
    if not groups:
        return []
    lines = [
        "## 上位法修订工作表 {#superior-worklist}", "",
        "法律法规修订后，本院制度中引用了被修改或删除条文的每一条规定，与该条文修订前后的内容并列如下，供归口部门逐条核对。", "",
    ]
    for law_id, items in groups:
        law = report.collection.regulations[law_id]
        revision = items[0].revision
        lines += [f"### 《{escape(law.meta.title)}》（{cn_date(revision.effective)}起施行的文本） {{#superior-{law_id}}}", ""]
        rows = []
        for item in items:
            change = item.change
            before = (_article_cell(change.old.label, change.old.text) if change.kind != UNKNOWN else
                      f"本库未收录{cn_date(item.regulation.meta.effective)}施行时的文本，所引为{html_text(change.old.label)}")
            after = _article_cell(change.new.label, change.new.text) if change.new is not None else "（已删除）"
            compare = (html_link(HEALTH_PATH, urls.comparison(law_id, item.revision.previous, item.revision.effective), "修订对照")
                       if item.revision.compared and item.revision.previous else "")
            citing = item.article
            place = html_link(HEALTH_PATH, page_path(item.regulation.id), f"《{html_text(item.regulation.meta.short_title)}》" + (citing.label if citing else ""),
                              citing.anchor if citing else None)
            own = f"{place}<br>{_cell(citing.text)}" if citing is not None else place
            rows.append([before, f"{after}<br><em>{CHANGE_LABELS[change.kind]}</em>{' · ' + compare if compare else ''}", own])
        lines += [wrap(html_table(["修订前（本院制度施行时）", "现行文本", "引用它的本院制度条文"], rows)), ""]
    return lines


def unknown_titles(report: HealthReport) -> list[str]:
    """The 《》 names that match nothing, grouped and counted once (likely misspellings are also findings above)."""
    groups = report.unknown_groups()
    if not groups:
        return []
    total = sum(len(names) for _, _, names in groups)
    lines = [
        f"## 本库未收录的名称（{total} 个） {{#unknown-titles}}", "",
        "书名号中的这些名称不是本库任何制度的标题、简称或别名，按普通文字显示。除“疑似本库制度名称有误”外不计入提示："
        "表格、单据和其他机关的文件本来就不在本库中。确认在库外的名称可写入 `mkdocs.yml` 的 `extra.external_titles`，不再列出。", "",
    ]
    for key, label, names in groups:
        lines += [f"### {label}（{len(names)} 个） {{#unknown-{key}}}", ""]
        lines.append(wrap(html_table(["名称", "次数", "第一次出现"], [_unknown_row(report, name) for name in names])))
        lines.append("")
    return lines


def _unknown_row(report: HealthReport, name: UnknownName) -> list[str]:
    regulation, line, anchor = name.first
    label = next((a.label for a in regulation.articles if a.anchor == anchor), "") if anchor else ""
    first = html_link(HEALTH_PATH, page_path(regulation.id), f"《{html_text(regulation.meta.short_title)}》{label}", anchor)
    title = f"《{html_text(name.title)}》" + (f"<br>疑为《{html_text(name.like)}》" if name.like else "")
    files = f"（{name.files} 项制度）" if name.files > 1 else ""
    return [title, f"{name.count}{files}", f"{first} <code>{html_text(regulation.path)}:{line}</code>"]


def review_table(report: HealthReport) -> list[str]:
    rows = []
    for row in report.rows:
        meta = row.regulation.meta
        overdue = row.due.date < report.today
        due = f"{cn_date(row.due.date)}<br>{row.due.label}{'，已逾期' if overdue else ''}"
        reasons = html_text("、".join(row.reasons))
        rows.append([
            f"{html_link(HEALTH_PATH, page_path(row.regulation.id), html_text(meta.short_title))}<br>{html_text(row.status_text(report.today))}",
            html_text(meta.department or "未注明"),
            f"{row.age_years(report.today):.1f} 年",
            cn_date(row.last_revision),
            due,
            f"<strong>{row.action}</strong>{'<br>' + reasons if reasons else ''}",
        ])
    return [wrap(html_table(["制度", "归口部门", "已施行", "最后修订", "下次评估", "建议"], rows))]
