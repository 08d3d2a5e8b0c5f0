"""The 制度体检 page (SPEC §3: ``/health/``): the findings of ``zhidu.corpus.health`` grouped by kind and by 归口部门, and the
table of every regulation in force with its age, last revision, next review and a suggested clean-up action."""

from __future__ import annotations

from zhidu import urls
from zhidu.corpus.health import ACTIONS, UNKNOWN_TITLE, UNKNOWN_TITLE_FIX, Finding, HealthReport
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
    lines += ["## 制度清理一览 {#review}", "", "“建议”由程序根据下列提示得出，仅供评估时参考；是否继续有效、修订或废止，由归口部门提出意见，按程序决定。", ""]
    lines += review_table(report)
    lines += ["", "## 按提示类型 {#by-kind}", ""]
    if not report.findings:
        lines += ["没有需要处理的提示。", ""]
    for kind, found in report.by_kind():
        lines += [f"### {kind.label}（{len(found)} 处） {{#{kind.key}}}", ""]
        if kind.key == UNKNOWN_TITLE.key:
            lines += unknown_titles(report, found)
            continue
        # Finished HTML (here and below): a large collection has thousands of findings.
        lines.append(wrap(html_list([f"{finding_link(report, finding)}：{_cell(finding.message)}<br>{_cell(finding.fix)} {_where(finding)}" for finding in found])))
    lines += ["## 按归口部门 {#by-department}", ""]
    kinds = {kind.key: kind.label for kind, _ in report.by_kind()}
    for department, found in report.by_department():
        lines += [f"### {escape(department)}（{len(found)} 处）", ""]
        lines.append(wrap(html_list([f"{kinds[finding.kind]}：{finding_link(report, finding)}：{_cell(finding.message)}" for finding in found])))
    return "\n".join(lines)


def unknown_titles(report: HealthReport, found: list[Finding]) -> list[str]:
    """One table for the names that match nothing: there are many, and the advice is the same for all."""
    rows = [[f"《{html_text(finding.subject)}》", str(finding.count), f"{finding_link(report, finding)} {_where(finding)}"] for finding in found]
    return [f"书名号中的这些名称不是本库任何制度的标题、简称或别名，按普通文字显示。{escape(UNKNOWN_TITLE_FIX)}", "", wrap(html_table(["名称", "次数", "第一次出现"], rows))]


def review_table(report: HealthReport) -> list[str]:
    rows = []
    for row in report.rows:
        meta = row.regulation.meta
        overdue = row.due.date < report.today
        due = f"{cn_date(row.due.date)}<br>{row.due.label}{'，已逾期' if overdue else ''}"
        reasons = html_text("、".join(row.reasons))
        rows.append([
            f"{html_link(HEALTH_PATH, page_path(row.regulation.id), html_text(meta.short_title))}<br>{row.status}",
            html_text(meta.department or "未注明"),
            f"{row.age_years(report.today):.1f} 年",
            cn_date(row.last_revision),
            due,
            f"<strong>{row.action}</strong>{'<br>' + reasons if reasons else ''}",
        ])
    return [wrap(html_table(["制度", "归口部门", "已施行", "最后修订", "下次评估", "建议"], rows))]
