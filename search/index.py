"""Build and update the article-level Whoosh index from the domain core (versions from git, parsed by zhidu).

One Whoosh document per article of every published version, plus one per version for text outside articles.
Each version knows the dates it applies (``start`` ≤ day < ``end``) and the documents that hold it (``docmap``),
so ``--as-of`` and the default "in force today" are filters over versions, not separate indexes. An update re-indexes only versions whose text changed, and
those whose segmentation changes because the dictionary gained or lost a word they contain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from search import documents, legal, ranking, store, whoosh_internals
from search.analysis import ANALYZER_VERSION, ChineseAnalyzer, configure, normalize
from search.asked import BUILTIN as BUILTIN_ASKED
from search.asked import AskedError, AskedTable
from search.asked import builtin as builtin_asked
from search.asked import load as load_asked
from search.thesaurus import SYNONYMS_FILE, SynonymsError, Thesaurus, builtin, load
from zhidu.domain.model import Regulation

log = logging.getLogger("zhidu.search")

OPEN_END = 99991231
"""``end`` of a version that nothing has replaced yet."""


def schema():
    from whoosh.columns import RefBytesColumn
    from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema

    analyzer = ChineseAnalyzer()
    # What filters need (dates, status, category…) lives once per version in versions.json, with the document
    # numbers of each version (docmap.json); indexing it as terms of every article would cost a third of the
    # indexing time, and reading it per document would cost a cold query a third of its half second.
    return Schema(
        reg=ID,
        vkey=COLUMN(RefBytesColumn()),
        # Title, short title, aliases, tags, version label, document number and the article's chapter.
        head=TEXT(analyzer=analyzer, phrase=False, field_boost=ranking.HEAD_BOOST),
        text=TEXT(analyzer=analyzer, phrase=False),
        # One stored tuple per document (see Packer): a dict of many stored fields repeats their names 60,000 times.
        data=STORED,
    )


@dataclass
class Project:
    """A project to index: its root, where its index lives, and how to talk to the person running the command."""

    root: Path
    location: Path
    say: Callable[[str], None] = lambda line: None
    strict_synonyms: bool = False
    """Raise on errors in regulations/synonyms.yml (``index``) instead of warning and using the built-in list (``query``)."""

    @property
    def regulations(self) -> Path:
        return self.root / "regulations"

    def foreign(self, meta: dict) -> Path | None:
        """The other project an index outside this project's folder was built for (its ``root`` in the index's
        meta), or None. An index inside the project's folder moves with it, so it is never foreign."""
        built_for = meta.get("root")
        here = self.root.resolve()
        if not built_for or Path(built_for) == here or self.location.resolve().is_relative_to(here):
            return None
        return Path(built_for)


@dataclass
class VersionText:
    key: str
    reg_id: str
    path: str
    text: str
    effective: dt.date
    end: dt.date | None
    first: bool

    @property
    def digest(self) -> str:
        return hashlib.sha1(f"{self.path}\0{self.text}".encode()).hexdigest()


@dataclass
class UpdateReport:
    full: bool
    added: int = 0
    removed: int = 0
    documents: int = 0
    regulations: int = 0
    problems: list[str] = field(default_factory=list)


def _git_head(root: Path) -> str:
    """HEAD's commit read from .git without running git (a query must stay fast)."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        path = git / ref
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
        packed = (git / "packed-refs").read_text(encoding="utf-8")
        return next((line.split()[0] for line in packed.splitlines() if line.endswith(" " + ref)), head)
    except OSError:
        return ""


def fingerprint(root: Path) -> str:
    """A digest of everything the index depends on, from file metadata only: cheap enough for every query."""
    digest = hashlib.sha1(f"{store.FORMAT}/{ANALYZER_VERSION}\n".encode())
    entries: list[str] = []
    folder = root / "regulations"
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            entries.append(f"{os.path.relpath(path, folder)}\0{info.st_size}\0{info.st_mtime_ns}")
    for name in ("mkdocs.yml",):
        try:
            info = os.stat(root / name)
            entries.append(f"/{name}\0{info.st_size}\0{info.st_mtime_ns}")
        except OSError:
            pass
    try:
        info = os.stat(BUILTIN_ASKED)  # the built-in question log (search.asked) changes with an upgrade
        entries.append(f"//asked\0{info.st_size}\0{info.st_mtime_ns}")
    except OSError:
        pass
    entries.sort()
    entries.append("HEAD " + _git_head(root))
    digest.update("\n".join(entries).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def site_settings(root: Path) -> tuple[str, str]:
    """(institution, site_url) from mkdocs.yml."""
    from zhidu.corpus.config import ConfigError, read_site_config

    try:
        config = read_site_config(root)
    except ConfigError:
        return "", ""
    return config.institution, config.site_url


def _versions(root: Path, institution: str) -> tuple[list[VersionText], list[str]]:
    """Every published version of every regulation, with the dates it applies; plus the history's warnings."""
    from zhidu.corpus.history import load_history

    history = load_history(root, institution, root / ".cache" / "zhidu")
    result: list[VersionText] = []
    for reg_id in history.ids():
        versions = history.versions(reg_id)
        path = history.current_paths[reg_id]
        for index, version in enumerate(versions):
            end = versions[index + 1].effective if index + 1 < len(versions) else None
            result.append(VersionText(f"{reg_id}@{version.effective.isoformat()}", reg_id, path, version.text, version.effective, end, index == 0))
    result.sort(key=lambda v: documents.version_order(v.reg_id, v.effective))  # one order for both indexes
    return result, list(history.warnings)


