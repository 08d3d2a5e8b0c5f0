"""The contract between one build and the features that add to it (versions, printing, the browser index…).

A build loads the corpus, then runs every feature's ``prepare`` (page contexts: banners, toolbar links), plans the
site, then runs every feature's ``extend`` (pages, markers, assets, post-build steps). What a feature reads and
writes is typed here; features never read each other's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from zhidu.corpus.collection import Collection
from zhidu.corpus.config import SiteConfig
from zhidu.corpus.load import Comparisons, Corpus, RegulationHistory
from zhidu.domain.errors import Severity
from zhidu.render.pages import PageContext
from zhidu.render.plan import SitePlan

PostBuildStep = Callable[[Path], "list[str] | None"]
"""Run after MkDocs wrote the site, with the site folder; returns lines for the build log."""


@dataclass
class BuildState:
    """What features read during one build (and the page contexts they fill in ``prepare``)."""

    config: SiteConfig
    today: dt.date
    corpus: Corpus
    comparisons: Comparisons = field(default_factory=dict)
    """The comparisons of each regulation's compared versions, made once by the build before any feature runs
    (``compare_versions``); read-only: version pages, 最近修订 and study packs all read the same ones."""
    contexts: dict[str, PageContext] = field(default_factory=dict)
    """Regulation id → context of its main page (banners, toolbar links)."""
    serving: bool = False
    """True under ``mkdocs serve``: slow outputs (PDFs) are deferred so that edits show at once."""

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def institution(self) -> str:
        return self.config.institution

    @property
    def collection(self) -> Collection:
        return self.corpus.collection

    @property
    def histories(self) -> dict[str, RegulationHistory]:
        return self.corpus.histories

    @property
    def regulations_dir(self) -> Path:
        return self.config.regulations_dir

    @property
    def cache_dir(self) -> Path:
        return self.config.cache_dir

    def context(self, reg_id: str) -> PageContext:
        """The page context of a regulation's main page, created on first use."""
        ctx = self.contexts.get(reg_id)
        if ctx is None:
            ctx = self.contexts[reg_id] = PageContext.for_regulation(reg_id, self.corpus.status(reg_id))
        return ctx


@dataclass
class BuildResult:
    """What one build hands to the site generator."""

    collection: Collection
    plan: SitePlan
    today: dt.date
    assets: dict[str, Path] = field(default_factory=dict)
    """Extra files to publish (source path in the site → file on disk)."""
    markers: dict[str, str] = field(default_factory=dict)
    """Marker comment → Markdown, replaced in hand-written pages."""
    post_build_steps: list[PostBuildStep] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    """Extra lines for the build log."""
    secret_paths: list[str] = field(default_factory=list)
    """Files left out for secrecy, as found on disk."""

    def report_lines(self) -> list[str]:
        lines = [f"已跳过涉密文件：{path}" for path in self.secret_paths]
        lines += [p.format() for p in self.collection.problems if p.severity is Severity.WARNING]
        if self.collection.unresolved:
            lines.append(f"以下 {len(self.collection.unresolved)} 个《》引用在本库中没有对应制度，按普通文字显示（不是错误）：")
            for title, users in sorted(self.collection.unresolved.items()):
                lines.append(f"  《{title}》，见于：{'、'.join(users[:5])}{' 等' if len(users) > 5 else ''}")
        if self.collection.unresolved_in_laws:
            lines.append(f"另有 {len(self.collection.unresolved_in_laws)} 个《》引用见于法律法规的条文，本库中没有对应文件，按普通文字显示。")
        return lines + self.report

    def fill_markers(self, markdown: str) -> str:
        for marker, content in self.markers.items():
            if marker in markdown:
                markdown = markdown.replace(marker, content)
        return markdown

    def post_build(self, site_dir: Path) -> list[str]:
        lines: list[str] = []
        for step in self.post_build_steps:
            lines += step(site_dir) or []
        return lines


class Feature(Protocol):
    """One part of the site that plugs into a build; both steps may do nothing."""

    name: str

    def prepare(self, state: BuildState) -> None:
        """Before the site is planned: fill page contexts (``state.context(reg_id)``)."""

    def extend(self, state: BuildState, result: BuildResult) -> None:
        """After the site is planned: add pages, markers, assets and post-build steps to ``result``."""
