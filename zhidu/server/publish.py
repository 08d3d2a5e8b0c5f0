"""The hooks and the operations of a publishing server: check a push, build a release, switch ``current``.

The workspace's ``mkdocs build --dirty`` keeps the site in ``state/site/`` from one push to the next and rewrites only
the pages a push changed (the page files of zhidu/render/preview.py's ``DirtyBuildPages``: byte for byte what a full
build makes). It runs a full build instead — ``state/site/`` emptied first — when anything but ``regulations/``
changed in the tree, when the zhidu installation, the installed packages, the ``ZHIDU_*`` settings or the date
differ from the last build's, after a failed or killed build, and for ``server rebuild``. Pages carry a placeholder
where the footer names the release; a release is a copy of ``state/site/`` into ``releases/.tmp-…`` with the
placeholder replaced by the commit and time (files equal to the previous release's are hard links to them),
completed with ``release.json``, renamed to ``releases/<commit>/`` and only then published by renaming a new symbolic
link over ``current`` (one ``rename``: nginx serves either the old release or the new one, never a mix). Builds hold ``state/build.lock``
(``fcntl.flock``) and always build what ``main`` points to when they get the lock, so the newest push wins.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from zhidu import urls
from zhidu.server.layout import BRANCH, Server, ServerError, logger

Say = Callable[[str], None]
ZERO = "0" * 40
MAIN_REF = f"refs/heads/{BRANCH}"
TMP_PREFIX = ".tmp-"
RELEASE_PLACEHOLDER = "@@zhidu-release-label@@"
"""What the pages of ``state/site/`` show where the footer names the release (``ZHIDU_RELEASE``); each release's copy
has the commit and time in its place."""
DIRTY_HOOK = re.compile(r"^DIRTY_BUILDS = True\b", re.M)
"""The line of hooks/zhidu_site.py that says it makes ``mkdocs build --dirty`` equal a full build."""
HOOK_FILE = Path("hooks") / "zhidu_site.py"
PDF_LATER = "稍后生成"
"""The words of the build's line for PDFs left for the next build (zhidu.printing.render.later_line)."""
INDEX_SECONDS = re.compile(r"站内搜索索引：.*用时 ([0-9.]+) 秒")
"""The search box's index in the build's report (zhidu/build/features/websearch.py), for the server log's timings."""
INSTALLATION_MODULES = ("zhidu", "search")
"""Whose source files (size and time) a build's fingerprint includes, besides every installed package's version (an
upgrade of MkDocs or Material changes its version): a change of any of them rebuilds everything."""


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for the project's commands: without the hook's GIT_* variables (they would point every git
    command at the bare repository) and with unbuffered Python, so that lines reach the pusher in order."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    return {**env, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1", **extra}


def git(*args: str, cwd: Path | None = None, env: dict | None = None, check: bool = True) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env if env is not None else clean_env(), capture_output=True, text=True)
    if check and result.returncode != 0:
        raise ServerError(f"git {' '.join(args[:2])} 失败：{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}")
    return result.stdout.strip()


def isolated(server: Server) -> list[str]:
    """The installation's Python, isolated (-I): the pushed tree may hold a ``zhidu/`` folder of its own, and
    ``python -m`` would otherwise import it from the current folder, so that a push could replace its own check."""
    return [server.python, "-I", "-u"]


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def short(commit: str) -> str:
    return commit[:12]


# ---------------------------------------------------------------------------------------------------------- status


def read_status(server: Server) -> dict:
    try:
        data = json.loads(server.status_file.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_status(server: Server, data: dict) -> None:
    tmp = server.status_file.with_name(f".status-{os.getpid()}.json")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, server.status_file)


def published_commit(server: Server) -> str | None:
    """The commit ``current`` shows, read from the release it points to."""
    try:
        return json.loads((server.current / urls.RELEASE_JSON).read_text(encoding="utf-8")).get("commit")
    except (OSError, ValueError, AttributeError):
        return None


