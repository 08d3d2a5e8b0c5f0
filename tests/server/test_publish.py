"""Publishing by push, end to end: real git (file:// pushes run the real hooks), the CLI as a subprocess, the real
``mkdocs build`` in the server's workspace, and Debian's nginx serving ``current`` with the generated site file."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import NGINX, nginx_main_config
from sitekit import LEAVE_RULES_2019, PROJECT, git, make_site, regulation

pytestmark = pytest.mark.slow

PORT = 18210
SECRET_TITLE = "涉密测试制度甲"
SECRET = regulation(SECRET_TITLE, "第一条 绝密正文乙丙丁。\n", secrecy="秘密")
ARTICLES = "\n\n".join(f"第{n}条 {text}" for n, text in zip("一二三四五六七八九", LEAVE_RULES_2019))
FILES = {
    "regulations/xingzheng/kaoqin.md": regulation("东港市人民法院工作人员请休假管理规定", ARTICLES),
    "regulations/jixiao.md": regulation("东港市人民法院绩效考核办法", "第一条 考勤依照《请休假管理规定》第五条认定。", status="试行"),
    "regulations/secret.md": SECRET,
}
ENV = {"ZHIDU_PDF": "0", "ZHIDU_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1"}


def zhidu(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "zhidu", *args], cwd=PROJECT, capture_output=True, text=True, env={**os.environ, **ENV})
    if check and result.returncode != 0:
        raise AssertionError(f"zhidu {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


class Server:
    def __init__(self, base: Path):
        self.base = base
        self.repo = base / "regulations.git"
        self.www = base / "www"
        self.nginx_dir = base / "nginx"
        self.url = f"http://127.0.0.1:{PORT}/"

    def current(self) -> str:
        return os.readlink(self.www / "current")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def release(self) -> dict:
        return json.loads(self.get("release.json"))


def push(project: Path, *args: str, background: bool = False, env: dict | None = None):
    command = ["git", "push", "origin", *args]
    env = {**os.environ, **ENV, **(env or {})}
    if background:
        return subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)


def edit(project: Path, old: str, new: str, message: str, *more: tuple[str, str]) -> str:
    path = project / "regulations/xingzheng/kaoqin.md"
    text = path.read_text(encoding="utf-8")
    for before, after in [(old, new), *more]:
        assert before in text
        text = text.replace(before, after, 1)
    path.write_text(text, encoding="utf-8")
    git(project, "commit", "-q", "-am", message)
    return git(project, "rev-parse", "HEAD").strip()


def start_nginx(server: Server) -> subprocess.Popen:
    folder = server.base / "nginx-run"
    folder.mkdir()
    main = nginx_main_config(folder, f"{server.nginx_dir}/sites-enabled/*")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not listen")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx 未安装（make deps-test 会安装 Debian 的 nginx-light）")
    base = tmp_path_factory.mktemp("server")
    server = Server(base)
    result = zhidu("server", "init", "--repo", str(server.repo), "--www", str(server.www), "--user", "root", "--keep", "3",
                   "--nginx-dir", str(server.nginx_dir), "--listen", f"127.0.0.1:{PORT}")
    site = make_site(base, FILES)
    git(site.root, "remote", "add", "origin", server.repo.as_uri())
    nginx = start_nginx(server)
    try:
        yield server, site.root, result.stdout
    finally:
        nginx.terminate()
        nginx.wait()


def test_init_sets_up_and_is_idempotent(setup):
    server, _project, first = setup
    assert "已创建裸仓库" in first and "nginx 站点配置" in first
    for hook in ("pre-receive", "post-receive"):
        script = (server.repo / "hooks" / hook).read_text(encoding="utf-8")
        assert sys.executable in script and f"server hook {hook}" in script
    site = (server.nginx_dir / "sites-available" / "zhidu").read_text(encoding="utf-8")
    assert f"root {server.www / 'current'};" in site and f"listen 127.0.0.1:{PORT};" in site
    again = zhidu("server", "init", "--repo", str(server.repo), "--www", str(server.www), "--user", "root", "--keep", "3",
                  "--nginx-dir", str(server.nginx_dir), "--listen", f"127.0.0.1:{PORT}").stdout
    assert "裸仓库已存在" in again and "pre-receive 钩子已是最新" in again and "nginx 站点配置已是最新" in again


def test_a_push_publishes_and_the_footer_names_the_commit(setup):
    server, project, _ = setup
    result = push(project, "main")
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stderr and "已发布" in result.stderr
    head = git(project, "rev-parse", "HEAD").strip()
    assert server.release()["commit"] == head
    assert f"发布版本：{head[:12]}" in server.get("regulations/kaoqin/")
    assert server.current() == f"releases/{head}"


def test_nothing_secret_reaches_the_releases_or_the_log(setup):
    server, _project, _ = setup
    published = [p for p in (server.www / "releases").rglob("*") if p.is_file()]
    kept = [p for p in (server.www / "state" / "site").rglob("*") if p.is_file()]  # the site the next build starts from
    assert len(published) > 20 and len(kept) > 20
    for path in [*published, *kept, *(server.www / "state").glob("*.log*")]:
        data = path.read_bytes()
        assert SECRET_TITLE.encode() not in data and "绝密正文".encode() not in data, path


def test_a_push_with_an_error_is_refused_and_the_site_is_unchanged(setup):
    server, project, _ = setup
    before, served = server.current(), server.get("regulations/kaoqin/")
    main_before = git(server.repo, "rev-parse", "main").strip()
    # The push also brings a zhidu/ package of its own that would pass anything: the server's installation checks.
    (project / "zhidu").mkdir()
    (project / "zhidu" / "__init__.py").write_text("", encoding="utf-8")
    (project / "zhidu" / "__main__.py").write_text("print('pushed code ran')\n", encoding="utf-8")
    git(project, "add", "zhidu")
    edit(project, "effective: 2021-01-15", "effective: 2021-02-30", "错的日期")
    result = push(project, "main")
    try:
        assert result.returncode != 0
        assert re.search(r"regulations/xingzheng/kaoqin\.md:\d+: 错误：.*2021-02-30", result.stderr), result.stderr
        assert "推送被拒绝" in result.stderr and "pushed code ran" not in result.stderr
        assert git(server.repo, "rev-parse", "main").strip() == main_before
        assert server.current() == before
        assert server.get("regulations/kaoqin/") == served
        # A draft branch is accepted without a check or a build.
        draft = push(project, "HEAD:refs/heads/draft")
        assert draft.returncode == 0, draft.stderr
        assert "不检查，不发布" in draft.stderr
        assert server.current() == before
    finally:
        git(project, "reset", "-q", "--hard", "HEAD~1")


def test_two_pushes_close_together_publish_the_newest(setup):
    server, project, _ = setup
    first = edit(project, "事假全年累计不得超过十五天。", "事假全年累计不得超过十二天。", "第一次")
    slow = push(project, "main", background=True)
    deadline = time.time() + 60
    while git(server.repo, "rev-parse", "main").strip() != first:  # the first push is past its check, building
        assert time.time() < deadline and slow.poll() is None
        time.sleep(0.1)
    # The second edit also skips an article number: a warning, shown to the pusher, that does not stop the push.
    second = edit(project, "事假全年累计不得超过十二天。", "事假全年累计不得超过十天。", "第二次", ("第九条", "第十条"))
    fast = push(project, "main")
    out, _ = slow.communicate(timeout=300)
    assert slow.returncode == 0 and fast.returncode == 0, out + fast.stderr
    assert re.search(r"regulations/xingzheng/kaoqin\.md:\d+: 提示：第十条之前缺少第九条", fast.stderr), fast.stderr
    assert server.release()["commit"] == second
    page = server.get("regulations/kaoqin/")
    assert "不得超过十天" in page and f"发布版本：{second[:12]}" in page
    assert server.current() == f"releases/{second}"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_incremental_release_equals_a_full_build_of_its_commit(setup, tmp_path):
    """The release the last push published was built incrementally (only the changed pages rewritten); a plain full
    ``mkdocs build`` of the same commit, with the same footer, writes exactly the same files."""
    server, _project, _ = setup
    commit = server.release()["commit"]
    log = (server.www / "state" / "zhidu-server.log").read_text(encoding="utf-8")
    assert f"增量构建 {commit[:12]}" in log, log
    label = re.search(r"发布版本：([^<]+)<", server.get("regulations/kaoqin/")).group(1)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", server.repo.as_uri(), str(clone))
    git(clone, "checkout", "-q", commit)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "full")], cwd=clone, check=True, capture_output=True,
                   env={**os.environ, **ENV, "ZHIDU_RELEASE": label})
    released = files_of(server.www / "current")
    assert json.loads(released.pop("release.json"))["commit"] == commit
    full = files_of(tmp_path / "full")
    assert sorted(released) == sorted(full), set(released) ^ set(full)
    assert [name for name in full if full[name] != released[name]] == []


def test_only_a_change_of_regulations_is_built_incrementally(setup):
    """A change outside regulations/ (a hand-written page here) rebuilds every page; the next change of a regulation
    alone rewrites only what it touches again. Both releases show their change."""
    server, project, _ = setup
    about = project / "docs" / "about.md"
    original = about.read_text(encoding="utf-8")
    about.write_text(original + "\n本页由测试补充的一句话。\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "改关于本站")
    page = push(project, "main")
    assert page.returncode == 0 and "完整构建全部页面" in page.stderr, page.stderr
    assert "本页由测试补充的一句话" in server.get("about/")
    changed = edit(project, "违反本规定未经批准擅自离岗的，按旷工处理。", "违反本规定未经批准擅自离岗的，一律按旷工处理。", "只改制度")
    result = push(project, "main")
    assert result.returncode == 0 and "只重新生成这次推送改动的页面" in result.stderr, result.stderr
    assert "一律按旷工处理" in server.get("regulations/kaoqin/") and "本页由测试补充的一句话" in server.get("about/")
    log = (server.www / "state" / "zhidu-server.log").read_text(encoding="utf-8")
    assert f"增量构建 {changed[:12]}" in log


def test_a_project_with_an_older_hook_file_is_built_in_full(setup):
    """A repository whose hooks/zhidu_site.py predates incremental builds (no ``DIRTY_BUILDS = True``: an older copy
    would fail ``mkdocs build --strict --dirty``) is built in full, and the pusher is told to update it."""
    server, project, _ = setup
    hook = project / "hooks" / "zhidu_site.py"
    current = hook.read_text(encoding="utf-8")
    assert "\nDIRTY_BUILDS = True\n" in current
    hook.write_text(current.replace("\nDIRTY_BUILDS = True\n", "\n"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "旧的钩子文件")
    edit(project, "由政治部统一安排。", "由政治部统筹安排。", "旧钩子下改制度")
    result = push(project, "main")
    assert result.returncode == 0 and "不支持增量构建" in result.stderr and "完整构建全部页面" in result.stderr, result.stderr
    assert "由政治部统筹安排" in server.get("regulations/kaoqin/")
    hook.write_text(current, encoding="utf-8")
    git(project, "commit", "-q", "-am", "更新钩子文件")
    restored = push(project, "main")
    assert restored.returncode == 0 and "不支持增量构建" not in restored.stderr, restored.stderr


def build_pids(www: Path) -> list[int]:
    """The mkdocs processes building into www's state/site (only this test's own children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"mkdocs" in command and str(www / "state" / "site").encode() in command:
                found.append(int(entry.name))
    return found


