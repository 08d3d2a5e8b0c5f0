"""制度体检: what a maintainer should look at in the regulations, found by one function for every output.

``findings`` runs a list of checks over a validated collection on a given day; ``make check`` prints the result as
warnings (never errors: a regulation past its review date is still the text in force), and the 制度体检 page and PDF
(``health_pages``, ``printing.health``) show the same list, grouped, with the per-regulation table a yearly
clean-up (制度清理) asks for. A new kind of finding is one ``FindingKind`` in ``KINDS`` and one ``Check`` in
``CHECKS`` (``register``): the shelf of national laws adds "a cited law was revised after this regulation" that way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zhidu.corpus.collection import Collection, cited_article, iter_texts
from zhidu.corpus.config import ReviewPolicy
from zhidu.corpus.load import RegulationHistory
from zhidu.corpus.superior import superior_revisions
from zhidu.domain.collation import pinyin_key
from zhidu.domain.dates import cn_date
from zhidu.domain.errors import Problem, Severity
from zhidu.domain.model import Regulation
from zhidu.domain.status import Status, displayed_status

# Suggested actions of a yearly clean-up, strongest first: a regulation gets the first that any finding implies.
REPEAL, REVISE, MAKE_PERMANENT, KEEP = "废止", "修订", "转为正式", "继续有效"
ACTIONS = (REPEAL, REVISE, MAKE_PERMANENT, KEEP)


@dataclass(frozen=True)
class FindingKind:
    key: str
    label: str
    """Its Chinese name, a heading on the 制度体检 page."""
    action: str | None
    """The clean-up action it suggests for the regulation it is found in (``ACTIONS``), or None."""


TRIAL_OVER = FindingKind("trial-over", "试行期满", MAKE_PERMANENT)
REVIEW_OVERDUE = FindingKind("review-overdue", "评估逾期", None)
DUE_SOON = FindingKind("due-soon", "即将到期", None)
REPEALED_CITATION = FindingKind("repealed-citation", "引用已废止的制度", REVISE)
MISSING_ARTICLE = FindingKind("missing-article", "引用的条文不存在", REVISE)
UNKNOWN_TITLE = FindingKind("unknown-title", "本库未收录的《》名称", None)
TERM_CONFLICT = FindingKind("term-conflict", "同一简称含义不同", REVISE)
SUPERIOR_REVISED = FindingKind("superior-revised", "上位法已修订", None)

KINDS: dict[str, FindingKind] = {kind.key: kind for kind in (
    TRIAL_OVER, REVIEW_OVERDUE, DUE_SOON, REPEALED_CITATION, MISSING_ARTICLE, SUPERIOR_REVISED, TERM_CONFLICT, UNKNOWN_TITLE,
)}
"""Every kind of finding, in the order the page shows them."""


@dataclass(frozen=True)
class Finding:
    """One thing to look at, at one place of one file."""

    kind: str
    """A key of ``KINDS``."""
    path: str
    line: int
    message: str
    fix: str
    reg_id: str
    """The regulation it is found in."""
    anchor: str | None = None
    """The article it is found in (``art-12``), for the page's link."""
    subject: str = ""
    """What it is about when that is not the place itself (the 《》 name that nothing has), for tables."""
    count: int = 1
    """How many places it stands for (uses of that name)."""

    @property
    def problem(self) -> Problem:
        """As ``make check`` prints it: a warning with file, line and the next step."""
        return Problem(self.path, self.line, self.message, self.fix, Severity.WARNING)


@dataclass(frozen=True)
class HealthInput:
    """What every check reads: the validated regulations, the day of the check, the deadlines policy."""

    collection: Collection
    today: dt.date
    policy: ReviewPolicy
    histories: dict[str, RegulationHistory] | None = None
    """The versions of each regulation, where known (a law's revisions); checks that need them find nothing without."""

    def in_force(self) -> list[Regulation]:
        """The institution's own regulations not repealed on the day, in reading order: what a clean-up looks at
        (laws on the shelf are the legislator's to revise, not the institution's)."""
        return [r for r in self.collection.sorted() if not r.is_law and status_on(r, self.today) is not Status.REPEALED]


Check = Callable[[HealthInput], Iterable[Finding]]


def status_on(regulation: Regulation, today: dt.date) -> Status:
    """The regulation's status on ``today`` by its own front-matter (SPEC §5: a future ``repealed`` is still in force)."""
    meta = regulation.meta
    return displayed_status(meta.status, meta.effective, today, None, meta.repealed)


def add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


@dataclass(frozen=True)
class Deadline:
    """When a regulation is next due for evaluation, and why."""

    date: dt.date
    trial: bool
    """True when it is the end of a trial period (试行期满), False for a periodic review."""
    written: bool
    """True when the file says so (``trial_until``/``review_by``), False when it follows from ``extra.review``."""
    line: int

    @property
    def label(self) -> str:
        return "试行期满" if self.trial else "定期评估"


