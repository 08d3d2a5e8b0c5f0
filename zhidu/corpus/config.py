"""The project's settings in one place: where the project is, what ``mkdocs.yml`` says, the environment variables.

Every environment variable the tools read is declared once in ``ENVIRONMENT`` with its documentation; the
maintainers' guide lists them from here (a test checks the guide against this list).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from zhidu.domain.errors import Problem, Severity, ZhiduError
from zhidu.domain.numerals import NUMERAL_CHARS, cn_to_int
from zhidu.domain.roles import ArticleRef, Role

CONFIG_FILE = "mkdocs.yml"
REGULATIONS = "regulations"
CACHE_DIR = ".cache/zhidu"


@dataclass(frozen=True)
class EnvVar:
    name: str
    """The variable's name."""
    doc: str
    """What it does, in Chinese, for the maintainers' guide."""
    example: str
    """A value as one would set it."""


ENVIRONMENT: tuple[EnvVar, ...] = (
    EnvVar("ZHIDU_TODAY", "按指定日期（YYYY-MM-DD）构建站点、检索或运行 make check，用于重现某一天的站点、检查尚未生效的修订和评估期限（制度体检）；不设置时为当天。", "2027-01-01"),
    EnvVar("ZHIDU_PDF", "设为 0 时不生成 PDF，只生成网站（预览和测量时更快）；默认生成。", "0"),
    EnvVar("ZHIDU_ROOT", "离线检索命令使用的项目根目录；不设置时从当前目录向上查找 mkdocs.yml。", "/srv/zhidu"),
    EnvVar("ZHIDU_SEARCH_INDEX", "离线检索索引的存放位置；默认为项目下的 .cache/zhidu/search。", "/var/cache/zhidu-search"),
    EnvVar("ZHIDU_RELEASE", "推送发布时由服务器设置（python -m zhidu server）：页脚显示的发布版本，即提交编号和发布时间；本机构建时不设置，页脚不显示。", "3f2a9c1d0b7e（2026-12-02 10:30）"),
    EnvVar("ZHIDU_PDF_LATER", "推送发布时由服务器设置（python -m zhidu server）：这次构建只放入 PDF 缓存中已有的 PDF，内容有变化的 PDF 不生成（也不沿用旧版），以便先发布网页，随后再生成全部 PDF 并发布一次；本机构建时不设置。", "1"),
    EnvVar("ZHIDU_DEBUG", "设为 1 时，离线检索命令遇到意外错误会打印完整的 Python 调用栈（供开发人员排查）。", "1"),
)
ENVIRONMENT_BY_NAME = {var.name: var for var in ENVIRONMENT}


def env(name: str) -> str | None:
    """The value of a declared environment variable (declaring it first is what keeps the guide complete)."""
    if name not in ENVIRONMENT_BY_NAME:
        raise KeyError(f"undeclared environment variable {name}")
    return os.environ.get(name)


class ConfigError(ZhiduError):
    """``mkdocs.yml`` or an environment variable cannot be used; the message says where and how to fix it."""


