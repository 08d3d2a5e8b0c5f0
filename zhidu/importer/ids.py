"""A readable id (file name) proposed from a regulation's title: the pinyin of its words, without the issuer."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_ISSUER_PREFIX = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{0,16}?人民法院(?:党组)?")
_BRACKETS = re.compile(r"[（(][^（）()]*[)）]|[《》“”〈〉]")
_GENERIC = {"中华人民共和国", "关于", "的", "和", "与", "及", "本院", "全院", "我院", "工作人员", "若干", "有关", "进一步", "暂行", "试行", "印发"}
_MAX_WORDS = 5
_MAX_LENGTH = 40



def _ascii_only(chars: str) -> Any:
    """What pypinyin keeps of characters without pinyin: their ASCII letters and digits (a list, as pypinyin takes it)."""
    return [c for c in chars.lower() if c.isascii() and c.isalnum()]

def propose_id(title: str, issuers: list[str]) -> str:
    """``东港市人民法院工作人员请休假考勤管理规定`` → ``qingxiujia-kaoqin-guanli-guiding``."""
    from pypinyin import Style, lazy_pinyin  # imported here: only the import command needs it

    core = title
    for issuer in sorted((i for i in issuers if i), key=len, reverse=True):
        if core.startswith(issuer) and len(core) > len(issuer):
            core = core[len(issuer):]
            break
    else:
        stripped = _ISSUER_PREFIX.sub("", core)
        core = stripped or core
    core = _BRACKETS.sub("", core).replace("暂行", "").replace("试行", "").replace("中华人民共和国", "")
    words = [w for w in _segmenter().cut(core) if w.strip() and w not in _GENERIC]
    # A single character reads better joined to its neighbour: 请+休假 → qingxiujia.
    merged: list[str] = []
    for word in words:
        if merged and len(merged[-1]) == 1:
            merged[-1] += word
        else:
            merged.append(word)
    if len(merged) > 1 and len(merged[-1]) == 1:
        last = merged.pop()
        merged[-1] += last
    if len(merged) > _MAX_WORDS:
        merged = merged[: _MAX_WORDS - 1] + merged[-1:]
    parts = []
    for word in merged:
        syllables = lazy_pinyin(word, style=Style.NORMAL, errors=_ascii_only)
        part = re.sub(r"[^a-z0-9]", "", "".join(syllables).lower())
        if part:
            parts.append(part)
    slug = ""
    for part in parts:
        if slug and len(slug) + 1 + len(part) > _MAX_LENGTH:
            break
        slug = f"{slug}-{part}" if slug else part
    return slug or "zhidu"


@lru_cache(maxsize=1)
def _segmenter():
    from zhidu.domain.segment import rjieba_segmenter

    return rjieba_segmenter(())
