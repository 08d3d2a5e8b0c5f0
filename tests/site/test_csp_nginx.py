"""The built site behind Debian's nginx with docs/deploy/nginx.conf: Chromium reports no CSP violation and search works."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from browser import browser_page
from sitekit import PROJECT, make_site
from test_site import PUBLISHED

pytestmark = pytest.mark.slow

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_config(folder: Path, site_dir: Path, port: int) -> Path:
    """The deployment example with its address and folder replaced, inside a minimal main configuration."""
    server = (PROJECT / "docs" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "listen 80;" in server and "root /srv/zhidu/site;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/zhidu/site;", f"root {site_dir};")
    (folder / "zhidu.conf").write_text(server, encoding="utf-8")
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\nmaster_process off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in {"client_body": temp["body"], **{k: temp[k] for k in ("proxy", "fastcgi", "uwsgi", "scgi")}}.items())
        + f"  include {folder}/zhidu.conf;\n}}\n",
        encoding="utf-8",
    )
    return main


@pytest.fixture(scope="module")
def nginx_url(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx 未安装（make deps-test 会安装 Debian 的 nginx-light）")
    site = make_site(tmp_path_factory.mktemp("csp"), PUBLISHED)
    site.build()
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = nginx_config(folder, site.root / "site", port)
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                subprocess.run(["sleep", "0.05"])
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait()


def test_pages_and_search_run_under_the_csp(nginx_url):
    with browser_page() as page:
        page.context.add_init_script(RECORD_VIOLATIONS)
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        response = page.goto(nginx_url, wait_until="networkidle")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.goto(nginx_url + "regulations/kaoqin/", wait_until="networkidle")
        assert page.locator("#art-5").is_visible()
        page.click("label.md-search__icon, .md-search__input")
        box = page.locator("input.md-search__input")
        box.fill("公休假")
        box.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        assert page.locator(".md-search-result__item").count() > 0
        violations = page.evaluate("window.__csp")
        assert violations == []
        assert not [line for line in console if "Content Security Policy" in line]


def test_the_site_has_no_inline_script_or_handler(nginx_url, tmp_path):
    import re
    import urllib.request

    for path in ("", "regulations/kaoqin/", "regulations/kaoqin/history/"):
        html = urllib.request.urlopen(nginx_url + path).read().decode("utf-8")
        inline = [m.group(0)[:80] for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)]
        assert inline == [], path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), path
