"""The importer's small pieces: dates, 文号, encodings and proposed ids."""

from __future__ import annotations

import datetime as dt

import pytest

from zhidu.importer.ids import propose_id
from zhidu.importer.infer import date_line, doc_number, find_dates
from zhidu.importer.sources import Unreadable, decode_text


@pytest.mark.parametrize(("text", "date"), [
    ("二〇二一年一月八日", dt.date(2021, 1, 8)),
    ("二○二一年十二月三十一日", dt.date(2021, 12, 31)),
    ("2021年1月8日", dt.date(2021, 1, 8)),
    ("２０２１年０１月０８日", dt.date(2021, 1, 8)),
    ("2021 年 1 月 8 日印发", dt.date(2021, 1, 8)),
])
def test_signature_dates(text, date):
    assert date_line(text) == date


def test_dates_in_running_text_and_impossible_dates():
    assert find_dates("本规定自2021年1月15日起施行，2019年3月1日印发的规定同时废止。") == [dt.date(2021, 1, 15), dt.date(2019, 3, 1)]
    assert find_dates("2021年2月30日") == []
    assert date_line("本规定自2021年1月15日起施行。") is None


def test_doc_numbers_are_normalised_to_hexagonal_brackets():
    assert doc_number("东法发[2021]3号") == "东法发〔2021〕3号"
    assert doc_number("东法发（２０２１）12号") == "东法发〔2021〕12号"
    assert doc_number("为了规范管理，制定本规定。") is None


@pytest.mark.parametrize(("title", "expected"), [
    ("东港市人民法院工作人员请休假考勤管理规定", "qingxiujia-kaoqin-guanli-guiding"),
    ("东港市人民法院车辆使用管理暂行规定", "cheliang-shiyong-guanli-guiding"),
    ("中华人民共和国法官法", "faguanfa"),
    ("中华人民共和国行政复议法", "xingzhengfuyifa"),  # a last single character (法) joins the word before it
    ("最高人民法院关于适用〈中华人民共和国民法典〉时间效力的若干规定", "shiyong-minfadian-shijian-xiaoli-guiding"),
])
def test_proposed_ids_are_short_readable_pinyin(title, expected):
    assert propose_id(title, ["东港市人民法院"]) == expected


def test_an_id_is_never_empty_or_long():
    for title in ("东港市人民法院", "关于的", "东港市人民法院关于充分发挥司法职能支持企业应对疫情服务保障企业健康发展的意见"):
        reg_id = propose_id(title, ["东港市人民法院"])
        assert reg_id and len(reg_id) <= 40 and reg_id.replace("-", "").isalnum() and reg_id.isascii()


def test_encodings():
    text = "第一条 为了规范管理，制定本规定。\n"
    assert decode_text(text.encode("gbk")) == (text, "GB18030/GBK")
    assert decode_text(text.encode("utf-16")) == (text, "UTF-16")
    assert decode_text(text.encode("utf-16-le")) == (text, "UTF-16 无 BOM")
    assert decode_text(text.encode("utf-16-be")) == (text, "UTF-16 无 BOM")
    assert decode_text("\ufeff".encode() + text.encode()) == (text, "UTF-8 带 BOM")
    with pytest.raises(Unreadable):
        decode_text(b"\x81\x20\xff\xfe\x00")
