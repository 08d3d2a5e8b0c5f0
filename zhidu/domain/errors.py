"""Typed problems found in regulation files; each becomes one Chinese line that names the file, the line and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "提示"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of one file."""

    path: str
    """The file, relative to the project root where possible (``regulations/xingzheng/kaoqin.md``)."""
    line: int
    """1-based line number of the offending place (1 when the whole file is concerned)."""
    message: str
    """What is wrong, in Chinese, one sentence."""
    fix: str = ""
    """What to do about it, in Chinese, one sentence."""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value}：{self.message}"
        if self.fix:
            text += self.fix
        return text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class ZhiduError(Exception):
    """Base of all errors the core raises; ``str()`` is a message a court clerk can act on."""


class ValidationFailed(ZhiduError):
    """The regulations have errors; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        lines = [p.format() for p in errors]
        super().__init__(f"制度文件中有 {len(errors)} 处错误，请逐条改正后重新构建：\n" + "\n".join(lines))
