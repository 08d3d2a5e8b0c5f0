"""How pages speak of a regulation: an institution's rule is 本制度 and was 印发; a law is 本法 (本条例, 本规定…) and was
通过 (by a people's congress) or 公布 (by the State Council, a court)."""

from __future__ import annotations

from zhidu.domain.model import Regulation

_LAW_SUFFIXES = ("条例", "规定", "办法", "解释", "决定", "规则", "细则", "意见", "法")


def self_name(regulation: Regulation) -> str:
    """What the text calls itself: 本制度 for the institution's rules; 本法, 本条例, 本规定… for a law."""
    if not regulation.is_law:
        return "本制度"
    title = regulation.meta.title.rstrip("）)").split("（")[0]
    for suffix in _LAW_SUFFIXES:
        if title.endswith(suffix):
            return "本" + suffix
    return "本文件"


def adopted_label(regulation: Regulation) -> str:
    """The label of ``adopted``: 印发日期 for a rule, 通过日期 for a law a people's congress passed, else 公布日期."""
    if not regulation.is_law:
        return "印发日期"
    return "通过日期" if "人民代表大会" in (regulation.meta.issuer or "") else "公布日期"
