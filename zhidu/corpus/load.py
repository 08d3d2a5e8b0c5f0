"""The regulations of one project as one build sees them: every version parsed once, the texts shown on the day.

One pass: the history is read first (it reads each working-tree file once, and git once); every text — the
working tree's and each version's — is parsed once through the parse cache; the working tree is validated (what
``make check`` checks); each regulation's shown version is chosen on the build date (the one in force, or the first
pending one when none is yet); and the collection that every output reads (site pages, PDFs, the browser index,
the CLI index) is cross-linked once from those shown texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from zhidu.corpus.collection import Collection, Parse, build_collection, parse_sources
from zhidu.corpus.history import History, Version, load_history
from zhidu.corpus.sources import decode
from zhidu.corpus.timeline import Timeline
from zhidu.domain.compare import Comparison
from zhidu.domain.dates import cn_date
from zhidu.domain.errors import Problem
from zhidu.domain.model import Regulation
from zhidu.domain.parser import dated_problems, parse_regulation
from zhidu.domain.status import Status, displayed_status

ALL_PAIRS_UP_TO = 5
"""Regulations with at most this many versions get a comparison page for every pair, not only consecutive ones."""


@dataclass
class VersionInfo:
    """One published version with its parsed text and what it is on the build date."""

    version: Version
    regulation: Regulation
    status: Status
    """现行有效, 试行, 已废止 (the version on the main page), 尚未生效 (pending) or 已修订 (superseded)."""
    main: bool = False
    """True for the version shown on the regulation's main page."""

    @property
    def effective(self) -> dt.date:
        return self.version.effective


@dataclass
class RegulationHistory:
    """Every published version of one regulation, ascending by ``effective``."""

    reg_id: str
    infos: list[VersionInfo]

    @property
    def main(self) -> VersionInfo:
        return next(info for info in self.infos if info.main)

    @property
    def pending(self) -> list[VersionInfo]:
        return [info for info in self.infos if info.status is Status.PENDING]

    @property
    def compared_pairs(self) -> list[tuple[dt.date, dt.date]]:
        """(older, newer) effective dates of the versions the site compares: every pair when there are few
        versions, else consecutive ones."""
        dates = [info.effective for info in self.infos]
        if len(dates) <= ALL_PAIRS_UP_TO:
            return [(a, b) for i, a in enumerate(dates) for b in dates[i + 1:]]
        return list(zip(dates, dates[1:]))

    def successor(self, info: VersionInfo) -> VersionInfo | None:
        index = self.infos.index(info)
        return self.infos[index + 1] if index + 1 < len(self.infos) else None

    def predecessor(self, info: VersionInfo) -> VersionInfo | None:
        index = self.infos.index(info)
        return self.infos[index - 1] if index > 0 else None


@dataclass
class Corpus:
    """What one build knows of the regulations."""

    root: Path
    today: dt.date
    working: Collection
    """The working tree's texts, validated: what ``make check`` reports on."""
    collection: Collection
    """The texts shown on the build date, cross-linked: what every output reads."""
    history: History
    histories: dict[str, RegulationHistory] = field(default_factory=dict)
    """Regulation id → its versions; every shown regulation has one."""
    report: list[str] = field(default_factory=list)
    """Lines for the build log (history warnings, old texts that no longer parse)."""
    timeline: Timeline = field(init=False)
    """Citations resolved against the versions, and the one cache of comparisons of two texts of a regulation that
    every reader shares (version pages, 最近修订, study packs, dated citations, role lists)."""

    def __post_init__(self) -> None:
        self.timeline = Timeline(self.histories)  # the same dict, filled as the versions are read

    def status(self, reg_id: str) -> Status:
        """The status a reader sees for a regulation's main page."""
        return self.histories[reg_id].main.status


Pair = tuple[dt.date, dt.date]
"""(older effective, newer effective) of two versions of one regulation."""
Comparisons = Mapping[str, Mapping[Pair, Comparison]]
"""Regulation id → the comparisons the site shows (``RegulationHistory.compared_pairs``)."""


def compare_versions(corpus: Corpus) -> Comparisons:
    """The comparisons of every shown regulation's compared pairs, made once per build before any output reads them
    (version pages, history and 最近修订, study packs): read-only, so that no output depends on another's order."""
    timeline = corpus.timeline
    made: dict[str, Mapping[Pair, Comparison]] = {}
    for reg_id, hist in corpus.histories.items():
        if reg_id not in corpus.collection.regulations:
            continue
        by_date = {info.effective: info for info in hist.infos}
        made[reg_id] = MappingProxyType({(a, b): timeline.comparison(reg_id, by_date[a], by_date[b]) for a, b in hist.compared_pairs})
    return MappingProxyType(made)