def _parse(versions: list[VersionText], institution: str, parse) -> tuple[dict[str, Regulation], list[str]]:
    """Parse versions with the core's parser, through the parse cache the site build shares (same paths, same keys)."""
    parsed: dict[str, Regulation] = {}
    problems: list[str] = []
    for version in versions:
        regulation, found = parse(version.text, version.path, institution, version.reg_id)
        if regulation is None:
            errors = [p.format() for p in found if p.is_error]
            problems.append((errors[0] if errors else f"{version.path}: 错误：无法解析。") + f"（{version.effective.isoformat()} 施行的版本未编入搜索索引）")
            continue
        parsed[version.key] = regulation
    return parsed, problems


def _day(date: dt.date | None, default: int) -> int:
    return int(date.strftime("%Y%m%d")) if date else default


class Packer:
    """Stored text compressed with zlib and a preset dictionary of typical legal text.

    Articles are short (a few hundred characters), too short for zlib to find repeats on its own; a 32 KB
    dictionary sampled from the corpus brings them to about a third of their UTF-8 size, which keeps the whole
    index under twice the size of the corpus. The dictionary is made by a full build and kept by updates.
    """

    SIZE = 32 * 1024

    def __init__(self, zdict: bytes):
        self.zdict = zdict

    @classmethod
    def sample(cls, texts: list[str]) -> Packer:
        data = "".join(texts).encode("utf-16-le")
        if len(data) <= cls.SIZE:
            return cls(data)
        step = len(data) // (cls.SIZE // 256)
        return cls(b"".join(data[i - i % 2:i - i % 2 + 256] for i in range(0, len(data), step))[: cls.SIZE])

    def pack(self, text: str) -> bytes:
        if not hasattr(self, "_primed"):
            import zlib

            # Copying a compressor primed with the dictionary is twice as fast as priming one per article.
            self._primed = zlib.compressobj(6, zdict=self.zdict)
        compressor = self._primed.copy()
        return compressor.compress(text.encode("utf-16-le")) + compressor.flush()

    def unpack(self, data: bytes) -> str:
        import zlib

        decompressor = zlib.decompressobj(zdict=self.zdict)
        return (decompressor.decompress(data) + decompressor.flush()).decode("utf-16-le")


def _documents(version: VersionText, regulation, packer: Packer, asked: AskedTable) -> list[dict]:
    """The Whoosh documents of one version: ``search.documents.documents``, the definition the search box shares."""
    common = {"vkey": version.key.encode("utf-8"), "reg": regulation.id}
    docs: list[dict] = []
    for doc in documents.documents(regulation, asked):
        fields = {**common, "head": doc.head, "text": documents.indexed_text(doc),
                  "data": (version.key, doc.article, doc.anchor, doc.line, doc.chapter, packer.pack(doc.text))}
        if doc.outside:
            # Preambles, tables and attachments are long and seldom what is sought: they count less.
            fields["_boost"] = ranking.OUTSIDE_BOOST
        docs.append(fields)
    return docs


def _thesaurus(project: Project, report: UpdateReport) -> Thesaurus:
    try:
        return load(project.regulations)
    except SynonymsError as exc:
        if project.strict_synonyms:
            raise
        report.problems.append(f"{exc}（本次检索只使用内置同义词表）")
        return builtin()


