"""The ``superior-laws`` build feature: the 上位法已修订 notice on the pages of regulations citing a revised law."""

from __future__ import annotations

from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.superior import SuperiorRevision, superior_revisions
from zhidu.domain.dates import cn_date
from zhidu.render.pages import escape, link, page_path
from zhidu.render.versions import compare_path


class SuperiorLawNotices:
    name = "superior-laws"

    def prepare(self, state: BuildState) -> None:
        for reg_id, revisions in superior_revisions(state.collection, state.histories).items():
            ctx = state.context(reg_id)
            effective = state.collection.regulations[reg_id].meta.effective
            notice = superior_notice(revisions, effective, ctx.src_path)
            ctx.banners.append(notice)

    def extend(self, state: BuildState, result: BuildResult) -> None:
        return None


def superior_notice(revisions: list[SuperiorRevision], effective, src_path: str) -> str:
    """The admonition: which law, since when its text in force applies, and where to compare the texts."""
    def line(revision: SuperiorRevision) -> str:
        text = (
            f"[《{escape(revision.title)}》]({link(src_path, page_path(revision.law))})现行文本自{cn_date(revision.effective)}起施行"
        )
        if revision.compared and revision.previous is not None:
            text += f"（[查看修订对照]({link(src_path, compare_path(revision.law, revision.previous, revision.effective))})）"
        return text

    head = f"本制度自{cn_date(effective)}起施行，此后它引用的"
    tail = "请核对本制度的相关规定是否仍与之一致。"
    if len(revisions) == 1:
        return f'!!! warning "上位法已修订"\n    {head}法律法规已经修订：{line(revisions[0])}。{tail}\n'
    items = "\n".join(f"    - {line(r)}；" for r in revisions)
    return f'!!! warning "上位法已修订"\n    {head}下列法律法规已经修订，{tail}\n\n{items}\n'
