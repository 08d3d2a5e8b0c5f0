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
