"""Where a publishing server keeps everything, and its settings file (written by ``server init``)."""

from __future__ import annotations

import json
import logging
import logging.handlers
from dataclasses import asdict, dataclass
from pathlib import Path

SETTINGS_FILE = "server.json"
BRANCH = "main"
DEFAULT_KEEP = 10


class ServerError(Exception):
    """Something an operator can act on; the message is one Chinese line."""


@dataclass(frozen=True)
class Server:
    repo: Path
    """The bare repository maintainers push to."""
    www: Path
    """Everything published: ``releases/<commit>/``, the ``current`` link nginx serves, ``work/`` and ``state/``."""
    python: str
    """The Python of the zhidu installation that ran ``server init``; the hooks and builds run it."""
    keep: int = DEFAULT_KEEP
    user: str = "zhidu"

    @property
    def releases(self) -> Path:
        return self.www / "releases"

    @property
    def current(self) -> Path:
        return self.www / "current"

    @property
    def work(self) -> Path:
        """The build workspace: a clone of the repository whose ``.cache/`` (parse and PDF caches) stays between builds."""
        return self.www / "work"

    @property
    def state(self) -> Path:
        return self.www / "state"

    @property
    def lock(self) -> Path:
        return self.state / "build.lock"

    @property
    def status_file(self) -> Path:
        return self.state / "status.json"

    @property
    def log_file(self) -> Path:
        return self.state / "zhidu-server.log"

    @property
    def build_site(self) -> Path:
        """The site as the last build left it: ``mkdocs build --dirty`` rewrites only what a push changed, and each
        release is a copy of it (zhidu/server/publish.py)."""
        return self.state / "site"

    @property
    def build_fingerprint(self) -> Path:
        """What ``build_site`` was built with (date, installation, everything of the tree but regulations/)."""
        return self.state / "site.json"

    @property
    def check_cache(self) -> Path:
        """The pre-receive check's own cache folder (the parse cache of ``make check``)."""
        return self.state / "check-cache"

    def to_json(self) -> str:
        data = {key: str(value) if isinstance(value, Path) else value for key, value in asdict(self).items()}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load(www: Path) -> Server:
    path = Path(www) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Server(Path(data["repo"]), Path(data["www"]), data["python"], int(data.get("keep", DEFAULT_KEEP)), data.get("user", "zhidu"))
    except FileNotFoundError:
        raise ServerError(f"找不到 {path}：请先以 root 身份运行 python -m zhidu server init --repo 仓库 --www {www}。") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ServerError(f"{path} 无法读取（{exc}）：请以 root 身份重新运行 server init。") from None


def logger(server: Server) -> logging.Logger:
    """The server's log: one file in Chinese, rotated at 1 MB, five old files kept."""
    log = logging.getLogger("zhidu.server")
    if not any(getattr(h, "baseFilename", None) == str(server.log_file) for h in log.handlers):
        try:
            handler = logging.handlers.RotatingFileHandler(server.log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            return log
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log
