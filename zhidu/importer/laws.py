"""``python -m zhidu import --law NAME --from DIR [--history]`` (SPEC §9): a law from a LawRefBook folder.

The law is found by its full or short title (公务员法 or 中华人民共和国公务员法). Its newest text becomes a file of
``kind: 法律法规``; with ``--history`` every earlier dated text is committed first, oldest first, so that git holds
each as a version of the same file (SPEC §5) and the site shows its history and comparisons.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.corpus import cnlaws
from zhidu.corpus.collection import STATE_PREFIX
from zhidu.domain.dates import cn_date
from zhidu.importer.infer import Found, infer
from zhidu.importer.sources import Unreadable, read_source
from zhidu.importer.writer import Existing, Importer, Prepared, Refused

LAW_FOLDER = "falv-fagui"
"""Where ``import --law`` writes under ``regulations/`` unless ``--into`` says otherwise."""
_DATE_SUFFIX = re.compile(r"\(\d{4}-\d{2}-\d{2}\)$")
_ISSUERS = ("全国人民代表大会常务委员会", "全国人民代表大会", "国务院", "最高人民法院", "最高人民检察院")
"""Issuing bodies named in a LawRefBook header (通过、修订记录), most specific first."""


@dataclass
class LawTexts:
    """Every dated text of one law in the folder, oldest first."""

    title: str
    paths: list[Path] = field(default_factory=list)


def _plain(name: str) -> str:
    return re.sub(r"[\s\u3000《》〈〉<>]", "", name)


def _names(path: Path, title: str) -> set[str]:
    stem = _DATE_SUFFIX.sub("", path.stem)
    names = {_plain(title), _plain(stem)}
    return names | {n.removeprefix(STATE_PREFIX) for n in names}


def find_law(folder: Path, name: str) -> LawTexts:
    """The texts of the one law called ``name`` in ``folder``; ``Refused`` when none or several are."""
    wanted = _plain(name)
    keys = {wanted, wanted.removeprefix(STATE_PREFIX)}
    found: dict[str, LawTexts] = {}
    known: set[str] = set()
    for path in sorted(folder.rglob("*.md")):
        if path.name.lower() == "readme.md" or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        title = cnlaws.title_of(path)
        names = _names(path, title)
        known |= names
        if names & keys:
            found.setdefault(title, LawTexts(title)).paths.append(path)
    if not found:
        close = difflib.get_close_matches(wanted.removeprefix(STATE_PREFIX), sorted(known), n=3, cutoff=0.6)
        hint = f"是否是{'、'.join(f'“{c}”' for c in close)}？" if close else "请核对名称（可写全称或去掉“中华人民共和国”的简称）和文件夹。"
        raise Refused(f"在 {folder} 中没有找到名为“{name}”的法律法规。{hint}")
    if len(found) > 1:
        titles = "、".join(f"《{t}》" for t in sorted(found))
        raise Refused(f"“{name}”对应多件法律法规：{titles}。请写出其中一件的全称。")
    law = next(iter(found.values()))
    law.paths.sort(key=lambda p: (cnlaws.date_in_name(p) or "", p.name))
    return law


def law_issuer(header: list[str]) -> Found | None:
    """The body that passed or issued the law, from the header lines of its newest text (the last one naming one)."""
    for line in reversed(header):
        for issuer in _ISSUERS:
            if issuer in line:
                return Found(issuer, f"文件开头的通过、修订记录“{line[:24]}”")
    return None


def commit_message(title: str, effective: str) -> str:
    return f"法律法规：录入《{title}》（{cn_date(dt.date.fromisoformat(effective))}施行的文本）"


class GitRefused(Refused):
    """The project is not a git repository, or regulations/ has uncommitted changes."""


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def check_repository(root: Path, target: Path) -> None:
    """``--history`` commits: only in a git repository whose regulations/ has nothing uncommitted."""
    if git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise GitRefused(f"{root} 不是 git 仓库，--history 无法把历史文本提交为版本。请先在项目根目录运行 git init 并提交现有文件，或去掉 --history 只导入最新文本。")
    if not target.resolve().is_relative_to(root.resolve()):
        raise GitRefused("--history 只能导入到本项目的 regulations/ 中：请去掉 --into，或去掉 --history。")
    status = git(root, "status", "--porcelain", "--untracked-files=all", "--", "regulations")
    if status.returncode != 0:
        raise GitRefused(f"无法读取 git 状态：{status.stderr.strip().splitlines()[-1] if status.stderr.strip() else 'git status 失败'}。")
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if changed:
        listed = "、".join(changed[:3]) + (" 等" if len(changed) > 3 else "")
        raise GitRefused(f"regulations/ 中有尚未提交的改动（{listed}），--history 不会把它们混进法律法规的提交。请先提交或撤销这些改动，再导入。")


@dataclass
class LawImport:
    """One ``import --law``: find, convert, write (and with ``history`` commit) one law."""

    importer: Importer
    history: bool

    def run(self, name: str, folder: Path) -> int:
        importer = self.importer
        echo = importer.echo
        if not folder.is_dir():
            echo(f"错误：--from 指定的 {folder} 不是文件夹。请给出 LawRefBook 格式法律法规所在的文件夹（如 cn-laws）。", err=True)
            return 2
        try:
            law = find_law(folder, name)
            if self.history and not importer.dry_run:
                if importer.root is None:
                    echo("错误：--history 要把各个版本提交到制度库的 git 仓库，但当前文件夹不在制度库中（向上找不到 mkdocs.yml）。请在制度库的根目录运行，或去掉 --history 只导入最新文本。", err=True)
                    return 2
                check_repository(importer.root, importer.target)
            texts = law.paths if self.history else law.paths[-1:]
            folders = [importer.target] + ([importer.root / "regulations"] if importer.root is not None else [])
            existing = Existing.scan(folders, importer.shown)
            importer.default_category = law.paths[-1].parent.name if law.paths[-1].parent != folder else "法律法规"
            importer.category_where = f"所在文件夹“{importer.default_category}”" if law.paths[-1].parent != folder else "默认"
            newest = self.prepare(law.paths[-1], existing, None)
            older = [self.prepare(path, existing, newest.reg_id) for path in texts[:-1]]
        except (Refused, Unreadable) as exc:
            echo(f"未导入《{name}》：{exc}", err=True)
            return 2 if isinstance(exc, Refused) else 1
        others = [p for p in law.paths if p not in texts]
        if others:
            dates = "、".join(cnlaws.date_in_name(p) or p.name for p in others)
            echo(f"说明：{folder} 中还有该法的 {len(others)} 个较早文本（{dates}），未导入；加 --history 可把它们依次提交为历史版本。")
        if not older:
            importer.write(newest, existing)
            return 1 if importer.written and importer.check_written() else 0
        return self.commit_all(older, newest, existing)

    def prepare(self, path: Path, existing: Existing, reg_id: str | None) -> Prepared:
        source = read_source(path)
        draft = infer(source, self.importer.today)
        if draft.issuer is None:
            draft.issuer = law_issuer([line.text for line in source.header])
        return self.importer.prepare(path, existing, reg_id, draft, source.kind)

    def commit_all(self, older: list[Prepared], newest: Prepared, existing: Existing) -> int:
        """Commit each earlier text, oldest first, then the newest: one version each (SPEC §5)."""
        importer = self.importer
        echo = importer.echo
        importer.announce(newest, existing)
        repo = importer.root or Path.cwd()  # set whenever texts are committed (checked before, with the fix)
        seen: dict[str, Path] = {}
        for prepared in [*older, newest]:
            effective = prepared.draft.effective.value
            if effective in seen:
                echo(f"说明：{prepared.path.name} 与 {seen[effective].name} 推断出的施行日期同为 {effective}，前者替换后者的文字，是同一个版本。")
            seen[effective] = prepared.path
            message = commit_message(prepared.draft.title.value, effective)
            if importer.dry_run:
                echo(f"将提交：{message}（{prepared.path.name}）")
                continue
            prepared.target.parent.mkdir(parents=True, exist_ok=True)
            prepared.target.write_text(prepared.text, encoding="utf-8", newline="\n")
            added = git(repo, "add", "--", str(prepared.target))
            done = added if added.returncode else git(repo, "commit", "-q", "-m", message, "--", str(prepared.target))
            if done.returncode != 0:
                reason = (done.stderr.strip() or done.stdout.strip() or "git 出错").splitlines()[-1]
                echo(f"错误：提交“{message}”失败：{reason}。已提交的版本保留在 git 历史中；请处理后删除 {prepared.rel} 并重新导入。", err=True)
                return 1
            echo(f"已提交：{message}（{prepared.path.name}）")
        if importer.dry_run:
            return 0
        importer.written.append(newest.target)
        return 1 if importer.check_written() else 0
