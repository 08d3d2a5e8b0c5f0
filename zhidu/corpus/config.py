"""The project's settings in one place: where the project is, what ``mkdocs.yml`` says, the environment variables.

Every environment variable the tools read is declared once in ``ENVIRONMENT`` with its documentation; the
maintainers' guide lists them from here (a test checks the guide against this list).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.domain.errors import ZhiduError

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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    except OSError:
        return SiteConfig(Path(root))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{CONFIG_FILE}:{line}: 格式有误，请检查这一行的缩进和冒号。") from None
    if not isinstance(data, dict):
        return SiteConfig(Path(root))
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return SiteConfig(
        root=Path(root),
        site_name=str(data.get("site_name") or ""),
        site_url=str(data.get("site_url") or "").strip(),
        institution=str(extra.get("institution") or ""),
        extra=extra,
        review=review_policy(extra.get("review")),
    )


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
    return ReviewPolicy(**values)
