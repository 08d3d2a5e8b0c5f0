"""``python -m search``: build the index and query it. Every error is one Chinese line; bad usage exits with 2.

Imports stay lean on purpose: a cold query must answer within half a second, so nothing here imports MkDocs,
WeasyPrint or jieba, and Whoosh, YAML and rich are imported only by the code paths that need them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from search import store
from search.asked import ASKED_FILE
from search.thesaurus import SYNONYMS_FILE
from zhidu.corpus.config import env
from zhidu.domain.errors import ZhiduError

USAGE_ERROR = 2
DATA_ERROR = 1
CORRUPT = "搜索索引已损坏或由不兼容的版本建立，正在重新建立索引……"


def _damage() -> tuple[type[BaseException], ...]:
    """What reading a damaged index raises: unpickling, struct, zlib and Whoosh's own errors."""
    import pickle
    import struct
    import zlib

    from whoosh.index import IndexError as WhooshIndexError

    return (EOFError, OSError, ValueError, LookupError, pickle.UnpicklingError, struct.error, zlib.error, WhooshIndexError, store.IndexUnusable)


class UsageError(Exception):
    """A bad command line; the message is already Chinese."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its English messages turned into one Chinese line each."""

    def error(self, message: str):
        raise UsageError(_translate(message))

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法：").replace("options:", "选项：").replace("positional arguments:", "参数：")


def _translate(message: str) -> str:
    import re

    hint = "用法见 python -m search --help。"
    if match := re.match(r"argument (\S+): invalid int value: '(.*)'", message):
        return f"{match.group(1)} 的值“{match.group(2)}”不是整数，如 {match.group(1)} 10。"
    if match := re.match(r"argument (\S+): invalid choice: '(.*?)'", message):
        return f"未知命令“{match.group(2)}”：可用命令为 index（建立索引）和 query（检索）。"
    if match := re.match(r"argument (\S+?)(?:/\S+)?: expected one argument", message):
        return f"选项 {match.group(1)} 后面缺少值。{hint}"
    if match := re.match(r"unrecognized arguments: (.*)", message):
        return f"无法识别的参数：{match.group(1)}。{hint}"
    if match := re.match(r"the following arguments are required: (.*)", message):
        missing = match.group(1)
        if "子命令" in missing:  # the metavar of the sub-commands
            return "缺少命令：请写 python -m search index 或 python -m search query \"检索词\"。"
        return "缺少检索词：请写 python -m search query \"检索词\"。"
    if match := re.match(r"argument (\S+): ignored explicit argument '(.*)'", message):
        return f"选项 {match.group(1)} 不接受值“{match.group(2)}”。{hint}"
    return f"命令行有误（{message}）。{hint}"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"--limit 的值“{text}”不是整数，如 --limit 10。") from None
    if value < 1 or value > 1000:
        raise UsageError(f"--limit 的值应在 1 到 1000 之间，如 --limit 10；现在是 {value}。")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of 的日期“{text}”格式不对：请写成 YYYY-MM-DD，如 --as-of 2024-01-01。") from None


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog="python -m search", description="制度库离线检索：按条文检索本院制度。", add_help=False)
    main.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    main.add_argument("--root", metavar="项目目录", help="项目根目录（含 mkdocs.yml）；默认从当前目录向上查找，或取环境变量 ZHIDU_ROOT")
    main.add_argument("--index-dir", metavar="索引目录", help="索引所在文件夹；默认 .cache/zhidu/search/，或取环境变量 ZHIDU_SEARCH_INDEX")
    commands = main.add_subparsers(dest="command", required=True, metavar="子命令", parser_class=_Parser)
    index = commands.add_parser("index", help="建立或更新索引", add_help=False, description="建立或更新检索索引（只重新编入有变化的制度）。")
    index.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    index.add_argument("--rebuild", action="store_true", help="丢弃现有索引，全部重新建立")
    query = commands.add_parser("query", help="检索", add_help=False, description="检索条文。筛选条件也可写在检索词中：分类:… 部门:… 标签:… 状态:… 编号:…")
    query.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    query.add_argument("text", metavar="检索词", help="如 \"请假 审批\"、\"公务员法第三十八条\"")
    query.add_argument("--json", action="store_true", help="输出 JSON 数组（最相关的在前）")
    query.add_argument("--limit", type=_positive, default=10, metavar="N", help="最多显示 N 条（默认 10）")
    query.add_argument("--category", metavar="C", help="只查该分类的制度")
    query.add_argument("--status", metavar="S", help="只查该状态：现行有效、试行、已废止、尚未生效、已修订")
    query.add_argument("--department", metavar="D", help="只查该归口管理部门的制度")
    query.add_argument("--tag", metavar="T", help="只查带该标签的制度")
    query.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="检索该日施行的版本（默认今天）")
    query.add_argument("--include-repealed", action="store_true", help="也检索已废止的制度")
    return main


