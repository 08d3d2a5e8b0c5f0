"""Chinese reading order: lists sorted by pinyin (安全, 保密, 车辆, 考勤), not by Unicode code point.

Material's tags plugin sorts its tag index with a key function named in ``mkdocs.yml``
(``tags_sort_by: !!python/name:zhidu.domain.collation.tag_pinyin``); these are those functions.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=4096)
def pinyin_key(text: str) -> tuple[tuple[str, ...], str]:
    """Sort key of a Chinese name: its syllables with tone numbers (kao3 qin2), then the name itself for ties."""
    return tuple(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)), text


def tag_pinyin(tag, *args) -> tuple[tuple[str, ...], str]:
    """``tags_sort_by`` / ``listings_tags_sort_by`` of Material's tags plugin."""
    return pinyin_key(tag.name)


def item_pinyin(mapping) -> tuple[tuple[str, ...], str]:
    """``listings_sort_by``: pages under one tag, by the pinyin of their titles."""
    return pinyin_key(str(mapping.item.title))
