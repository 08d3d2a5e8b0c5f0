"""The 上位法已修订 notice on a regulation's page: the cited articles of a law that changed after the regulation
took effect, each with the comparison page (from ``zhidu.corpus.superior``)."""

from __future__ import annotations

import datetime as dt

from zhidu import urls
from zhidu.corpus.superior import UNKNOWN, ArticleChange, SuperiorRevision
from zhidu.domain.dates import cn_date
from zhidu.render.pages import escape, link, page_path


def _change(revision: SuperiorRevision, change: ArticleChange, src_path: str) -> str:
    text = escape(change.label)
    if change.new is not None and change.kind != UNKNOWN and change.new.key != change.old.key:  # 现为第N条: where it is now
        now = f"现为{change.new.label}"
        text = text.replace(now, f"现为[{change.new.label}]({link(src_path, page_path(revision.law), change.new.anchor)})", 1)
    where = "、".join(article.label for article, _ in change.citing if article is not None)
    return text + (f"（本制度{where}引用）" if where else "")


def _line(revision: SuperiorRevision, src_path: str) -> str:
    law = f"[《{escape(revision.title)}》]({link(src_path, page_path(revision.law))})"
    known = [c for c in revision.changes if c.kind != UNKNOWN]
    unknown = [c for c in revision.changes if c.kind == UNKNOWN]
    parts = []
    if known:
        text = f"{law}自{cn_date(revision.effective)}起施行的现行文本中，本制度引用的" + "、".join(_change(revision, c, src_path) for c in known)
        if revision.compared and revision.previous is not None:
            text += f"（[查看修订对照]({link(src_path, urls.comparison(revision.law, revision.previous, revision.effective))})）"
        parts.append(text)
    if unknown:
        labels = "、".join(c.old.label for c in unknown)
        parts.append(
            f"{law}现行文本自{cn_date(revision.effective)}起施行，本库未收录本制度施行时的文本，无法比对本制度引用的{labels}，请对照原文核实"
        )
    return "；".join(parts)


def superior_notice(revisions: list[SuperiorRevision], effective: dt.date, src_path: str) -> str:
    """The admonition: which cited articles changed, what they are now, and where to compare the texts."""
    head = f"本制度自{cn_date(effective)}起施行，此后它引用的法律法规条文有修订。"
    tail = "请核对本制度的相关规定是否仍与之一致。"
    if len(revisions) == 1:
        return f'!!! warning "上位法已修订"\n    {head}{_line(revisions[0], src_path)}。{tail}\n'
    items = "\n".join(f"    - {_line(r, src_path)}；" for r in revisions)
    return f'!!! warning "上位法已修订"\n    {head}{tail}\n\n{items}\n'
