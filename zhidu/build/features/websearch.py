"""The ``websearch`` build feature: the search box's index, written as static shards beside the site.

The header's search box (Material's ``.md-search__input``) is answered by ``docs/javascripts/websearch.js`` from
the files ``search.web`` writes: the CLI's analysis (the site's dictionary, the thesaurus and
``regulations/synonyms.yml``) over every published version, read from the build's parsed model. Material's own
search plugin is not enabled: ``overrides/partials/header.html`` shows the box without it, and its form is renamed
in ``overrides/partials/search.html`` so that Material's search scripts never start.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import threading
import time
from pathlib import Path

from zhidu import urls
from zhidu.build.background import LatestOnly
from zhidu.build.feature import BuildResult, BuildState
from zhidu.domain.errors import ZhiduError

log = logging.getLogger("zhidu")
TERMS_CACHE = "websearch-terms.pickle"
"""Under the cache folder: the terms of every indexed text, so that the next build analyses only changed texts."""

class WebSearch:
    name = "websearch"

    def prepare(self, state: BuildState) -> None:
        pass

    def extend(self, state: BuildState, result: BuildResult) -> None:
        if state.serving:
            result.post_build_steps.append(lambda site_dir: self._in_background(state, site_dir))
        elif "fork" in multiprocessing.get_all_start_methods():
            worker = IndexWorker(state)  # writes while MkDocs renders the pages; the index is a third of a large build
            result.post_build_steps.append(worker.publish)
        else:
            result.post_build_steps.append(lambda site_dir: write_site_index(state, site_dir))

    def _in_background(self, state: BuildState, site_dir: Path) -> list[str]:
        """Under ``mkdocs serve``: the page reloads at once; the previous index answers until the new one replaces it."""
        BACKGROUND.start(lambda current: write_site_index(state, site_dir, publish=current))
        return ["站内搜索索引在后台更新，完成前搜索框使用上一次的索引。"]


BACKGROUND = LatestOnly("zhidu-websearch", "后台生成站内搜索索引失败", log)
"""Under ``mkdocs serve``: one counter for the whole process, so that an older build's index is never published
over a newer one's."""


def indexed_versions(state: BuildState) -> list:
    """Every published version of every regulation in the collection: main pages first, then other versions."""
    from search.web import IndexedVersion
    from zhidu.render.pages import page_path, version_path

    versions = []
    for regulation in state.collection.sorted():
        history = state.histories.get(regulation.id)
        infos = history.infos if history is not None else []
        for info in sorted(infos, key=lambda i: not i.main):
            shown = info.regulation
            src = page_path(shown.id) if info.main else version_path(shown.id, info.effective)
            versions.append(IndexedVersion(
                reg_id=shown.id, title=shown.title, names=shown.names,
                status=info.status.value, effective=info.effective.isoformat(), main=info.main,
                url=urls.url_of(src), regulation=shown,
            ))
    return versions


class IndexWorkerFailed(ZhiduError):
    pass


class IndexWorker:
    """The search box's index written by a forked process while the pages are rendered (a full build only).

    The child gets the parsed model as it is at fork time (copy-on-write: nothing is pickled) and writes into a
    staging folder of the cache; ``publish`` waits for it and swaps the folder into the built site. A fork is safe
    here: ``mkdocs build`` runs no other thread, and the child only writes files and sends one message back.
    """

    def __init__(self, state: BuildState):
        context = multiprocessing.get_context("fork")
        self.staging = state.cache_dir / "websearch-staging"  # one build per project at a time, like site/ itself
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.parent.mkdir(parents=True, exist_ok=True)
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(state, send), name="zhidu-websearch", daemon=True)
        self.process.start()
        send.close()

    def _run(self, state: BuildState, send) -> None:
        try:
            send.send(("ok", write_index_files(state, self.staging)))
        except BaseException as exc:  # reported by the parent in one line
            send.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            send.close()

    def publish(self, site_dir: Path) -> list[str]:
        try:
            kind, payload = self.receive.recv()
        except EOFError:
            kind, payload = "error", None
        finally:
            self.process.join()
            self.receive.close()
        if payload is None:  # the child ended without a word (killed, out of memory); its exit code is known once joined
            payload = f"进程意外退出（退出码 {self.process.exitcode}）"
        if kind != "ok":
            shutil.rmtree(self.staging, ignore_errors=True)
            raise IndexWorkerFailed(f"生成站内搜索索引失败：{payload}。请重新构建；如果仍然失败，请把这一行报告给技术人员。")
        swap_into_site(self.staging, site_dir)
        return payload


def write_index_files(state: BuildState, folder: Path) -> list[str]:
    """Write the search box's index into ``folder``; returns lines for the build log."""
    from search.asked import AskedError
    from search.asked import builtin as builtin_asked
    from search.asked import load as load_asked
    from search.documents import regulation_terms, vocabulary
    from search.thesaurus import SynonymsError, builtin, load
    from search.web import write_index

    lines: list[str] = []
    started = time.perf_counter()
    try:
        thesaurus = load(state.regulations_dir)
    except SynonymsError as exc:
        thesaurus = builtin()
        lines.append(f"{exc}（站内搜索只使用内置同义词表）")
    try:
        asked = load_asked(state.regulations_dir)
    except AskedError as exc:
        asked = builtin_asked()
        lines.append(f"{exc}（站内搜索只使用内置问法）")
    versions = indexed_versions(state)
    # The word list of every indexed version, as the CLI's index has it (search.documents decides, for both).
    lexicon = vocabulary((regulation_terms(v.regulation) for v in versions), thesaurus)
    sizes = write_index(folder, versions, thesaurus, lexicon, asked, cache_file=state.cache_dir / TERMS_CACHE)
    lines += unmatched_questions(asked, versions)
    lines.append(
        f"站内搜索索引：{sizes['documents']} 条（{sizes['versions']} 个版本），{sizes['total_bytes'] / 1048576:.1f} MB，"
        f"用时 {time.perf_counter() - started:.1f} 秒"
    )
    return lines


def unmatched_questions(asked, versions) -> list[str]:
    """A line for each article named in the institution's question log that no published version has."""
    from search.asked import unmatched_problems

    return [problem.format() for problem in unmatched_problems(asked, [v.regulation for v in versions])]


def swap_into_site(fresh: Path, site_dir: Path) -> None:
    """Put a written index in place of the site's (the old one answers until the rename) and drop Material's."""
    from search.web import FOLDER

    target, old = site_dir / FOLDER, site_dir / f".{FOLDER}.old-{os.getpid()}-{threading.get_ident()}"
    if target.exists():
        target.rename(old)
    shutil.move(str(fresh), str(target))
    shutil.rmtree(old, ignore_errors=True)


def write_site_index(state: BuildState, site_dir: Path, publish=lambda: True) -> list[str]:
    """Write the search box's index into the built site beside the old one, then swap it in (when ``publish()``
    still says so); returns lines for the build log."""
    from search.web import FOLDER

    fresh = site_dir / f".{FOLDER}.new-{os.getpid()}-{threading.get_ident()}"
    lines = write_index_files(state, fresh)
    if not publish():
        shutil.rmtree(fresh, ignore_errors=True)
        return []
    swap_into_site(fresh, site_dir)
    return lines
