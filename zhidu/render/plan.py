"""The plan of the whole site: every generated page's Markdown and the navigation, from the collection alone.

Browse pages are generated from the data and never name a particular regulation, so replacing ``regulations/``
with another institution's files gives a working site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from zhidu import urls
from zhidu.corpus.collection import Collection
from zhidu.corpus.load import RegulationHistory
from zhidu.domain.collation import pinyin_key
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Regulation
from zhidu.domain.status import LIST_ORDER, Status
from zhidu.render.pages import PageContext, escape, html_link, html_table, html_text, link, page_path, regulation_page
from zhidu.render.rawhtml import wrap

HOME_MARKER = "<!-- zhidu:home -->"
"""Where the generated home content goes in the hand-written ``docs/index.md``."""
LATEST_COUNT = 10
"""The home page's 最新施行 lists at most this many changes."""
PENDING_DAYS = 90
"""…including the texts and repeals that take effect within this many days of the build."""
NAV_LIMIT = 60
"""A category with more regulations than this shows only its own page in the navigation (which lists them all):
every page carries the expanded navigation of its section, so hundreds of siblings would make every page heavy."""


def slug(name: str) -> str:
    """A URL segment for a category or department name; Chinese is kept, separators are not."""
    text = re.sub(r"[\s/\\?#%<>\"'|*:]+", "-", name.strip()).strip("-.")
    return text or "未命名"


@dataclass(frozen=True)
class PageLink:
    """A link from the home page to a generated page."""

    label: str
    target: str
    """The source path of the page linked to (``changes/index.md``)."""


@dataclass
class SitePlan:
    pages: dict[str, str] = field(default_factory=dict)
    """Source path (``regulations/kaoqin/index.md``) → Markdown."""
    nav: list = field(default_factory=list)
    """The navigation, in the shape of ``mkdocs.yml``'s ``nav``."""
    home_body: str = ""
    """The generated home content up to the line of browse links."""
    browse_links: list[PageLink] = field(default_factory=list)
    """The home page's 其他浏览方式, in order; a feature adds its page here (the plan renders the line)."""
    contexts: dict[str, PageContext] = field(default_factory=dict)

    @property
    def home(self) -> str:
        """Markdown that replaces ``HOME_MARKER`` on the home page."""
        line = " · ".join(f"[{item.label}]({link(urls.HOME, item.target)})" for item in self.browse_links)
        return f"{self.home_body}\n{line}\n"


def category_path(name: str) -> str:
    return f"categories/{slug(name)}/index.md"


def department_path(name: str) -> str:
    return f"departments/{slug(name)}/index.md"


def status_path(name: str) -> str:
    return f"status/{slug(name)}/index.md"


SHELF_PATH = "laws/index.md"
"""The shelf of laws and superior documents (``kind: 法律法规``): one page listing them by category."""
SHELF_TITLE = "法律法规"


def shelf_category_path(name: str) -> str:
    """The page of one category of the shelf: the index of its (collapsed) group in the navigation."""
    return f"laws/{slug(name)}/index.md"


def _regulation_list(from_path: str, regulations: list[Regulation], status_of: dict[str, Status]) -> str:
    if not regulations:
        return "暂无。\n"
    numbered = any(reg.meta.doc_number for reg in regulations)  # laws have no 文号: no empty column for them
    rows = [
        [html_link(from_path, page_path(reg.id), html_text(reg.meta.title))]
        + ([html_text(reg.meta.doc_number)] if numbered else [])
        + [cn_date(reg.meta.effective), str(status_of[reg.id])]
        for reg in regulations
    ]
    head = ["名称"] + (["文号"] if numbered else []) + ["施行日期", "状态"]
    return wrap(html_table(head, rows))  # hundreds of rows on a large site: finished HTML


def _group_page(from_path: str, heading: str, intro: str, regulations: list[Regulation], status_of: dict[str, Status]) -> str:
    title = heading.replace('"', "")
    return f'---\ntitle: "{title}"\n---\n\n# {escape(heading)}\n\n{intro}\n\n{_regulation_list(from_path, regulations, status_of)}'


def in_force_first(regs: list[Regulation], status_of: dict[str, Status]) -> list[Regulation]:
    """Repealed regulations last, each group by the pinyin of its title."""
    return sorted(regs, key=lambda r: (status_of[r.id] is Status.REPEALED, pinyin_key(r.meta.title)))


def by_short_title(regs: list[Regulation], status_of: dict[str, Status]) -> list[Regulation]:
    """The navigation's order: it shows short titles, so it sorts by them (repealed last)."""
    return sorted(regs, key=lambda r: (status_of[r.id] is Status.REPEALED, pinyin_key(r.meta.short_title)))