def build_date() -> dt.date:
    """Today, or ``ZHIDU_TODAY`` (YYYY-MM-DD) so that a build can be reproduced as of a given day."""
    value = env("ZHIDU_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"环境变量 ZHIDU_TODAY 的值“{value}”不是 YYYY-MM-DD 格式的日期。请改正或删除该变量。") from None


def pdf_enabled() -> bool:
    """PDFs are rendered unless ``ZHIDU_PDF=0`` (SPEC §8)."""
    return (env("ZHIDU_PDF") or "1").strip() != "0"


def pdfs_later() -> bool:
    """``ZHIDU_PDF_LATER=1``: render no PDF, place only cached ones (the publishing server's first release of a push)."""
    return (env("ZHIDU_PDF_LATER") or "").strip() == "1"


def release_label() -> str:
    """``ZHIDU_RELEASE``: the published commit and time shown in the footer (set by the publishing server)."""
    return (env("ZHIDU_RELEASE") or "").strip()


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the current folder) upwards that holds ``mkdocs.yml``."""
    here = (start or Path.cwd()).resolve()
    for candidate in [here, *here.parents]:
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    return None


@dataclass(frozen=True)
class ReviewPolicy:
    """When regulations fall due for evaluation (``extra.review`` in ``mkdocs.yml``), unless a file says otherwise
    in ``trial_until`` or ``review_by``."""

    trial_years: int = 2
    """A 试行 regulation's trial period, counted from its ``effective`` date."""
    review_years: int = 5
    """How long after its latest version took effect every regulation is due for evaluation (清理)."""
    notice_days: int = 90
    """How many days ahead a coming deadline is mentioned."""
    external_titles: frozenset[str] = frozenset()
    """``extra.external_titles``: names in 《》 known to be outside the collection (a form, a Party rule, a law not
    on the shelf): the 制度体检 does not list them."""


@dataclass(frozen=True)
class SiteConfig:
    """What the core needs of ``mkdocs.yml``: the institution's settings (SPEC §1: ``site_name`` and ``extra``)."""

    root: Path
    site_name: str = ""
    site_url: str = ""
    """The address of the site on the intranet, printed on PDFs."""
    institution: str = ""
    """``extra.institution``: the default issuer of every regulation."""
    extra: dict = field(default_factory=dict)
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    """``extra.review``: the default trial period and review interval."""
    roles: tuple[Role, ...] = ()
    """``extra.roles``: the roles (岗位) that get a list of the articles binding them."""

    @property
    def regulations_dir(self) -> Path:
        return self.root / REGULATIONS

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR


def read_site_config(root: Path) -> SiteConfig:
    """Read ``mkdocs.yml`` of the project at ``root`` (plain YAML: MkDocs' own tags such as ``!ENV`` stay text)."""
    import yaml

    path = Path(root) / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=yaml.BaseLoader) or {}
    except OSError:
        return SiteConfig(Path(root))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{CONFIG_FILE}:{line}: 格式有误，请检查这一行的缩进和冒号。") from None
    if not isinstance(data, dict):
        return SiteConfig(Path(root))
    found = data.get("extra")
    extra: dict = found if isinstance(found, dict) else {}
    return SiteConfig(
        root=Path(root),
        site_name=str(data.get("site_name") or ""),
        site_url=str(data.get("site_url") or "").strip(),
        institution=str(extra.get("institution") or ""),
        extra=extra,
        review=replace(review_policy(extra.get("review")), external_titles=external_titles(extra.get("external_titles"))),
        roles=read_roles(text) if "roles" in extra else (),
    )


def external_titles(value: object) -> frozenset[str]:
    """``extra.external_titles``: a list of names, written without 《》."""
    if value is None or value == "":
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{CONFIG_FILE} 中 extra.external_titles 应写成名称的列表，每行一个，如“- 公务用车申请单”（不加书名号）。")
    names = [item.strip().strip("《》").strip() for item in value]
    if not all(names):
        raise ConfigError(f"{CONFIG_FILE} 中 extra.external_titles 有空的名称：请删除空行或写上名称。")
    return frozenset(names)


def review_policy(value: object) -> ReviewPolicy:
    """``extra.review`` as read by YAML's base loader (every value a string), checked field by field."""
    if value is None or value == "":
        return ReviewPolicy()
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_FILE} 中 extra.review 应写成“trial_years: 2”“review_years: 5”两行（缩进在 review: 之下）。")
    known = {"trial_years": (1, 10), "review_years": (1, 20), "notice_days": (0, 366)}
    values: dict[str, int] = {}
    for key, raw in value.items():
        if key not in known:
            raise ConfigError(f"{CONFIG_FILE} 中 extra.review 有未知的设置“{key}”：只能是 trial_years（试行期年数）、review_years（评估周期年数）、notice_days（提前提示天数）。")
        low, high = known[key]
        text = str(raw).strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ConfigError(f"{CONFIG_FILE} 中 extra.review.{key} 的值“{text}”无效：请写 {low} 到 {high} 之间的整数。")
        values[key] = int(text)
    default = ReviewPolicy()
    return ReviewPolicy(
        trial_years=values.get("trial_years", default.trial_years),
        review_years=values.get("review_years", default.review_years),
        notice_days=values.get("notice_days", default.notice_days),
    )


