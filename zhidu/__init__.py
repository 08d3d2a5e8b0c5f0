"""zhidu: the domain core of a static knowledge base of an institution's regulations.

Nothing in this package imports MkDocs: the build hooks, the search CLI and the PDF printer all call it.
"""

from __future__ import annotations

__version__ = "0.1.0"