def plan_site(
    collection: Collection, contexts: dict[str, PageContext],
    histories: dict[str, RegulationHistory] | None = None, today: dt.date | None = None,
) -> SitePlan:
    """Plan every generated page from the collection and each regulation's page context (its status, banners, links);
    the histories and the build date give the home page its latest changes (without them: each text's own date)."""
    plan = SitePlan()
    for reg in collection.sorted():
        ctx = contexts[reg.id]
        plan.contexts[reg.id] = ctx
        plan.pages[page_path(reg.id)] = regulation_page(collection, reg, ctx)
    # The status each regulation shows: one whose only versions are pending shows 尚未生效.
    status_of = {reg_id: ctx.display_status for reg_id, ctx in plan.contexts.items()}
    # Browse pages, counts and statuses are about the institution's own rules; laws have their shelf.
    regulations = [reg for reg in collection.sorted() if not reg.is_law]
    laws = [reg for reg in collection.sorted() if reg.is_law]

    by_category: dict[str, list[Regulation]] = defaultdict(list)
    by_department: dict[str, list[Regulation]] = defaultdict(list)
    by_status: dict[str, list[Regulation]] = defaultdict(list)
    for reg in regulations:
        by_category[reg.meta.category].append(reg)
        by_department[reg.meta.department or "未注明部门"].append(reg)
        by_status[status_of[reg.id]].append(reg)

    for name, regs in by_category.items():
        path = category_path(name)
        count = sum(status_of[r.id].in_force for r in regs)
        plan.pages[path] = _group_page(path, name, f"本类别共 {len(regs)} 项制度，其中有效（含试行）{count} 项。", in_force_first(regs, status_of), status_of)
    for name, regs in by_department.items():
        path = department_path(name)
        plan.pages[path] = _group_page(path, name, f"由{escape(name)}归口管理的制度共 {len(regs)} 项。", in_force_first(regs, status_of), status_of)
    statuses = [name for name in LIST_ORDER if name is not Status.PENDING or by_status.get(name)]
    for name in statuses:
        path = status_path(name)
        plan.pages[path] = _group_page(path, name, f"状态为“{name}”的制度共 {len(by_status.get(name, []))} 项。", sorted(by_status.get(name, []), key=lambda r: pinyin_key(r.meta.title)), status_of)

    plan.pages["categories/index.md"] = _overview_page("categories/index.md", "按类别浏览", by_category, category_path)
    plan.pages["departments/index.md"] = _overview_page("departments/index.md", "按归口部门浏览", by_department, department_path)
    plan.pages["status/index.md"] = _overview_page("status/index.md", "按状态浏览", {s: by_status.get(s, []) for s in statuses}, status_path)

    laws_by_category: dict[str, list[Regulation]] = defaultdict(list)
    for reg in laws:
        laws_by_category[reg.meta.category].append(reg)
    if laws:
        plan.pages[SHELF_PATH] = _shelf_page(laws_by_category, status_of)
        for name, regs in laws_by_category.items():
            path = shelf_category_path(name)
            intro = f"本栏收录本院制度所引用的{escape(name)}类法律法规和上级文件共 {len(regs)} 件，供查阅。"
            plan.pages[path] = _group_page(path, name, intro, in_force_first(regs, status_of), status_of)
    plan.home_body = _home(regulations, by_category, status_of, laws_by_category, latest_changes(regulations, histories or {}, today))
    plan.browse_links = [PageLink("按归口部门", "departments/index.md"), PageLink("按状态", "status/index.md"), PageLink("按标签", "tags.md")]
    plan.nav = _nav(by_category, status_of, laws_by_category)
    return plan


def _shelf_page(by_category: dict[str, list[Regulation]], status_of: dict[str, Status]) -> str:
    total = sum(len(regs) for regs in by_category.values())
    lines = [
        f'---\ntitle: "{SHELF_TITLE}"\n---\n',
        f"# {SHELF_TITLE}",
        "",
        f"本栏收录本院制度所引用的法律、行政法规和上级法院文件共 {total} 件，供查阅。它们不属于本院制度，"
        "不收入制度汇编，也不计入本院制度的统计。每件的页面列出引用它的本院制度。",
        "",
    ]
    for name in sorted(by_category, key=pinyin_key):
        lines += [f"## {escape(name)}", "", _regulation_list(SHELF_PATH, in_force_first(by_category[name], status_of), status_of)]
    return "\n".join(lines)


def _overview_page(path: str, title: str, groups: dict[str, list[Regulation]], target) -> str:
    lines = [f'---\ntitle: "{title}"\n---\n', f"# {title}", ""]
    for name in sorted(groups, key=lambda n: (n not in LIST_ORDER, LIST_ORDER.index(n) if n in LIST_ORDER else 0, pinyin_key(n))):
        lines.append(f"- [{escape(name)}]({link(path, target(name))})（{len(groups[name])} 项）")
    return "\n".join(lines) + "\n"


@dataclass
class Change:
    """One entry of 最新施行: a regulation made, revised or repealed on ``date`` (or about to be)."""

    date: dt.date
    kind: str
    """新制定, 修订, 废止, or 即将施行/即将废止 for a date after the build."""
    regulation: Regulation
    target: str
    """The page the entry links to: the comparison of a revision, else the regulation's page."""