def parse_history(history: History, institution: str, parse: Parse | None = None) -> dict[str, list[tuple[Version, Regulation | None, list[Problem]]]]:
    """Every version of every regulation of ``history``, parsed (through ``parse``, a cache in a build)."""
    parse = parse or parse_regulation
    parsed: dict[str, list[tuple[Version, Regulation | None, list[Problem]]]] = {}
    for reg_id in history.ids():
        path = history.current_paths[reg_id]  # messages about an old text point at the file as it is named now
        parsed[reg_id] = [(version, *parse(version.text, path, institution, reg_id)) for version in history.versions(reg_id)]
    return parsed


def load_corpus(
    root: Path, institution: str, today: dt.date, parse: Parse | None = None, cache_dir: Path | None = None, known: Collection | None = None,
) -> Corpus:
    """Read, parse, validate and cross-link the project's regulations for a build on ``today`` (see the module's doc).

    ``known`` is the collection of a previous build in the same process (``mkdocs serve``): citations it found are
    reused where the names are unchanged."""
    parse = parse or parse_regulation
    history = load_history(root, institution, cache_dir)
    sources: dict[str, str] = {}
    problems: list[Problem] = list(history.unreadable)
    for rel, data in history.working_files.items():
        text, problem = decode(data, rel)
        if problem is None:
            sources[rel] = text
        else:
            problems.append(problem)
    regulations, parse_problems, secret_paths = parse_sources(sources, institution, parse, today)
    working = build_collection(root, regulations, problems + parse_problems, secret_paths, known=known)
    corpus = Corpus(root, today, working, working, history, report=list(history.warnings))
    if working.errors:
        return corpus
    shown: dict[str, Regulation] = {}
    shown_problems: list[Problem] = []
    for reg_id, versions in parse_history(history, institution, parse).items():
        current = working.regulations.get(reg_id)
        if current is None:
            continue
        usable = [(version, regulation) for version, regulation, _ in versions if regulation is not None]
        for version, regulation, _ in versions:
            if regulation is None:
                path = history.current_paths[reg_id]
                corpus.report.append(f"{path}：git 历史中{cn_date(version.effective)}施行的版本有格式错误，未生成该版本的页面。")
        if not usable:
            continue
        infos = _version_infos(usable, today)
        corpus.histories[reg_id] = RegulationHistory(reg_id, infos)
        main = next(info for info in infos if info.main)
        shown[reg_id] = main.regulation
        if main.regulation is not current:
            shown_problems += [p for version, regulation, found in versions if regulation is main.regulation for p in found]
            shown_problems += dated_problems(main.regulation, today)
    for reg_id, regulation in working.regulations.items():  # published but without a usable history: as on disk
        if reg_id not in shown:
            shown[reg_id] = regulation
            version = Version(reg_id, regulation.meta.effective, sources[regulation.path], regulation.path, None, None)
            info = VersionInfo(version, regulation, _status_alone(regulation, today), main=True)
            corpus.histories[reg_id] = RegulationHistory(reg_id, [info])
    working.resolver = corpus.timeline
    replaced = {regulation.path for reg_id, regulation in shown.items() if regulation is not working.regulations[reg_id]}
    if not replaced:
        return corpus
    kept = [p for p in parse_problems if p.path not in replaced]
    corpus.collection = build_collection(root, shown, kept + shown_problems, secret_paths, known=working)
    corpus.collection.resolver = working.resolver
    # An old text may clash with today's files (a name two regulations now claim): said in the log, not fatal.
    corpus.report += [f"（按{cn_date(today)}施行的版本）{p.format()}" for p in corpus.collection.errors]
    return corpus


def _status_alone(regulation: Regulation, today: dt.date) -> Status:
    meta = regulation.meta
    return displayed_status(meta.status, meta.effective, today, None, meta.repealed)


def _version_infos(versions: list[tuple[Version, Regulation]], today: dt.date) -> list[VersionInfo]:
    """What each version is on ``today``; the main one is the latest in force, or the first pending one."""
    in_force = [index for index, (version, _) in enumerate(versions) if version.effective <= today]
    main = in_force[-1] if in_force else 0
    infos = []
    for index, (version, regulation) in enumerate(versions):
        following = versions[index + 1][0].effective if index + 1 < len(versions) else None
        meta = regulation.meta
        status = displayed_status(meta.status, version.effective, today, following, meta.repealed)
        infos.append(VersionInfo(version, regulation, status, main=index == main))
    return infos
