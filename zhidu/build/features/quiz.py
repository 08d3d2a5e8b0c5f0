"""The ``quiz`` build feature: 学习自测 for every study pack that asks for one (``quiz:`` in its file) — a self-test
page beside the study page and, when PDFs are made, the quiz sheet and its answer key.

Questions come only from the texts in force: a regulation that is repealed, or whose only text is not yet in force,
gives none (``zhidu.domain.quiz``); secret files are never in the collection.
"""

from __future__ import annotations

from zhidu import urls
from zhidu.build.feature import BuildResult, BuildState
from zhidu.corpus.config import pdf_enabled
from zhidu.domain.model import Article, Regulation
from zhidu.domain.quiz import Question, generate
from zhidu.printing.cache import PdfCache
from zhidu.printing.quiz import quiz_jobs
from zhidu.printing.render import Job, render_few
from zhidu.printing.studypack import STUDY_FOLDER, StudyPack, load_packs
from zhidu.render.quiz import selftest_page


def pack_articles(state: BuildState, pack: StudyPack) -> list[tuple[Regulation, Article]]:
    """The pack's articles in the texts in force on the build date, in the pack's order."""
    found = []
    for item in pack.items:
        regulation = state.collection.regulations.get(item.regulation)
        if regulation is None or not state.corpus.status(item.regulation).in_force:
            continue
        articles = regulation.articles if item.articles is None else [regulation.article(*key) for key in item.articles]
        found += [(regulation, article) for article in articles if article is not None]
    return found


def pack_quiz(state: BuildState, pack: StudyPack) -> list[Question]:
    assert pack.quiz is not None
    return generate(pack.quiz, pack.name, pack_articles(state, pack))


class SelfTest:
    name = "quiz"

    def prepare(self, state: BuildState) -> None:
        pass

    def extend(self, state: BuildState, result: BuildResult) -> None:
        packs = [pack for pack in load_packs(state.regulations_dir / STUDY_FOLDER, state.root, state.collection) if pack.quiz]
        printed = pdf_enabled() and not state.serving
        jobs: list[Job] = []
        for pack in packs:
            questions = pack_quiz(state, pack)
            pdfs = (urls.study_quiz_pdf(pack.name), urls.study_answers_pdf(pack.name)) if printed else None
            result.plan.pages[urls.study_selftest(pack.name)] = selftest_page(pack.name, pack.title, questions, pdfs)
            wanted = pack.quiz.count if pack.quiz else 0
            note = f"（条文中可出的题不足 {wanted} 道）" if len(questions) < wanted else ""
            result.report.append(f"学习自测：{pack.name} 共 {len(questions)} 题{note}。")
            if printed:
                jobs += quiz_jobs(pack, questions, state.institution)
        if jobs:
            cache = PdfCache(state.cache_dir / "pdf")
            result.post_build_steps.append(lambda site_dir: render_few(jobs, cache, site_dir))

