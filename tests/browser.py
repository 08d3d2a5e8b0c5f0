"""Debian's Chromium driven by Playwright against a site served on localhost (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep pytest output clean
        pass


class _HeaderHandler(_QuietHandler):
    extra_headers: dict[str, str] = {}
    protocol_version = "HTTP/1.1"  # keep-alive, as an intranet web server (nginx) serves the site

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port (with extra response ``headers``); yields the base URL."""
    handler_class = type("Handler", (_HeaderHandler,), {"extra_headers": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(viewport: dict | None = None):
    """A Playwright page in Debian's Chromium; ``page.requested`` lists every URL the page asked for."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN")
            page = context.new_page()
            page.requested = []  # type: ignore[attr-defined]
            page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
            yield page
        finally:
            browser.close()


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
"""Debian's nginx (nginx-light, installed by make deps-test), the server docs/deploy/nginx.conf is written for."""


def nginx_config(folder: Path, site_dir: Path, port: int, project: Path) -> Path:
    """The deployment example (``docs/deploy/nginx.conf``) with its address and folder replaced, inside a minimal
    main configuration that runs unprivileged in ``folder``."""
    server = (project / "docs" / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "listen 80;" in server and "root /srv/zhidu/site;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/zhidu/site;", f"root {site_dir};")
    (folder / "zhidu.conf").write_text(server, encoding="utf-8")
    return nginx_main_config(folder, f"{folder}/zhidu.conf")


def nginx_main_config(folder: Path, include: str) -> Path:
    """A minimal main configuration that runs nginx unprivileged in ``folder`` (its pid, log and temporary files
    there) and takes its server blocks from ``include``."""
    temp = {name: folder / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\nmaster_process off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items())
        + f"  include {include};\n}}\n",
        encoding="utf-8",
    )
    return main


@contextlib.contextmanager
def serve_nginx(site_dir: Path, folder: Path, project: Path) -> Iterator[str]:
    """Serve a built site with nginx and the deployment example's configuration; yields the base URL."""
    import socket
    import subprocess
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = nginx_config(folder, site_dir, port, project)
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait()
