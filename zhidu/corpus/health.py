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
from pathlib import Path

from zhidu import urls
from zhidu.corpus.collection import Collection, cited_article, iter_texts
from zhidu.corpus.config import ReviewPolicy
from zhidu.corpus.load import RegulationHistory
from zhidu.corpus.superior import UNKNOWN, superior_revisions
from zhidu.domain.collation import pinyin_key
from zhidu.domain.dates import cn_date
from zhidu.domain.errors import Problem, Severity
from zhidu.domain.frontmatter import Scalar, read_front_matter
from zhidu.domain.model import Regulation
from zhidu.domain.status import Status, displayed_status
from zhidu.domain.text import normalize_source

# Suggested actions of a yearly clean-up, strongest first. THE RULE (shown in the guide): a regulation gets the
# strongest action that any of its findings implies; with no finding that implies one, 继续有效. A repeal already
# decided (``repealed`` set to a later day) is 废止 whatever else is found.
REPEAL, REVISE, MAKE_PERMANENT, EVALUATE, KEEP = "废止", "修订", "转为正式", "评估", "继续有效"
ACTIONS = (REPEAL, REVISE, MAKE_PERMANENT, EVALUATE, KEEP)


@dataclass(frozen=True)
class FindingKind:
    key: str
    label: str
    """Its Chinese name, a heading on the 制度体检 page."""
    action: str | None
    """The clean-up action it suggests for the regulation it is found in (``ACTIONS``), or None."""


TRIAL_OVER = FindingKind("trial-over", "试行期满", MAKE_PERMANENT)
REVIEW_OVERDUE = FindingKind("review-overdue", "评估逾期", EVALUATE)
DUE_SOON = FindingKind("due-soon", "即将到期", None)
REPEALED_CITATION = FindingKind("repealed-citation", "引用已废止的制度", REVISE)
MISSING_ARTICLE = FindingKind("missing-article", "引用的条文不存在", REVISE)
UNKNOWN_TITLE = FindingKind("unknown-title", "书名号中的名称疑似有误", None)
TERM_CONFLICT = FindingKind("term-conflict", "同一简称含义不同", REVISE)
SUPERIOR_REVISED = FindingKind("superior-revised", "上位法已修订", REVISE)
SUPERIOR_UNVERIFIED = FindingKind("superior-unverified", "上位法已修订（无法比对）", EVALUATE)

