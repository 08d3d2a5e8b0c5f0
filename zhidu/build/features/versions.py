"""The ``versions`` build feature: version, history and comparison pages, 最近修订, and each page's version banner.

The corpus has already chosen what each regulation shows on the build date (a regulation whose versions are all
still pending shows the first of them on its main page, under a 尚未生效 banner: no page at all would break links
to it); this feature only says so on the pages and adds the pages of the other versions.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from zhidu.build.feature import BuildResult, BuildState
from zhidu.domain.dates import cn_date
from zhidu.domain.status import Status
from zhidu.domain.wording import self_name
from zhidu.render.pages import link, version_path
from zhidu.render.plan import PageLink
from zhidu.render.versions import (
    CHANGES_PATH,
    changes_page,
    compare_path,
    comparison_page,
    history_page,
    history_path,
    version_banner,
    version_page,
    version_src,
)


class VersionPages:
    name = "versions"

    def prepare(self, state: BuildState) -> None:
        for reg_id, hist in state.histories.items():
            if reg_id not in state.collection.regulations:
                continue
            ctx = state.context(reg_id)
            src = ctx.src_path
            main = hist.main
            if main.status is Status.PENDING:
                ctx.banners.append(version_banner(hist, main, src))
            elif hist.pending:
                nxt = hist.pending[0]
                ctx.banners.append(
                    f'!!! info "已有修订，尚未生效"\n    {self_name(main.regulation)}已经修订，修订后的版本将于{cn_date(nxt.effective)}起施行；在此之前仍执行本页所示的现行文本。'
                    f"[查看新版本]({link(src, version_src(nxt))}) · [查看修订对照]({link(src, compare_path(reg_id, main.effective, nxt.effective))})\n"
                )
            ctx.toolbar.append(f"[历史版本]({link(src, history_path(reg_id))})")
            if any(i.status is Status.SUPERSEDED for i in hist.infos):
                ctx.toolbar.append(f"最近修订：{cn_date(main.effective)}起施行（共 {len(hist.infos)} 个版本）")
            elif len(hist.infos) > 1:
                ctx.toolbar.append(f"自{cn_date(main.effective)}起施行（共 {len(hist.infos)} 个版本，含尚未生效的修订）")
            else:
                ctx.toolbar.append(f"自{cn_date(main.effective)}起施行，尚无修订")
            changed = main.version.committed
            if changed is not None:
                ctx.toolbar.append(f"文字最后更新：{cn_date(changed.date())}")

    def extend(self, state: BuildState, result: BuildResult) -> None:
        pages = result.plan.pages
        for reg_id, hist in state.histories.items():
            if reg_id not in state.collection.regulations:
                continue
            by_date = {info.effective: info for info in hist.infos}
            comparisons = state.comparisons[reg_id]
            for (a, b), cmp in comparisons.items():
                pages[compare_path(reg_id, a, b)] = comparison_page(hist, by_date[a], by_date[b], cmp)
            for info in hist.infos:
                if not info.main:
                    pages[version_src(info)] = version_page(state.collection, hist, info)
            pages[history_path(reg_id)] = history_page(hist, comparisons)
        # 最近修订 is about the institution's own rules; a law's revisions show on its history page and in 上位法已修订.
        own = [hist for reg_id, hist in state.histories.items() if reg_id in state.collection.regulations and not state.collection.regulations[reg_id].is_law]
        pages[CHANGES_PATH] = changes_page(own, state.today, state.comparisons)
        _add_to_nav(result.plan.nav)
        result.plan.browse_links.append(PageLink("最近修订", CHANGES_PATH))
        mains = {reg_id: hist.main.effective for reg_id, hist in state.histories.items() if reg_id in state.collection.regulations}
        result.post_build_steps.append(lambda site_dir: write_permanent_links(site_dir, mains))


REDIRECT = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=../">
<link rel="canonical" href="../">
<script src="../../../javascripts/keep-anchor.js"></script>
</head><body><p>该版本现为现行文本，正在转到<a href="../">制度页面</a>。</p></body></html>
"""


def write_permanent_links(site_dir: Path, mains: dict[str, dt.date]) -> list[str]:
    """Give the version on each main page its dated URL too (SPEC §3): a page that forwards to the main page, so
    that a link to ``/regulations/<id>/<effective>/`` keeps working whether that version is pending, in force or
    superseded. (Other versions have full pages of their own.)"""
    for reg_id, effective in mains.items():
        target = Path(site_dir) / version_path(reg_id, effective).replace("index.md", "index.html")
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(REDIRECT.format(title=html.escape(f"{reg_id} {effective}")), encoding="utf-8")
    return []


def _add_to_nav(nav: list) -> None:
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get("浏览"), list):
            item["浏览"].append(CHANGES_PATH)
            return
    nav.append({"最近修订": CHANGES_PATH})
