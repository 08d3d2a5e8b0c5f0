"""Reading regulation files from disk safely: size limit, no links out of the project, UTF-8 only (with the fix).

What cannot be read becomes a ``Problem`` that says how to repair the file, never an exception.
"""

from __future__ import annotations

from pathlib import Path

from zhidu.domain.errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The longest regulation file: the largest real regulation is a few hundred kilobytes; beyond this it is a mistake."""


def read_file(path: Path, root: Path, relative) -> tuple[str, bytes | None, Problem | None]:
    """(relative path, bytes, None) for a file that may be read, or (relative path, None, the problem)."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else relative(path, root)
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        return rel, None, Problem(rel, 1, "文件是指向项目之外的符号链接，不予读取。", "请把制度文件本身复制到 regulations/ 中，再删除这个链接。")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return rel, None, Problem(
            rel, 1, f"文件有 {size / 1024 / 1024:.1f} MB，超过每个制度文件 2 MB 的上限。",
            "请检查是否误放了其他文件（如扫描件转换的文字、整本汇编）；一项制度一个文件，附件请另行发布。",
        )
    return rel, path.read_bytes(), None


def read_sources(files: list[Path], root: Path, relative) -> tuple[dict[str, str], list[Problem]]:
    """``relative path → text`` for every readable file, and a problem for every other one."""
    sources: dict[str, str] = {}
    problems: list[Problem] = []
    for path in files:
        rel, data, problem = read_file(path, root, relative)
        if data is not None:
            text, problem = decode(data, rel)
            if problem is None:
                sources[rel] = text
        if problem is not None:
            problems.append(problem)
    return sources, problems


def decode(data: bytes, rel: str) -> tuple[str, Problem | None]:
    """The text of a UTF-8 file (BOM allowed), or a problem naming the encoding it is in and how to convert it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and data.count(b"\x00") * 4 >= len(data)):
        return "", Problem(
            rel, 1, "文件是 UTF-16 编码，不是 UTF-8。",
            f"请用记事本打开，“另存为”时编码选 UTF-8；或运行 iconv -f UTF-16 -t UTF-8 {rel} > 新文件 后替换原文件。",
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return "", Problem(rel, line, "文件不是 UTF-8 编码。", "请用文本编辑器以 UTF-8 编码重新保存该文件（记事本：“另存为”，编码选 UTF-8）。")
        return "", Problem(
            rel, line, "文件是 GBK（GB18030）编码，不是 UTF-8。",
            f"请用记事本打开，“另存为”时编码选 UTF-8；或运行 iconv -f GBK -t UTF-8 {rel} > 新文件 后替换原文件。",
        )