def main_commit(server: Server) -> str | None:
    out = git("--git-dir", str(server.repo), "rev-parse", "-q", "--verify", f"{MAIN_REF}^{{commit}}", check=False)
    return out or None


def alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status_lines(server: Server) -> list[str]:
    data = read_status(server)
    lines = [f"仓库：{server.repo}", f"网站根目录：{server.current}"]
    current = published_commit(server)
    published = data.get("published") or {}
    if current:
        when = published.get("time", "") if published.get("commit") == current else ""
        target = os.readlink(server.current) if server.current.is_symlink() else ""
        lines.append(f"当前发布：{short(current)}" + (f"，发布于 {when}" if when else "") + (f"（{target}）" if target else ""))
    else:
        lines.append("当前发布：还没有发布过（推送 main 分支后自动发布）。")
    head = main_commit(server)
    if head and head != current:
        lines.append(f"main 分支最新提交：{short(head)}（尚未发布：见下面的失败原因，或正在构建）")
    building = data.get("building")
    if building:
        if alive(building.get("pid")):
            lines.append(f"正在构建：{short(building.get('commit', ''))}，开始于 {building.get('started', '')}")
        else:
            lines.append(f"上次构建被中断：{short(building.get('commit', ''))}（开始于 {building.get('started', '')}，进程已结束）；当前发布未受影响。")
    failure = data.get("last_failure")
    if failure:
        lines.append(f"上次失败：{short(failure.get('commit', ''))}，{failure.get('time', '')}：{failure.get('reason', '')}")
    else:
        lines.append("上次失败：无")
    kept = [entry.get("dir") for entry in data.get("history", []) if (server.releases / str(entry.get("dir"))).is_dir()]
    lines.append(f"保留的发布：{len(kept)} 个（最多 {server.keep} 个），可用 python -m zhidu server rollback 回退。")
    return lines


# ------------------------------------------------------------------------------------------------------ pre-receive


def read_updates(lines: Iterable[str]) -> list[tuple[str, str, str]]:
    updates = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3:
            updates.append((parts[0], parts[1], parts[2]))
    return updates


def pre_receive(server: Server, updates: list[tuple[str, str, str]], say: Say) -> int:
    """0 accepts the push; anything else refuses all of it (git's pre-receive contract)."""
    log = logger(server)
    for _old, new, ref in updates:
        if ref != MAIN_REF:
            say(f"已接收 {ref}（不是 {BRANCH} 分支：不检查，不发布）。")
            continue
        if new == ZERO:
            say(f"推送被拒绝：不能删除 {BRANCH} 分支（网站由它发布）。")
            log.info("拒绝删除 %s 分支", BRANCH)
            return 1
        code = check_commit(server, new, say)
        if code != 0:
            return code
    return 0


