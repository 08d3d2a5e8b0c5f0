"""The 岗位制度清单 pages (SPEC §3: ``/roles/<role-id>/``) and their index, from the articles found for each role.

A role page lists, regulation by regulation, every article in force that binds or empowers the role, with the
sentence that does it (the role's word and the modal word marked) and a link to the article. Its "what changed
since" section is drawn in the browser (``docs/javascripts/roles.js``) from the data the page carries: for every
earlier text of each listed regulation, the article-aligned comparison with the text in force, limited to the
articles that bind the role. So ``?since=2024-01-01`` works on a static site, with nothing fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from zhidu import urls
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Regulation
from zhidu.domain.roles import KIND_KEYS, KINDS, MODALS, Role, RoleArticle, RoleChange, Sentence
from zhidu.render.pages import escape, href, html_link, html_text, link, page_path
from zhidu.render.rawhtml import wrap

ROLES_INDEX = urls.ROLES
NAV_TITLE = "岗位制度清单"


@dataclass
class RoleList:
    """One role's list as shown: its articles in force and, for each listed regulation, its earlier texts' changes."""

    role: Role
    entries: list[RoleArticle]
    status_of: dict[str, str]
    changes: dict[str, dict[str, list[RoleChange]]]
    """Regulation id → (effective date of an earlier text, ISO) → what changed for the role from it to the text in force."""
    versions: dict[str, list[str]]
    """Regulation id → effective dates (ISO) of its texts up to the one in force."""
    regulations: dict[str, Regulation]
    """Every regulation whose articles are searched (in display order), listed or not."""

    @property
    def by_regulation(self) -> list[tuple[Regulation, list[RoleArticle]]]:
        groups: dict[str, list[RoleArticle]] = {}
        for entry in self.entries:
            groups.setdefault(entry.reg_id, []).append(entry)
        return [(self.regulations[reg_id], groups[reg_id]) for reg_id in self.regulations if reg_id in groups]

    @property
    def excluded_count(self) -> int:
        return len(self.role.exclude)

    @property
    def added_count(self) -> int:
        return sum(entry.added for entry in self.entries)


def sentence_html(sentence: Sentence) -> str:
    out = []
    for kind, text in sentence.pieces():
        if kind == "role":
            out.append(f'<strong class="zd-role-word">{html_text(text)}</strong>')
        elif kind:
            out.append(f'<mark class="zd-modal zd-modal--{KIND_KEYS[kind]}" title="{kind}">{html_text(text)}</mark>')
        else:
            out.append(html_text(text))
    return "".join(out)


def kind_badges(kinds: list[str]) -> str:
    return "".join(f'<span class="zd-kind zd-kind--{KIND_KEYS[kind]}">{kind}</span>' for kind in kinds)


def rule_text(role: Role) -> str:
    """How the list was made, in the words a reader understands."""
    modal = "；".join(f"{kind}：" + "、".join(w for w, k in MODALS if k == kind) for kind in KINDS)
    words = "、".join(role.words)
    return (
        f"本清单由制度库按规则自动生成：在本院现行有效（含试行）的制度中，凡条文中有一句话先称呼该岗位（{escape(words)}），"
        f"其后用到下列词语之一的，即列入本清单（{modal}）。词语匹配难免遗漏或误收，维护人员可以在 mkdocs.yml 的岗位设置中"
        "为该岗位排除（exclude）或补充（include）条文。本清单只是查找的起点，执行时以制度原文为准。"
    )


def role_page(lst: RoleList, pdf: str | None = None) -> str:
    role = lst.role
    path = urls.role(role.id)
    groups = lst.by_regulation
    count = len(lst.entries)
    kinds_count = {kind: sum(kind in entry.kinds for entry in lst.entries) for kind in KINDS}
    lines = [
        f'---\ntitle: "{role.name.replace(chr(34), "")}"\n---\n',
        f"# 岗位制度清单：{escape(role.name)}",
        "",
        f'<p class="zd-role-summary">本院现行有效的制度中，共有 <strong>{len(groups)}</strong> 项制度的 <strong>{count}</strong> 条条文约束或授权“{html_text(role.name)}”'
        + ("（" + "、".join(f"{kind} {n} 条" for kind, n in kinds_count.items() if n) + "）" if count else "")
        + "。每条列出相关的句子，点条文序号可看原文。</p>",
        "",
    ]
    if pdf:
        lines += [f'<a class="zd-pdf" href="{link(path, pdf)}" type="application/pdf">打印版（PDF，便于新入职人员随身查阅）</a>', ""]
    lines += [wrap(changes_block(lst, path)), ""]
    if not groups:
        lines += ["按现行规则没有找到约束该岗位的条文。", ""]
    for regulation, entries in groups:
        status = lst.status_of.get(regulation.id, regulation.meta.status)
        lines += [f"## 《{escape(regulation.meta.short_title)}》", ""]
        items = []
        for entry in entries:
            label = html_link(path, page_path(regulation.id), entry.article.label, entry.article.anchor)
            sentences = "<br>".join(sentence_html(s) for s in entry.sentences)
            note = '<span class="zd-role-added">（维护人员补充）</span>' if entry.added else ""
            items.append(f'<li id="{regulation.id}-{entry.article.anchor}"><span class="zd-role-art">{label}</span>{kind_badges(entry.kinds)}{note}<div class="zd-role-text">{sentences}</div></li>')
        meta = f'<p class="zd-role-reg">{html_text(regulation.meta.title)}　{html_text(str(status))}　{cn_date(regulation.meta.effective)}施行</p>'
        lines += [wrap(meta + '\n<ul class="zd-role-list">\n' + "\n".join(items) + "\n</ul>"), ""]
    lines += ["## 本清单是怎样生成的 {#how}", "", rule_text(role), ""]
    if role.exclude or lst.added_count:
        done = []
        if role.exclude:
            done.append("已排除：" + "、".join(escape(ref.label) for ref in role.exclude))
        if lst.added_count:
            done.append("已补充：" + "、".join(f"《{escape(e.regulation.meta.short_title)}》{e.article.label}" for e in lst.entries if e.added))
        lines += ["；".join(done) + "。", ""]
    return "\n".join(lines)


def changes_block(lst: RoleList, path: str) -> str:
    """The form that asks for a date, the place the changes are drawn, and the data they are drawn from."""
    data = {
        "role": lst.role.name,
        "regs": [
            {
                "id": regulation.id,
                "title": regulation.meta.short_title,
                "href": href(path, page_path(regulation.id)),
                "versions": lst.versions.get(regulation.id, []),
                "articles": [{"label": e.article.label, "anchor": e.article.anchor} for e in lst.entries if e.reg_id == regulation.id],
                "changes": {
                    day: [change_data(change) for change in changes]
                    for day, changes in lst.changes.get(regulation.id, {}).items()
                },
            }
            for regulation in lst.regulations.values()
            if lst.versions.get(regulation.id)
        ],
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<section class="zd-role-since" id="changes" data-search-exclude>\n'
        '<form class="zd-role-since-form" method="get" action="#changes">'
        '<label for="zd-since">查看自某日以来新增或修改的条文：</label>'
        '<input id="zd-since" name="since" type="date" required> <button type="submit" class="md-button">查看</button>'
        "</form>\n"
        '<div class="zd-role-since-out" aria-live="polite"></div>\n'
        f'<script type="application/json" class="zd-role-data">{payload}</script>\n'
        "</section>"
    )


def change_data(change: RoleChange) -> dict:
    article = change.article
    item: dict[str, object] = {"kind": change.kind, "label": change.label, "anchor": article.anchor if change.new is not None else None}
    item["new"] = change.new.label if change.new is not None else ""
    item["old"] = change.old.label if change.old is not None else ""
    if change.kind == "modified":
        item["segments"] = [[kind[0], text] for kind, text in change.segments]
    else:
        item["text"] = article.text
    return item


def roles_index(lists: list[RoleList]) -> str:
    lines = [
        f'---\ntitle: "{NAV_TITLE}"\n---\n',
        f"# {NAV_TITLE}",
        "",
        "按岗位列出本院现行有效的制度中约束或授权该岗位的条文（义务、禁止、权限、职责），供新入职人员和各岗位干警查阅，"
        "也可查看某日以来与本岗位有关的新增和修改条文。清单由程序按词语匹配生成，执行时以制度原文为准。",
        "",
    ]
    for lst in lists:
        regs = len(lst.by_regulation)
        lines.append(f"- [{escape(lst.role.name)}]({link(ROLES_INDEX, urls.role(lst.role.id))})：{regs} 项制度，{len(lst.entries)} 条")
    return "\n".join(lines) + "\n"
