"""What the search indexes, defined once for both index writers: the CLI's Whoosh index (``search.index``) and the
search box's static index (``search.web``). Neither writer decides any of this on its own, so they cannot drift.

- **Versions.** Every published version of every regulation: each version of the git history of every regulation
  file that is not secret (``zhidu.corpus.history``: a secret file or a secret version is never read into it), in
  the order of ``version_order`` (regulation id, then date of effect). A version whose text does not parse is left
  out (the CLI names it; the site build stops on it). Which of them a query searches is the engines' business (the
  CLI: texts in force on the day asked; the box: texts in force first, then pending, superseded and repealed ones).
- **Documents.** One per article of a version, plus one for the text outside articles (preamble, blocks, headings
  of kind ``other``) when there is any, in text order (``documents``). Each has a *text* field (the article's text)
  and a *head* field (the regulation's names, ``head_names``, then the article's chapter and section headings).
- **Vocabulary.** The words the analyzer segments with (``vocabulary``): the built-in terms, the thesaurus's words,
  and the dictionary words (``zhidu.corpus.dictionary.terms``: names, category, department, tags, abbreviations and
  defined terms) of **every indexed version**, not only the versions shown today: every indexed text is segmented
  with it, and a term a superseded text defines (简称“…”) must be a word of that text's documents too.
- **Questions.** The questions of the question log (``search.asked``) answered by an article are indexed with it:
  their words, less the words that only ask (``search.bridge.QUESTION_WORDS``), follow the article's text in its
  *text* field (``indexed_text``); what is stored and shown is the article's text alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Document:
    """One searchable unit of a version: an article, or the text outside articles."""

    article: str | None
    """The article's label (第十二条), None for the text outside articles."""
    anchor: str | None
    line: int
    """Line of the source file where it starts."""
    chapter: str
    """Chapter and section headings of an article (empty outside articles)."""
    head: str
    """The head field: the regulation's names, then the chapter."""
    text: str
    asked: tuple[str, ...] = ()
    """Questions of the question log that this article answers (``search.asked``)."""

    @property
    def outside(self) -> bool:
        return self.article is None


def version_order(reg_id: str, effective: dt.date | str) -> tuple[str, str]:
    """The order versions are indexed in (and so the order of document numbers, which break ties of equal scores
    in both engines): by regulation id, then by date of effect."""
    return reg_id, effective if isinstance(effective, str) else effective.isoformat()


def head_names(regulation) -> list[str]:
    """The names indexed in the head field: title, short title, aliases, tags, version label, document number."""
    meta = regulation.meta
    names = [meta.title] + [n for n in [meta.short_title, *meta.aliases, *meta.tags, meta.version, meta.doc_number] if n and n not in meta.title]
    return list(dict.fromkeys(names))


def documents(regulation, asked=None) -> list[Document]:
    """The documents of one parsed version, in text order: its articles, then the text outside them (if any);
    ``asked`` (a ``search.asked.AskedTable``) gives articles the questions they answer."""
    from zhidu.domain.model import Article, Block, Heading

    head = " ".join(head_names(regulation))
    answered: dict[str, list[str]] = {}
    if asked is not None:
        meta = regulation.meta
        anchors = [item.anchor for item in regulation.body if isinstance(item, Article) and item.anchor]
        answered = asked.questions([meta.title, meta.short_title, *meta.aliases], anchors)
    docs: list[Document] = []
    outside: list[str] = []
    outside_line = 0
    for item in regulation.body:
        if isinstance(item, Article):
            chapter = " ".join(h.title for h in (item.chapter, item.section) if h is not None)
            questions = tuple(answered.get(item.anchor, ())) if item.anchor else ()
            docs.append(Document(item.label, item.anchor, item.line, chapter, f"{head} {chapter}" if chapter else head, item.text, questions))
        elif isinstance(item, Block):
            outside.append(item.text)
            outside_line = outside_line or item.line
        elif isinstance(item, Heading) and item.kind == "other":
            outside.append(item.title)
            outside_line = outside_line or item.line
    if outside:
        docs.append(Document(None, None, outside_line or regulation.body_line, "", head, "\n".join(outside)))
    return docs


def indexed_text(doc: Document) -> str:
    """What the *text* field of a document indexes: the article's text, then the words of the questions it answers
    less the words that only ask (吗, 怎么办, 能否 …), one space between words so that each is indexed as itself and
    its parts, as in a text. Both index writers analyse this string with ``search.analysis.words``."""
    if not doc.asked:
        return doc.text
    from search.analysis import segments
    from search.bridge import QUESTION_WORDS

    asking = set(QUESTION_WORDS)
    kept = [w for question in doc.asked for w in segments(question) if w not in asking]
    return doc.text + "\n" + " ".join(kept) if kept else doc.text


def regulation_terms(regulation) -> list[str]:
    """The dictionary words one version contributes to the vocabulary (the built-in terms left out: every
    vocabulary has them)."""
    from zhidu.corpus.collection import Collection
    from zhidu.corpus.dictionary import BUILTIN_TERMS, terms

    builtin_terms = set(BUILTIN_TERMS)
    return [t for t in terms(Collection(root=Path("."), regulations={regulation.id: regulation})) if t not in builtin_terms]


def vocabulary(term_lists: Iterable[Iterable[str]], thesaurus) -> set[str]:
    """The analyzer's word list: built-in terms, the thesaurus's words and the terms of every indexed version
    (``regulation_terms`` of each); words of two characters or more."""
    from zhidu.corpus.dictionary import BUILTIN_TERMS

    words = set(BUILTIN_TERMS) | set(thesaurus.words())
    for found in term_lists:
        words.update(found)
    return {w for w in words if len(w) >= 2}
