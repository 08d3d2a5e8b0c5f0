"""Where everything is on the site (SPEC §3): the only module that spells the site's paths.

Paths here are MkDocs source paths (``regulations/kaoqin/index.md``) or site paths of files written beside the pages
(``pdf/kaoqin.pdf``); ``url_of`` turns a source path into the URL a reader sees. The CLI, the browser index, the
pages and the PDFs all take their paths from here, so a change of layout is made once.
"""

from __future__ import annotations

import datetime as dt
import re

HOME = "index.md"
CHANGES = "changes/index.md"
"""最近修订."""
HEALTH = "health/index.md"
"""制度体检, the maintainers' report."""
STUDY = "study/index.md"
"""学习材料: the study packs."""
SEARCH_FOLDER = "zhidu-search"
"""The search box's static index, beside the pages."""
PDF_FOLDER = "pdf"
HANDBOOK_PDF = f"{PDF_FOLDER}/handbook.pdf"
HEALTH_PDF = f"{PDF_FOLDER}/health.pdf"
RELEASE_JSON = "release.json"
"""The published release (SPEC §11)."""


def regulation(reg_id: str) -> str:
    """The text in force: ``/regulations/<id>/``."""
    return f"regulations/{reg_id}/index.md"


def version(reg_id: str, effective: dt.date) -> str:
    """One version's own page: ``/regulations/<id>/<effective>/``; once published, never removed."""
    return f"regulations/{reg_id}/{effective.isoformat()}/index.md"


def history(reg_id: str) -> str:
    """The version history: ``/regulations/<id>/history/``."""
    return f"regulations/{reg_id}/history/index.md"


def comparison(reg_id: str, old: dt.date, new: dt.date) -> str:
    """The comparison (修订对照表) of two versions, linked from the history page."""
    return f"regulations/{reg_id}/compare/{old.isoformat()}-to-{new.isoformat()}/index.md"


def role(role_id: str) -> str:
    """A role's articles (岗位制度清单): ``/roles/<role-id>/``."""
    return f"roles/{role_id}/index.md"


ROLES = "roles/index.md"
"""岗位制度清单: the list of roles."""


def role_pdf(role_id: str) -> str:
    """A role's printed pocket list."""
    return f"{PDF_FOLDER}/roles/{role_id}.pdf"


def study_quiz_pdf(pack: str) -> str:
    """A study pack's quiz sheet (学习自测题)."""
    return f"{PDF_FOLDER}/study/{pack}-quiz.pdf"


def study_answers_pdf(pack: str) -> str:
    """The answer key of a study pack's quiz."""
    return f"{PDF_FOLDER}/study/{pack}-answers.pdf"


def study_selftest(pack: str) -> str:
    """A study pack's self-test page, beside the study page: ``/study/<pack>/selftest/``."""
    return f"study/{pack}/selftest/index.md"


def regulation_pdf(reg_id: str) -> str:
    return f"{PDF_FOLDER}/{reg_id}.pdf"


ARTICLE_ANCHOR = "art-{n}"
SUB_ARTICLE_ANCHOR = "art-{n}-{sub}"
"""Article N is ``art-N``; 第十二条之一 is ``art-12-1`` (SPEC §3). The search box builds anchors from these two
forms, shipped in its ``meta.json`` (search/web.py)."""
_PLAIN_ARTICLE = re.compile(re.escape(ARTICLE_ANCHOR).replace(re.escape("{n}"), "([0-9]+)"))


def article_anchor(number: int, sub: int = 0) -> str:
    """Article N is ``art-N``; 第十二条之一 is ``art-12-1`` (SPEC §3)."""
    return SUB_ARTICLE_ANCHOR.format(n=number, sub=sub) if sub else ARTICLE_ANCHOR.format(n=number)


def plain_article_number(anchor: str) -> int | None:
    """N for the anchor of article N (``art-N``); None for any other anchor (``art-12-1``, a chapter)."""
    match = _PLAIN_ARTICLE.fullmatch(anchor)
    return int(match.group(1)) if match else None


def chapter_anchor(number: int) -> str:
    """Chapter N is ``ch-N`` (SPEC §3)."""
    return f"ch-{number}"


def version_url(reg_id: str, effective: str) -> str:
    """The URL (relative to the site root) of one version's own page, ``effective`` as written (YYYY-MM-DD)."""
    return url_of(version(reg_id, dt.date.fromisoformat(effective)))


def url_forms() -> list[str]:
    """The URLs of a regulation's text in force and of one of its versions with ``{id}`` and ``{effective}`` to fill
    in: the search box's index (search/web.py) ships these instead of one URL per version."""
    placeholder = dt.date(1, 1, 1)
    return [url_of(regulation("{id}")), url_of(version("{id}", placeholder)).replace(placeholder.isoformat(), "{effective}")]


def url_of(src_path: str) -> str:
    """The URL (relative to the site root) of a page's source path: ``regulations/kaoqin/index.md`` → ``regulations/kaoqin/``."""
    if src_path.endswith("index.md"):
        return src_path[: -len("index.md")]
    if src_path.endswith(".md"):
        return src_path[:-3] + "/"
    return src_path
