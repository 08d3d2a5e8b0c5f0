"""The ``superior-laws`` build feature: the 上位法已修订 notice on the pages of regulations citing a revised law."""

from __future__ import annotations

from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.superior import superior_revisions
from zhidu.render.superior import superior_notice


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
