"""Versions of every regulation, read from git in one pass (SPEC §5).

Each distinct ``effective`` value in a file's history (renames followed) is one version; its text is the newest
state that has that value, the working tree (uncommitted edits included) being the newest state of all. The
history is every commit that reached HEAD, merged branches included (``LOG_ARGS``). It is read with one
``git log --raw`` for all files and one ``git cat-file --batch`` for the blobs, and the result is cached in ``.cache/zhidu/`` (keyed by HEAD; blob facts are content-addressed and kept across commits),
so a build never starts one process per file per commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zhidu.corpus.collection import Collection, is_secret, load_collection, regulation_files, relative
from zhidu.corpus.sources import read_file
from zhidu.domain.errors import Problem
from zhidu.domain.frontmatter import Scalar, read_front_matter
from zhidu.domain.schema import parse_date
from zhidu.domain.text import normalize_source

log = logging.getLogger("zhidu")

CACHE_FORMAT = 2
"""2: merged commits are followed (1 read the first-parent line only and must not be reused)."""
CACHE_FILE = "history.json"
WARN_SHALLOW = "提示：本仓库是浅克隆（git clone --depth），读不到完整的修订历史，各制度只显示工作区中的当前文本。需要历史版本时请运行 git fetch --unshallow 后重新构建。"
WARN_NO_GIT = "提示：没有找到 git 修订历史（不是 git 仓库或还没有提交），各制度只显示工作区中的当前文本，没有历史版本。"
_EFFECTIVE_RE = re.compile(r"^effective[ \t]*:[ \t]*['\"]?([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})['\"]?[ \t]*(?:#.*)?$", re.M)


@dataclass
class Version:
    """One version of one regulation: the newest text that carries one ``effective`` value."""

    reg_id: str
    effective: dt.date
    text: str
    """The file text of this version (newest commit with this effective, or the working tree)."""
    path: str
    """The file's path (relative to the project root) in that commit, e.g. ``regulations/xingzheng/kaoqin.md``."""
    commit: str | None
    """The commit that last changed this version's text; None when the text exists only in the working tree."""
    committed: dt.datetime | None


