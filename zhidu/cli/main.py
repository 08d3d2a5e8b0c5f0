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
    from zhidu.corpus.health import UNKNOWN_TITLE, findings, names_in_files
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
    found = findings(collection, today, config.review, corpus.histories)
    # A name in 《》 that belongs to a file with an error is no finding of its own: the error is already reported.
    failed = names_in_files(root, {p.path for p in collection.errors}, config.institution) if collection.errors else set()
    hints = [f.problem for f in found if not (f.kind == UNKNOWN_TITLE.key and f.subject in failed)]
    problems = list(collection.problems) + hints + data_file_problems(root, collection)
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
    """Problems of the data files beside the regulations (study packs, the synonyms file, the question log)."""
    from search.asked import AskedError, unmatched_problems
    from search.asked import load as load_asked
    from search.thesaurus import SynonymsError, load
    from zhidu.printing.studypack import STUDY_FOLDER, load_pack, pack_files

    problems: list = []
    for path in pack_files(root / "regulations" / STUDY_FOLDER):
        load_pack(path, path.relative_to(root).as_posix(), collection, problems)
    try:
        load(root / "regulations")
    except SynonymsError as exc:
        problems.append(exc.problem)
    try:
        asked = load_asked(root / "regulations")
    except AskedError as exc:
        problems.append(exc.problem)
    else:
        problems += unmatched_problems(asked, collection.regulations.values())
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
    if into:
        target = Path(into)
    else:
        assert root is not None  # project_root() raised when there is neither a project nor --into
        target = root / "regulations"
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


@main.command()
@click.argument("reg_id", metavar="编号")
@click.option("--as-of", "as_of", default=None, metavar="日期", help="导出该日期（YYYY-MM-DD）施行的版本（取自 git 修订历史）；默认导出当前文件。")
@click.option("-o", "output", default=None, metavar="文件.docx", help="写入的 Word 文件（默认：当前目录下的 编号.docx）。")
def export(reg_id: str, as_of: str | None, output: str | None) -> None:
    """把一项制度导出为 GB/T 9704 公文格式的 Word 文件（.docx），供印发。

    编号是制度文件名去掉 .md，如 python -m zhidu export kaoqin -o 考勤规定.docx。涉密制度不能导出。
    """
    import datetime as dt

    from zhidu.exporter.layout import choose_fonts
    from zhidu.exporter.select import ExportRefused, select
    from zhidu.exporter.word import to_docx

    date = None
    if as_of is not None:
        try:
            date = dt.date.fromisoformat(as_of.strip())
        except ValueError:
            click.echo(f"错误：--as-of 的值“{as_of}”不是 YYYY-MM-DD 格式的日期，如 --as-of 2021-06-01。", err=True)
            sys.exit(2)
    target = Path(output) if output else Path(f"{reg_id}-{date.isoformat()}.docx" if date else f"{reg_id}.docx")
    if target.suffix.lower() != ".docx":
        click.echo(f"错误：-o 指定的 {target} 不是 .docx 文件。请写成 -o 文件名.docx。", err=True)
        sys.exit(2)
    if target.is_dir() or not target.absolute().parent.is_dir():
        click.echo(f"错误：无法写入 {target}：{'这是一个文件夹' if target.is_dir() else '所在文件夹不存在'}。请改用已有文件夹中的文件名。", err=True)
        sys.exit(2)
    root = project_root()
    config = site_config(root)
    try:
        selected = select(root, reg_id, date, config.institution, config.cache_dir)
    except ExportRefused as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.status)
    fonts = choose_fonts()
    data = to_docx(selected.regulation, selected.front_matter, config.institution, fonts)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        click.echo(f"错误：无法写入 {target}（{exc.strerror or type(exc).__name__}）。请检查文件是否正在 Word 中打开，或改用其他文件名。", err=True)
        sys.exit(1)
    meta = selected.regulation.meta
    click.echo(f"已导出 {selected.path}（{meta.title}，{meta.effective.isoformat()} 起施行的版本，{len(selected.regulation.articles)} 条）到 {target}")
    click.echo(f"  字体：{fonts.named()}")


