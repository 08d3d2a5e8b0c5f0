"""The segmentation dictionary shared by the site's search (jieba) and the offline search CLI.

Words come from the data: titles, short titles, aliases, categories, tags, and the terms the regulations define
themselves (``（以下简称审委会）``, ``本办法所称“三重一大”``), so that 院党组, 审委会 and 三重一大 stay whole.
"""

from __future__ import annotations

import re

from zhidu.corpus.collection import Collection, iter_texts

_ABBREVIATION = re.compile(r"[（(]以下简称[“\"「]?([\u4e00-\u9fff\w]{2,12}?)[”\"」]?[）)]")
_DEFINED = re.compile(r"所称[“\"「]([^”\"」]{2,12})[”\"」]")
_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fff]{2,8})[”\"」]")
_BRACKETS = re.compile(r"[“”\"「」《》（）()]")
_HAN = re.compile(r"^[\u4e00-\u9fff\w]+$")

BUILTIN_TERMS = (
    "院党组", "党组", "审委会", "审判委员会", "检委会", "三重一大", "四类案件", "合议庭", "独任法官", "法官助理",
    "书记员", "庭长", "副庭长", "院长", "副院长", "审判长", "承办法官", "请休假", "年休假", "公务用车", "公车",
    "裁判文书", "权责清单", "评查", "考勤",
)
"""Legal and court words that general dictionaries split wrongly."""


def _clean(word: str) -> str:
    return _BRACKETS.sub("", word).strip()


def terms(collection: Collection) -> list[str]:
    """Every dictionary word of the published regulations, in a stable order."""
    words: dict[str, None] = dict.fromkeys(BUILTIN_TERMS)
    for regulation in collection.sorted():
        meta = regulation.meta
        for name in [*regulation.names, meta.category, meta.department, *meta.tags]:
            word = _clean(name)
            if word:
                words[word] = None
        for _, text, _ in iter_texts(regulation):
            for pattern in (_ABBREVIATION, _DEFINED):
                for match in pattern.finditer(text):
                    word = _clean(match.group(1))
                    if len(word) >= 2:
                        words[word] = None
            for match in _QUOTED.finditer(text):
                words[match.group(1)] = None
    return [w for w in words if w and _HAN.match(w)]