def deadline(regulation: Regulation, policy: ReviewPolicy) -> Deadline:
    """The next deadline: the end of the trial period of a 试行 regulation, otherwise the review date (``review_by``
    or ``review_years`` after its latest version took effect); an earlier ``review_by`` wins over a trial's end."""
    meta = regulation.meta
    lines = meta.lines
    review = Deadline(meta.review_by, False, True, lines.get("review_by", 1)) if meta.review_by else Deadline(
        add_years(meta.effective, policy.review_years), False, False, lines.get("effective", 1))
    if meta.status != Status.TRIAL:
        return review
    trial = Deadline(meta.trial_until, True, True, lines.get("trial_until", 1)) if meta.trial_until else Deadline(
        add_years(meta.effective, policy.trial_years), True, False, lines.get("status", 1))
    return review if review.written and review.date < trial.date else trial


def deadline_findings(source: HealthInput) -> Iterable[Finding]:
    today, policy = source.today, source.policy
    for regulation in source.in_force():
        if regulation.meta.effective > today:
            continue  # adopted but not yet in force: nothing to evaluate
        due = deadline(regulation, policy)
        days = (due.date - today).days
        path, reg_id, date_cn = regulation.path, regulation.id, cn_date(due.date)
        if due.trial and days < 0:
            basis = "" if due.written else f"（施行之日起 {policy.trial_years} 年）"
            yield Finding(
                TRIAL_OVER.key, path, due.line, f"试行期已于{date_cn}届满{basis}，仍标为“试行”。",
                "请组织评估：转为正式施行的，把 status 改为 现行有效、effective 改为转为正式之日并删除 trial_until；需要继续试行的，修订后写新的 trial_until；不再需要的，予以废止。",
                reg_id,
            )
        elif days < 0:
            basis = "下次评估日期 review_by 已过" if due.written else f"最近一次修订于{cn_date(regulation.meta.effective)}施行，已满 {policy.review_years} 年"
            yield Finding(
                REVIEW_OVERDUE.key, path, due.line, f"应于{date_cn}前评估，{basis}。",
                "请组织评估：决定继续有效的，把 review_by 改为下一次评估的日期；需要修订或废止的，按维护指南办理。",
                reg_id,
            )
        elif days <= policy.notice_days:
            what = f"试行期将于{date_cn}届满" if due.trial else f"应于{date_cn}前评估"
            fix = "请在期满前评估，决定转为正式施行、修订后继续试行或废止。" if due.trial else "请提前安排评估；评估后把 review_by 改为下一次评估的日期。"
            yield Finding(DUE_SOON.key, path, due.line, f"{what}，还有 {days} 天。", fix, reg_id)


def citation_findings(source: HealthInput) -> Iterable[Finding]:
    """Citations of repealed regulations and of articles that do not exist; 《》 names nothing in the knowledge base
    has, one finding per name at its first use with the number of uses."""
    collection, today = source.collection, source.today
    unknown: dict[str, list[tuple[Regulation, int, str | None]]] = defaultdict(list)
    for regulation in source.in_force():
        for article, text, line in iter_texts(regulation):
            anchor = article.anchor if article else None
            for citation in collection.citations(regulation, text):
                if citation.title is not None and citation.target is None:
                    unknown[citation.title].append((regulation, line, anchor))
                    continue
                target = collection.regulations.get(citation.target) if citation.target else None
                if target is None:
                    continue
                name = f"《{target.meta.short_title}》" if target.id != regulation.id else "本制度"
                if citation.number is not None and target.article(citation.number, citation.sub) is None:
                    yield Finding(
                        MISSING_ARTICLE.key, regulation.path, line, f"引用的{name}{cited_article(citation)}不存在。",
                        "请核对条文编号；链接将指向该制度首页。", regulation.id, anchor,
                    )
                if target.id != regulation.id and status_on(target, today) is Status.REPEALED:
                    successor = collection.regulations.get(target.meta.replaced_by) if target.meta.replaced_by else None
                    when = f"已于{cn_date(target.meta.repealed)}废止" if target.meta.repealed else "已废止"
                    fix = f"请改为引用取代它的《{successor.meta.short_title}》的相应条文，或删除这一引用。" if successor else "请改为引用现行有效的制度，或删除这一引用。"
                    yield Finding(REPEALED_CITATION.key, regulation.path, line, f"引用的{name}{when}。", fix, regulation.id, anchor)
    for title, uses in sorted(unknown.items(), key=lambda item: (-len(item[1]), item[0])):
        regulation, line, anchor = min(uses, key=lambda use: (use[0].path, use[1]))
        files = len({reg.id for reg, _, _ in uses})
        where = f"共 {len(uses)} 处，见于 {files} 项制度" if files > 1 else f"共 {len(uses)} 处"
        yield Finding(
            UNKNOWN_TITLE.key, regulation.path, line, f"《{title}》不是本库任何制度的名称（{where}）。",
            UNKNOWN_TITLE_FIX, regulation.id, anchor, title, len(uses),
        )