def test_a_killed_build_leaves_the_site_and_the_next_push_publishes(setup):
    server, project, _ = setup
    before, served = server.current(), server.get("regulations/kaoqin/")
    doomed = edit(project, "本规定由政治部负责解释。", "本规定由政治部（人事处）负责解释。", "会被中断")
    pusher = push(project, "main", background=True)
    deadline = time.time() + 60
    while not (pids := build_pids(server.www)):
        assert time.time() < deadline and pusher.poll() is None, "the build never started"
        time.sleep(0.05)
    time.sleep(0.3)  # mid-way (an incremental build of this small site takes a few seconds, its start most of them)
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    out, _ = pusher.communicate(timeout=120)
    assert "构建被终止" in out and "网站没有改变" in out, out
    assert server.current() == before
    assert server.get("regulations/kaoqin/") == served
    status = zhidu("server", "status", "--www", str(server.www)).stdout
    assert f"上次失败：{doomed[:12]}" in status and "构建被终止" in status
    # A build that fails by itself (the check passes, MkDocs stops): the pusher and status are told why.
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original.replace("plugins:\n", "plugins:\n  - no-such-plugin\n", 1), encoding="utf-8")
    git(project, "commit", "-q", "-am", "配置写错")
    broken = push(project, "main")
    assert broken.returncode == 0  # accepted (the check passed); only the publishing failed
    assert "构建失败，网站没有改变" in broken.stderr and "no-such-plugin" in broken.stderr, broken.stderr
    assert server.current() == before
    assert "no-such-plugin" in zhidu("server", "status", "--www", str(server.www)).stdout
    config.write_text(original, encoding="utf-8")
    fixed = edit(project, "病假须提交医院证明。", "病假须提交县级以上医院证明。", "下一次推送")
    result = push(project, "main")
    assert result.returncode == 0, result.stderr
    page = server.get("regulations/kaoqin/")
    assert "县级以上医院证明" in page and "政治部（人事处）" in page
    assert server.release()["commit"] == fixed
    assert not list((server.www / "releases").glob(".tmp-*"))


