"""Render a draft as a regulation file, check it with the project's own parser, write it, and report in Chinese."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zhidu.corpus.collection import load_collection, regulation_files
from zhidu.domain.errors import Severity
from zhidu.domain.model import Regulation
from zhidu.domain.parser import parse_regulation, split_front_matter
from zhidu.domain.schema import OWN_KIND
from zhidu.domain.text import normalize_source
from zhidu.importer.ids import propose_id
from zhidu.importer.infer import Draft, infer, split_notice
from zhidu.importer.sources import Unreadable, read_source

DEFAULT_CATEGORY = "未分类"
"""The category written when ``--category`` is not given: valid for ``make check``, flagged in the report."""


class Refused(Exception):
    """The file would overwrite or duplicate an existing regulation; ``str()`` says which and what to do."""


@dataclass
class Existing:
    """The regulation files already there, so that a new file never takes an id or a title twice."""

    ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    """id → (path as shown, title)."""

    @classmethod
    def scan(cls, folders: list[Path], shown: Callable[[Path], str]) -> Existing:
        existing = cls()
        for folder in folders:
            for path in regulation_files(folder):
                existing.ids.setdefault(path.stem, (shown(path), _title_of(path)))
        return existing

    def by_title(self, title: str) -> str | None:
        return next((where for where, other in self.ids.values() if other == title), None)

    def free_id(self, proposed: str) -> str:
        candidate, n = proposed, 1
        while candidate in self.ids:
            n += 1
            candidate = f"{proposed}-{n}"
        return candidate


def _title_of(path: Path) -> str:
    try:
        yaml_text, _, _, _ = split_front_matter(normalize_source(path.read_text(encoding="utf-8")), "")
        data = yaml.safe_load(yaml_text or "") or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    return str(data.get("title", "")) if isinstance(data, dict) else ""


ORDER = ("title", "short_title", "aliases", "category", "status", "effective", "kind", "doc_number", "issuer", "department",
         "adopted", "version", "repealed", "replaced_by", "review_by", "trial_until", "secrecy", "tags")
"""The order maintainers write the front-matter in."""


def render(draft: Draft, category: str, kind: str = OWN_KIND) -> str:
    """The text of the regulation file: front-matter in the order maintainers write it, then the body."""
    values: dict[str, object] = {key: value for key, value in draft.extra.items() if key in ORDER}
    values.update({"title": draft.title.value, "category": category, "status": draft.status, "effective": draft.effective.value})
    if kind != OWN_KIND:
        values["kind"] = kind
    for key, found in (("doc_number", draft.doc_number), ("issuer", draft.issuer), ("adopted", draft.adopted)):
        if found is not None:
            values[key] = found.value
    fields = {key: values[key] for key in ORDER if key in values}
    lines = ["---", *(f"{key}: {_yaml_value(key, value)}" for key, value in fields.items()), "---", ""]
    return "\n".join(lines) + "\n" + "\n\n".join(draft.blocks) + "\n"


def _yaml_value(key: str, value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar("x", str(item)) for item in value) + "]"
    return _yaml_scalar(key, str(value))


def _yaml_scalar(key: str, value: str) -> str:
    """The value as a maintainer would type it, quoted only where YAML would read it differently."""
    try:
        if yaml.safe_load(f"{key}: {value}") == {key: value} or key in ("effective", "adopted"):
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Prepared:
    """One input made into the text of a regulation file, checked by the parser, not yet written."""

    path: Path
    kind: str
    """What the input file is, as the report names it."""
    draft: Draft
    text: str
    regulation: Regulation
    problems: list
    reg_id: str
    proposed: str
    target: Path
    rel: str
    category: str


@dataclass
class Importer:
    """One batch of imports into one folder; tells the maintainer everything through ``echo``."""

    root: Path | None
    target: Path
    institution: str
    category: str | None
    dry_run: bool
    echo: Callable[..., None]
    today: dt.date = field(default_factory=dt.date.today)
    kind: str = OWN_KIND
    """What every imported file is (``kind`` of the front-matter): 法律法规 for ``import --law``."""
    default_category: str = DEFAULT_CATEGORY
    category_where: str = "未指定 --category，暂填"
    """Where the category comes from when ``--category`` is not given, for the report."""
    written: list[Path] = field(default_factory=list)

    def shown(self, path: Path) -> str:
        """A path as the maintainer reads it: relative to the current directory where possible."""
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def run(self, inputs: list[Path]) -> int:
        """Import every input; 0 when all were imported, 1 when some could not be read, 2 when one was refused."""
        folders = [self.target]
        if self.root is not None and (self.root / "regulations").resolve() != self.target.resolve():
            folders.append(self.root / "regulations")
        existing = Existing.scan(folders, self.shown)
        failed = refused = 0
        for path in inputs:
            try:
                self.import_one(path, existing)
            except Unreadable as exc:
                failed += 1
                self.echo(f"未导入 {self.shown(path)}：{exc}", err=True)
            except Refused as exc:
                refused += 1
                self.echo(f"未导入 {self.shown(path)}：{exc}", err=True)
            except Exception as exc:  # never a traceback: one line, and the rest of the batch goes on
                failed += 1
                self.echo(f"未导入 {self.shown(path)}：读取时出现意外错误（{type(exc).__name__}）。请用 Word 打开后另存为 .docx 或 .txt 再导入。", err=True)
        if self.written:
            failed += self.check_written()
        if len(inputs) > 1:
            verb = "可导入" if self.dry_run else "已导入"
            self.echo(f"共 {len(inputs)} 个文件：{verb} {len(inputs) - failed - refused} 个，未导入 {failed + refused} 个。")
        return 2 if refused else 1 if failed else 0

    def prepare(self, path: Path, existing: Existing, reg_id: str | None = None, draft: Draft | None = None, kind: str = "") -> Prepared:
        """Read and convert one input; refuse a title or a file already there (``reg_id``: the id to use, for the
        older texts of a law that go into the same file)."""
        if draft is None:
            source = read_source(path)
            draft, kind = infer(source, self.today), source.kind
        title = draft.title.value
        if reg_id is None:
            duplicate = existing.by_title(title)
            if duplicate:
                raise Refused(f"已有同名制度 {duplicate}（{title}），不会覆盖。如是修订，请直接修改该文件并更新 effective；如确是另一项制度，请先改正其标题。")
        issuers = [self.institution] + ([draft.issuer.value] if draft.issuer else [])
        proposed = propose_id(title, issuers)
        target = self.target / f"{reg_id or existing.free_id(proposed)}.md"
        if reg_id is None and target.exists():
            raise Refused(f"{self.shown(target)} 已存在，不会覆盖。请先移走该文件，或改名后再导入。")
        reg_id = target.stem
        category = self.category or str(draft.extra.get("category") or self.default_category)
        text = render(draft, category, self.kind)
        rel = self.shown(target)
        regulation, problems = parse_regulation(text, rel, self.institution, reg_id)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if regulation is None or errors:
            first = errors[0] if errors else None
            detail = f"（{first.message}）" if first else ""
            raise Unreadable(f"转换结果未通过检查{detail}，未写入。请把原文件中的条文整理为“第一条……”的格式后再导入。")
        return Prepared(path, kind, draft, text, regulation, problems, reg_id, proposed, target, rel, category)

    def import_one(self, path: Path, existing: Existing) -> None:
        source = read_source(path)
        parts = split_notice(source)
        if len(parts) == 1:
            self.write(self.prepare(path, existing, draft=infer(source, self.today), kind=source.kind), existing)
            return
        # An 印发通知 with several regulations: all are converted and checked before any is written.
        prepared: list[Prepared] = []
        claimed = Existing(dict(existing.ids))
        for part in parts:
            one = self.prepare(path, claimed, draft=infer(part, self.today), kind=part.kind)
            claimed.ids[one.reg_id] = (one.rel, one.draft.title.value)
            prepared.append(one)
        self.echo(f"{self.shown(path)} 是印发 {len(parts)} 项制度的通知，逐项导入（文号、署名和成文日期取自通知）：")
        for one in prepared:
            self.write(one, existing)

    def announce(self, prepared: Prepared, existing: Existing) -> None:
        """Claim the prepared file's id and title, and report what was inferred from where."""
        draft = prepared.draft
        existing.ids[prepared.reg_id] = (prepared.rel, draft.title.value)
        self.report(prepared.path, prepared.kind, draft, prepared.regulation, prepared.rel, prepared.reg_id, prepared.proposed, prepared.category)
        for problem in prepared.problems:
            self.echo(f"  {problem.format()}")

    def write(self, prepared: Prepared, existing: Existing) -> None:
        """Report on a prepared file and write it (never over an existing file)."""
        text, target, rel = prepared.text, prepared.target, prepared.rel
        self.announce(prepared, existing)
        if self.dry_run:
            self.echo(f"----- 将写入 {rel} 的内容（--dry-run，未写入）-----")
            self.echo(text, nl=False)
            self.echo("----- 结束 -----")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
                handle.write(text)
        except FileExistsError:
            raise Refused(f"{rel} 已存在，不会覆盖。请先移走该文件，或改名后再导入。") from None
        self.written.append(target)

    def report(self, path: Path, kind: str, draft: Draft, regulation, rel: str, reg_id: str, proposed: str, category: str) -> None:
        arrow = "将写入" if self.dry_run else "已写入"
        self.echo(f"{self.shown(path)}（{kind}）{arrow} {rel}")
        self.echo(f"  标题 title：{draft.title.value}（{draft.title.where}）")
        for label, found in (("文号 doc_number", draft.doc_number), ("制定机关 issuer", draft.issuer), ("印发日期 adopted", draft.adopted)):
            if found is not None:
                self.echo(f"  {label}：{found.value}（{found.where}）")
            else:
                self.echo(f"  {label}：未找到，未填写")
        self.echo(f"  施行日期 effective：{draft.effective.value}（{draft.effective.where}）")
        if draft.listed is not None:
            self.echo(f"  附件说明：{draft.listed.value}（{draft.listed.where}；附件说明不写入正文，附件正文接在条文之后）")
        if draft.colophon is not None:
            self.echo(f"  版记：{draft.colophon.value}（{draft.colophon.where}），已略去")
        self.echo(f"  状态 status：{draft.status}（{draft.status_reason}）")
        self.echo(f"  类别 category：{category}（{'--category 指定' if self.category else '取自 Word 文档属性（导出时记录）' if draft.extra.get('category') else self.category_where}）")
        if self.kind != OWN_KIND:
            self.echo(f"  种类 kind：{self.kind}")
        note = "由标题拼音生成" if reg_id == proposed else f"由标题拼音生成；{proposed} 已被占用，顺延为 {reg_id}"
        self.echo(f"  编号：{reg_id}（{note}）")
        chapters = sum(1 for h in regulation.headings if h.kind == "chapter")
        sections = sum(1 for h in regulation.headings if h.kind == "section")
        attachments = sum(1 for h in regulation.headings if h.kind == "other" and h.title.startswith(("附件", "附录", "附表")))
        parts = [f"{chapters} 章" if chapters else "不分章"] + ([f"{sections} 节"] if sections else [])
        parts.append(f"{len(regulation.articles)} 条")
        if draft.auto_numbered:
            parts.append(f"其中 {draft.auto_numbered} 条的条号是 Word 自动编号")
        if draft.tables:
            parts.append(f"{draft.tables} 个表格")
        if attachments:
            parts.append(f"{attachments} 个附件")
        self.echo(f"  正文：{'，'.join(parts)}")
        for note in draft.notes:
            self.echo(f"  说明：{note}")
        checks = list(draft.checks)
        if not self.category and category == DEFAULT_CATEGORY:
            checks.insert(0, f"category 暂填“{DEFAULT_CATEGORY}”，请改为本单位的类别（如 行政管理、审判管理），或导入时加 --category。")
        checks.append(f"编号 {reg_id} 即文件名，决定网址 /regulations/{reg_id}/，发布后不要再改；如需更短或更贴切的编号，请在提交前改文件名。")
        checks.append("请对照原件核对标题、条文和附件；可按需补充 short_title、aliases、department、tags；文件可移到 regulations/ 下合适的子文件夹（不影响网址）。")
        self.echo("  请核对：")
        for index, check in enumerate(checks, start=1):
            self.echo(f"    {index}. {check}")

    def check_written(self) -> int:
        """``make check`` over the folder written to; its errors about the new files count as failures."""
        root = self.root if self.root is not None and self.target.resolve().is_relative_to(self.root.resolve()) else self.target.parent
        written = {p.resolve().relative_to(root.resolve()).as_posix() for p in self.written}
        collection = load_collection(self.target, root, self.institution)
        bad = 0
        for problem in collection.problems:
            if problem.path in written:
                bad += problem.is_error
                if problem.is_error:
                    self.echo(f"  {problem.format()}", err=True)
        return bad