def _asked(project: Project, report: UpdateReport) -> AskedTable:
    try:
        return load_asked(project.regulations)
    except AskedError as exc:
        if project.strict_synonyms:
            raise
        report.problems.append(f"{exc}（本次检索只使用内置问法）")
        return builtin_asked()


def update(project: Project, force: bool = False, reason: str | None = None) -> UpdateReport:
    """Bring the index up to date (or rebuild it with ``force``, saying ``reason`` instead of the usual line);
    holds the index lock while it works."""
    with store.locked(project.location):
        return _update_locked(project, force, reason)


def _update_locked(project: Project, force: bool, reason: str | None = None) -> UpdateReport:
    location = project.location
    announced = bool(reason)
    if reason:
        project.say(reason)
    fp = fingerprint(project.root)
    current = store.current_generation(location)
    meta: dict | None = None
    manifest: dict | None = None
    if current is not None and not force:
        try:
            meta = store.read_meta(current)
            if meta.get("fingerprint") == fp:
                return UpdateReport(full=False, documents=meta.get("documents", 0), regulations=meta.get("regulations", 0))
            manifest = store.read_json(current / store.MANIFEST)
        except store.IndexUnusable:
            if not announced:
                project.say("搜索索引已损坏或由不兼容的版本建立，正在重新建立索引……")
            meta = manifest = None
            announced = True
    institution, site_url = site_settings(project.root)
    report = UpdateReport(full=True)
    thesaurus = _thesaurus(project, report)
    asked = _asked(project, report)
    versions, warnings = _versions(project.root, institution)
    report.problems[:0] = warnings
    by_key = {v.key: v for v in versions}
    # Another institution or another question log changes every version's documents: index them all again.
    same = bool(meta) and meta.get("institution") == institution and meta.get("asked") == asked.digest()  # type: ignore[union-attr]
    old: dict[str, dict] = (manifest or {}).get("versions", {}) if same else {}
    removed = [k for k in old if k not in by_key]
    purge = any(_now_secret(project.regulations, old[k]["reg"]) for k in removed)
    incremental = bool(old) and not purge
    if purge:
        project.say("有制度已设为涉密，正在重建搜索索引以清除其内容……")
    elif not incremental and not announced:
        project.say("正在建立搜索索引……")
    changed = [v for v in versions if not incremental or old.get(v.key, {}).get("hash") != v.digest]
    from zhidu.corpus.parsecache import ParseCache

    parse = ParseCache(project.root / ".cache" / "zhidu")
    parsed, problems = _parse(changed, institution, parse)
    report.problems += problems
    entries = {k: old[k] for k in by_key if incremental and k in old and old[k].get("hash") == by_key[k].digest}
    for version in changed:
        regulation = parsed.get(version.key)
        if regulation is not None:
            front = regulation.meta
            entries[version.key] = {
                "hash": version.digest, "reg": version.reg_id, "terms": documents.regulation_terms(regulation), "names": regulation.names, "docs": 0,
                "title": front.title, "path": regulation.path, "eff": version.effective.isoformat(), "first": version.first,
                "version": front.version, "category": front.category, "department": front.department, "tags": front.tags,
                "start": _day(version.effective, 0), "end": _day(version.end, OPEN_END), "repealed": _day(front.repealed, 0),
                "status": front.status, "kind": front.kind,
            }
    lexicon = _lexicon(entries, thesaurus)
    affected: list[VersionText] = []
    if incremental:
        diff = sorted(_read_lexicon(current).symmetric_difference(lexicon)) if current else []
        if diff:
            keep = [by_key[k] for k in entries if k in old and by_key[k] not in changed]
            affected = [v for v in keep if any(w in v.text for w in diff)]
            more, more_problems = _parse(affected, institution, parse)
            parsed.update(more)
            report.problems += more_problems
    configure(lexicon)
    workspace = store.new_workspace(location)
    try:
        from whoosh import index as whoosh_index

        if incremental and current is not None:
            store.copy_generation(current, workspace)
            ix = whoosh_index.open_dir(str(workspace))
            packer = Packer((workspace / store.ZDICT).read_bytes())
        else:
            ix = whoosh_index.create_in(str(workspace), schema())
            packer = Packer.sample([v.text for v in sorted(changed, key=lambda v: v.key)])
            (workspace / store.ZDICT).write_bytes(packer.zdict)
        whoosh_internals.speed_up_writer()
        # A pool large enough to sort every posting in memory: spilling runs to disk pickles each posting twice.
        writer = ix.writer(limitmb=2048)
        try:
            if incremental:
                gone = {k.encode("utf-8") for k in [*removed, *(v.key for v in changed if v.key in old), *(v.key for v in affected)]}
                reader = writer.reader()
                for docnum, vkey in enumerate(reader.column_reader("vkey")):
                    if vkey in gone and not reader.is_deleted(docnum):
                        writer.delete_document(docnum)
            for version in [*changed, *affected]:
                regulation = parsed.get(version.key)
                if regulation is None:
                    entries.pop(version.key, None)
                    continue
                docs = _documents(version, regulation, packer, asked)
                entries[version.key]["docs"] = len(docs)
                for doc in docs:
                    writer.add_document(**doc)
                    report.added += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        report.removed = len(removed)
        report.full = not incremental
        report.documents = sum(e.get("docs", 0) for e in entries.values())
        report.regulations = len({e["reg"] for e in entries.values()})
        _write_side_files(workspace, entries, lexicon, thesaurus)
        _write_docmap(ix, workspace)
        store.write_json(workspace / store.META, {
            "format": store.FORMAT, "analyzer": ANALYZER_VERSION, "fingerprint": fp, "institution": institution, "asked": asked.digest(),
            "root": str(project.root.resolve()), "site_url": site_url, "built": dt.datetime.now().isoformat(timespec="seconds"),
            "documents": report.documents, "regulations": report.regulations, "problems": report.problems,
        })
        store.publish(location, workspace, keep_previous=not purge)
        parse.save(prune=False)  # an update parses only what changed: keep the build's other entries
    except BaseException:
        import shutil

        shutil.rmtree(workspace, ignore_errors=True)
        raise
    return report


