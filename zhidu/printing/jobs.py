"""Which PDFs one build produces, and the HTML of each: every published regulation, the handbook, the study packs."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from zhidu import urls
from zhidu.corpus.collection import Collection
from zhidu.corpus.config import ReviewPolicy
from zhidu.corpus.health import trial_end
from zhidu.corpus.load import Comparisons, RegulationHistory
from zhidu.domain.collation import pinyin_key
from zhidu.domain.compare import compare
from zhidu.domain.dates import cn_date
from zhidu.domain.status import Status
from zhidu.printing.documents import PrintRegulation, citation_notes, handbook_html, print_regulation, regulation_html, studypack_html
from zhidu.printing.render import Job
from zhidu.printing.studypack import StudyPack

log = logging.getLogger("mkdocs.plugins.zhidu.printing")

HANDBOOK = urls.HANDBOOK_PDF
regulation_pdf = urls.regulation_pdf


@dataclass
class PrintInput:
    """Everything the printed documents are made of, taken from one build (or made by hand in tests)."""

    institution: str
    today: dt.date
    collection: Collection
    site_url: str
    statuses: dict[str, Status] = field(default_factory=dict)
    """Regulation id → displayed status; by default what the file says."""
    packs: list[StudyPack] = field(default_factory=list)
    histories: dict[str, RegulationHistory] = field(default_factory=dict)
    """The versions of each regulation (revision notes, comparison tables); empty when unknown."""
    comparisons: Comparisons = field(default_factory=dict)
    """The comparisons the build made of each regulation's compared versions (``compare_versions``)."""
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    """The trial period of 试行 texts without ``trial_until`` (``extra.review``)."""
    _laid_out: dict[str, PrintRegulation] = field(default_factory=dict, repr=False)

    def status(self, reg_id: str) -> str:
        return self.statuses.get(reg_id) or self.collection.regulations[reg_id].meta.status

    def pending(self, reg_id: str) -> dt.date | None:
        """The date a revision already on record takes effect after the build date (this text then stops applying)."""
        hist = self.histories.get(reg_id)
        shown = self.collection.regulations[reg_id].meta.effective
        later = [info.effective for info in hist.pending if info.effective > shown] if hist else []
        return min(later) if later else None

    def printable(self, reg_id: str) -> PrintRegulation:
        """The layout of one regulation, made once however many documents print it."""
        doc = self._laid_out.get(reg_id)
        if doc is None:
            regulation = self.collection.regulations[reg_id]
            doc = self._laid_out[reg_id] = print_regulation(
                regulation, self.status(reg_id), self.today, self.site_url, self.pending(reg_id),
                notes=lambda text: citation_notes(self.collection, regulation, text), trial_end=trial_end(regulation, self.review),
            )
            successor = self.collection.regulations.get(regulation.meta.replaced_by or "")
            doc.successor = successor.meta.short_title if successor is not None else ""
        return doc


def all_jobs(source: PrintInput) -> list[Job]:
    jobs = [regulation_job(source, reg.id) for reg in source.collection.sorted()]
    jobs.append(handbook_job(source))
    jobs += [pack_job(source, pack) for pack in source.packs]
    return jobs


def regulation_job(source: PrintInput, reg_id: str) -> Job:
    doc = source.printable(reg_id)
    return Job(regulation_pdf(reg_id), regulation_html(doc, source.institution), doc.short_title)


def handbook_regulations(source: PrintInput) -> list[tuple[str, list[PrintRegulation]]]:
    """The institution's own regulations in force (试行 included), grouped by category in the site's reading order;
    laws kept for reference (``kind: 法律法规``) are not part of the institution's handbook."""
    groups: dict[str, list[PrintRegulation]] = defaultdict(list)
    in_force = [reg for reg in source.collection.regulations.values() if Status(source.status(reg.id)).in_force and not reg.is_law]
    for reg in sorted(in_force, key=lambda r: (pinyin_key(r.meta.category), pinyin_key(r.meta.title))):
        groups[reg.meta.category].append(source.printable(reg.id))
    return list(groups.items())


def handbook_job(source: PrintInput) -> Job:
    html = handbook_html(handbook_regulations(source), source.institution, source.today, source.site_url)
    return Job(HANDBOOK, html, "制度汇编")


def pack_job(source: PrintInput, pack: StudyPack) -> Job:
    entries = []
    for item in pack.items:
        doc = source.printable(item.regulation)
        if item.articles is None:
            entries.append({"whole": True, "doc": doc, "pending": pending_note(doc.pending_cn)})
            continue
        chosen = [doc.articles[key] for key in item.articles]
        shown: list[dict] = []
        context = ""
        for entry in chosen:  # repeat the chapter above an article only when it changes
            shown.append({**entry, "depth": 0, "context": entry["context"] if entry["context"] != context else ""})
            context = entry["context"]
        entries.append({"whole": False, "doc": doc, "articles": shown, "labels": "、".join(e["label"] for e in chosen), "pending": pending_note(doc.pending_cn)})
    changes = pack_changes(source, pack) if pack.changes_since else None
    return Job(pack.pdf, studypack_html(pack, entries, changes, source.institution), pack.title)


