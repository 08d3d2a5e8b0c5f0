"""Permanent links (SPEC §3): every published version keeps /regulations/<id>/<effective>/ whatever the build date."""

from __future__ import annotations

import shutil

import pytest
from sitekit import LEAVE_RULES_2019, make_site, regulation

pytestmark = pytest.mark.slow


def body(rules: list[str]) -> str:
    from zhidu.domain.numerals import int_to_cn

    return "\n\n".join(f"第{int_to_cn(i)}条 {text}" for i, text in enumerate(rules, 1))


def pages(site_dir) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


def test_no_published_url_disappears_when_the_build_date_moves_past_an_effective_date(tmp_path):
    site = make_site(tmp_path, {"regulations/a/kaoqin.md": regulation("东港市人民法院请假规定", body(LEAVE_RULES_2019), effective="2021-01-15")})
    revised = [*LEAVE_RULES_2019[:-1], "事假须提前一日申请。", LEAVE_RULES_2019[-1]]
    site.write({"regulations/a/kaoqin.md": regulation("东港市人民法院请假规定", body(revised), effective="2027-01-01")})
    site.commit("修订请假规定，2027年施行", date="2026-10-01T10:00:00+08:00")

    site.build(env={"ZHIDU_TODAY": "2026-11-25"})
    before = pages(site.root / "site")
    assert {"regulations/kaoqin/2021-01-15/index.html", "regulations/kaoqin/2027-01-01/index.html"} <= before
    in_force_then = site.html("regulations/kaoqin/2021-01-15/")
    assert 'url=../"' in in_force_then  # the version in force forwards to the main page
    assert "尚未生效" in site.html("regulations/kaoqin/2027-01-01/")  # the pending one has its own page
    shutil.rmtree(site.root / "site")

    site.build(env={"ZHIDU_TODAY": "2027-01-02"})
    after = pages(site.root / "site")
    assert before - after == set()
    assert "已修订" in site.html("regulations/kaoqin/2021-01-15/")  # now a superseded text with its own page
    assert 'url=../"' in site.html("regulations/kaoqin/2027-01-01/")  # now in force: forwards to the main page
    assert "事假须提前一日申请" in site.html("regulations/kaoqin/")
