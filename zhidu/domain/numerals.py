"""Chinese numerals as they appear in article and chapter numbers (第一百零二条)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
NUMERAL = f"[{NUMERAL_CHARS}]+"
"""A regular-expression fragment matching one Chinese numeral (the one pattern every parser of 第X条 uses)."""
_DIGIT_CHARS = "零一二三四五六七八九"


def cn_to_int(text: str) -> int:
    """Parse a Chinese numeral below ten thousand (十二 → 12, 一百零二 → 102, 一〇二 → 102)."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # Positional form such as 一〇二.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            total += (current or 1) * UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def int_to_cn(number: int) -> str:
    """Write a number below ten thousand as it is written in article numbers (12 → 十二, 102 → 一百零二)."""
    if number <= 0 or number >= 10000:
        raise ValueError(f"out of range: {number}")
    parts: list[str] = []
    digits = [(number // 1000) % 10, (number // 100) % 10, (number // 10) % 10, number % 10]
    units = ["千", "百", "十", ""]
    pending_zero = False
    for digit, unit in zip(digits, units):
        if digit == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(_DIGIT_CHARS[digit] + unit)
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    return text
