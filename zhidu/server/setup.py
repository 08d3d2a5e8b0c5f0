"""``server init``: the publishing server on a Debian 12 machine, set up (or brought up to date) by one command as root.

Ownership keeps the build user away from what checks it: the repository's top folder, its ``config``, ``HEAD`` and
``hooks/`` belong to root (the top folder is sticky, so the user may create git's lock files there but cannot rename
or replace root's files); only ``objects/`` and ``refs/`` (what a push writes) and the www folders belong to the user.
The nginx site is written under /etc/nginx, root's.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from zhidu.server.layout import BRANCH, SETTINGS_FILE, Server, ServerError

Say = Callable[[str], None]
NGINX_SITE = "zhidu"
TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "nginx.conf"
"""The sample nginx site of the zhidu installation that runs ``init``."""
HOOKS = ("pre-receive", "post-receive")
USER_PARTS = ("objects", "refs", "logs", "packed-refs", "gc.log", "gc.pid")
"""What a push writes inside the repository; everything else there stays root's."""


def hook_script(server: Server, hook: str) -> str:
    return (
        "#!/bin/sh\n"
        "# 由 python -m zhidu server init 生成，请勿修改：重新运行 init 会覆盖。\n"
        # -I: nothing from the current folder (the repository, where the build user may create files) or PYTHON* variables.
        f"exec {shlex.quote(server.python)} -I -m zhidu server hook {hook} --www {shlex.quote(str(server.www))}\n"
    )


def nginx_site(www: Path, server_name: str | None, listen: str | None, template: Path = TEMPLATE) -> str:
    text = template.read_text(encoding="utf-8")
    for needle in ("root /srv/zhidu/site;", "listen 80;", "server_name zhidu.court.internal;"):
        if needle not in text:
            raise ServerError(f"{template} 中找不到“{needle}”：请按项目自带的 docs/deploy/nginx.conf 保留这一行。")
    text = text.replace("root /srv/zhidu/site;", f"root {www / 'current'};")
    if listen:
        text = text.replace("listen 80;", f"listen {listen};")
    if server_name:
        text = text.replace("server_name zhidu.court.internal;", f"server_name {server_name};")
    return f"# 由 python -m zhidu server init 生成（模板：{template}）。网站根目录 current 指向当前发布。\n" + text


def write_if_changed(path: Path, text: str, mode: int, say: Say, what: str) -> None:
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == text:
        say(f"{what}已是最新：{path}")
    else:
        tmp = path.with_name(f".{path.name}.new")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        say(f"{'已更新' if old is not None else '已写入'}{what}：{path}")
    os.chown(path, 0, 0)
    os.chmod(path, mode)


