"""What the import tests share: an empty project (configuration, no regulations yet) to import into."""

from __future__ import annotations

import pytest
from sitekit import make_site


@pytest.fixture
def project(tmp_path):
    site = make_site(tmp_path, {}, commit=False)
    (site.root / "regulations").mkdir()
    return site.root
