"""Offline article-level search of the regulations (Whoosh), run as ``python -m search``.

Layout: ``analysis`` (the analyzer pickled into the index — never rename it), ``index`` (building and updating
from the domain core), ``store`` (generations swapped atomically), ``query`` (segmentation, synonyms, citation
jumps, filters, snippets), ``thesaurus``, ``output`` (terminal) and ``cli``.
"""
