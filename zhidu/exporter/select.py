"""Which text to export: the regulation file as it is now, or the version in force on a date (from git, SPEC §5).

Every way it cannot be exported raises ``ExportRefused`` with the one Chinese line the maintainer sees and the exit
status; a secret regulation is refused before anything of it is parsed, and nothing of it but its path is named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from zhidu.corpus.collection import is_secret, regulation_files, relative
from zhidu.corpus.history import load_history
from zhidu.corpus.sources import read_file
from zhidu.domain.errors import Severity
from zhidu.domain.model import Regulation
from zhidu.domain.parser import parse_regulation, split_front_matter
from zhidu.domain.text import normalize_source

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ExportRefused(Exception):
    """``str()`` is the message (without 错误：); ``status`` the exit status (2: refused or a wrong id, 1: a bad file)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


@dataclass
class Selected:
    regulation: Regulation
    front_matter: dict
    path: str
    """The file's path relative to the project root."""


def select(root: Path, reg_id: str, as_of: dt.date | None, institution: str, cache_dir: Path | None = None) -> Selected:
    if not _ID.match(reg_id):
        raise ExportRefused(f"“{reg_id}”不是制度编号。编号是制度文件名去掉 .md，只含小写字母、数字和“-”，如 python -m zhidu export kaoqin。")
    files = [path for path in regulation_files(root / "regulations") if path.stem == reg_id]
    if not files:
        raise ExportRefused(f"regulations/ 中没有编号为 {reg_id} 的制度（找不到 {reg_id}.md）。请核对编号：编号是制度文件名去掉 .md。")
    rel, data, problem = read_file(files[0], root, relative)
    if data is None:
        why = f"{problem.message}{problem.fix}" if problem is not None else "无法读取该文件。"
        raise ExportRefused(f"{rel}：{why}", 1)
    text = data.decode("utf-8", "replace")
    if _is_secret(text):
        raise ExportRefused(f"{rel} 是涉密制度（设有 secrecy），不能导出为 Word 文件；涉密文件请按保密规定在涉密计算机上处理。")
    if as_of is not None:
        history = load_history(root, institution, cache_dir)
        version = history.in_force(reg_id, as_of)
        if version is None:
            versions = history.versions(reg_id)
            if not versions:
                raise ExportRefused(f"{rel} 没有可导出的版本。请先运行 python -m zhidu check 检查该文件。", 1)
            first = versions[0].effective.isoformat()
            raise ExportRefused(f"{reg_id} 在 {as_of.isoformat()} 还没有施行的版本（最早的版本自 {first} 起施行）。请改用 {first} 或之后的日期。")
        text = version.text
        if _is_secret(text):  # history leaves secret versions out; checked again all the same
            raise ExportRefused(f"{rel} 的这一版本是涉密的，不能导出为 Word 文件。")
    regulation, problems = parse_regulation(text, rel, institution, reg_id)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if regulation is None or errors:
        first_error = errors[0].format() if errors else rel
        raise ExportRefused(f"{first_error}；请先按 python -m zhidu check 的提示改正该文件，再导出。", 1)
    yaml_text, _, _, _ = split_front_matter(normalize_source(text), rel)
    front_matter = yaml.safe_load(yaml_text or "") or {}
    return Selected(regulation, front_matter if isinstance(front_matter, dict) else {}, rel)


def _is_secret(text: str) -> bool:
    """A valid level, or any value at all under ``secrecy`` (a misspelt level is no reason to publish)."""
    if is_secret(text):
        return True
    if "secrecy" not in text:
        return False
    try:
        yaml_text, _, _, _ = split_front_matter(normalize_source(text), "")
        data = yaml.safe_load(yaml_text or "") or {}
    except yaml.YAMLError:
        return True
    return not isinstance(data, dict) or bool(data.get("secrecy"))