def superior_findings(source: HealthInput) -> Iterable[Finding]:
    """A cited law (法律法规 on the shelf) whose text in force took effect after this regulation did: the regulation
    was written against an older text (the same rule as the 上位法已修订 notice on its page)."""
    if not source.histories:
        return
    collection = source.collection
    own = {regulation.id for regulation in source.in_force()}
    for citing_id, revisions in sorted(superior_revisions(collection, source.histories).items()):
        if citing_id not in own:
            continue
        regulation = collection.regulations[citing_id]
        for revision in revisions:
            place = next(
                ((line, article.anchor if article else None) for article, text, line in iter_texts(regulation)
                 if any(c.target == revision.law for c in collection.citations(regulation, text))),
                (regulation.body_line, None),
            )
            law = collection.regulations[revision.law].meta.short_title
            yield Finding(
                SUPERIOR_REVISED.key, regulation.path, place[0],
                f"引用的《{law}》现行文本自{cn_date(revision.effective)}起施行，晚于本制度的施行日期（{cn_date(regulation.meta.effective)}）。",
                "请核对本制度的相关规定是否仍与修订后的法律法规一致；需要修订的，按修订程序办理。", citing_id, place[1], law,
            )


UNKNOWN_TITLE_FIX = "如是本院制度，请核对书名号中的名称，或在该制度的 aliases 中加上这个名称；如是法律法规或上级文件，可不处理。"
_ABBREVIATION = re.compile(r"[（(]以下简称[“\"「]?([\u4e00-\u9fff\w]{2,12}?)[”\"」]?[）)]")
_CLAUSE_END = re.compile(r"[，。；：、,;:（）()“”\"「」《》\s]")
_FUNCTION_WORDS = re.compile(r"^.*(?:设立|成立|组建|设在|是指|指|设|除|由|在|是|的|为|对|经|向|与|和|及|于|即)")
_OWN_NAME = re.compile(r"^(?:本院|我院)")


@dataclass(frozen=True)
class Definition:
    term: str
    meaning: str
    regulation: Regulation
    line: int
    anchor: str | None


def definitions(source: HealthInput) -> list[Definition]:
    """Every ``……（以下简称X）`` of the regulations in force, with the name it abbreviates (the words before it,
    from the start of the clause and after the last verb or preposition: 本院成立绩效考核委员会 → 绩效考核委员会)."""
    found: list[Definition] = []
    for regulation in source.in_force():
        for article, text, line in iter_texts(regulation):
            for match in _ABBREVIATION.finditer(text):
                before = _CLAUSE_END.split(text[:match.start()])[-1]
                meaning = _OWN_NAME.sub("", _FUNCTION_WORDS.sub("", before))
                if meaning:
                    found.append(Definition(match.group(1), meaning, regulation, line, article.anchor if article else None))
    return found


def same_meaning(term: str, a: str, b: str) -> bool:
    """Two names for the same body: one ends with the other (审判委员会, 东港市人民法院审判委员会), or they share an
    ending longer than the short name itself (提交审判委员会, 主持审判委员会). 绩效考核委员会 and 党员积分考核委员会
    share only 考核委员会, the short name: two different bodies."""
    if a.endswith(b) or b.endswith(a):
        return True
    common = 0
    while common < min(len(a), len(b)) and a[-1 - common] == b[-1 - common]:
        common += 1
    return common > len(term)


def term_findings(source: HealthInput) -> Iterable[Finding]:
    """A short name (``以下简称``) that stands for different things in different regulations."""
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for definition in definitions(source):
        by_term[definition.term].append(definition)
    for term, defs in sorted(by_term.items()):
        meanings: list[list[Definition]] = []
        for definition in defs:
            group = next((g for g in meanings if same_meaning(term, g[0].meaning, definition.meaning)), None)
            if group is None:
                meanings.append([definition])
            else:
                group.append(definition)
        if len(meanings) < 2:
            continue
        first = meanings[0][0]
        for group in meanings[1:]:
            here = group[0]
            yield Finding(
                TERM_CONFLICT.key, here.regulation.path, here.line,
                f"简称“{term}”在这里指“{here.meaning}”，在《{first.regulation.meta.short_title}》（{first.regulation.path}:{first.line}）中指“{first.meaning}”。",
                "同一简称在不同制度中含义不同，汇编和检索时容易混淆：请改用能区分的简称，或直接写全称。",
                here.regulation.id, here.anchor,
            )


