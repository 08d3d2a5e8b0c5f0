"""One build of the site as plain Python: load the corpus, let the features prepare, plan pages, let them extend.

The MkDocs hooks call this; a future generator without hooks can call it the same way. The features of a normal
build are listed once, in ``default_features``; each implements ``zhidu.build.feature.Feature``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.build.feature import BuildResult, BuildState, Feature
from zhidu.build.features.health import HealthCheck
from zhidu.build.features.printing import Printing
from zhidu.build.features.quiz import SelfTest
from zhidu.build.features.roles import RoleLists
from zhidu.build.features.superior import SuperiorLawNotices
from zhidu.build.features.versions import VersionPages
from zhidu.build.features.websearch import WebSearch
from zhidu.corpus.collection import Collection
from zhidu.corpus.config import SiteConfig, build_date
from zhidu.corpus.dictionary import jieba_user_dictionary, terms
from zhidu.corpus.load import load_corpus
from zhidu.corpus.parsecache import ParseCache
from zhidu.domain.errors import ValidationFailed
from zhidu.render.guide import ENVIRONMENT_MARKER, INSTITUTION_MARKER, SCHEMA_MARKER, environment_reference, schema_reference
from zhidu.render.plan import HOME_MARKER, plan_site


def default_features() -> list[Feature]:
    """The features of a normal build, in order (printing reads the page contexts versions filled; the notice of a
    revised superior law goes under the version banner)."""
    return [VersionPages(), SuperiorLawNotices(), WebSearch(), Printing(), HealthCheck(), RoleLists(), SelfTest()]


@dataclass
class SiteBuild:
    config: SiteConfig
    features: list[Feature] = field(default_factory=default_features)
    serving: bool = False
    parse_cache: ParseCache | None = None
    """Parsed texts by content; a long-lived process (``mkdocs serve``) passes the same one to every build."""
    previous: Collection | None = None
    """The previous build's collection in a long-lived process: the citations it found are reused."""

    def run(self) -> BuildResult:
        cache = self.parse_cache or ParseCache(self.config.cache_dir)
        corpus = load_corpus(self.config.root, self.config.institution, build_date(), cache, self.config.cache_dir, known=self.previous)
        if corpus.working.errors:
            raise ValidationFailed(corpus.working.problems)
        cache.save()
        state = BuildState(self.config, corpus.today, corpus, serving=self.serving)
        for reg_id in corpus.collection.regulations:
            state.context(reg_id)
        for feature in self.features:
            feature.prepare(state)
        plan = plan_site(state.collection, state.contexts)
        result = BuildResult(state.collection, plan, state.today, secret_paths=list(corpus.working.secret_paths), report=list(corpus.report))
        result.markers[HOME_MARKER] = plan.home
        result.markers[SCHEMA_MARKER] = schema_reference(self.config.institution)
        result.markers[INSTITUTION_MARKER] = self.config.institution or "本院"
        result.markers[ENVIRONMENT_MARKER] = environment_reference()
        for feature in self.features:
            feature.extend(state, result)
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