def test_rollback_serves_the_previous_release_and_old_releases_are_pruned(setup):
    server, project, _ = setup
    newest = git(project, "rev-parse", "HEAD").strip()
    previous = git(project, "rev-parse", "HEAD~3").strip()  # the release before the killed and the broken builds
    result = zhidu("server", "rollback", "--www", str(server.www))
    assert "已回退" in result.stdout
    assert server.release()["commit"] == previous
    assert "不得超过十天" in server.get("regulations/kaoqin/") and "县级以上" not in server.get("regulations/kaoqin/")
    status = zhidu("server", "status", "--www", str(server.www)).stdout
    assert f"当前发布：{previous[:12]}" in status and f"main 分支最新提交：{newest[:12]}" in status
    zhidu("server", "rollback", newest[:8], "--www", str(server.www))
    assert server.release()["commit"] == newest
    assert len(list((server.www / "releases").iterdir())) <= 3  # --keep 3
    rebuilt = zhidu("server", "rebuild", "--www", str(server.www))
    assert "已发布" in rebuilt.stdout and server.release()["commit"] == newest


def pdf_text(server: Server, path: str) -> str | None:
    """The text of a served PDF (pdftotext, without white space), or None when it is not there (404)."""
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        assert exc.code == 404, exc
        return None
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", "", text)  # lines are wrapped anywhere


