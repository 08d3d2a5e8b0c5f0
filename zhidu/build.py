"""One build of the site as plain Python: load, validate, plan pages, write the shared dictionary.

The MkDocs hooks call this; a future generator without hooks can call it the same way.

Features (versions, printing, …) plug in through ``FEATURES``: each is a module with two optional functions,
``prepare(build: BuildState)`` — runs after the collection is loaded and validated, before pages are planned
(it may replace ``build.collection`` and set ``build.contexts``) — and ``extend(build: BuildState)`` — runs after
planning (it may add pages, markers, assets and post-build steps to ``build.result``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .collection import Collection, load_collection
from .dictionary import jieba_user_dictionary, terms
from .errors import Severity
from .guide import INSTITUTION_MARKER, SCHEMA_MARKER, schema_reference
from .pages import PageContext
from .site import HOME_MARKER, SitePlan, plan_site

CACHE_DIR = ".cache/zhidu"

FEATURES: list[str] = [
    # Modules of this package, in order; each may define prepare(build) and extend(build).
    "versions",  # first: it replaces the collection by the texts in force on the build date
    "browser_search",
    "printing",  # keep after "versions": it prints the text in force that "versions" selects
]


def build_date() -> dt.date:
    """Today, or ``ZHIDU_TODAY`` (YYYY-MM-DD) so that a build can be reproduced as of a given day."""
    value = os.environ.get("ZHIDU_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


@dataclass
class BuildResult:
    collection: Collection
    plan: SitePlan
    today: dt.date
    dictionary_path: Path | None = None
    assets: dict[str, Path] = field(default_factory=dict)
    """Extra files to publish (source path in the site → file on disk)."""
    markers: dict[str, str] = field(default_factory=dict)
    """Marker comment → Markdown, replaced in hand-written pages."""
    post_build_steps: list[Callable[[Path], list[str] | None]] = field(default_factory=list)
    """Callables ``(site_dir) -> lines to log`` run after MkDocs wrote the site (PDFs, reports)."""
    report: list[str] = field(default_factory=list)
    """Extra lines for the build log."""
    secret_paths: list[str] = field(default_factory=list)
    """Files left out for secrecy, as found on disk (features may swap the collection for another version's)."""

    def report_lines(self) -> list[str]:
        lines = [f"已跳过涉密文件：{path}" for path in self.secret_paths]
        lines += [p.format() for p in self.collection.problems if p.severity is Severity.WARNING]
        if self.collection.unresolved:
            lines.append(f"以下 {len(self.collection.unresolved)} 个《》引用在本库中没有对应制度，按普通文字显示（不是错误）：")
            for title, users in sorted(self.collection.unresolved.items()):
                lines.append(f"  《{title}》，见于：{'、'.join(users[:5])}{' 等' if len(users) > 5 else ''}")
        return lines + self.report

    def fill_markers(self, src_uri: str, markdown: str) -> str:
        for marker, content in self.markers.items():
            if marker in markdown:
                markdown = markdown.replace(marker, content)
        return markdown

    def post_build(self, site_dir: Path) -> list[str]:
        lines: list[str] = []
        for step in self.post_build_steps:
            lines += step(site_dir) or []
        return lines


@dataclass
class BuildState:
    """What features see and change during one build."""

    root: Path
    institution: str
    today: dt.date
    collection: Collection
    contexts: dict[str, PageContext] = field(default_factory=dict)
    """Regulation id → context of its in-force page (banners, toolbar links); features fill it in ``prepare``."""
    result: BuildResult | None = None
    serving: bool = False
    """True under ``mkdocs serve``: slow outputs (PDFs) are skipped or deferred so that edits show at once."""

    @property
    def regulations_dir(self) -> Path:
        return self.root / "regulations"

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR


@dataclass
class SiteBuild:
    root: Path
    institution: str = ""
    features: list[str] | None = None
    serving: bool = False

    def run(self) -> BuildResult:
        collection = load_collection(self.root / "regulations", self.root, self.institution)
        collection.raise_for_errors()
        state = BuildState(self.root, self.institution, build_date(), collection, serving=self.serving)
        modules = [importlib.import_module(f"zhidu.{name}") for name in (self.features if self.features is not None else FEATURES)]
        for module in modules:
            if hasattr(module, "prepare"):
                module.prepare(state)
        plan = plan_site(state.collection, state.contexts)
        result = BuildResult(state.collection, plan, state.today, secret_paths=list(collection.secret_paths))
        result.markers[HOME_MARKER] = plan.home
        result.markers[SCHEMA_MARKER] = schema_reference(self.institution)
        result.markers[INSTITUTION_MARKER] = self.institution or "本院"
        state.result = result
        for module in modules:
            if hasattr(module, "extend"):
                module.extend(state)
        result.dictionary_path = write_dictionary(state.cache_dir, state.collection)
        return result


def write_dictionary(cache_dir: Path, collection: Collection) -> Path:
    """Write the shared segmentation dictionary (only when it changed, atomically) and return its path."""
    path = cache_dir / "userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    content = jieba_user_dictionary(terms(collection))
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(path)
    return path
