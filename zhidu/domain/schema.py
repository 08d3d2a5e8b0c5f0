"""The front-matter schema of a regulation file (SPEC §2): one declaration per field, with its documentation.

The same declarations validate every file and generate the front-matter reference of the maintainers' guide,
so the guide never drifts from the code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
"""How every date of the front-matter is written: 2021-01-15 (not 2021/1/15, not 20210115)."""
STATUSES = ("现行有效", "试行", "已废止")
SECRECY_LEVELS = ("秘密", "机密", "绝密")
OWN_KIND = "本院制度"
LAW_KIND = "法律法规"
KINDS = (OWN_KIND, LAW_KIND)
"""What a file is: the institution's own rule, or a law, regulation or superior-court document kept for reference."""


@dataclass(frozen=True)
class Field:
    name: str
    """The YAML key."""
    kind: str
    """``text``, ``date``, ``list``, ``choice`` or ``id``: how the value is checked."""
    required: bool
    """Whether every file must have it (``已废止`` makes ``repealed`` required too)."""
    label: str
    """Its Chinese name as shown on the site and in messages."""
    doc: str
    """What it means, in Chinese, for the maintainers' guide."""
    example: str
    """A value as a maintainer would write it; ``{institution}`` stands for the institution's name (see ``example_for``)."""
    choices: tuple[str, ...] = ()
    """For ``choice`` fields, the allowed values."""

    def example_for(self, institution: str) -> str:
        """The example with the institution of ``mkdocs.yml`` in it: another court's guide never shows ours."""
        return self.example.replace("{institution}", institution or "本院")


FIELDS: tuple[Field, ...] = (
    Field("title", "text", True, "标题", "制度的完整正式名称，含制定机关名称。", "{institution}工作人员请休假考勤管理规定"),
    Field("category", "text", True, "类别", "制度所属类别，自由填写；站点按类别分组浏览。", "行政管理"),
    Field("status", "choice", True, "状态", "效力状态，只能是三者之一。", "现行有效", STATUSES),
    Field(
        "effective", "date", True, "施行日期",
        "施行日期，格式 YYYY-MM-DD。它同时标识一个版本：修订时改为新的施行日期即形成新版本；只改错别字时保持不变。",
        "2021-01-15",
    ),
    Field("short_title", "text", False, "简称", "引用时使用的简称；不填时为标题去掉开头的本单位名称。", "请休假考勤管理规定"),
    Field("aliases", "list", False, "别名", "引用时可能使用的其他名称（列表）。正文中《别名》同样会链接到本制度。", "[考勤管理规定, 请休假规定]"),
    Field("doc_number", "text", False, "文号", "发文字号。", "院发〔2021〕3号"),
    Field("issuer", "text", False, "制定机关", "制定机关；不填时为 mkdocs.yml 中 extra.institution 所写的本单位名称。", "{institution}"),
    Field("department", "text", False, "归口部门", "归口管理部门；站点按部门分组浏览。", "政治部"),
    Field("adopted", "date", False, "印发日期", "通过或印发日期，格式 YYYY-MM-DD。", "2021-01-08"),
    Field("version", "text", False, "版本", "本版本的说明性名称。", "2021年修订"),
    Field("repealed", "date", False, "废止日期", "废止日期，格式 YYYY-MM-DD；状态为“已废止”时必填。", "2019-06-01"),
    Field("replaced_by", "id", False, "替代制度", "取代本制度的新制度的编号（文件名去掉 .md）。", "cheliang"),
    Field("tags", "list", False, "标签", "标签列表，用于按主题浏览。", "[考勤, 请假]"),
    Field(
        "secrecy", "choice", False, "密级",
        "密级。填写后该文件不会出现在站点、搜索索引、PDF 和构建日志（路径除外）中。只能是三者之一。",
        "秘密", SECRECY_LEVELS,
    ),
    Field(
        "kind", "choice", False, "种类",
        "本院制度（默认）或法律法规。法律法规是供查阅的国家法律、行政法规和上级法院文件：引用方式与本院制度相同，"
        "在站点中单列“法律法规”栏目，不收入制度汇编，也不计入本院制度的数量和状态统计。只能是二者之一。",
        "法律法规", KINDS,
    ),
    Field(
        "review_by", "date", False, "下次评估日期",
        "下次评估（清理）本制度的日期，格式 YYYY-MM-DD。不填时为最近一次修订施行之日起满 mkdocs.yml 中 extra.review.review_years 年"
        "（默认 5 年）；到期前 90 天起 make check 和制度体检页提示。评估后决定继续有效的，把它改为下一次评估的日期。",
        "2026-01-15",
    ),
    Field(
        "trial_until", "date", False, "试行期满日期",
        "试行期满的日期，格式 YYYY-MM-DD，只能用于状态为“试行”的制度。不填时为施行之日起满 extra.review.trial_years 年（默认 2 年）；"
        "期满后 make check 提示转为正式、修订或废止。",
        "2023-01-14",
    ),
)

FIELDS_BY_NAME = {f.name: f for f in FIELDS}


def closest_field(name: str) -> str | None:
    """The known key a misspelt key most likely meant (``titel`` → ``title``), or None."""
    names = list(FIELDS_BY_NAME)
    match = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    if match:
        return match[0]
    lowered = name.lower().replace("-", "_")
    if lowered in FIELDS_BY_NAME:
        return lowered
    # Chinese labels typed as keys (状态: 现行有效).
    labels = {f.label: f.name for f in FIELDS}
    match = difflib.get_close_matches(name, list(labels), n=1, cutoff=0.5)
    return labels[match[0]] if match else None


def parse_date(value: object) -> dt.date | None:
    """A YAML date, or a ``YYYY-MM-DD`` string; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