def pending_note(date_cn: str) -> str:
    """What a study pack says of a regulation whose revision is on record but not yet in force."""
    return f"该制度已修订，修订后的版本将于{date_cn}起施行。" if date_cn else ""


def pack_changes(source: PrintInput, pack: StudyPack) -> dict:
    """The comparison table (修订对照表) of each listed regulation whose text in force replaced, since the pack's
    date, the version then in force; notes for regulations made after that date."""
    since = pack.changes_since
    tables: list[dict] = []
    notes: list[str] = []
    if since is None:
        return {"tables": tables, "notes": notes}
    if not source.histories:
        notes.append("本次构建无法读取制度的修订历史，未生成修订对照表。")
        return {"tables": tables, "notes": notes}
    for item in pack.items:
        new = source.collection.regulations[item.regulation]
        hist = source.histories.get(item.regulation)
        infos = hist.infos if hist else []
        then = [info for info in infos if info.effective <= since]
        if not then:
            if infos and infos[0].effective > since:
                notes.append(f"本库所存《{new.meta.short_title}》最早的文本于{cn_date(infos[0].effective)}施行，没有{cn_date(since)}时的文本，未列出修订对照表。")
            continue
        old_info = then[-1]
        if old_info.effective >= new.meta.effective:
            continue
        old = old_info.regulation
        # The build compared every pair of a regulation with few versions, consecutive ones of a longer history: a
        # pack's date may fall on an older pair, compared here.
        made = source.comparisons.get(item.regulation, {}).get((old_info.effective, new.meta.effective))
        comparison = made if made is not None else compare(old, new)
        rows: list[dict] = []
        for row in comparison.rows:
            if row.kind == "unchanged" and row.renumbered:  # the same text under a new number: one line, not both texts
                if rows and rows[-1].get("moved"):
                    rows[-1]["moved"].append((row.old, row.new))
                else:
                    rows.append({"moved": [(row.old, row.new)]})
            elif row.kind != "unchanged":
                rows.append(_row(row))
        for entry in rows:
            if entry.get("moved"):
                entry["moved"] = moved_runs(entry["moved"])
        tables.append({
            "short_title": new.meta.short_title,
            "old_label": _version_label(old), "new_label": _version_label(new),
            "old_effective_cn": cn_date(old.meta.effective), "new_effective_cn": cn_date(new.meta.effective),
            "summary": comparison.summary, "rows": rows,
            "unchanged": sum(1 for row in comparison.rows if row.kind == "unchanged" and not row.renumbered),
        })
    return {"tables": tables, "notes": notes}


def moved_runs(pairs: list) -> list[str]:
    """原第N条 → 第M条 for each renumbered article, a run shifted alike as one range: 原第四条至第十九条 → 第五条至第二十条."""
    runs: list[list] = []
    for old, new in pairs:
        last = runs[-1][-1] if runs else None
        if (
            last is not None and old.key[1] == new.key[1] == last[0].key[1] == 0
            and old.key[0] == last[0].key[0] + 1 and new.key[0] == last[1].key[0] + 1
        ):
            runs[-1].append((old, new))
        else:
            runs.append([(old, new)])
    return [
        f"原{run[0][0].label} → {run[0][1].label}" if len(run) == 1
        else f"原{run[0][0].label}至{run[-1][0].label} → {run[0][1].label}至{run[-1][1].label}"
        for run in runs
    ]


def _version_label(regulation) -> str:
    meta = regulation.meta
    return f"{meta.version}（{cn_date(meta.effective)}施行）" if meta.version else f"{cn_date(meta.effective)}施行的版本"


def _lines(text: str) -> Markup:
    return Markup("<br>").join(escape(part) for part in text.split("\n"))


def _row(row) -> dict:
    old_html = new_html = Markup("")
    if row.kind == "modified" and row.segments:
        old_parts, new_parts = [], []
        for kind, text in row.segments:
            piece = _lines(text)
            if kind == "equal":
                old_parts.append(piece)
                new_parts.append(piece)
            elif kind == "delete":
                old_parts.append(Markup("<del>%s</del>") % piece)
            elif kind == "insert":
                new_parts.append(Markup("<ins>%s</ins>") % piece)
        old_html, new_html = Markup("").join(old_parts), Markup("").join(new_parts)
    else:
        old_html = _lines(row.old.text) if row.old is not None else Markup("")
        new_html = _lines(row.new.text) if row.new is not None else Markup("")
    return {
        "moved": [],
        "old_label": row.old.label if row.old is not None else "",
        "new_label": row.new.label if row.new is not None else "",
        "old_html": old_html, "new_html": new_html,
    }