def test_with_pdfs_the_pages_come_first_and_the_changed_pdfs_in_a_second_release(setup):
    """ZHIDU_PDF on: a push publishes its pages with the cached PDFs first — a PDF whose content changed is absent
    then, never the previous version's —, then every PDF in a second release of the same commit."""
    server, project, _ = setup
    first = push(project, "main", env={"ZHIDU_PDF": "1"})  # nothing to publish yet: main is already published
    assert first.returncode == 0
    edit(project, "由政治部统筹安排。", "由政治部统一安排。", "PDF 之前")
    warm = push(project, "main", env={"ZHIDU_PDF": "1"})  # every PDF new to the cache: all of them in the second release
    assert warm.returncode == 0 and "稍后生成" in warm.stderr and "PDF 已生成" in warm.stderr, warm.stderr
    assert "由政治部统一安排" in (pdf_text(server, "pdf/kaoqin.pdf") or "")
    commit = edit(project, "由政治部统一安排。", "由政治部统一协调安排。", "改了 PDF 的内容")
    pusher = push(project, "main", background=True, env={"ZHIDU_PDF": "1"})
    deadline = time.time() + 300
    while "统一协调安排" not in server.get("regulations/kaoqin/"):
        assert time.time() < deadline and pusher.poll() is None, "the pages never showed the change before the push ended"
        time.sleep(0.05)
    text = pdf_text(server, "pdf/kaoqin.pdf")  # the first release (or already the second): never the old PDF
    assert text is None or "统一协调安排" in text, text
    out, _ = pusher.communicate(timeout=300)
    assert pusher.returncode == 0, out
    assert re.search(r"稍后生成（[^）]*pdf/kaoqin\.pdf", out), out
    assert out.index("已发布") < out.index("PDF 已生成") and "内容有变化的 PDF 正在生成" in out, out
    assert "统一协调安排" in (pdf_text(server, "pdf/kaoqin.pdf") or "")
    assert server.release()["commit"] == commit and "统一协调安排" in server.get("regulations/kaoqin/")
    assert len([e for e in json.loads((server.www / "state" / "status.json").read_text(encoding="utf-8"))["history"] if e["commit"] == commit]) == 1