ROLE_KEYS = {
    "id": "岗位编号，用于网址 /roles/编号/", "name": "岗位名称", "words": "制度中称呼该岗位的词",
    "exclude": "排除的制度或条文", "include": "补充的条文", "since": "打印版“近期变化”的起始日期",
}
_ROLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REF = re.compile(rf"^([a-z0-9][a-z0-9-]*)(?:\s*[\s:：#]\s*(?:art-)?第?([{NUMERAL_CHARS}0-9]+)条?(?:之|-)?([{NUMERAL_CHARS}0-9]+)?)?$")
ROLE_EXAMPLE = "写法示例见维护指南“岗位制度清单”一章：- id: shujiyuan / name: 书记员 / words: [书记员, 聘用制书记员]。"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_ref(text: str, line: int = 0) -> ArticleRef | None:
    """``kaoqin`` (the whole regulation), ``kaoqin 第十二条``, ``kaoqin:12`` or ``kaoqin 第十二条之一``; None when unreadable."""
    match = _REF.match(re.sub(r"\s+", " ", text.strip()))
    if match is None:
        return None
    reg_id, number, sub = match.groups()
    try:
        key = (_number(number), _number(sub) if sub else 0) if number else None
    except ValueError:
        return None
    return ArticleRef(reg_id, key, line)