CHECKS: list[Check] = [deadline_findings, citation_findings, superior_findings, term_findings]
"""The checks ``findings`` runs, in order."""


def register(kind: FindingKind, check: Check) -> None:
    """Add a kind of finding and the check that finds it (the shelf of national laws, say)."""
    KINDS[kind.key] = kind
    if check not in CHECKS:
        CHECKS.append(check)


def findings(collection: Collection, today: dt.date, policy: ReviewPolicy, histories: dict[str, RegulationHistory] | None = None) -> list[Finding]:
    """Every finding of every check, by kind (in ``KINDS`` order), then file and line. The one function behind
    ``make check``'s warnings and the 制度体检 page and PDF."""
    source = HealthInput(collection, today, policy, histories)
    found = [finding for check in CHECKS for finding in check(source)]
    order = {key: index for index, key in enumerate(KINDS)}
    return sorted(found, key=lambda f: (order.get(f.kind, len(order)), f.path, f.line))


def warnings(collection: Collection, today: dt.date, policy: ReviewPolicy, histories: dict[str, RegulationHistory] | None = None) -> list[Problem]:
    """The findings as ``make check`` prints them."""
    return [finding.problem for finding in findings(collection, today, policy, histories)]


@dataclass
class ReviewRow:
    """One line of the clean-up table: a regulation in force, its age, its deadline and the suggested action."""

    regulation: Regulation
    status: Status
    first_effective: dt.date
    """When its first version took effect (its age counts from here)."""
    last_revision: dt.date
    """When the version in force took effect."""
    text_updated: dt.date | None
    """The date of the last commit of the text in force, when known."""
    due: Deadline
    action: str
    reasons: list[str] = field(default_factory=list)
    """Labels of the kinds of finding in it."""

    def age_years(self, today: dt.date) -> float:
        return max(0.0, (today - self.first_effective).days / 365.25)


def suggested_action(kinds: Iterable[str]) -> str:
    implied = {KINDS[key].action for key in kinds if key in KINDS}
    return next((action for action in ACTIONS if action in implied), KEEP)


@dataclass
class HealthReport:
    """What the 制度体检 page and PDF show."""

    today: dt.date
    policy: ReviewPolicy
    findings: list[Finding]
    rows: list[ReviewRow]
    collection: Collection

    def by_kind(self) -> list[tuple[FindingKind, list[Finding]]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            groups[finding.kind].append(finding)
        return [(KINDS[key], groups[key]) for key in KINDS if groups.get(key)]

    def by_department(self) -> list[tuple[str, list[Finding]]]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            regulation = self.collection.regulations.get(finding.reg_id)
            groups[(regulation.meta.department if regulation else "") or "未注明部门"].append(finding)
        return sorted(groups.items(), key=lambda item: (item[0] == "未注明部门", pinyin_key(item[0])))


def health_report(
    collection: Collection, today: dt.date, policy: ReviewPolicy, history: Callable[[str], tuple[dt.date, dt.date, dt.datetime | None]] | None = None,
    histories: dict[str, RegulationHistory] | None = None,
) -> HealthReport:
    """The findings and the clean-up table. ``history(reg_id)`` gives (first effective, effective of the version in
    force, last commit of that text) from the corpus; without it the file's own ``effective`` stands for both."""
    found = findings(collection, today, policy, histories)
    kinds_of: dict[str, list[str]] = defaultdict(list)
    for finding in found:
        if finding.kind != UNKNOWN_TITLE.key:  # a name used first in one regulation says nothing about that regulation
            kinds_of[finding.reg_id].append(finding.kind)
    rows: list[ReviewRow] = []
    source = HealthInput(collection, today, policy)
    for regulation in source.in_force():
        first, last, committed = history(regulation.id) if history else (regulation.meta.effective, regulation.meta.effective, None)
        kinds = list(dict.fromkeys(kinds_of.get(regulation.id, [])))
        reasons = [KINDS[k].label for k in kinds if k in KINDS]
        action = suggested_action(kinds)
        if regulation.meta.repealed is not None:  # repeal already decided for a later day (SPEC §5)
            action, reasons = REPEAL, [f"已定于{cn_date(regulation.meta.repealed)}废止", *reasons]
        rows.append(ReviewRow(
            regulation, status_on(regulation, today), first, last, committed.date() if committed else None,
            deadline(regulation, policy), action, reasons,
        ))
    rows.sort(key=lambda row: (ACTIONS.index(row.action), row.due.date, pinyin_key(row.regulation.meta.title)))
    return HealthReport(today, policy, found, rows, collection)