def ensure_user(name: str, say: Say) -> pwd.struct_passwd:
    try:
        entry = pwd.getpwnam(name)
        say(f"系统用户 {name} 已存在。")
        return entry
    except KeyError:
        pass
    shell = shutil.which("git-shell") or "/usr/bin/git-shell"
    home = Path("/var/lib") / name
    result = subprocess.run(
        ["useradd", "--system", "--user-group", "--home-dir", str(home), "--create-home", "--shell", shell, name], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise ServerError(f"无法创建系统用户 {name}：{result.stderr.strip()}")
    say(f"已创建系统用户 {name}（主目录 {home}，登录后只能执行 git 推送和拉取）。")
    return pwd.getpwnam(name)


def chown_tree(path: Path, uid: int, gid: int) -> None:
    if not path.exists() and not path.is_symlink():
        return
    os.lchown(path, uid, gid)
    if path.is_dir() and not path.is_symlink():
        for folder, dirs, files in os.walk(path):
            for name in dirs + files:
                os.lchown(os.path.join(folder, name), uid, gid)


def init(repo: Path, www: Path, user: str, keep: int, python: str, say: Say,
         nginx_dir: Path = Path("/etc/nginx"), server_name: str | None = None, listen: str | None = None) -> Server:
    if os.geteuid() != 0:
        raise ServerError("server init 须以 root 身份运行（它创建系统用户、设置文件归属、写入 nginx 配置）。")
    if keep < 1:
        raise ServerError("--keep 至少为 1（保留的发布个数）。")
    repo, www = Path(repo).resolve(), Path(www).resolve()
    server = Server(repo, www, python, keep, user)
    account = ensure_user(user, say)
    uid, gid = account.pw_uid, account.pw_gid
    separate = uid != 0

    # The bare repository.
    if not repo.exists():
        repo.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "--bare", "-b", BRANCH, str(repo)], check=True)
        say(f"已创建裸仓库：{repo}（维护人员推送 {BRANCH} 分支即发布）")
    elif not (repo / "objects").is_dir() or not (repo / "HEAD").is_file():
        raise ServerError(f"{repo} 已存在，但不是 git 裸仓库：请换一个位置，或移走它后重新运行。")
    else:
        say(f"裸仓库已存在：{repo}")
    subprocess.run(["git", "--git-dir", str(repo), "config", "core.hooksPath", str(repo / "hooks")], check=True)
    os.chown(repo, 0, gid)
    os.chmod(repo, 0o1775 if separate else 0o755)
    for name in os.listdir(repo):
        chown_tree(repo / name, *((uid, gid) if name in USER_PARTS else (0, 0)))
    (repo / "hooks").mkdir(exist_ok=True)
    os.chmod(repo / "hooks", 0o755)
    for hook in HOOKS:
        write_if_changed(repo / "hooks" / hook, hook_script(server, hook), 0o755, say, f"{hook} 钩子")
    if separate:
        # git reads $GIT_DIR/commondir, when present, as the folder that holds the configuration (hooksPath with it): a
        # root-owned one pointing at the repository itself keeps the user from creating one that points elsewhere.
        write_if_changed(repo / "commondir", ".\n", 0o644, say, "仓库的 commondir（防止改指配置）")
        ensure_safe_directory(repo, say)

    # The published side: releases, the current link, the workspace with its caches, the state and the log.
    www.mkdir(parents=True, exist_ok=True)
    os.chown(www, 0, gid)
    os.chmod(www, 0o1775 if separate else 0o755)
    for folder in (server.releases, server.work, server.state, server.check_cache):
        created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        chown_tree(folder, uid, gid)
        if created:
            say(f"已创建文件夹：{folder}")
    if server.current.is_symlink():
        os.lchown(server.current, uid, gid)
    server.log_file.touch()
    os.chown(server.log_file, uid, gid)
    write_if_changed(www / SETTINGS_FILE, server.to_json(), 0o644, say, "服务器设置")

    # The nginx site.
    available, enabled = nginx_dir / "sites-available", nginx_dir / "sites-enabled"
    available.mkdir(parents=True, exist_ok=True)
    enabled.mkdir(parents=True, exist_ok=True)
    write_if_changed(available / NGINX_SITE, nginx_site(www, server_name, listen), 0o644, say, "nginx 站点配置")
    link = enabled / NGINX_SITE
    if not link.is_symlink():
        link.symlink_to(Path("..") / "sites-available" / NGINX_SITE)
        say(f"已启用 nginx 站点：{link}")
    reload_nginx(nginx_dir, say)

    if separate:
        check_python(user, python, say)
    say(f"完成。用户 {user} 运行检查和构建，它不能修改仓库的钩子和 nginx 配置。")
    say(f"下一步：把每位维护人员的 SSH 公钥各占一行加入 {account.pw_dir}/.ssh/authorized_keys，"
        f"维护人员运行 git remote add server {user}@本机地址:{repo} 和 git push server {BRANCH} 即可发布。")
    return server


def ensure_safe_directory(repo: Path, say: Say) -> None:
    """git refuses a repository whose folder another user owns unless the system configuration names it."""
    found = subprocess.run(["git", "config", "--system", "--get-all", "safe.directory"], capture_output=True, text=True).stdout.split()
    if str(repo) in found:
        return
    subprocess.run(["git", "config", "--system", "--add", "safe.directory", str(repo)], check=True)
    say(f"已在 git 的系统配置中登记仓库（safe.directory）：{repo}")


def reload_nginx(nginx_dir: Path, say: Say) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        say("没有找到 nginx：请运行 apt-get install -y nginx-light，然后重新运行本命令。")
        return
    if nginx_dir.resolve() != Path("/etc/nginx"):
        say(f"nginx 配置写在 {nginx_dir}（不是 /etc/nginx）：请自行检查并重新加载 nginx。")
        return
    test = subprocess.run([nginx, "-t"], capture_output=True, text=True)
    if test.returncode != 0:
        say(f"nginx 配置检查未通过，没有重新加载：{test.stderr.strip().splitlines()[-1] if test.stderr.strip() else ''}")
        return
    reload = subprocess.run(["systemctl", "reload-or-restart", "nginx"], capture_output=True, text=True)
    say("已重新加载 nginx。" if reload.returncode == 0 else "nginx 配置检查通过；请运行 systemctl reload nginx 使其生效。")


def check_python(user: str, python: str, say: Say) -> None:
    result = subprocess.run(["runuser", "-u", user, "--", python, "-c", "import zhidu, mkdocs"], capture_output=True, text=True)
    if result.returncode != 0:
        say(f"注意：用户 {user} 无法运行 {python}（钩子会失败）。请把 zhidu 安装在该用户可读的位置，如 /opt/zhidu，再从那里运行 init。")
