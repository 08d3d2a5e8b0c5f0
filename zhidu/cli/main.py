"""``python -m zhidu``: the maintainers' commands (check, build, diff). Errors are one Chinese line each, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from zhidu.cli.help import ChineseGroup
from zhidu.corpus.config import ConfigError, SiteConfig, build_date, find_root, read_site_config
from zhidu.domain.errors import Severity


def project_root() -> Path:
    root = find_root()
    if root is None:
        raise click.ClickException("找不到 mkdocs.yml：请在制度库项目的根目录下运行本命令。")
    return root


def site_config(root: Path) -> SiteConfig:
    try:
        return read_site_config(root)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def institution(root: Path) -> str:
    return site_config(root).institution


@click.group(cls=ChineseGroup)
def main() -> None:
    """制度库维护命令。"""


@main.command()
def check() -> None:
    """检查 regulations/ 中的所有制度文件，不构建站点。"""
    from zhidu.corpus.health import warnings
    from zhidu.corpus.load import load_corpus
    from zhidu.corpus.parsecache import ParseCache

    root = project_root()
    config = site_config(root)
    try:
        today = build_date()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    # The same one pass as a build (history included: a cited law's revisions are findings too), through its caches.
    corpus = load_corpus(root, config.institution, today, ParseCache(config.cache_dir), config.cache_dir)
    collection = corpus.working
    for path in collection.secret_paths:
        click.echo(f"已跳过涉密文件：{path}")
    problems = list(collection.problems) + warnings(collection, today, config.review, corpus.histories) + data_file_problems(root, collection)
    for problem in problems:
        click.echo(problem.format(), err=problem.severity is Severity.ERROR)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    summary = f"共检查 {len(collection.regulations)} 项制度：{errors} 处错误，{warnings} 处提示。"
    if errors:
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary)


def data_file_problems(root: Path, collection) -> list:
    """Problems of the data files beside the regulations (study packs, the synonyms file)."""
    from search.thesaurus import SynonymsError, load
    from zhidu.printing.studypack import STUDY_FOLDER, load_pack, pack_files

    problems: list = []
    for path in pack_files(root / "regulations" / STUDY_FOLDER):
        load_pack(path, path.relative_to(root).as_posix(), collection, problems)
    try:
        load(root / "regulations")
    except SynonymsError as exc:
        problems.append(exc.problem)
    return problems


@main.command()
def build() -> None:
    """构建站点到 site/；构建失败时保留上一次成功构建的站点。"""
    root = project_root()
    staging = root / ".build" / "site-new"
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs) if mkdocs.exists() else "mkdocs", "build", "--strict", "--site-dir", str(staging)]
    # MkDocs prints a notice about its successor on every run; maintainers cannot act on it.
    from zhidu.build.features.printing import FAILURES_FILE, read_failures

    failures = read_site_config(root).cache_dir / FAILURES_FILE
    failures.unlink(missing_ok=True)
    result = subprocess.run(command, cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise click.ClickException("构建失败，site/ 中仍是上一次成功构建的站点。请按上面的错误信息改正后重新运行 make site。")
    site = root / "site"
    old = root / ".build" / "site-old"
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    failed = read_failures(failures)
    if failed:
        # The site and the other PDFs are published; the exit status tells an unattended build that one is missing.
        names = "、".join(str(entry.get("pdf", "")) for entry in failed)
        click.echo(f"站点已生成：{site}；但有 {len(failed)} 份 PDF 生成失败：{names}（原因见上面的日志）。网站和其他 PDF 已更新。", err=True)
        sys.exit(3)
    click.echo(f"站点已生成：{site}")


@main.command()
@click.argument("rev", default="HEAD", metavar="[版本]")
def diff(rev: str) -> None:
    """逐条显示 regulations/ 的改动（默认：工作区与最近一次提交 HEAD 相比），改动的文字带标记。

    版本可以是 HEAD~1、提交编号或分支名。在终端中用颜色标出删去和新增的文字，输出到文件时用 [-删去-]{+新增+}。
    """
    from zhidu.cli.review import GitError, colour_mark, plain_mark, review

    root = project_root()
    mark = colour_mark if sys.stdout.isatty() else plain_mark
    try:
        lines = review(root, rev, institution(root), mark)
    except GitError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(lines))


@main.command(name="import")
@click.argument("files", nargs=-1)
@click.option("--into", "into", default=None, help="写入的文件夹（默认 regulations/）。")
@click.option("--category", default=None, help="类别（默认暂填“未分类”）。")
@click.option("--dry-run", is_flag=True, help="只显示将写入的内容，不写文件。")
@click.option("--law", default=None, metavar="名称", help="按名称（全称或简称）从 --from 文件夹导入一件法律法规。")
@click.option("--from", "law_dir", default=None, metavar="文件夹", help="LawRefBook 格式的法律法规文件夹（与 --law 同用）。")
@click.option("--history", is_flag=True, help="同时把该法较早的文本按时间顺序逐一提交为历史版本（与 --law 同用）。")
def import_(files: tuple[str, ...], into: str | None, category: str | None, dry_run: bool, law: str | None, law_dir: str | None, history: bool) -> None:
    """把 Word（.docx）、文本（.txt）或 LawRefBook 格式（.md）的制度导入为制度文件，并报告推断结果。

    加 --law 名称 --from 文件夹 时，从 LawRefBook 文件夹中导入一件法律法规（kind: 法律法规）。
    """
    from zhidu.importer.writer import Importer

    if law is not None or law_dir is not None or history:
        import_law(files, law, law_dir, history, into, category, dry_run)
        return
    if not files:
        click.echo("错误：请指定要导入的文件，如 python -m zhidu import 请休假规定.docx。", err=True)
        sys.exit(2)
    try:
        root: Path | None = project_root()
    except click.ClickException:
        if into is None:
            raise
        root = None
    target = Path(into) if into else root / "regulations"
    if target.exists() and not target.is_dir():
        click.echo(f"错误：--into 指定的 {into} 不是文件夹。", err=True)
        sys.exit(2)
    importer = Importer(root, target, institution(root) if root else "", category.strip() if category else None, dry_run, click.echo)
    sys.exit(importer.run([Path(f) for f in files]))


def import_law(files: tuple[str, ...], law: str | None, law_dir: str | None, history: bool, into: str | None, category: str | None, dry_run: bool) -> None:
    """``import --law NAME --from DIR [--history]``: one law into regulations/falv-fagui/ (or ``--into``)."""
    from zhidu.domain.schema import LAW_KIND
    from zhidu.importer.laws import LAW_FOLDER, LawImport
    from zhidu.importer.writer import Importer

    if files:
        click.echo("错误：--law 不能与要导入的文件同时使用：导入文件时去掉 --law，导入法律法规时不写文件名。", err=True)
        sys.exit(2)
    if not law or not law.strip() or not law_dir:
        click.echo("错误：导入法律法规须同时写 --law 名称 和 --from 文件夹，如 python -m zhidu import --law 公务员法 --from ../shared/corpora/cn-laws。", err=True)
        sys.exit(2)
    root = project_root()
    target = Path(into) if into else root / "regulations" / LAW_FOLDER
    if target.exists() and not target.is_dir():
        click.echo(f"错误：--into 指定的 {into} 不是文件夹。", err=True)
        sys.exit(2)
    importer = Importer(root, target, institution(root), category.strip() if category else None, dry_run, click.echo, kind=LAW_KIND)
    sys.exit(LawImport(importer, history).run(law.strip(), Path(law_dir)))


from zhidu.cli.server import server  # noqa: E402  (the group of publishing-server commands)

main.add_command(server)


def run() -> None:
    """Entry point: errors become one Chinese line (no traceback, no click English prefix)."""
    try:
        main(prog_name="python -m zhidu", standalone_mode=False)
    except click.UsageError:
        click.echo("错误：命令用法不对。可用命令：check（检查制度文件）、build（生成站点）、diff（逐条查看改动）、import（导入 Word 或文本文件）、server（内网发布服务器）；python -m zhidu --help 显示说明。", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(1)
