"""Debian's Firefox ESR (the firefox-esr package, never a downloaded browser) driven over WebDriver BiDi.

Playwright's Firefox needs Playwright's own patched build, and geckodriver is not a Debian package; a stock Firefox
speaks WebDriver BiDi itself when started with ``--remote-debugging-port``. This is the small client the tests need:
a session, one browsing context, navigate, evaluate a script (awaiting its promise), and key presses.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

FIREFOX = shutil.which("firefox-esr") or "/usr/bin/firefox-esr"
TIMEOUT = 30.0
"""Seconds to wait for any one command to answer, before failing with a clear message."""
STARTUP = 90.0
"""Seconds to wait for Firefox to listen and open its first window (session.new answers then; 4-10 s here, cold)."""

PREFS = {
    # What a test profile needs on top of the remote agent's own recommended preferences (remote.prefs.recommended).
    "remote.active-protocols": 1,  # WebDriver BiDi only
    "intl.accept_languages": "zh-CN",
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False,
    # Nothing leaves the host: no experiments, studies or remote settings fetched at start-up.
    "messaging-system.rsexperimentloader.enabled": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "services.settings.server": "data:,#remote-settings-disabled",
}


class BidiError(RuntimeError):
    pass


class Firefox:
    """One WebDriver BiDi session in a running Firefox, with one top-level browsing context (``self.context``)."""

    def __init__(self, url: str, timeout: float = TIMEOUT, startup: float = STARTUP):
        import websocket  # websocket-client

        self._ids = itertools.count(1)
        self._socket = websocket.create_connection(url, timeout=startup, suppress_origin=True)
        self.timeout = startup  # session.new answers once Firefox's first window has loaded
        self.capabilities = self.send("session.new", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})
        self.timeout = timeout
        contexts = self.send("browsingContext.getTree", {"maxDepth": 0})["contexts"]
        self.context = contexts[0]["context"] if contexts else self.send("browsingContext.create", {"type": "tab"})["context"]

    def send(self, method: str, params: dict) -> dict:
        """Send one command and return its result; events that arrive meanwhile are dropped."""
        import websocket

        command_id = next(self._ids)
        self._socket.send(json.dumps({"id": command_id, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"Firefox did not answer {method} within {self.timeout:.0f} s")
            self._socket.settimeout(remaining)
            try:
                message = json.loads(self._socket.recv())
            except websocket.WebSocketTimeoutException:
                raise TimeoutError(f"Firefox did not answer {method} within {self.timeout:.0f} s") from None
            if message.get("id") != command_id:
                continue  # an event, or nothing of ours
            if message.get("type") == "error":
                raise BidiError(f"{method}: {message.get('error')}: {message.get('message')}")
            return message["result"]

    def goto(self, url: str) -> None:
        self.send("browsingContext.navigate", {"context": self.context, "url": url, "wait": "complete"})

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (a promise is awaited), as JSON-able Python."""
        result = self.send("script.evaluate", {
            "expression": expression, "target": {"context": self.context}, "awaitPromise": True, "resultOwnership": "none",
        })
        if result["type"] == "exception":
            details = result["exceptionDetails"]
            raise BidiError(f"script raised: {details.get('text')}\n{expression}")
        return _value(result["result"])

    def wait_for(self, expression: str, timeout: float | None = None):
        """Poll until the expression is truthy in the page; its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"in Firefox, still false after {timeout or self.timeout:.0f} s: {expression}")
            time.sleep(0.05)

    def press(self, *keys: str) -> None:
        """Real key presses into the focused element (input.performActions); ``keys`` are characters or WebDriver
        key codes such as ``"\\ue010"`` (End)."""
        actions = []
        for key in keys:
            actions += [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
        self.send("input.performActions", {"context": self.context, "actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self.send("input.releaseActions", {"context": self.context})

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("session.end", {})
        with contextlib.suppress(Exception):
            self._socket.close()


def _value(remote: dict):
    """A BiDi RemoteValue as Python (primitives, arrays and plain objects)."""
    kind = remote["type"]
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return remote["value"]
    if kind == "number":
        return remote["value"] if not isinstance(remote["value"], str) else float(remote["value"].replace("Infinity", "inf"))
    if kind == "array":
        return [_value(item) for item in remote.get("value", [])]
    if kind == "object":
        return {key if isinstance(key, str) else _value(key): _value(item) for key, item in remote.get("value", [])}
    return remote


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def firefox_page(timeout: float = TIMEOUT, startup: float = STARTUP) -> Iterator[Firefox]:
    """Start Debian's Firefox ESR headless in a fresh profile and yield a BiDi session; Firefox is killed and the
    profile removed afterwards, whatever happened."""
    if not Path(FIREFOX).exists():
        raise FileNotFoundError(
            "Debian 的 firefox-esr 未安装：apt-get install firefox-esr（或删除 .cache/debian-test.ok 后 make deps-test）"
            " / firefox-esr is not installed"
        )
    profile = Path(tempfile.mkdtemp(prefix="zhidu-firefox-"))
    (profile / "user.js").write_text("".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()), encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "MOZ_HEADLESS": "1", "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_DISABLE_AUTO_SAFE_MODE": "1", "HOME": str(profile)}
    process = subprocess.Popen(
        [FIREFOX, "--headless", "--no-remote", "--profile", str(profile), "--remote-debugging-port", str(port), "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    log: list[str] = []
    listening = threading.Event()
    address: list[str] = []

    def read_stderr() -> None:
        for raw in process.stderr:  # type: ignore[union-attr]
            line = raw.decode("utf-8", "replace")
            log.append(line)
            found = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
            if found:
                address.append(found.group(1))
                listening.set()
        listening.set()  # stderr closed: Firefox has exited

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    browser = None
    try:
        if not listening.wait(startup) or not address:
            raise TimeoutError(f"Firefox ESR did not start WebDriver BiDi within {startup:.0f} s:\n{''.join(log[-20:])}")
        browser = Firefox(address[0].rstrip("/") + "/session", timeout, startup)
        yield browser
    finally:
        if browser is not None:
            browser.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 9)
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)