def latest_changes(regs: list[Regulation], histories: dict[str, RegulationHistory], today: dt.date | None) -> list[Change]:
    """The newest changes first: every version that took effect (the first one 新制定, later ones 修订, linked to
    their comparison with the version before) and every repeal, up to ``PENDING_DAYS`` after the build; at most
    ``LATEST_COUNT``."""
    horizon = today + dt.timedelta(days=PENDING_DAYS) if today else None
    changes: list[Change] = []
    for reg in regs:
        hist = histories.get(reg.id)
        infos = hist.infos if hist else []
        pairs = hist.compared_pairs if hist else []
        if not infos:
            kind = "修订" if "修订" in reg.meta.version else "新制定"
            changes.append(Change(reg.meta.effective, kind, reg, page_path(reg.id)))
        for index, info in enumerate(infos):
            if index == 0:
                changes.append(Change(info.effective, "新制定", reg, page_path(reg.id)))
                continue
            before = infos[index - 1].effective
            compared = (before, info.effective) in pairs
            changes.append(Change(info.effective, "修订", reg, urls.comparison(reg.id, before, info.effective) if compared else page_path(reg.id)))
        if reg.meta.repealed:
            changes.append(Change(reg.meta.repealed, "废止", reg, page_path(reg.id)))
    shown = []
    for change in changes:
        if today and horizon and change.date > today:
            if change.date > horizon:
                continue
            change.kind = "即将废止" if change.kind == "废止" else "即将施行"
        shown.append(change)
    shown.sort(key=lambda c: pinyin_key(c.regulation.meta.title))  # one day's changes in pinyin order
    shown.sort(key=lambda c: c.date, reverse=True)
    return shown[:LATEST_COUNT]


def _home(
    regs: list[Regulation], by_category: dict[str, list[Regulation]], status_of: dict[str, Status], laws_by_category: dict[str, list[Regulation]],
    latest: list[Change],
) -> str:
    counts = {name: sum(status_of[r.id] is name for r in regs) for name in LIST_ORDER}
    lines = [
        f'<div class="zd-stats" markdown="1">\n\n本库收录制度 **{len(regs)}** 项，其中'
        + "、".join(f"{name} **{count}** 项" for name, count in counts.items() if count or name is not Status.PENDING)
        + "。\n\n</div>",
        "",
        "## 按类别浏览",
        "",
        '<div class="grid cards" markdown="1">',
        "",
    ]
    for name in sorted(by_category, key=pinyin_key):
        items = by_category[name]
        active = sum(status_of[r.id].in_force for r in items)
        lines.append(f"- [**{escape(name)}**]({link('index.md', category_path(name))})<br>{len(items)} 项，有效 {active} 项")
    lines += ["", "</div>", ""]
    if laws_by_category:
        total = sum(len(items) for items in laws_by_category.values())
        groups = "、".join(f"{escape(name)} {len(items)} 件" for name, items in sorted(laws_by_category.items(), key=lambda kv: pinyin_key(kv[0])))
        lines += [
            f"## {SHELF_TITLE}",
            "",
            f"另收录本院制度所引用的法律、行政法规和上级法院文件 **{total}** 件（{groups}），供查阅，不计入上面的统计："
            f"[{SHELF_TITLE}]({link('index.md', SHELF_PATH)})。",
            "",
        ]
    lines += ["## 最新施行", "", '<div class="zd-latest" markdown="1">', ""]
    for change in latest:
        target = link("index.md", change.target)
        lines.append(f"- {cn_date(change.date)}　{change.kind}　[{escape(change.regulation.meta.title)}]({target})")
    if not latest:
        lines.append("暂无。")
    lines += ["", "</div>"]
    lines += [
        "",
        "## 其他浏览方式",
        "",
    ]
    return "\n".join(lines)


def _nav(by_category: dict[str, list[Regulation]], status_of: dict[str, Status], laws_by_category: dict[str, list[Regulation]]) -> list:
    sections: list[dict[str, str | list[str]]] = []
    for name in sorted(by_category, key=pinyin_key):
        regs = by_short_title(by_category[name], status_of)
        if len(regs) > NAV_LIMIT:
            sections.append({name: category_path(name)})
        else:
            sections.append({name: [category_path(name)] + [page_path(r.id) for r in regs]})
    nav: list = [{"首页": "index.md"}, {"制度": sections}]
    if laws_by_category:
        # Grouped by category as on the shelf page, each group collapsed, so 浏览 stays in view below them.
        groups = [
            {name: [shelf_category_path(name)] + [page_path(r.id) for r in by_short_title(laws_by_category[name], status_of)]}
            for name in sorted(laws_by_category, key=pinyin_key)
        ]
        count = sum(len(regs) for regs in laws_by_category.values())
        nav.append({SHELF_TITLE: [SHELF_PATH] + (groups if count <= NAV_LIMIT else [])})
    nav.append({"浏览": ["categories/index.md", "departments/index.md", "status/index.md", "tags.md"]})
    return nav
