from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The project root too: with only the editable install, `.venv/bin/pytest tests/zhidu` would import tests/zhidu/ as
# the namespace package `zhidu` (a folder on sys.path wins over the install's finder); `python -m pytest` adds it anyway.
sys.path.append(str(Path(__file__).resolve().parent.parent))