def test_the_build_user_cannot_change_the_hooks_or_the_nginx_site(tmp_path):
    """``--user nobody``: what a push writes is the user's; the hooks, the repository's config and the nginx site are
    root's, and the sticky top folder stops the user renaming them away."""
    if os.geteuid() != 0:
        pytest.skip("server init 须以 root 身份运行")
    with tempfile.TemporaryDirectory(prefix="zhidu-server-") as tmp:  # pytest's own folder is root's alone (0700)
        os.chmod(tmp, 0o755)
        check_ownership(Path(tmp) / "srv", Path(tmp) / "gitconfig")


def check_ownership(base: Path, system_config: Path) -> None:  # git's system configuration for this test only (safe.directory)
    env = {**os.environ, "GIT_CONFIG_SYSTEM": str(system_config)}
    repo, www, nginx = base / "r.git", base / "www", base / "nginx"
    command = [sys.executable, "-m", "zhidu", "server", "init", "--repo", str(repo), "--www", str(www), "--user", "nobody", "--nginx-dir", str(nginx)]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "系统用户 nobody 已存在" in result.stdout and "safe.directory" in result.stdout
    assert str(repo) in system_config.read_text(encoding="utf-8")

    def as_nobody(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["runuser", "-u", "nobody", "--", "env", f"GIT_CONFIG_SYSTEM={system_config}", "HOME=/tmp", *args],
                              capture_output=True, text=True, cwd="/")

    assert as_nobody("cat", str(repo / "hooks" / "pre-receive")).returncode == 0  # it can reach and read them
    for target in (repo / "hooks" / "pre-receive", repo / "config", nginx / "sites-available" / "zhidu", www / "server.json"):
        assert as_nobody("sh", "-c", f"echo x >> {target}").returncode != 0, target
    assert as_nobody("mv", str(repo / "hooks"), str(repo / "hooks2")).returncode != 0
    assert as_nobody("mv", str(repo / "config"), str(repo / "config2")).returncode != 0
    assert as_nobody("rm", "-f", str(repo / "commondir")).returncode != 0  # nor point git at a configuration of its own
    assert as_nobody("touch", str(repo / "objects" / "probe"), str(repo / "refs" / "heads" / "probe"), str(www / "releases" / "probe"),
                     str(www / "state" / "probe"), str(www / "current-probe")).returncode == 0
    # git accepts the root-owned repository for the user (a push runs git-receive-pack as the user).
    assert as_nobody("git", "ls-remote", repo.as_uri()).returncode == 0
    unregistered = subprocess.run(["runuser", "-u", "nobody", "--", "env", "GIT_CONFIG_SYSTEM=/dev/null", "HOME=/tmp", "git", "ls-remote", repo.as_uri()],
                                  capture_output=True, text=True, cwd="/")
    assert "dubious ownership" in unregistered.stderr  # the control: without the registration git refuses it
    again = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "safe.directory" not in again.stdout


def test_status_names_a_build_whose_process_died(tmp_path):
    """A build killed with its hook (machine restarted, push cancelled) leaves only its record: status says so."""
    if os.geteuid() != 0:
        pytest.skip("server init 须以 root 身份运行")
    www = tmp_path / "www"
    zhidu("server", "init", "--repo", str(tmp_path / "r.git"), "--www", str(www), "--user", "root", "--nginx-dir", str(tmp_path / "nginx"))
    assert "还没有发布过" in zhidu("server", "status", "--www", str(www)).stdout
    dead = subprocess.Popen(["true"])
    dead.wait()
    (www / "state" / "status.json").write_text(json.dumps({"building": {"commit": "ab" * 20, "started": "2026-12-02 10:00:00", "pid": dead.pid}}), encoding="utf-8")
    status = zhidu("server", "status", "--www", str(www)).stdout
    assert f"上次构建被中断：{'ab' * 6}" in status
    assert zhidu("server", "rollback", "--www", str(www), check=False).stdout.strip() == "没有可回退的上一个发布。"
