"""``python -m search``: see search/cli.py."""

from __future__ import annotations

import sys

from search.cli import main

sys.exit(main())