def today() -> dt.date:
    """The build date: ``ZHIDU_TODAY`` or today, by the same rule as the site build (zhidu.corpus.config is light to import)."""
    from zhidu.corpus.config import ConfigError, build_date

    try:
        return build_date()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except UsageError as exc:
        _err(f"错误：{exc}")
        return USAGE_ERROR
    root = store.find_root(args.root)
    if root is None:
        _err("错误：找不到制度库项目（含 mkdocs.yml 的文件夹）：请在项目根目录下运行，或用 --root 指定。")
        return USAGE_ERROR
    from search.index import Project

    project = Project(root, store.index_location(root, args.index_dir), say=_err, strict_synonyms=args.command == "index")
    try:
        if args.command == "index":
            return _index(project, args.rebuild)
        return _query(project, args)
    except UsageError as exc:
        _err(f"错误：{exc}")
        return USAGE_ERROR
    except ZhiduError as exc:
        from search.query import QueryError

        _err(f"错误：{exc}" if not str(exc).startswith("regulations/") else str(exc))
        return USAGE_ERROR if isinstance(exc, QueryError) else DATA_ERROR
    except OSError as exc:
        _err(f"错误：无法读写 {exc.filename or '索引'}（{exc.strerror}）：请检查该文件夹的权限和剩余空间。")
        return DATA_ERROR
    except Exception as exc:
        if env("ZHIDU_DEBUG"):
            raise
        _err(f"错误：检索程序内部出错（{type(exc).__name__}: {exc}）。请运行 python -m search index --rebuild 后重试；仍出错请把这一行报告给维护人员。")
        return DATA_ERROR


def _index(project, rebuild: bool) -> int:
    from search.index import update

    before = _built_for(project)
    report = update(project, force=rebuild)
    for line in report.problems:
        _err(line)
    if before is not None:
        _err(f"注意：索引文件夹 {project.location} 原是项目 {before} 的索引，现已改为本项目（{project.root}）的索引。")
    what = "重新建立" if report.full else "更新"
    if report.full or report.added or report.removed:
        print(f"已{what}搜索索引：{report.regulations} 项制度，{report.documents} 个条目（本次编入 {report.added} 个）。")
    else:
        print(f"搜索索引已是最新：{report.regulations} 项制度，{report.documents} 个条目。")
    return 0


def _open(project, today_: dt.date):
    """An engine over a fresh index: update it first when stale, rebuild it (once) when it is unusable."""
    from search.index import fingerprint, update
    from search.query import Engine

    for attempt in range(2):
        generation = store.current_generation(project.location)
        try:
            if generation is None:
                raise store.IndexUnusable("missing")
            meta = store.read_meta(generation)
            if meta.get("fingerprint") != fingerprint(project.root):
                other = project.foreign(meta)
                if other is not None:  # updating it would turn another project's index into this one's
                    raise UsageError(
                        f"索引文件夹 {project.location} 是项目 {other} 的索引，不是本项目（{project.root}）的；检索不会改写它。"
                        f"要检索那个项目，请加 --root {other}；要把这个文件夹改作本项目的索引，请先运行 "
                        f"python -m search --root {project.root} --index-dir {project.location} index。")
                update(project)
                generation = store.current_generation(project.location)
                if generation is None:
                    raise store.IndexUnusable("missing")
            return Engine(generation, today_)
        except store.IndexUnusable:
            if attempt:
                raise
            damaged = generation is not None and (generation / store.META).exists()
            update(project, force=True, reason=CORRUPT if damaged else None)
        except _damage() as exc:  # Whoosh's own errors on damaged files: unpickling, EOF, struct…
            if attempt or isinstance(exc, ZhiduError):
                raise
            update(project, force=True, reason=CORRUPT)
    raise store.IndexUnusable("unreachable")


def _built_for(project) -> Path | None:
    """The other project whose index is in this project's index folder, if any (``Project.foreign``)."""
    generation = store.current_generation(project.location)
    try:
        return project.foreign(store.read_meta(generation)) if generation is not None else None
    except store.IndexUnusable:
        return None


def _query(project, args) -> int:
    from search.query import Options

    options = Options(limit=args.limit, category=args.category, status=args.status, as_of=args.as_of,
                      include_repealed=args.include_repealed, department=args.department, tag=args.tag)
    engine = _open(project, today())
    try:
        try:
            hits = engine.search(args.text, options)
        except ZhiduError:
            raise
        except _damage():
            engine.close()
            from search.index import update

            update(project, force=True, reason=CORRUPT)
            engine = _open(project, engine.today)
            hits = engine.search(args.text, options)
        for line in engine.meta.get("problems", []):
            if SYNONYMS_FILE in line or ASKED_FILE in line:  # the institution's word lists: every query says they are not used
                _err(line)
        set_aside = getattr(hits, "set_aside", None)
        if args.json:
            if set_aside is not None:
                from search.output import set_aside_line

                _err(set_aside_line(set_aside))
            sys.stdout.write(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2) + "\n")
        else:
            from search.output import show

            show(hits, args.text, engine.meta.get("site_url", ""), project.root, set_aside, hits.missing)
    finally:
        engine.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    return run(sys.argv[1:] if argv is None else argv)


__all__ = ["main", "run", "parser", "Path"]