def effective_of(text: str) -> dt.date | None:
    """The ``effective`` date of a file text: a line match in the front-matter block (history has thousands of
    blobs), else the project's front-matter reader for unusual spellings (quotes, flow style…)."""
    text = normalize_source(text)
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    match = _EFFECTIVE_RE.search(text, 0, end if end > 0 else len(text))
    if match:
        year, month, day = (int(x) for x in match.group(1).split("-"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    value = read_front_matter(text, "").first.get("effective")
    return parse_date(value.text) if isinstance(value, Scalar) else None


def blob_sha(data: bytes) -> str:
    """Git's object id of a blob, so that a working-tree file can be matched to a commit without running git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class _State:
    """One committed state of a file: the commit that produced it and the blob it has."""

    commit: str
    committed: str
    path: str
    blob: str


@dataclass
class History:
    """The versions of every published regulation of one project."""

    root: Path
    institution: str = ""
    warnings: list[str] = field(default_factory=list)
    current_paths: dict[str, str] = field(default_factory=dict)
    """Regulation id → its path in the working tree."""
    unreadable: list[Problem] = field(default_factory=list)
    """Working-tree files refused before reading (see ``sources.read_file``)."""
    working_files: dict[str, bytes] = field(default_factory=dict)
    """Every regulation file of the working tree (path relative to root → bytes), secret ones included: read once
    here, so that nothing else reads them again."""
    _versions: dict[str, list[Version]] = field(default_factory=dict)

    def ids(self) -> list[str]:
        return sorted(self._versions)

    def versions(self, reg_id: str) -> list[Version]:
        """Ascending by effective; versions whose text carries ``secrecy`` are never included."""
        return list(self._versions.get(reg_id, []))

    def in_force(self, reg_id: str, on: dt.date) -> Version | None:
        current = None
        for version in self._versions.get(reg_id, []):
            if version.effective <= on:
                current = version
        return current

    def pending(self, reg_id: str, on: dt.date) -> list[Version]:
        """Versions that take effect after ``on`` (尚未生效), ascending."""
        return [v for v in self._versions.get(reg_id, []) if v.effective > on]

    def shown(self, reg_id: str, on: dt.date) -> Version | None:
        """The version on the regulation's main page: the one in force, or, when every version is still pending, the first of them."""
        return self.in_force(reg_id, on) or next(iter(self._versions.get(reg_id, [])), None)

    def texts_as_of(self, on: dt.date, fallback_to_pending: bool = False) -> dict[str, str]:
        """{working-tree path: text} of the versions in force on ``on`` (ids keep their current file name)."""
        texts: dict[str, str] = {}
        for reg_id in self.ids():
            version = self.shown(reg_id, on) if fallback_to_pending else self.in_force(reg_id, on)
            if version is not None:
                texts[self.current_paths[reg_id]] = version.text
        return texts

    def collection_as_of(self, on: dt.date, institution: str = "") -> Collection:
        """The collection of the versions in force on that date (regulations not yet in force then are left out)."""
        return load_collection(self.root / "regulations", self.root, institution or self.institution, texts=self.texts_as_of(on))


# --- git -------------------------------------------------------------------------------------------------------


class _NoHistory(Exception):
    def __init__(self, warning: str):
        self.warning = warning


def _git(root: Path, *args: str, input_bytes: bytes | None = None) -> bytes:
    """Run git and return its output. Input goes through a temporary file and stderr is dropped, so that the output
    (tens of megabytes for ``cat-file``) is read in one go rather than through a select loop over three pipes."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    with tempfile.TemporaryFile() as stdin:
        if input_bytes is not None:
            stdin.write(input_bytes)
            stdin.seek(0)
        try:
            result = subprocess.run(
                ["git", "-c", "core.quotepath=off", *args], cwd=root, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            )
        except FileNotFoundError:
            raise _NoHistory(WARN_NO_GIT) from None
    if result.returncode != 0:
        raise _NoHistory(WARN_NO_GIT)
    return result.stdout


def _head(root: Path) -> str:
    """HEAD's sha; raises _NoHistory for a plain folder, an empty repository or a shallow clone."""
    out = _git(root, "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD").decode().split()
    if len(out) < 2:
        raise _NoHistory(WARN_NO_GIT)
    if out[0] == "true":
        raise _NoHistory(WARN_SHALLOW)
    return out[1]


def _head_tree(root: Path) -> dict[str, str]:
    """{path relative to root: blob} of the Markdown files under regulations/ in HEAD."""
    out = _git(root, "ls-tree", "-r", "-z", "HEAD", "--", "regulations")  # paths relative to root, like the log's
    tree: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.decode("utf-8", "surrogateescape").partition("\t")
        kind, sha = meta.split()[1:3]
        if kind == "blob" and path.endswith(".md"):
            tree[path] = sha
    return tree


LOG_ARGS = (
    "log", "--topo-order", "--full-history", "--diff-merges=dense-combined",
    "--raw", "--no-abbrev", "-M", "-z", "--relative", "--format=%x01%H %cI", "HEAD", "--", "regulations",
)
"""Every commit that reached HEAD, merged branches included (``--full-history``: none is simplified away), newest
first in the order commits entered the history: ``--topo-order`` lists a merge, then the commits it brought in,
then the older commits of the line it was merged into. A merge shows a file only where its text differs from every
parent (``dense-combined``: a conflict resolved by hand), so a clean merge is never a state of its own."""


def _walk(root: Path, head_tree: dict[str, str]) -> dict[str, list[_State]]:
    """Every committed state of every file in HEAD, newest first, following renames; one ``git log`` for all."""
    out = _git(root, *LOG_ARGS)
    where: dict[str, str] = {path: _stem(path) for path in head_tree}
    lost: set[str] = set()
    states: dict[str, list[_State]] = {reg_id: [] for reg_id in where.values()}
    for chunk in out.decode("utf-8", "surrogateescape").split("\x01"):
        if not chunk:
            continue
        header, _, rest = chunk.partition("\0")
        commit, _, committed = header.strip().partition(" ")
        tokens = rest.lstrip("\n").split("\0")
        changes: list[tuple[str, str, list[str]]] = []
        index = 0
        while index < len(tokens):
            token = tokens[index].strip("\n")
            index += 1
            if not token.startswith(":"):
                continue
            # ":mode mode blob blob status" or, for a merge, "::mode mode mode blob blob blob statuses" (one path).
            fields = token.lstrip(":").split()
            status, blob = fields[-1], fields[-2]
            if token.startswith("::"):
                status = "A" if set(status) == {"A"} else "D" if set(status) == {"D"} else "M"
            count = 2 if status[0] in "RC" else 1
            changes.append((status[0], blob, tokens[index:index + count]))
            index += count
        deleted: list[str] = []
        for status, blob, paths in changes:
            if status == "D":
                deleted.append(paths[0])
                continue
            path = paths[-1]
            reg_id = where.get(path)
            if reg_id is None:
                continue
            states[reg_id].append(_State(commit, committed, path, blob))
            if status == "R":
                del where[path]
                where[paths[0]] = reg_id
            elif status in "AC":
                del where[path]
                lost.add(reg_id)
        for path in deleted:  # a move done as delete + add in two commits: pick the trail up again by the stem
            stem = _stem(path)
            if path not in where and stem in lost:
                where[path] = stem
                lost.discard(stem)
    return states


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def _cat_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """The contents of many blobs with one ``git cat-file --batch``."""
    if not shas:
        return {}
    out = _git(root, "cat-file", "--batch", input_bytes=("\n".join(shas) + "\n").encode())
    blobs: dict[str, bytes] = {}
    position = 0
    for sha in shas:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[sha] = out[position:position + size]
        position += size + 1
    return blobs


# --- loading ---------------------------------------------------------------------------------------------------


def _read_cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _write_cache(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:  # a read-only checkout still builds, only slower
        log.debug("history cache not written: %s", exc)


def _blob_facts(text: str) -> list:
    """[effective or None, secret]: what the history needs to know of a blob, cacheable by its sha."""
    effective = effective_of(text)
    return [effective.isoformat() if effective else None, is_secret(text)]


def _committed_states(root: Path, cache_path: Path | None) -> tuple[dict[str, list[_State]], dict[str, list], dict[str, bytes]]:
    """(states per id newest first, blob facts, blobs read on the way), from the cache when HEAD has not moved."""
    head = _head(root)
    cache = _read_cache(cache_path) if cache_path else {}
    facts: dict[str, list] = cache.get("blobs", {})
    if cache.get("head") == head:
        states = {reg_id: [_State(*s) for s in items] for reg_id, items in cache["states"].items()}
        return states, facts, {}
    states = _walk(root, _head_tree(root))
    missing = sorted({s.blob for items in states.values() for s in items} - facts.keys())
    blobs = _cat_blobs(root, missing)
    for sha, data in blobs.items():
        facts[sha] = _blob_facts(data.decode("utf-8", "replace"))
    used = {s.blob for items in states.values() for s in items}
    facts = {sha: value for sha, value in facts.items() if sha in used}
    if cache_path:
        _write_cache(cache_path, {
            "format": CACHE_FORMAT, "head": head, "blobs": facts,
            "states": {reg_id: [[s.commit, s.committed, s.path, s.blob] for s in items] for reg_id, items in states.items()},
        })
    return states, facts, blobs


def load_history(root: Path, institution: str = "", cache_dir: Path | None = None) -> History:
    """The versions of every regulation in ``root/regulations`` (secret files and secret versions left out)."""
    root = Path(root)
    history = History(root=root, institution=institution)
    working: dict[str, tuple[str, bytes]] = {}
    for file in regulation_files(root / "regulations"):
        rel, data, problem = read_file(file, root, relative)
        if data is None:  # a link out of the project, a file over the size limit: never read, never published
            if problem is not None:
                history.unreadable.append(problem)
            continue
        history.working_files[rel] = data
        working.setdefault(_stem(rel), (rel, data))
    try:
        states, facts, blobs = _committed_states(root, cache_dir / CACHE_FILE if cache_dir else None)
    except _NoHistory as exc:
        history.warnings.append(exc.warning)
        states, facts, blobs = {}, {}, {}
    chosen: dict[str, list[tuple[dt.date, _State | None, str | None]]] = {}
    for reg_id, (rel, data) in sorted(working.items()):
        text = data.decode("utf-8", "replace")
        if is_secret(text):
            continue  # secret now: no version of it is published at all
        history.current_paths[reg_id] = rel
        picked: dict[dt.date, tuple[_State | None, str | None]] = {}
        effective = effective_of(text)
        committed = states.get(reg_id, [])
        if effective is not None:
            same = committed[0] if committed and committed[0].blob == blob_sha(data) else None
            picked[effective] = (same, text)
        for state in committed:  # newest first: the first state with an effective is that version's text
            eff_text, secret = facts.get(state.blob, [None, False])
            date = dt.date.fromisoformat(eff_text) if eff_text else None
            if date is None or date in picked:
                continue
            picked[date] = (None, None) if secret else (state, None)
        chosen[reg_id] = [(date, state, text) for date, (state, text) in picked.items() if state is not None or text is not None]
    need = sorted({state.blob for items in chosen.values() for _, state, text in items if text is None and state is not None} - blobs.keys())
    try:
        blobs.update(_cat_blobs(root, need) if need else {})
    except _NoHistory:
        pass
    for reg_id, items in chosen.items():
        versions: list[Version] = []
        for date, found, known in sorted(items, key=lambda item: item[0]):
            if known is None:
                data = blobs.get(found.blob) if found else None
                if data is None:
                    continue
                known = data.decode("utf-8", "replace")
                if is_secret(known):
                    continue
            versions.append(Version(
                reg_id, date, known,
                found.path if found else history.current_paths[reg_id],
                found.commit if found else None,
                dt.datetime.fromisoformat(found.committed) if found else None,
            ))
        history._versions[reg_id] = versions
    return history