KINDS: dict[str, FindingKind] = {kind.key: kind for kind in (
    TRIAL_OVER, REVIEW_OVERDUE, DUE_SOON, REPEALED_CITATION, MISSING_ARTICLE, SUPERIOR_REVISED, SUPERIOR_UNVERIFIED, TERM_CONFLICT,
    UNKNOWN_TITLE,
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
    summary: str = ""
    """The message as the meeting's report prints it: regulations, articles and dates only (no field names, no
    file paths); empty when ``message`` already reads so."""
    advice: str = ""
    """The next step as the meeting's report prints it (what to decide, not which field to edit); empty: ``fix``."""
    links: tuple[tuple[str, str], ...] = ()
    """(label, source path of a site page) to show after the message: the comparison of a revised law, say."""

    @property
    def meeting_message(self) -> str:
        return self.summary or self.message

    @property
    def meeting_advice(self) -> str:
        return self.advice or self.fix

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
        return [r for r in self.collection.sorted() if not r.is_law and status_on(self.shown(r), self.today) is not Status.REPEALED]

    def shown(self, regulation: Regulation) -> Regulation:
        """The text in force on the day: the working tree's file may already hold a revision that takes effect later
        (its status, age and next review are those of the text in force)."""
        hist = (self.histories or {}).get(regulation.id)
        if hist is None:
            return regulation
        main = hist.main
        return main.regulation if main.effective <= self.today else regulation

    def pending(self, regulation: Regulation) -> dt.date | None:
        """The day a revision already on record takes effect, when there is one."""
        hist = (self.histories or {}).get(regulation.id)
        if hist is None:
            return regulation.meta.effective if regulation.meta.effective > self.today else None
        later = [info.effective for info in hist.infos if info.effective > self.today]
        return later[0] if later else None


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


def deadline(regulation: Regulation, policy: ReviewPolicy, lines: dict[str, int] | None = None) -> Deadline:
    """The next deadline: the end of the trial period of a 试行 regulation, otherwise the review date (``review_by``
    or ``review_years`` after its latest version took effect); an earlier ``review_by`` wins over a trial's end.
    ``lines`` are the front-matter lines to point at (the working file's, when ``regulation`` is an older text)."""
    meta = regulation.meta
    lines = lines if lines is not None else meta.lines
    review = Deadline(meta.review_by, False, True, lines.get("review_by", 1)) if meta.review_by else Deadline(
        add_years(meta.effective, policy.review_years), False, False, lines.get("effective", 1))
    if meta.status != Status.TRIAL:
        return review
    trial = Deadline(meta.trial_until, True, True, lines.get("trial_until", 1)) if meta.trial_until else Deadline(
        add_years(meta.effective, policy.trial_years), True, False, lines.get("status", 1))
    return review if review.written and review.date < trial.date else trial


def trial_end(regulation: Regulation, policy: ReviewPolicy) -> dt.date | None:
    """When the trial period of a 试行 regulation ends (``trial_until``, else ``trial_years`` after it took effect)."""
    meta = regulation.meta
    if meta.status != Status.TRIAL:
        return None
    return meta.trial_until or add_years(meta.effective, policy.trial_years)


def deadline_findings(source: HealthInput) -> Iterable[Finding]:
    today, policy = source.today, source.policy
    for working in source.in_force():
        regulation = source.shown(working)
        if regulation.meta.effective > today:
            continue  # adopted but not yet in force: nothing to evaluate
        due = deadline(regulation, policy, working.meta.lines)
        days = (due.date - today).days
        path, reg_id, date_cn = working.path, working.id, cn_date(due.date)
        if due.trial and days < 0:
            basis = "" if due.written else f"（施行之日起 {policy.trial_years} 年）"
            yield Finding(
                TRIAL_OVER.key, path, due.line, f"试行期已于{date_cn}届满{basis}，仍标为“试行”。",
                "请组织评估：转为正式施行的，把 status 改为 现行有效、effective 改为转为正式之日并删除 trial_until；需要继续试行的，修订后写新的 trial_until；不再需要的，予以废止。",
                reg_id, summary=f"试行期已于{date_cn}届满{basis}，仍在试行。",
                advice="请归口部门评估：转为正式施行、修订后继续试行或予以废止。",
            )
        elif days < 0:
            basis = "下次评估日期 review_by 已过" if due.written else f"最近一次修订于{cn_date(regulation.meta.effective)}施行，已满 {policy.review_years} 年"
            meeting = "已过规定的评估日期" if due.written else basis
            yield Finding(
                REVIEW_OVERDUE.key, path, due.line, f"应于{date_cn}前评估，{basis}。",
                "请组织评估：决定继续有效的，把 review_by 改为下一次评估的日期；需要修订或废止的，按维护指南办理。",
                reg_id, summary=f"应于{date_cn}前评估，{meeting}。",
                advice="请归口部门评估后提出继续有效、修订或废止的意见。",
            )
        elif days <= policy.notice_days:
            what = f"试行期将于{date_cn}届满" if due.trial else f"应于{date_cn}前评估"
            fix = "请在期满前评估，决定转为正式施行、修订后继续试行或废止。" if due.trial else "请提前安排评估；评估后把 review_by 改为下一次评估的日期。"
            advice = "请在期满前评估，决定转为正式施行、修订后继续试行或废止。" if due.trial else "请提前安排评估。"
            yield Finding(DUE_SOON.key, path, due.line, f"{what}，还有 {days} 天。", fix, reg_id, advice=advice)


def citation_findings(source: HealthInput) -> Iterable[Finding]:
    """Citations of repealed regulations and of articles that do not exist (in the version of the target in force
    when the citing text took effect, SPEC §4); 《》 names nothing in the knowledge base has that look like a
    misspelling of one of its names, one finding per name at its first use with the number of uses."""
    collection, today = source.collection, source.today
    for regulation in source.in_force():
        for article, text, line in iter_texts(regulation):
            anchor = article.anchor if article else None
            where = article.label if article else ""
            for citation in collection.citations(regulation, text):
                target = collection.regulations.get(citation.target) if citation.target else None
                if target is None:
                    continue
                name = f"《{target.meta.short_title}》" if target.id != regulation.id else "本制度"
                resolution = collection.resolve(regulation, citation)
                missing = resolution.fate == "missing" if resolution is not None else (
                    citation.number is not None and target.article(citation.number, citation.sub) is None)
                if missing:
                    when = f"（按本制度施行时有效的{cn_date(resolution.as_of)}施行文本）" if resolution is not None and resolution.as_of else ""
                    yield Finding(
                        MISSING_ARTICLE.key, regulation.path, line, f"引用的{name}{cited_article(citation)}不存在{when}。",
                        "请核对条文编号；链接将指向该制度首页。", regulation.id, anchor,
                        summary=f"{where}引用的{name}{cited_article(citation)}不存在{when}。", advice="请核对并更正所引条文。",
                    )
                if target.id != regulation.id and status_on(target, today) is Status.REPEALED:
                    successor = collection.regulations.get(target.meta.replaced_by) if target.meta.replaced_by else None
                    when = f"已于{cn_date(target.meta.repealed)}废止" if target.meta.repealed else "已废止"
                    fix = f"请改为引用取代它的《{successor.meta.short_title}》的相应条文，或删除这一引用。" if successor else "请改为引用现行有效的制度，或删除这一引用。"
                    yield Finding(
                        REPEALED_CITATION.key, regulation.path, line, f"引用的{name}{when}。", fix, regulation.id, anchor,
                        summary=f"{where}引用的{name}{when}。",
                    )
    for unknown in unknown_names(source):
        if unknown.group != MISSPELLING:
            continue
        regulation, line, anchor = unknown.first
        yield Finding(
            UNKNOWN_TITLE.key, regulation.path, line,
            f"《{unknown.title}》不是本库任何制度的名称，与《{unknown.like}》只差 {unknown.distance} 个字（共 {unknown.count} 处）。",
            f"如指的是《{unknown.like}》，请改正书名号中的名称，或在该制度的 aliases 中加上这个名称；如是外单位文件，请写入 mkdocs.yml 的 extra.external_titles。",
            regulation.id, anchor, unknown.title, unknown.count,
            summary=f"《{unknown.title}》疑为《{unknown.like}》之误（共 {unknown.count} 处）。", advice="请核对并更正名称。",
        )


FORMS, OTHER_BODIES, MISSPELLING = "forms", "other", "misspelling"
UNKNOWN_GROUPS = {
    MISSPELLING: "疑似本库制度名称有误",
    FORMS: "表格、单据、文书",
    OTHER_BODIES: "其他机关的文件和法律法规",
}
"""How the 《》 names the knowledge base does not hold are grouped on the maintainers' page, in this order."""
_FORM_ENDINGS = ("表", "单", "书", "簿", "卡", "册", "证", "函", "样式", "格式")
MAX_DISTANCE = 2
"""A name at most this many characters away from one of the collection's own names (and differing in at most a
quarter of its length) is taken for a misspelling of it."""


@dataclass
class UnknownName:
    """A 《》 name that nothing in the knowledge base has, counted once however often it is used."""

    title: str
    group: str
    uses: list[tuple[Regulation, int, str | None]]
    """(regulation, line, article anchor) of every use."""
    like: str = ""
    """For a likely misspelling: the collection's own name it resembles."""
    distance: int = 0

    @property
    def count(self) -> int:
        return len(self.uses)

    @property
    def first(self) -> tuple[Regulation, int, str | None]:
        return min(self.uses, key=lambda use: (use[0].path, use[1]))

    @property
    def files(self) -> int:
        return len({reg.id for reg, _, _ in self.uses})


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of two short names, or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


NamesByLength = dict[int, list[tuple[int, str, frozenset[str]]]]
"""Names by length: (place in the sorted names, name, its characters), made once for all the titles compared."""


def names_by_length(names: Iterable[str]) -> NamesByLength:
    grouped: NamesByLength = defaultdict(list)
    for number, name in enumerate(sorted(names)):
        grouped[len(name)].append((number, name, frozenset(name)))
    return grouped


def _resembles(title: str, names: NamesByLength) -> tuple[str, int] | None:
    """The closest name within the edit limit (the first in sorted order among equally close ones)."""
    limit = min(MAX_DISTANCE, len(title) // 4)
    if limit < 1:
        return None
    best: tuple[str, int] | None = None
    chars = set(title)
    near = sorted(entry for length in range(len(title) - limit, len(title) + limit + 1) for entry in names.get(length, ()))
    for _number, name, name_chars in near:
        if len(chars & name_chars) < len(chars) - limit:
            continue
        distance = edit_distance(title, name, limit)
        if distance <= limit and (best is None or distance < best[1]):
            best = (name, distance)
    return best


def unknown_names(source: HealthInput) -> list[UnknownName]:
    """Every 《》 name in the regulations in force that nothing in the knowledge base has, except those declared
    outside the collection (``extra.external_titles``), grouped (``UNKNOWN_GROUPS``), most used first."""
    collection = source.collection
    uses: dict[str, list[tuple[Regulation, int, str | None]]] = defaultdict(list)
    for regulation in source.in_force():
        for article, text, line in iter_texts(regulation):
            for citation in collection.citations(regulation, text):
                if citation.title is not None and citation.target is None and citation.title not in source.policy.external_titles:
                    uses[citation.title].append((regulation, line, article.anchor if article else None))
    own = names_by_length(name for name, reg_id in collection.names.items() if not collection.regulations[reg_id].is_law)
    found = []
    for title, places in uses.items():
        like = _resembles(title, own)
        if like is not None:
            found.append(UnknownName(title, MISSPELLING, places, *like))
        elif title.endswith(_FORM_ENDINGS):
            found.append(UnknownName(title, FORMS, places))
        else:
            found.append(UnknownName(title, OTHER_BODIES, places))
    order = list(UNKNOWN_GROUPS)
    return sorted(found, key=lambda n: (order.index(n.group), -n.count, n.title))


def names_in_files(root: Path, paths: Iterable[str], institution: str = "") -> set[str]:
    """The titles, short titles and aliases written in files that could not be read as regulations (an error in
    them): a 《》 name that is one of these is not a finding of its own, only a consequence of that error."""
    names: set[str] = set()
    for rel in paths:
        try:
            text = normalize_source((root / rel).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        for key, value, _ in read_front_matter(text, rel).values:
            items = value if isinstance(value, tuple) else (value,)
            if key in ("title", "short_title", "aliases"):
                names.update(item.text.strip() for item in items if isinstance(item, Scalar) and item.text.strip())
    return names | {name.removeprefix(institution) for name in names if institution and name.startswith(institution)}


def superior_findings(source: HealthInput) -> Iterable[Finding]:
    """The cited articles of a law (法律法规 on the shelf) whose text changed after this regulation took effect (the
    same rule as the 上位法已修订 notice on its page): one finding per law, listing exactly those articles."""
    if not source.histories:
        return
    collection = source.collection
    own = {regulation.id for regulation in source.in_force()}
    for citing_id, revisions in sorted(superior_revisions(collection, source.histories).items()):
        if citing_id not in own:
            continue
        regulation = collection.regulations[citing_id]
        since = cn_date(regulation.meta.effective)
        for revision in revisions:
            law = collection.regulations[revision.law].meta.short_title
            known = [c for c in revision.changes if c.kind != UNKNOWN]
            unknown = [c for c in revision.changes if c.kind == UNKNOWN]
            for changes, kind in ((known, SUPERIOR_REVISED), (unknown, SUPERIOR_UNVERIFIED)):
                if not changes:
                    continue
                article, line = changes[0].citing[0]
                where = "、".join(dict.fromkeys(a.label for c in changes for a, _ in c.citing if a is not None))
                if kind is SUPERIOR_REVISED:
                    what = "、".join(c.label for c in changes)
                    message = f"引用的《{law}》{what}：修订后的文本自{cn_date(revision.effective)}起施行，晚于本制度的施行日期（{since}）。"
                    fix = "请核对本制度引用这些条文的规定是否仍与修订后的法律法规一致；需要修订的，按修订程序办理。"
                    links = ((f"《{law}》修订对照", urls.comparison(revision.law, revision.previous, revision.effective)),) if revision.compared and revision.previous else (
                        (f"《{law}》历史版本", urls.history(revision.law)),)
                else:
                    what = "、".join(c.old.label for c in changes)
                    message = (f"引用的《{law}》现行文本自{cn_date(revision.effective)}起施行，晚于本制度的施行日期（{since}）；"
                               f"本库未收录此前的文本，无法比对所引的{what}。")
                    fix = "请对照本制度施行时的法律文本，核实所引条文现在的条号和内容；可用 python -m zhidu import --law 录入旧文本以便比对。"
                    links = ((f"《{law}》现行文本", urls.regulation(revision.law)),)
                yield Finding(
                    kind.key, regulation.path, line, message, fix, citing_id, article.anchor if article else None, law,
                    summary=(f"{where}：" if where else "") + message,
                    advice="请归口部门核对相关规定是否仍与修订后的法律法规一致。" if kind is SUPERIOR_REVISED else "请归口部门对照原文核实所引条文。",
                    links=links,
                )


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
                summary=f"简称“{term}”在这里指“{here.meaning}”，在《{first.regulation.meta.short_title}》中指“{first.meaning}”。",
                advice="请统一简称，或直接写全称。",
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
    """When the version in force took effect: its age (已施行) counts from here."""
    last_revision: dt.date
    """When the version in force took effect."""
    text_updated: dt.date | None
    """The date of the last commit of the text in force, when known."""
    due: Deadline
    action: str
    reasons: list[str] = field(default_factory=list)
    """Labels of the kinds of finding in it."""
    pending: dt.date | None = None
    """When a revision already on record takes effect (the text in force applies until then)."""
    trial_end: dt.date | None = None
    """When the trial period of a 试行 regulation ends or ended."""

    def status_text(self, today: dt.date) -> str:
        """现行有效, 试行，试行期至2027年1月1日, 现行有效，修订后的文本自2027年1月1日起施行."""
        notes = []
        if self.trial_end is not None:
            notes.append(f"试行期{'至' if self.trial_end >= today else '已于'}{cn_date(self.trial_end)}{'' if self.trial_end >= today else '届满'}")
        if self.pending is not None:
            notes.append(f"修订后的文本自{cn_date(self.pending)}起施行")
        return "，".join([str(self.status), *notes])

    def age_years(self, today: dt.date) -> float:
        return max(0.0, (today - self.first_effective).days / 365.25)


def action_rule() -> str:
    """The one rule by which the advice follows from the findings, in words (the page, the PDF and the guide)."""
    parts = [f"已定将来废止日期的，{REPEAL}"]
    for action in ACTIONS[1:-1]:
        labels = [f"“{kind.label}”" for kind in KINDS.values() if kind.action == action]
        if labels:
            parts.append(f"有{''.join(labels)}{'之一' if len(labels) > 1 else ''}提示的，{action}")
    return "每项制度取下列各条中最靠前的一条：" + "；".join(parts) + f"；其余（包括只有“{DUE_SOON.label}”或“{UNKNOWN_TITLE.label}”提示的），{KEEP}。"


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
    unknown: list[UnknownName] = field(default_factory=list)
    """The 《》 names the knowledge base does not hold, grouped; only likely misspellings are findings."""
    superior: dict = field(default_factory=dict)
    """Regulation id → its ``SuperiorRevision``s (the worklist of revised laws)."""

    def unknown_groups(self) -> list[tuple[str, str, list[UnknownName]]]:
        """(group key, group label, names) in ``UNKNOWN_GROUPS`` order, empty groups left out."""
        return [(key, label, names) for key, label in UNKNOWN_GROUPS.items() if (names := [n for n in self.unknown if n.group == key])]

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
        kinds_of[finding.reg_id].append(finding.kind)
    rows: list[ReviewRow] = []
    source = HealthInput(collection, today, policy, histories)
    for working in source.in_force():
        regulation = source.shown(working)
        first, last, committed = history(working.id) if history else (regulation.meta.effective, regulation.meta.effective, None)
        kinds = list(dict.fromkeys(kinds_of.get(working.id, [])))
        reasons = [KINDS[k].label for k in kinds if k in KINDS]
        action = suggested_action(kinds)
        if working.meta.repealed is not None:  # repeal already decided for a later day (SPEC §5)
            action, reasons = REPEAL, [f"已定于{cn_date(working.meta.repealed)}废止", *reasons]
        rows.append(ReviewRow(
            working, status_on(regulation, today), last, last, committed.date() if committed else None,
            deadline(regulation, policy, working.meta.lines), action, reasons, source.pending(working), trial_end(regulation, policy),
        ))
    rows.sort(key=lambda row: (ACTIONS.index(row.action), row.due.date, pinyin_key(row.regulation.meta.title)))
    superior = superior_revisions(collection, histories) if histories else {}
    own = {r.id for r in source.in_force()}
    return HealthReport(today, policy, found, rows, collection, unknown_names(source), {k: v for k, v in superior.items() if k in own})
