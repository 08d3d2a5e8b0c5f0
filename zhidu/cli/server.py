"""``python -m zhidu server …``: set up and run the publishing server (SPEC §11; zhidu/server/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from zhidu.cli.help import ChineseGroup
from zhidu.server.layout import DEFAULT_KEEP, ServerError, load

DEFAULT_WWW = "/srv/zhidu/www"
WWW_HELP = f"发布文件夹（server init 的 --www，默认 {DEFAULT_WWW}）。"


def say(line: str) -> None:
    """One line to the operator or the pusher; a pusher who went away (closed connection) does not stop the build."""
    try:
        click.echo(line)
        sys.stdout.flush()
    except OSError:
        pass


def loaded(www: str, as_user: bool = False):
    """The server's settings; with ``as_user``, a command started by root runs again as the build user, so that it
    never leaves files in the releases or the workspace that the user cannot replace later."""
    try:
        server_ = load(Path(www))
    except ServerError as exc:
        raise click.ClickException(str(exc)) from None
    if as_user and os.geteuid() == 0 and server_.user != "root":
        sys.stdout.flush()
        os.execvp("runuser", ["runuser", "-u", server_.user, "--", server_.python, "-I", "-m", "zhidu", *sys.argv[1:]])
    return server_


@click.group(cls=ChineseGroup)
def server() -> None:
    """内网发布服务器：推送 main 分支即检查、构建并发布站点。"""


@server.command()
@click.option("--repo", default=None, metavar="文件夹", help="维护人员推送的裸仓库，如 /srv/zhidu/regulations.git。")
@click.option("--www", default=None, metavar="文件夹", help="发布文件夹：releases/、current（nginx 的网站根目录）、构建工作区和日志。")
@click.option("--user", default="zhidu", metavar="用户名", help="运行检查和构建的系统用户（不存在时创建），默认 zhidu。")
@click.option("--keep", default=DEFAULT_KEEP, type=int, metavar="个数", help=f"保留的发布个数（供回退），默认 {DEFAULT_KEEP}。")
@click.option("--server-name", default=None, metavar="名称", help="nginx 的 server_name（内网域名或 IP）；默认沿用示例配置。")
@click.option("--listen", default=None, metavar="地址", help="nginx 监听的地址和端口，默认 80。")
@click.option("--nginx-dir", default="/etc/nginx", metavar="文件夹", help="nginx 配置所在文件夹，默认 /etc/nginx。")
def init(repo: str | None, www: str | None, user: str, keep: int, server_name: str | None, listen: str | None, nginx_dir: str) -> None:
    """（以 root 身份）建立或更新发布服务器；可重复运行。"""
    from zhidu.server.setup import init as set_up

    if not repo or not www:
        raise click.ClickException(f"请写明 --repo 仓库文件夹 和 --www 发布文件夹，如 python -m zhidu server init --repo /srv/zhidu/regulations.git --www {DEFAULT_WWW}。")

    try:
        set_up(Path(repo), Path(www), user, keep, sys.executable, say, Path(nginx_dir), server_name, listen)
    except ServerError as exc:
        raise click.ClickException(str(exc)) from None


@server.command()
@click.option("--www", default=DEFAULT_WWW, metavar="文件夹", help=WWW_HELP)
def status(www: str) -> None:
    """显示当前发布的提交和时间、上次失败的原因。"""
    from zhidu.server.publish import status_lines

    for line in status_lines(loaded(www)):
        click.echo(line)


@server.command()
@click.argument("commit", required=False, metavar="[提交]")
@click.option("--www", default=DEFAULT_WWW, metavar="文件夹", help=WWW_HELP)
def rollback(commit: str | None, www: str) -> None:
    """把网站切回上一个发布（或指定提交的发布），立即生效。"""
    from zhidu.server.publish import rollback as roll_back

    sys.exit(roll_back(loaded(www, as_user=True), commit, say))


@server.command()
@click.option("--www", default=DEFAULT_WWW, metavar="文件夹", help=WWW_HELP)
def rebuild(www: str) -> None:
    """重新构建并发布 main 的最新提交（升级 zhidu 或主题之后）。"""
    from zhidu.server.publish import publish

    sys.exit(publish(loaded(www, as_user=True), say, reason="重新构建", force=True))


@server.command(hidden=True)
@click.argument("name", type=click.Choice(["pre-receive", "post-receive"]))
@click.option("--www", default=DEFAULT_WWW)
def hook(name: str, www: str) -> None:
    """The repository's hooks (written by init): the ref updates arrive on standard input."""
    from zhidu.server.publish import post_receive, pre_receive, read_updates

    server_ = loaded(www)
    updates = read_updates(sys.stdin)
    try:
        code = (pre_receive if name == "pre-receive" else post_receive)(server_, updates, say)
    except ServerError as exc:
        say(f"错误：{exc}")
        code = 1
    sys.exit(code)
