"""The printed 岗位制度清单 (``site/pdf/roles/<role-id>.pdf``): a pocket list of one role's articles and what changed."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from zhidu import urls
from zhidu.domain.dates import cn_date
from zhidu.domain.model import Regulation
from zhidu.domain.roles import KINDS, MODALS, Role, RoleArticle, RoleChange, Sentence
from zhidu.printing.documents import environment, qr_data_uri
from zhidu.printing.render import Job


def _sentence(sentence: Sentence) -> Markup:
    parts = []
    for kind, text in sentence.pieces():
        if kind == "role":
            parts.append(Markup('<b class="role">%s</b>') % text)
        elif kind:
            parts.append(Markup('<u class="modal">%s</u>') % text)
        else:
            parts.append(escape(text))
    return Markup("").join(parts)


def _lines(text: str) -> Markup:
    return Markup("<br>").join(escape(part) for part in text.split("\n"))


def _change(change: RoleChange) -> dict:
    label = change.new.label if change.new is not None else change.old.label  # type: ignore[union-attr]
    kind = change.label
    if change.kind == "modified" and change.old is not None and change.new is not None and change.old.key != change.new.key:
        kind += f"（原{change.old.label}）"
    if change.kind == "modified":
        parts = []
        for what, text in change.segments:
            piece = _lines(text)
            parts.append(piece if what == "equal" else Markup("<ins>%s</ins>" if what == "insert" else "<del>%s</del>") % piece)
        body = Markup("").join(parts)
    else:
        body = _lines(change.article.text)
    return {"label": label, "kind": kind, "html": body}


def rule_sentence(role: Role) -> str:
    modal = "；".join(f"{kind}：" + "、".join(w for w, k in MODALS if k == kind) for kind in KINDS)
    return (
        f"在本院现行有效（含试行）的制度中，凡条文中有一句话先称呼该岗位（{'、'.join(role.words)}），其后用到下列词语之一的，即列入本清单"
        f"（{modal}）。维护人员可以在 mkdocs.yml 的岗位设置中排除或补充条文"
        + (f"；本清单已排除：{'、'.join(ref.label for ref in role.exclude)}" if role.exclude else "")
        + "。"
    )


def role_html(
    role: Role, entries: list[RoleArticle], statuses: dict[str, str], changes: list[RoleChange], since: dt.date,
    institution: str, today: dt.date, site_url: str, order: list[Regulation],
) -> str:
    groups = []
    for regulation in order:
        mine = [e for e in entries if e.reg_id == regulation.id]
        if not mine:
            continue
        groups.append({
            "short_title": regulation.meta.short_title, "title": regulation.meta.title,
            "effective_cn": cn_date(regulation.meta.effective), "status": statuses.get(regulation.id, regulation.meta.status),
            "articles": [{"label": e.article.label, "kinds": e.kinds, "html": Markup("<br>").join(_sentence(s) for s in e.sentences)} for e in mine],
        })
    changed = []
    for regulation in order:
        theirs = [c for c in changes if c.regulation.id == regulation.id]
        if theirs and theirs[0].kind == "new":  # the whole regulation is later than the day: one line
            labels = "、".join(c.article.label for c in theirs)
            note = f"本库所存该制度最早的文本于{cn_date(theirs[0].old_effective or regulation.meta.effective)}施行，晚于该日，无法对照；其中与本岗位有关的条文：{labels}。"
            changed.append({"short_title": regulation.meta.short_title, "changed": [{"label": "", "kind": "", "html": note}]})
        elif theirs:
            changed.append({"short_title": regulation.meta.short_title, "changed": [_change(c) for c in theirs]})
    url = f"{site_url.rstrip('/')}/{urls.url_of(urls.role(role.id))}" if site_url else ""
    return environment().get_template("role.html.j2").render(
        role=role.name, institution=institution, today_cn=cn_date(today), url=url, qr=qr_data_uri(url) if url else "",
        groups=groups, count=len(entries), changes=changed, since_cn=cn_date(since), rule=rule_sentence(role),
    )


def role_job(role: Role, html: str) -> Job:
    return Job(urls.role_pdf(role.id), html, f"岗位制度清单：{role.name}")
