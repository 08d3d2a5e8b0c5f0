"""The ``roles`` build feature: 岗位制度清单, a page per role declared in ``mkdocs.yml`` (``extra.roles``) at
``/roles/<role-id>/`` with its PDF, and an index page in the navigation.

The articles are found by ``zhidu.domain.roles`` in the institution's own regulations in force (secret files are
never in the corpus); the "what changed since" data compares every earlier text of each regulation with the text
in force (``zhidu.domain.compare``), restricted to the role's articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from zhidu import urls
from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.config import pdf_enabled, unknown_role_refs
from zhidu.corpus.roles import role_sources
from zhidu.domain.compare import Comparison, compare
from zhidu.domain.model import Regulation
from zhidu.domain.roles import Role, changes_between, role_articles, role_changes
from zhidu.printing.cache import PdfCache
from zhidu.printing.render import Job, render_few
from zhidu.printing.roles import role_html, role_job
from zhidu.render.plan import PageLink
from zhidu.render.roles import NAV_TITLE, ROLES_INDEX, RoleList, role_page, roles_index


def default_since(role: Role, today: dt.date) -> dt.date:
    """Where the printed list's "what changed" section starts: the role's ``since``, else a year before the build."""
    if role.since is not None:
        return role.since
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def role_list(role: Role, sources: dict[str, list[Regulation]], status_of: dict[str, str], comparisons: Callable[[Regulation, Regulation], Comparison] | None = None) -> RoleList:
    current = {reg_id: versions[-1] for reg_id, versions in sources.items()}
    entries = role_articles(role, current.values())
    listed = {entry.reg_id for entry in entries}
    changes: dict[str, dict[str, list]] = {}
    versions: dict[str, list[str]] = {}
    for reg_id, texts in sources.items():
        versions[reg_id] = [text.meta.effective.isoformat() for text in texts]
        earlier = {}
        for old in texts[:-1]:
            found = changes_between(role, old, texts[-1], comparisons or compare)
            if found:
                earlier[old.meta.effective.isoformat()] = found
        if earlier:
            changes[reg_id] = earlier
    # Regulations with nothing for the role today but a deleted article since an earlier text keep their data.
    keep = listed | set(changes)
    return RoleList(role, entries, status_of, changes, {r: v for r, v in versions.items() if r in keep}, {r: current[r] for r in current if r in keep})


class RoleLists:
    name = "roles"

    def prepare(self, state: BuildState) -> None:
        pass

    def extend(self, state: BuildState, result: BuildResult) -> None:
        roles = state.config.roles
        if not roles:
            return
        # A reference to a regulation that is not (or no longer) published is ignored and said in the log: replacing
        # regulations/ alone must still give a working strict build (SPEC §1).
        result.report += [problem.format() for problem in unknown_role_refs(roles, state.collection.regulations)]
        sources = role_sources(state.corpus)
        status_of = {reg_id: str(state.corpus.status(reg_id)) for reg_id in sources}
        printed = pdf_enabled() and not state.serving
        comparisons = state.corpus.timeline.compare  # the build's one cache of comparisons
        lists = []
        jobs: list[Job] = []
        for role in roles:
            lst = role_list(role, sources, status_of, comparisons)
            lists.append(lst)
            result.plan.pages[urls.role(role.id)] = role_page(lst, urls.role_pdf(role.id) if printed else None)
            if printed:
                since = default_since(role, state.today)
                changes = role_changes(role, sources, since, comparisons)
                html = role_html(
                    role, lst.entries, status_of, changes, since, state.institution, state.today, state.config.site_url,
                    [versions[-1] for versions in sources.values()],
                )
                jobs.append(role_job(role, html))
        result.plan.pages[ROLES_INDEX] = roles_index(lists)
        result.plan.nav.append({NAV_TITLE: [ROLES_INDEX] + [urls.role(role.id) for role in roles]})
        result.plan.browse_links.append(PageLink(NAV_TITLE, ROLES_INDEX))
        result.report.append("岗位制度清单：" + "、".join(f"{lst.role.name} {len(lst.entries)} 条" for lst in lists) + "。")
        if jobs:
            cache = PdfCache(state.cache_dir / "pdf")
            result.post_build_steps.append(lambda site_dir: render_few(jobs, cache, site_dir))

