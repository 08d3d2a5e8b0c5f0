"""The printed 学习自测 of a study pack: the quiz sheet (``pdf/study/<pack>-quiz.pdf``) and, separately, its answer key
(``-answers.pdf``), from the same questions in the same order."""

from __future__ import annotations

from zhidu import urls
from zhidu.domain.dates import cn_date
from zhidu.domain.quiz import GAP, Question
from zhidu.printing.documents import environment
from zhidu.printing.render import Job
from zhidu.printing.studypack import StudyPack


def _view(question: Question) -> dict:
    return {
        "number": question.number, "kind": question.kind, "kind_label": question.kind_label, "prompt": question.prompt,
        "parts": question.prompt.split(GAP), "answer": question.answer, "where": question.where, "source": question.source,
    }


def quiz_html(pack: StudyPack, questions: list[Question], institution: str, answers: bool) -> str:
    return environment().get_template("quiz.html.j2").render(
        title=pack.title, institution=institution, date_cn=cn_date(pack.date), questions=[_view(q) for q in questions], answers=answers,
    )


def quiz_jobs(pack: StudyPack, questions: list[Question], institution: str) -> list[Job]:
    return [
        Job(urls.study_quiz_pdf(pack.name), quiz_html(pack, questions, institution, False), f"{pack.title}（自测题）"),
        Job(urls.study_answers_pdf(pack.name), quiz_html(pack, questions, institution, True), f"{pack.title}（参考答案）"),
    ]
