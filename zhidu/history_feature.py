"""The ``versions`` build feature: texts in force from git history, version/history/comparison pages, 最近修订.

``prepare`` replaces the collection by the versions shown on the build date and sets each regulation's page
context; ``extend`` adds the pages. A regulation whose versions are all still pending shows the first of them on
its main page, under a 尚未生效 banner (the alternative, no page at all, would break links to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .build import BuildState
from .collection import load_collection
from .compare import compare
from .history_pages import (
    CHANGES_PATH,
    RegulationHistory,
    VersionInfo,
    changes_page,
    compare_path,
    comparison_page,
    history_page,
    history_path,
    version_banner,
    version_page,
)
from .pages import PageContext, cn_date, link, page_path
from .parser import parse_regulation
from .site import BROWSE_LINKS_END, HOME_MARKER
from .versions import History, load_history

ALL_PAIRS_UP_TO = 5
"""Regulations with at most this many versions get a comparison page for every pair, not only consecutive ones."""


@dataclass
class VersionsPlan:
    history: History
    histories: dict[str, RegulationHistory] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)


def plan_versions(state: BuildState) -> VersionsPlan:
    """Parse every version of every published regulation and decide what each is on the build date."""
    history = load_history(state.root, state.institution, state.cache_dir)
    plan = VersionsPlan(history, report=list(history.warnings))
    for reg_id in history.ids():
        if reg_id not in state.collection.regulations:
            continue
        path = history.current_paths[reg_id]
        working = state.collection.regulations[reg_id]
        parsed = []
        for version in history.versions(reg_id):
            if version.effective == working.meta.effective:  # the working tree's version: parsed already
                parsed.append((version, working))
                continue
            regulation, _ = parse_regulation(version.text, path, state.institution, reg_id)
            if regulation is None:
                plan.report.append(f"{path}：git 历史中{cn_date(version.effective)}施行的版本有格式错误，未生成该版本的页面。")
                continue
            parsed.append((version, regulation))
        if not parsed:
            continue
        in_force = [p for p in parsed if p[0].effective <= state.today]
        main = in_force[-1] if in_force else parsed[0]
        infos = []
        for version, regulation in parsed:
            if version is main[0]:
                status = regulation.meta.status if version.effective <= state.today else "尚未生效"
            else:
                status = "尚未生效" if version.effective > state.today else "已修订"
            infos.append(VersionInfo(version, regulation, status, main=version is main[0]))
        plan.histories[reg_id] = RegulationHistory(reg_id, infos)
    return plan


def prepare(state: BuildState) -> None:
    plan = plan_versions(state)
    state.versions_plan = plan  # type: ignore[attr-defined]  # read back in extend()
    working = state.collection
    if any(hist.main.effective != working.regulations[reg_id].meta.effective for reg_id, hist in plan.histories.items()):
        texts = {plan.history.current_paths[reg_id]: hist.main.version.text for reg_id, hist in plan.histories.items()}
        for reg_id, regulation in working.regulations.items():  # published but without a usable history: as on disk
            if reg_id not in plan.histories:
                texts[regulation.path] = (state.root / regulation.path).read_text(encoding="utf-8")
        collection = load_collection(state.regulations_dir, state.root, state.institution, texts=texts)
        # Warnings of this collection are reported with it; errors (an old text that no longer validates) only here.
        plan.report += [f"（按{cn_date(state.today)}施行的版本）{p.format()}" for p in collection.errors]
        state.collection = collection
        for reg_id, hist in plan.histories.items():
            if reg_id in collection.regulations:
                hist.main.regulation = collection.regulations[reg_id]
    for reg_id, hist in plan.histories.items():
        regulation = state.collection.regulations.get(reg_id)
        if regulation is None:
            continue
        src = page_path(reg_id)
        ctx = state.contexts.setdefault(reg_id, PageContext(regulation.meta.status, src))
        main = hist.main
        if main.status == "尚未生效":
            ctx.display_status = "尚未生效"
            ctx.banner = version_banner(hist, main, src)
        else:
            upcoming = [i for i in hist.infos if i.status == "尚未生效"]
            if upcoming:
                nxt = upcoming[0]
                ctx.banner = (
                    f'!!! info "已有修订，尚未生效"\n    本制度已经修订，修订后的版本将于{cn_date(nxt.effective)}起施行；在此之前仍执行本页所示的现行文本。'
                    f"[查看新版本]({link(src, nxt.src)}) · [查看修订对照]({link(src, compare_path(reg_id, main.effective, nxt.effective))})\n"
                )
        ctx.toolbar.append(f"[历史版本]({link(src, history_path(reg_id))})")
        if any(i.status == "已修订" for i in hist.infos):
            ctx.toolbar.append(f"最近修订：{cn_date(main.effective)}起施行（共 {len(hist.infos)} 个版本）")
        elif len(hist.infos) > 1:
            ctx.toolbar.append(f"自{cn_date(main.effective)}起施行（共 {len(hist.infos)} 个版本，含尚未生效的修订）")
        else:
            ctx.toolbar.append(f"自{cn_date(main.effective)}起施行，尚无修订")
        changed = main.version.committed
        if changed is not None:
            ctx.toolbar.append(f"文字最后更新：{cn_date(changed.date())}")


def extend(state: BuildState) -> None:
    plan: VersionsPlan = state.versions_plan  # type: ignore[attr-defined]
    result = state.result
    assert result is not None
    pages = result.plan.pages
    for reg_id, hist in plan.histories.items():
        if reg_id not in state.collection.regulations:
            continue
        infos = hist.infos
        pairs = [(a, b) for i, a in enumerate(infos) for b in infos[i + 1:]] if len(infos) <= ALL_PAIRS_UP_TO else list(zip(infos, infos[1:]))
        for old, new in pairs:
            cmp = compare(old.regulation, new.regulation)
            hist.comparisons[(old.effective, new.effective)] = cmp
            pages[compare_path(reg_id, old.effective, new.effective)] = comparison_page(hist, old, new, cmp)
        for info in infos:
            if not info.main:
                pages[info.src] = version_page(state.collection, hist, info)
        pages[history_path(reg_id)] = history_page(hist)
    pages[CHANGES_PATH] = changes_page(list(plan.histories.values()), state.today)
    _add_to_nav(result.plan.nav)
    if HOME_MARKER in result.markers:
        result.markers[HOME_MARKER] = result.markers[HOME_MARKER].replace(BROWSE_LINKS_END, f" · [最近修订]({link('index.md', CHANGES_PATH)})" + BROWSE_LINKS_END, 1)
    result.report += plan.report


def _add_to_nav(nav: list) -> None:
    for item in nav:
        if isinstance(item, dict) and isinstance(item.get("浏览"), list):
            item["浏览"].append(CHANGES_PATH)
            return
    nav.append({"最近修订": CHANGES_PATH})