def _now_secret(folder: Path, reg_id: str) -> bool:
    """Whether the file of a regulation that left the index still exists and is secret now (its text must be purged)."""
    from zhidu.corpus.collection import secrecy_of

    for path in folder.rglob(f"{reg_id}.md"):
        try:
            if secrecy_of(path.read_text(encoding="utf-8", errors="replace")):
                return True
        except OSError:
            continue
    return False


def _lexicon(entries: dict[str, dict], thesaurus: Thesaurus) -> set[str]:
    return documents.vocabulary((entry["terms"] for entry in entries.values()), thesaurus)


def _write_docmap(ix, workspace: Path) -> None:
    """Each version's document numbers as [first, last + 1) runs: a query's filter is a union of runs."""
    runs: dict[str, list[list[int]]] = {}
    with ix.reader() as reader:
        live = set(reader.all_doc_ids()) if reader.has_deletions() else None
        for docnum, vkey in enumerate(reader.column_reader("vkey")):
            if live is not None and docnum not in live:
                continue
            spans = runs.setdefault(vkey.decode("utf-8"), [])
            if spans and spans[-1][1] == docnum:
                spans[-1][1] = docnum + 1
            else:
                spans.append([docnum, docnum + 1])
    store.write_json(workspace / store.DOCMAP, runs)


def _read_lexicon(generation: Path) -> set[str]:
    try:
        lines = (generation / store.LEXICON).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise store.IndexUnusable(str(exc)) from exc
    return {line.split("\t", 1)[0] for line in lines if line}


def _write_side_files(workspace: Path, entries: dict[str, dict], lexicon: set[str], thesaurus: Thesaurus) -> None:
    """What queries read besides Whoosh: names for citation jumps, the lexicon (with parts) and the thesaurus."""
    from search.analysis import parts

    names: dict[str, list[str]] = {}
    for entry in entries.values():
        for name in entry["names"]:
            owners = names.setdefault(normalize(name), [])
            if entry["reg"] not in owners:
                owners.append(entry["reg"])
    names = legal.add_implicit_names(names, [(e["reg"], e["title"]) for e in entries.values()], normalize)
    store.write_json(workspace / store.MANIFEST, {"versions": entries})
    keep = ("reg", "title", "path", "eff", "first", "version", "category", "department", "tags", "start", "end", "repealed", "status", "kind")
    store.write_json(workspace / store.VERSIONS, {key: {k: entry[k] for k in keep} for key, entry in entries.items()})
    store.write_json(workspace / store.NAMES, names)
    store.write_json(workspace / store.THESAURUS, thesaurus.to_json())
    with open(workspace / store.LEXICON, "w", encoding="utf-8") as handle:
        for word in sorted(lexicon):
            handle.write(word + "\t" + " ".join(parts(word)) + "\n")


__all__ = ["Project", "UpdateReport", "update", "fingerprint", "schema", "SYNONYMS_FILE"]