def read_roles(text: str) -> tuple[Role, ...]:
    """``extra.roles`` of ``mkdocs.yml`` (its text), checked entry by entry; every mistake is one line naming
    ``mkdocs.yml``'s line and the fix, all of them in one ``ConfigError``."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return ()  # read_site_config reports the syntax error
    extra = _child(root, "extra")
    node = _child(extra, "roles")
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.value):
        return ()
    errors: list[str] = []

    def error(at: yaml.Node, message: str) -> None:
        errors.append(f"{CONFIG_FILE}:{at.start_mark.line + 1}: 错误：{message}")

    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{CONFIG_FILE}:{node.start_mark.line + 1}: 错误：extra.roles（岗位）应当是一个列表，每个岗位以“- id: 编号”开头。{ROLE_EXAMPLE}")
    roles: list[Role] = []
    seen: dict[str, int] = {}
    for entry in node.value:
        line = entry.start_mark.line + 1
        if not isinstance(entry, yaml.MappingNode):
            error(entry, f"岗位应当写成“id: …”“name: …”等字段。{ROLE_EXAMPLE}")
            continue
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in entry.value:
            key = str(key_node.value)
            if key not in ROLE_KEYS:
                guess = difflib.get_close_matches(key, list(ROLE_KEYS), n=1, cutoff=0.5)
                fix = f"是否应为“{guess[0]}”？" if guess else "可用字段：" + "、".join(f"{k}（{v}）" for k, v in ROLE_KEYS.items()) + "。"
                error(key_node, f"岗位有未知字段“{key}”。{fix}")
                continue
            fields[key] = value_node
        role_id = _scalar(fields.get("id"))
        name = _scalar(fields.get("name"))
        if not role_id:
            error(entry, "岗位缺少 id（编号）。请写上只含小写英文字母、数字和 - 的编号，如 id: shujiyuan。")
        elif not _ROLE_ID.match(role_id):
            error(fields["id"], f"岗位编号“{role_id}”不能用作网址。请只用小写英文字母、数字和 -，如 shujiyuan。")
        elif role_id in seen:
            error(fields["id"], f"岗位编号“{role_id}”在第 {seen[role_id]} 行已经用过。请换一个编号。")
        else:
            seen[role_id] = fields["id"].start_mark.line + 1
        if not name:
            error(entry, "岗位缺少 name（岗位名称）。请写上名称，如 name: 书记员。")
        words = _strings(fields.get("words"), "words", error)
        if words is None:
            words = []
        if any(len(word) < 2 for word in words):
            error(fields["words"], "words（称呼该岗位的词）中每个词至少两个字，一个字会匹配到无关的条文。请改为完整的称呼，如 书记员。")
        refs: dict[str, list[ArticleRef]] = {}
        for key in ("exclude", "include"):
            refs[key] = []
            for text_value, at in _strings_with_nodes(fields.get(key), key, error):
                ref = parse_ref(text_value, at.start_mark.line + 1)
                if ref is None or (key == "include" and ref.key is None):
                    what = "制度编号 第X条" if key == "include" else "制度编号，或 制度编号 第X条"
                    error(at, f"{key}（{ROLE_KEYS[key]}）中的“{text_value}”看不懂。请写成“{what}”，如 kaoqin 第十二条。")
                else:
                    refs[key].append(ref)
        since = None
        if "since" in fields:
            value = _scalar(fields["since"])
            try:
                since = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
            except ValueError:
                since = None
            if since is None:
                error(fields["since"], f"since（{ROLE_KEYS['since']}）“{value}”不是有效日期。请写成 YYYY-MM-DD，如 2026-01-01。")
        if role_id and name:
            all_words = tuple(dict.fromkeys([name, *words]))
            roles.append(Role(role_id, name, all_words, tuple(refs["exclude"]), tuple(refs["include"]), since, line))
    if errors:
        raise ConfigError(f"{CONFIG_FILE} 中的岗位设置（extra.roles）有 {len(errors)} 处错误，请逐条改正：\n" + "\n".join(errors))
    return tuple(roles)


def _child(node, key: str):
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if str(key_node.value) == key:
            return value_node
    return None


def _scalar(node) -> str:
    import yaml

    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) and node.value is not None else ""


def _strings_with_nodes(node, key: str, error) -> list[tuple[str, Any]]:
    import yaml

    if node is None or (isinstance(node, yaml.ScalarNode) and not node.value):
        return []
    values = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    for value in values:
        text = _scalar(value)
        if not text:
            error(value, f"{key}（{ROLE_KEYS[key]}）的每一项应当是一段文字，不能为空或写成多级列表。")
            continue
        out.append((text, value))
    return out


def _strings(node, key: str, error) -> list[str] | None:
    return [text for text, _ in _strings_with_nodes(node, key, error)]


def unknown_role_refs(roles: tuple[Role, ...], regulations: dict) -> list[Problem]:
    """A note (not an error: the entry is ignored) for every ``exclude``/``include`` entry naming a regulation or an
    article that is not published, with ``mkdocs.yml``'s line."""
    found = []
    for role in roles:
        for kind, refs in (("exclude", role.exclude), ("include", role.include)):
            for ref in refs:
                regulation = regulations.get(ref.reg_id)
                if regulation is None:
                    guess = difflib.get_close_matches(ref.reg_id, list(regulations), n=1, cutoff=0.6)
                    fix = f"是否应为“{guess[0]}”？" if guess else "编号就是 regulations/ 中制度文件的文件名（不含 .md）；制度已删除时请删去这一项。"
                    found.append(Problem(CONFIG_FILE, ref.line, f"岗位“{role.name}”的 {kind} 中，没有编号为“{ref.reg_id}”的已公开制度，该项已忽略。", fix, Severity.WARNING))
                elif ref.key is not None and regulation.article(*ref.key) is None:
                    label = ref.label.split(" ", 1)[1]
                    found.append(Problem(CONFIG_FILE, ref.line, f"岗位“{role.name}”的 {kind} 中，制度“{ref.reg_id}”现行文本没有{label}，该项已忽略。", "请核对条文序号。", Severity.WARNING))
    return found
