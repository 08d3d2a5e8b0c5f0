"""The ``health`` build feature: the 制度体检 page at ``/health/`` and its PDF, from the same findings as ``make check``.

The findings are made from the working tree's texts (``corpus.working``), exactly what ``make check`` checks, so a
line number on the page is the line a maintainer will open; ages and last revisions come from the history.
"""

from __future__ import annotations

from collections import Counter

from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.config import pdf_enabled
from zhidu.corpus.health import KINDS, HealthReport, health_report, trial_end
from zhidu.printing.cache import PdfCache
from zhidu.printing.health import HEALTH_PDF, health_job
from zhidu.printing.render import render_few
from zhidu.render.health import HEALTH_PATH, health_page


def build_report(state: BuildState) -> HealthReport:
    histories = state.histories

    def history(reg_id: str):
        hist = histories[reg_id]
        return hist.infos[0].effective, hist.main.effective, hist.main.version.committed

    return health_report(state.corpus.working, state.today, state.config.review, history, histories)


def summary(report: HealthReport) -> str:
    """One line for the build log; the findings themselves are on the page and in ``make check``."""
    counts = Counter(finding.kind for finding in report.findings)
    names = f"另有本库未收录的《》名称 {len(report.unknown)} 个（表格、其他机关的文件等，不是问题），列在 /health/ 页面。" if report.unknown else ""
    if not counts:
        return "制度体检：没有需要处理的提示。" + names
    parts = "、".join(f"{kind.label} {counts[key]} 处" for key, kind in KINDS.items() if counts[key])
    return f"制度体检：共 {len(report.findings)} 处提示（{parts}），详见站点的 /health/ 页面或 make check。" + names


class HealthCheck:
    name = "health"

    def prepare(self, state: BuildState) -> None:
        for reg_id, regulation in state.collection.regulations.items():  # 试行 pages say when the trial ends or ended
            end = trial_end(regulation, state.config.review)
            if end is not None:
                ctx = state.context(reg_id)
                ctx.trial_end, ctx.today = end, state.today

    def extend(self, state: BuildState, result: BuildResult) -> None:
        report = build_report(state)
        printed = pdf_enabled() and not state.serving  # a preview (make serve) shows the page; make site prints it
        result.plan.pages[HEALTH_PATH] = health_page(report, HEALTH_PDF if printed else None)
        result.report.append(summary(report))
        if printed:
            job = health_job(report, state.institution, state.config.site_url)
            cache = PdfCache(state.cache_dir / "pdf")
            result.post_build_steps.append(lambda site_dir: render_few([job], cache, site_dir))

