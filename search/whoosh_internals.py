"""Every use of Whoosh's private internals, in one place, each with a fallback on Whoosh's public API.

Whoosh 2.7 (whoosh-reloaded) is unmaintained; these shortcuts read its on-disk structures directly because its
public API walks documents one at a time through layers of Python objects. Each function has a ``fast`` path (the
internals) and a public-API path that gives the same result; ``FAST = False`` turns every fast path off, and a test
checks that queries give identical answers both ways. If a future Whoosh lacks an internal, the public path is used.
"""

from __future__ import annotations

from itertools import accumulate

FAST = True
"""Use the internal shortcuts where they are present (tests switch this off to compare)."""


def field_length_bytes(reader, field: str, count: int) -> bytes:
    """One length byte (Whoosh's compressed field length) per document of a segment reader."""
    if FAST:
        perdoc = getattr(reader, "_perdoc", None)
        column = getattr(perdoc, "_cached_reader", None)
        if column is not None:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            lengths = column(_lenfield(field), LENGTHS_COLUMN)
            if lengths is not None and hasattr(lengths, "_dbfile"):
                raw = bytes(lengths._dbfile.get(lengths._basepos, min(lengths._count, count)))
                return raw + bytes(count - len(raw))
    from whoosh.util.numeric import length_to_byte

    return bytes(length_to_byte(reader.doc_field_length(d, field, 0) or 0) for d in range(count))


def leaf_matcher(matcher):
    """The innermost matcher (below the wrapper that filters deletions: the caller filters documents itself)."""
    while hasattr(matcher, "child") and not hasattr(matcher, "_read_data"):
        matcher = matcher.child
    return matcher


def read_postings(matcher, offset: int) -> dict[int, float]:
    """All postings of a leaf matcher as docnum + offset → weight: whole blocks at once for Whoosh 3's block
    matcher, else one posting at a time through the public matcher API."""
    found: dict[int, float] = {}
    if FAST and hasattr(matcher, "_read_data") and hasattr(matcher, "_goto"):
        while True:
            if matcher._data is None:
                matcher._read_data()
            ids, weights = matcher._data[0], matcher._data[1]
            ids = list(ids) if matcher._byteids else list(accumulate(ids))
            if offset:
                ids = [d + offset for d in ids]
            if weights is None or isinstance(weights, float):
                found.update(dict.fromkeys(ids, 1.0 if weights is None else weights))
            else:
                found.update(zip(ids, weights))
            if matcher._lastblock:
                return found
            matcher._goto(matcher._nextoffset)
    while matcher.is_active():
        found[matcher.id() + offset] = matcher.weight()
        matcher.next()
    return found


def speed_up_writer() -> None:
    """Whoosh 2.7 stats a file for every posting of a field without lengths (ID, KEYWORD) while writing a
    segment — a third of the indexing time at 60,000 articles. Remember the absence instead. (Writing only: the
    index it writes is the same.)"""
    from whoosh.codec import whoosh3

    reader_class = whoosh3.W3PerDocReader
    if getattr(reader_class, "_zhidu_patched", False) or not hasattr(reader_class, "_cached_reader"):
        return
    original = reader_class._cached_reader

    def cached_reader(self, fieldname, column):
        if fieldname in self._readers:
            return self._readers[fieldname]
        reader = original(self, fieldname, column)
        self._readers[fieldname] = reader
        return reader

    reader_class._cached_reader = cached_reader
    reader_class._zhidu_patched = True
