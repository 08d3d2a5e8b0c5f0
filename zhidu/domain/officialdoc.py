"""What the importer and the exporter agree on about a Word document in GB/T 9704 layout (党政机关公文格式).

The layout shows the title, 文号, 发文机关署名, 成文日期 and the body (the 施行 sentence gives ``effective``);
every other front-matter key travels in the document properties' comments field, as YAML after ``PROPERTIES_MARK``,
so that importing an exported file gives back the same front-matter.
"""

from __future__ import annotations

PROPERTIES_MARK = "zhidu front-matter"
"""The first line of the comments field of a Word file written by ``python -m zhidu export``."""

LAYOUT_KEYS = ("title", "doc_number", "issuer", "adopted")
"""Front-matter keys the printed layout itself shows (红头 and 文号, 标题, 署名, 成文日期)."""