def check_commit(server: Server, commit: str, say: Say) -> int:
    """``make check`` on the pushed commit, in a throw-away checkout that borrows the repository's objects (the pushed
    ones are still in git's quarantine folder) so that the check reads the history as in a maintainer's clone."""
    log = logger(server)
    say(f"正在检查推送的 {BRANCH}（{short(commit)}），与 make check 相同……")
    server.check_cache.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="check-", dir=server.state) as tmp:
        work = Path(tmp) / "project"
        git("init", "-q", "-b", BRANCH, str(work))
        stores = [str(server.repo / "objects")]
        for name in ("GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"):
            value = os.environ.get(name)
            if value:
                stores.append(str((Path.cwd() / value).resolve()))
        (work / ".git" / "objects" / "info" / "alternates").write_text("\n".join(dict.fromkeys(stores)) + "\n", encoding="utf-8")
        git("update-ref", MAIN_REF, commit, cwd=work)
        git("reset", "-q", "--hard", commit, cwd=work)
        (work / ".cache").symlink_to(server.check_cache)
        checked_out = time.perf_counter()
        result = subprocess.run([*isolated(server), "-m", "zhidu", "check"], cwd=work, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = result.stdout.rstrip()
    if output:
        say(output)
    if result.returncode == 0:
        say(f"检查通过，接受推送（{short(commit)}）；接着构建并发布，请等推送命令结束。")
        log.info("推送 %s %s：检查通过（检出 %.2f 秒，检查 %.2f 秒）", BRANCH, short(commit), checked_out - clock, time.perf_counter() - checked_out)
        return 0
    errors = [line for line in output.splitlines() if line.strip()]
    if result.returncode == 1:
        say("推送被拒绝：制度文件有错误（见上面各行的文件名和行号）。请改正后重新提交并推送；网站仍是上一次发布的版本。")
    else:
        say(f"推送被拒绝：检查没有完成（退出码 {result.returncode}）。请把上面的信息交给管理员；网站仍是上一次发布的版本。")
    log.info("推送 %s %s：检查未通过，已拒绝：%s", BRANCH, short(commit), " / ".join(errors[-10:]))
    return 1


# ----------------------------------------------------------------------------------------------------- post-receive


def post_receive(server: Server, updates: list[tuple[str, str, str]], say: Say) -> int:
    if not any(ref == MAIN_REF and new != ZERO for _old, new, ref in updates):
        return 0
    return publish(server, say, reason="推送")


@contextmanager
def build_lock(server: Server, say: Say):
    server.state.mkdir(parents=True, exist_ok=True)
    with open(server.lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("另一次构建正在进行，等它结束后再构建最新的提交……")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def publish(server: Server, say: Say, reason: str, force: bool = False) -> int:
    """Build what ``main`` points to and publish it; 0 when ``current`` shows it afterwards."""
    log = logger(server)
    with build_lock(server, say):
        status = read_status(server)
        stale = status.get("building")
        if stale:  # the previous build died holding nothing but its record (killed, machine restarted)
            status["last_failure"] = {"commit": stale.get("commit", ""), "time": stale.get("started", ""), "reason": "构建被中断（进程已结束），当时的发布未受影响。"}
            status["building"] = None
            write_status(server, status)
        commit = main_commit(server)
        if commit is None:
            say(f"仓库中还没有 {BRANCH} 分支，没有可发布的内容。")
            return 1
        if not force and published_commit(server) == commit:
            say(f"{BRANCH} 的最新提交 {short(commit)} 已经发布，无需重新构建。")
            return 0
        for leftover in server.releases.glob(TMP_PREFIX + "*"):  # half-built releases of killed builds
            shutil.rmtree(leftover, ignore_errors=True)
        started = now()
        status["building"] = {"commit": commit, "started": started.isoformat(sep=" "), "pid": os.getpid()}
        write_status(server, status)
        log.info("开始构建 %s（%s）", short(commit), reason)
        say(f"开始构建 {short(commit)}……")
        try:
            folder, failure, later = build_release(server, commit, started, say, full=force, pdfs_later=True)
        except ServerError as exc:
            folder, failure, later = None, str(exc), False
        status = read_status(server)
        status["building"] = None
        if folder is None:
            status["last_failure"] = {"commit": commit, "time": now().isoformat(sep=" "), "reason": failure}
            write_status(server, status)
            log.info("构建失败 %s：%s", short(commit), failure)
            say(f"构建失败，网站没有改变（仍是 {short(published_commit(server) or '') or '上一次发布'}）：{failure}")
            say("改正后重新推送即可；管理员可运行 python -m zhidu server status 查看。")
            return 1
        switch(server, folder)
        entry = {"commit": commit, "dir": folder, "time": started.isoformat(sep=" ")}
        status["published"] = entry
        status["history"] = [e for e in status.get("history", []) if e.get("dir") != folder] + [entry]
        status["history"] = prune(server, status["history"])
        write_status(server, status)
        seconds = (now() - started).total_seconds()
        log.info("已发布 %s（%s，用时 %.0f 秒）%s", short(commit), reason, seconds, "，PDF 稍后" if later else "")
        say(f"已发布 {short(commit)}：网站现在显示这次推送的内容（构建用时 {seconds:.0f} 秒）。")
        if later:
            publish_pdfs(server, commit, started, folder, say)
        return 0


def publish_pdfs(server: Server, commit: str, started: dt.datetime, first: str, say: Say) -> None:
    """The second release of a push: the pages of the first (``first``, which lacks the PDFs whose content changed:
    ``ZHIDU_PDF_LATER``) with every PDF rendered; switched to like the first, which it replaces in the history."""
    log = logger(server)
    say("内容有变化的 PDF 正在生成，完成后自动再发布一次（在此之前这些 PDF 暂时无法下载）……")
    status = read_status(server)
    status["building"] = {"commit": commit, "started": now().isoformat(sep=" "), "pid": os.getpid()}
    write_status(server, status)
    try:
        folder, failure, _ = build_release(server, commit, started, say)
    except ServerError as exc:
        folder, failure = None, str(exc)
    status = read_status(server)
    status["building"] = None
    if folder is None:
        status["last_failure"] = {"commit": commit, "time": now().isoformat(sep=" "), "reason": f"PDF 没有生成（网页已发布）：{failure}"}
        write_status(server, status)
        log.info("PDF 生成失败 %s（网页已发布）：%s", short(commit), failure)
        say(f"PDF 生成失败：网页已发布，但内容有变化的 PDF 暂时无法下载：{failure}。可运行 python -m zhidu server rebuild 重试。")
        return
    switch(server, folder)
    entry = {"commit": commit, "dir": folder, "time": started.isoformat(sep=" ")}
    status["published"] = entry
    status["history"] = [e for e in status.get("history", []) if e.get("dir") not in (first, folder)] + [entry]
    status["history"] = prune(server, status["history"])  # the first release's folder goes: nothing names it
    write_status(server, status)
    log.info("已发布 %s 的全部 PDF（用时 %.0f 秒）", short(commit), (now() - started).total_seconds())
    say(f"PDF 已生成：{short(commit)} 的网页和全部 PDF 已发布。")


def installation_digest() -> str:
    """The installed code a build runs: the files of ``INSTALLATION_MODULES`` and every installed package's version."""
    digest = hashlib.sha256()
    for name in INSTALLATION_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for location in spec.submodule_search_locations:
            for path in sorted(Path(location).rglob("*")):
                if "__pycache__" in path.parts or not path.is_file():
                    continue
                info = path.stat()
                digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode("utf-8"))
    return digest.hexdigest()


def build_fingerprint(server: Server, commit: str, installation: str) -> dict:
    """What a dirty build may start from: equal fingerprints mean only regulations/ can differ between two builds."""
    tree = [line for line in git("ls-tree", commit, cwd=server.work).splitlines() if not line.endswith("\tregulations")]
    settings = {key: value for key, value in os.environ.items() if key.startswith("ZHIDU_") and key not in ("ZHIDU_RELEASE", "ZHIDU_PDF_LATER")}
    return {"date": dt.date.today().isoformat(), "settings": settings, "python": server.python, "installation": installation, "tree": tree}


def read_fingerprint(server: Server) -> dict | None:
    try:
        data = json.loads(server.build_fingerprint.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def build_release(server: Server, commit: str, started: dt.datetime, say: Say, full: bool = False,
                  pdfs_later: bool = False) -> tuple[str | None, str, bool]:
    """Build ``commit`` into a new folder under releases/; (its name, "", whether PDFs were left for a later build) or
    (None, why it failed, False). With ``pdfs_later`` PDFs not in the cache are not rendered (``ZHIDU_PDF_LATER``)."""
    log = logger(server)
    work = server.work
    clock = time.perf_counter()
    if not (work / ".git").is_dir():
        if work.exists():
            shutil.rmtree(work)
        git("clone", "-q", "--no-checkout", str(server.repo), str(work))
    git("fetch", "-q", "--force", "origin", f"+{MAIN_REF}:refs/remotes/origin/{BRANCH}", cwd=work)
    git("checkout", "-q", "-f", "-B", BRANCH, commit, cwd=work)
    # Untracked files go; the caches stay (.cache/: parse, history, PDF caches and the dirty build's page files), also
    # when the pushed tree has no .gitignore that names them.
    git("clean", "-q", "-f", "-d", "-e", "/.cache/", cwd=work)
    server.releases.mkdir(parents=True, exist_ok=True)
    installation = installation_digest()
    incremental = hook_builds_dirty(work)
    if not incremental:
        say(f"项目的 {HOOK_FILE} 是旧版本，不支持增量构建：每次完整构建。请把 zhidu 的 hooks/ 文件夹更新到仓库中。")
        log.info("%s 是旧版本，不支持增量构建：完整构建 %s", HOOK_FILE, short(commit))
    seconds = {"检出": time.perf_counter() - clock}
    for attempt in range(2):  # a second, full build only when the date changed during the first
        fingerprint = build_fingerprint(server, commit, installation)
        dirty = incremental and not full and attempt == 0 and read_fingerprint(server) == fingerprint and server.build_site.is_dir()
        server.build_fingerprint.unlink(missing_ok=True)  # until this build is through, state/site/ matches no commit
        if not dirty:
            shutil.rmtree(server.build_site, ignore_errors=True)
        server.build_site.mkdir(parents=True, exist_ok=True)
        say("只重新生成这次推送改动的页面……" if dirty else "完整构建全部页面……")
        clock = time.perf_counter()
        notes: list[str] = []
        failure = run_mkdocs(server, say, notes, incremental, pdfs_later)
        if failure:
            return None, failure, False
        seconds["mkdocs build"] = time.perf_counter() - clock
        index = next((m for m in map(INDEX_SECONDS.search, notes) if m), None)
        if index:
            seconds["其中站内搜索索引（与页面并行）"] = float(index.group(1))
        if fingerprint["date"] == dt.date.today().isoformat():
            server.build_fingerprint.write_text(json.dumps(fingerprint, ensure_ascii=False) + "\n", encoding="utf-8")
            break
    clock = time.perf_counter()
    label = f"{short(commit)}（{started.strftime('%Y-%m-%d %H:%M')}）"
    staging = server.releases / f"{TMP_PREFIX}{short(commit)}-{os.getpid()}"
    previous = server.current.resolve() if server.current.is_symlink() else None
    copy_release(server.build_site, staging, label, previous if previous is not None and previous.is_dir() else None)
    (staging / urls.RELEASE_JSON).write_text(
        json.dumps({"commit": commit, "time": started.isoformat()}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    folder = next(name for name in release_names(commit, started) if not (server.releases / name).exists())
    os.rename(staging, server.releases / folder)
    seconds["复制为发布"] = time.perf_counter() - clock
    log.info("%s构建 %s：%s", "增量" if dirty else "完整", short(commit), "，".join(f"{k} {v:.2f} 秒" for k, v in seconds.items()))
    return folder, "", any(PDF_LATER in note for note in notes)


def hook_builds_dirty(work: Path) -> bool:
    """Whether the project's hook file makes ``mkdocs build --dirty`` equal a full build (``DIRTY_BUILDS = True``)."""
    try:
        return bool(DIRTY_HOOK.search((work / HOOK_FILE).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def release_names(commit: str, started: dt.datetime):
    """The folder names a release of ``commit`` may take under releases/, first free one wins (a rebuild of a
    published commit, the second release of a push with PDFs)."""
    yield commit
    stamp = f"{commit}-{started.strftime('%Y%m%d%H%M%S')}"
    yield stamp
    number = 2
    while True:
        yield f"{stamp}-{number}"
        number += 1


def run_mkdocs(server: Server, say: Say, notes: list[str], dirty: bool = True, pdfs_later: bool = False) -> str:
    """``mkdocs build --dirty`` (or, with a hook that cannot, a full build) of the workspace into ``state/site/``;
    "" or why it failed."""
    command = [*isolated(server), "-m", "mkdocs", "build", "--strict", *(["--dirty"] if dirty else []), "--site-dir", str(server.build_site)]
    env = clean_env(ZHIDU_RELEASE=RELEASE_PLACEHOLDER, ZHIDU_PDF_LATER="1" if pdfs_later else "0")
    process = subprocess.Popen(command, cwd=server.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    problems: list[str] = []
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip()
        if not line:
            continue
        last = line
        if "ERROR" in line or "WARNING" in line or "错误" in line:
            problems.append(line)
            say(line)
        elif "zhidu:" in line or "Documentation built" in line:  # zhidu's own report; MkDocs' notes stay out
            say(line)
            notes.append(line)
    code = process.wait()
    if code == 0:
        return ""
    if code < 0:
        return f"构建被终止（信号 {-code}）。"
    return "；".join(problems[-3:]) or last or f"mkdocs build 退出码 {code}"


def copy_release(built: Path, staging: Path, label: str, previous: Path | None) -> None:
    """``built`` copied to ``staging`` with the footer's placeholder replaced by ``label``; a file equal to the same
    file of the ``previous`` release is a hard link to it (releases are never written to once renamed into place)."""
    placeholder, named = RELEASE_PLACEHOLDER.encode("utf-8"), label.encode("utf-8")
    for root, _folders, names in os.walk(built):
        relative = Path(root).relative_to(built)
        (staging / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            data = (Path(root) / name).read_bytes()
            if placeholder in data:
                data = data.replace(placeholder, named)
            target = staging / relative / name
            if previous is not None and same_file(previous / relative / name, data):
                try:
                    os.link(previous / relative / name, target)
                    continue
                except OSError:
                    pass
            target.write_bytes(data)


def same_file(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def switch(server: Server, folder: str) -> None:
    """Point ``current`` at ``releases/<folder>`` in one rename (a relative link, so the folder can move)."""
    link = server.www / f".current-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(Path("releases") / folder)
    os.replace(link, server.current)


def prune(server: Server, history: list[dict]) -> list[dict]:
    """Keep the newest ``keep`` releases (the published one always); delete the other folders."""
    history = [e for e in history if (server.releases / str(e.get("dir"))).is_dir()]
    kept = history[-server.keep:]
    current = os.readlink(server.current) if server.current.is_symlink() else ""
    names = {str(e["dir"]) for e in kept} | {Path(current).name}
    for folder in server.releases.iterdir():
        if folder.name not in names and not folder.name.startswith(TMP_PREFIX):
            shutil.rmtree(folder, ignore_errors=True)
    return kept


def rollback(server: Server, commit: str | None, say: Say) -> int:
    log = logger(server)
    with build_lock(server, say):
        status = read_status(server)
        history = [e for e in status.get("history", []) if (server.releases / str(e.get("dir"))).is_dir()]
        current = Path(os.readlink(server.current)).name if server.current.is_symlink() else None
        if commit:
            matches = [e for e in history if str(e.get("commit", "")).startswith(commit.strip())]
            if not matches:
                say(f"没有找到提交 {commit} 的发布。可回退的发布：" + ("、".join(short(e["commit"]) for e in history) or "无"))
                return 1
            target = matches[-1]
        else:
            older = [e for e in history if e.get("dir") != current]
            if not older:
                say("没有可回退的上一个发布。")
                return 1
            target = older[-1]
        if target.get("dir") == current:
            say(f"{short(target['commit'])} 已经是当前发布。")
            return 0
        switch(server, str(target["dir"]))
        status["history"] = [e for e in history if e is not target] + [target]
        status["published"] = {**target, "time": target.get("time", "")}
        write_status(server, status)
        log.info("已回退到 %s", short(target["commit"]))
        say(f"已回退：网站现在显示 {short(target['commit'])}（发布于 {target.get('time', '')}）。下一次推送 main 时会发布新的提交。")
        return 0
