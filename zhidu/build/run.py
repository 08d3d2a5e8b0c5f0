"""One build of the site as plain Python: load the corpus, let the features prepare, plan pages, let them extend.

The MkDocs hooks call this; a future generator without hooks can call it the same way. The features of a normal
build are listed once, in ``default_features``; each implements ``zhidu.build.feature.Feature``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from zhidu.corpus.load import compare_versions, load_corpus
from zhidu.corpus.parsecache import ParseCache
from zhidu.domain.errors import ValidationFailed
from zhidu.render.guide import ENVIRONMENT_MARKER, INSTITUTION_MARKER, SCHEMA_MARKER, environment_reference, schema_reference
from zhidu.render.plan import HOME_MARKER, plan_site


def default_features() -> list[Feature]:
    """The features of a normal build, in their one declared order: the only order that shows is the order of what
    they add to one list (the notice of a revised superior law goes under the version banner; 最近修订 after the
    plan's own browse links). Nothing else one feature makes is read by another: what they share (the corpus, the
    comparisons) is made by the build before any of them runs."""
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
        state = BuildState(self.config, corpus.today, corpus, compare_versions(corpus), serving=self.serving)
        for reg_id in corpus.collection.regulations:
            state.context(reg_id)
        for feature in self.features:
            feature.prepare(state)
        plan = plan_site(state.collection, state.contexts, state.histories, state.today)
        result = BuildResult(state.collection, plan, state.today, secret_paths=list(corpus.working.secret_paths), report=list(corpus.report))
        result.markers[SCHEMA_MARKER] = schema_reference(self.config.institution)
        result.markers[INSTITUTION_MARKER] = self.config.institution or "本院"
        result.markers[ENVIRONMENT_MARKER] = environment_reference()
        for feature in self.features:
            feature.extend(state, result)
        result.markers[HOME_MARKER] = plan.home  # after the features: they add their links to plan.browse_links
        return result

