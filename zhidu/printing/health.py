"""The printed 制度体检 report (``site/pdf/health.pdf``, SPEC §3): the clean-up table and the findings, for the 院党组.

The meeting reads regulations, articles and dates: every finding is printed in its meeting wording
(``Finding.meeting_message``/``meeting_advice``), never with field names or file paths, and the 《》 names outside
the collection (forms, other bodies' documents) are left to the maintainers' page.
"""

from __future__ import annotations

from zhidu import urls
from zhidu.corpus.health import ACTIONS, HealthReport, action_rule
from zhidu.domain.dates import cn_date
from zhidu.printing.documents import environment
from zhidu.printing.render import Job

HEALTH_PDF = urls.HEALTH_PDF


def health_html(report: HealthReport, institution: str, site_url: str) -> str:
    today = report.today
    rows = [{
        "title": f"《{row.regulation.meta.short_title}》", "status": row.status_text(today), "age": f"{row.age_years(today):.1f}",
        "department": row.regulation.meta.department or "未注明", "last_revision": cn_date(row.last_revision),
        "due": f"{cn_date(row.due.date)}（{row.due.label}{'，已逾期' if row.due.date < today else ''}）",
        "action": row.action, "reasons": "、".join(row.reasons) or "—",
    } for row in report.rows]
    groups = []
    for kind, found in report.by_kind():
        items = []
        for finding in found:
            regulation = report.collection.regulations[finding.reg_id]
            label = next((a.label for a in regulation.articles if a.anchor == finding.anchor), "") if finding.anchor else ""
            where = f"《{regulation.meta.short_title}》{label}"
            message = finding.meeting_message
            if label and message.startswith(label):  # the meeting wording may name the article itself
                message = message[len(label):].lstrip("：")
            items.append({"where": where, "message": message, "fix": finding.meeting_advice})
        advice = {item["fix"] for item in items}
        if len(items) > 1 and len(advice) == 1:  # one piece of advice for the whole group: said once, above it
            groups.append((kind.label, advice.pop(), [{**item, "fix": ""} for item in items]))
        else:
            groups.append((kind.label, "", items))
    counts = [f"{action} {sum(row.action == action for row in report.rows)} 项" for action in ACTIONS]
    url = f"{site_url.rstrip('/')}/health/" if site_url else ""
    return environment().get_template("health.html.j2").render(
        institution=institution, today_cn=cn_date(today), rows=rows, groups=groups,
        findings_count=len(report.findings), summary="、".join(counts), url=url, rule=action_rule(),
    )


def health_job(report: HealthReport, institution: str, site_url: str) -> Job:
    return Job(HEALTH_PDF, health_html(report, institution, site_url), "制度体检报告")