@main.command()
@click.argument("role", metavar="岗位")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="只列出该日以来新增、修改或删除的条文，并逐条显示改动。")
def roles(role: str, since: str | None) -> None:
    """列出约束或授权某一岗位的现行条文（岗位制度清单）；岗位写编号或名称，如 shujiyuan 或 书记员。

    加 --since 日期 时，列出该日以来与该岗位有关的新增、修改和删除的条文，改动的文字带标记
    （终端中用颜色，输出到文件时用 [-删去-]{+新增+}）。
    """
    import datetime as dt

    from zhidu.cli.review import colour_mark, plain_mark
    from zhidu.corpus.config import unknown_role_refs
    from zhidu.corpus.load import load_corpus
    from zhidu.corpus.parsecache import ParseCache
    from zhidu.corpus.roles import role_sources
    from zhidu.domain.dates import cn_date
    from zhidu.domain.roles import role_articles, role_changes

    root = project_root()
    config = site_config(root)
    if not config.roles:
        raise click.ClickException("mkdocs.yml 中没有设置岗位（extra.roles）。写法见维护指南“岗位制度清单”一章。")
    chosen = next((r for r in config.roles if role in (r.id, r.name)), None)
    if chosen is None:
        names = "、".join(f"{r.name}（{r.id}）" for r in config.roles)
        raise click.ClickException(f"没有岗位“{role}”。可用的岗位：{names}。")
    day = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since.strip())
        except ValueError:
            raise click.ClickException(f"--since 的值“{since}”不是 YYYY-MM-DD 格式的日期，如 2024-01-01。") from None
    try:
        today = build_date()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    corpus = load_corpus(root, config.institution, today, ParseCache(config.cache_dir), config.cache_dir)
    if corpus.working.errors:
        raise click.ClickException(f"制度文件中有 {len(corpus.working.errors)} 处错误，请先运行 make check 并改正。")
    for problem in unknown_role_refs((chosen,), corpus.collection.regulations):
        click.echo(problem.format(), err=True)
    sources = role_sources(corpus)
    titles = {reg_id: versions[-1].meta.short_title for reg_id, versions in sources.items()}
    if day is None:
        entries = role_articles(chosen, [versions[-1] for versions in sources.values()])
        click.echo(f"岗位“{chosen.name}”：现行制度中共 {len(entries)} 条条文约束或授权该岗位（按{cn_date(today)}的情况）。")
        for entry in entries:
            kinds = "、".join(entry.kinds) or "—"
            click.echo(f"\n《{titles[entry.reg_id]}》{entry.article.label}［{kinds}］" + ("（维护人员补充）" if entry.added else ""))
            for sentence in entry.sentences:
                click.echo(f"  {sentence.text}")
        return
    mark = colour_mark if sys.stdout.isatty() else plain_mark
    changes = role_changes(chosen, sources, day)
    if not changes:
        click.echo(f"自{cn_date(day)}以来，与岗位“{chosen.name}”有关的条文没有变化。")
        return
    later: dict[str, list[str]] = {}
    for change in changes:
        if change.kind == "new":
            later.setdefault(change.regulation.id, []).append(change.article.label)
    compared = [change for change in changes if change.kind != "new"]
    if compared:
        click.echo(f"自{cn_date(day)}以来，与岗位“{chosen.name}”有关的条文有 {len(compared)} 处变化（逐条对照修订前后的文本）：")
    else:
        click.echo(f"自{cn_date(day)}以来，与岗位“{chosen.name}”有关的条文没有修改。")
    for reg_id, labels in later.items():
        effective = sources[reg_id][0].meta.effective
        click.echo(f"\n《{titles[reg_id]}》［本库所存该制度最早的文本于{cn_date(effective)}施行，晚于该日，无法对照］与本岗位有关的条文：{'、'.join(labels)}")
    for change in compared:
        regulation = change.regulation
        where = f"《{titles[regulation.id]}》{change.article.label}"
        if change.kind == "added":
            click.echo(f"\n{where}［新增］\n  {mark('insert', change.article.text)}")
        elif change.kind == "deleted" and change.old is not None:
            click.echo(f"\n{where}［删除，原{change.old.label}］\n  {mark('delete', change.old.text)}")
        elif change.old is not None and change.new is not None:
            renumbered = f"，原{change.old.label}" if change.old.key != change.new.key else ""
            text = "".join(mark(kind, piece) for kind, piece in change.segments)
            click.echo(f"\n{where}［修改{renumbered}，对照{cn_date(change.old_effective)}施行的文本］\n  {text}")


from zhidu.cli.server import server  # noqa: E402  (the group of publishing-server commands)

main.add_command(server)


def run() -> None:
    """Entry point: errors become one Chinese line (no traceback, no click English prefix)."""
    try:
        main(prog_name="python -m zhidu", standalone_mode=False)
    except click.UsageError:
        click.echo("错误：命令用法不对。可用命令：check（检查制度文件）、build（生成站点）、diff（逐条查看改动）、import（导入 Word 或文本文件）、export（导出为 Word 公文）、roles（岗位制度清单）、server（内网发布服务器）；python -m zhidu --help 显示说明。", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(1)
