"""学习自测 through the real ``mkdocs build --strict``: the self-test page beside a study pack, its PDFs, what never
becomes a question (a repealed regulation, a text not yet in force, a secret file), and the page used in Debian's
Chromium (answer, score, the link to the article; a 375 px screen)."""

from __future__ import annotations

import re
import subprocess

import pytest
from browser import browser_page, serve
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

IN_FORCE = (
    "第一条 工作人员离岗时间不得超过三十分钟。\n\n第二条 请假不超过三日的，由部门负责人审批；超过七日的，由院长审批。\n\n"
    "第三条 工作人员应当在每日八时三十分前签到。\n\n第四条 事假全年累计不得超过十五天。\n\n"
    "第五条 工作人员应当遵守考勤纪律，服从统一安排。"
)
PENDING = IN_FORCE.replace("三十分钟", "四十五分钟").replace("十五天", "十二天") + "\n\n第六条 外出培训应当报经政工科审批。"
FILES = {
    "regulations/kaoqin.md": regulation("东港市人民法院考勤规定", IN_FORCE, effective="2021-01-15"),
    "regulations/old.md": regulation("东港市人民法院旧值班办法", "第一条 值班人员不得离开值班室超过九十九分钟。\n\n第二条 换班由旧值班委员会审批。",
                                     status="已废止", effective="2015-01-01", repealed="2019-03-01"),
    "regulations/later.md": regulation("东港市人民法院排班规定", "第一条 排班表应当提前八十八日公布。\n\n第二条 调班由排班委员会审批。", effective="2027-06-01"),
    "regulations/secret.md": "---\ntitle: 东港市人民法院涉密值守规定QZ8\ncategory: 保密管理\nstatus: 现行有效\neffective: 2020-01-15\nsecrecy: 秘密\n---\n第一条 值守人员不得超过七十七分钟离岗。\n",
    "regulations/study/2026-12-test.yml": (
        "title: 测试学习材料\ndate: 2026-12-03\nitems:\n  - kaoqin\n  - old\n  - later\nquiz:\n  seed: 5\n  count: 6\n  mix: {blank: 4, truefalse: 2}\n"
    ),
}
NEVER = ("九十九", "旧值班委员会", "八十八", "排班委员会", "四十五", "十二天", "政工科", "QZ8", "七十七", "涉密值守")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("quiz"), FILES)
    site.write({"regulations/kaoqin.md": regulation("东港市人民法院考勤规定", PENDING, effective="2027-01-01")})
    site.commit("考勤规定修订，2027年施行", date="2026-11-01T10:00:00+08:00")
    result = site.build(env={"ZHIDU_PDF": "1"})
    return site, result


def questions(page: str) -> list[dict]:
    return [dict(zip(("kind", "answer", "where", "href"), m)) for m in re.findall(
        r'<li class="zd-q" data-kind="(\w+)" data-answer="([^"]*)" data-where="([^"]*)" data-href="([^"]*)"', page)]


def test_self_test_page_is_beside_the_pack_and_linked_from_it(built):
    site, result = built
    page = site.html("study/2026-12-test/selftest/")
    found = questions(page)
    assert len(found) == 6 and [q["kind"] for q in found].count("blank") == 4
    assert all(q["where"].startswith("《考勤规定》第") and q["href"].startswith("../../../regulations/kaoqin/#art-") for q in found)
    assert 'href="2026-12-test/selftest/"' in site.html("study/")
    assert "学习自测：2026-12-test 共 6 题。" in result.stderr


def test_repealed_pending_and_secret_texts_never_become_questions(built):
    site, result = built
    outputs = [site.root / "site" / "study" / "2026-12-test" / "selftest" / "index.html"]
    for pdf in ("2026-12-test-quiz.pdf", "2026-12-test-answers.pdf"):
        outputs.append(site.root / "site" / "pdf" / "study" / pdf)
    for path in outputs:
        text = path.read_text(encoding="utf-8") if path.suffix == ".html" else subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        for marker in NEVER:
            assert marker not in text, (path.name, marker)
    assert "QZ8" not in result.stdout + result.stderr


def test_the_answer_key_matches_the_sheet(built):
    site, _ = built
    folder = site.root / "site" / "pdf" / "study"
    sheet = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(folder / "2026-12-test-quiz.pdf"), "-"], capture_output=True, text=True, check=True).stdout)
    key = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(folder / "2026-12-test-answers.pdf"), "-"], capture_output=True, text=True, check=True).stdout)
    page = site.html("study/2026-12-test/selftest/")
    for number, q in enumerate(questions(page), 1):
        answer = q["answer"].split("|")[0]
        assert f"答案：{answer}。出处：{q['where']}" in key, (number, answer)
    assert "答案：" not in sheet and "学习自测题" in sheet and "学习自测参考答案" in key


def test_self_test_in_chromium_answer_score_and_link(built):
    site, _ = built
    with serve(site.root / "site") as base, browser_page() as page:
        page.goto(base + "study/2026-12-test/selftest/")
        items = page.locator(".zd-q")
        first, second = items.nth(0), items.nth(1)
        for index, item in ((0, first), (1, second)):
            kind = item.get_attribute("data-kind")
            answer = item.get_attribute("data-answer").split("|")[0]
            if index == 0:  # right
                if kind == "blank":
                    item.locator("input[type=text]").fill(answer)
                else:
                    item.locator(f"input[value='{answer}']").check()
            else:  # wrong
                if kind == "blank":
                    item.locator("input[type=text]").fill("不知道")
                else:
                    item.locator(f"input[value='{'错' if answer == '对' else '对'}']").check()
        requests_before = len(page.requested)
        page.get_by_role("button", name="交卷").click()
        assert page.locator(".zd-selftest-score").inner_text() == "得分：17 分（答对 1 题，共 6 题）。"
        assert "正确" in first.locator(".zd-q-result").inner_text()
        assert "答错了" in second.locator(".zd-q-result").inner_text() and "未作答" in items.nth(2).locator(".zd-q-result").inner_text()
        assert len(page.requested) == requests_before  # nothing sent
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        link = second.locator(".zd-q-result a")
        target = link.get_attribute("href")
        link.click()
        page.wait_for_load_state()
        anchor = target.split("#")[1]
        assert page.url.endswith("/regulations/kaoqin/#" + anchor)
        assert page.locator(f"#{anchor}").is_visible()
        assert all(url.startswith(base) for url in page.requested)


def test_self_test_fits_a_phone_screen(built):
    site, _ = built
    with serve(site.root / "site") as base, browser_page({"width": 375, "height": 740}) as page:
        page.goto(base + "study/2026-12-test/selftest/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        item = page.locator(".zd-q").nth(0)
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        page.get_by_role("button", name="交卷").click()
        assert "共 6 题" in page.locator(".zd-selftest-score").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
