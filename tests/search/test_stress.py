"""The search index under stress: an indexer killed halfway, two indexers at once, and any query text on the
command line. The index must always answer or rebuild itself; a bad query is one line and exit status 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from searchkit import PROJECT, make_site, regulation, search

pytestmark = pytest.mark.slow

CATEGORIES = ("行政管理", "审判管理", "队伍建设")


def many_regulations(count: int) -> dict[str, str]:
    files = {}
    for n in range(count):
        body = "\n\n".join(
            f"第{cn}条 第{n}号制度的{topic}事项，由{dept}负责审批和登记。"
            for cn, topic, dept in zip("一二三四五六", ("请假", "用车", "印章", "档案", "培训", "考核"), ("政治部", "办公室", "审管办", "法警队", "研究室", "纪检组"))
        )
        files[f"regulations/g{n % 7}/zhidu-{n}.md"] = regulation(f"东港市人民法院第{n}号管理规定", body, category=CATEGORIES[n % 3])
    return files


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("stress"), many_regulations(300))


def start_index(site, index) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25", "ZHIDU_SEARCH_INDEX": str(index)}
    return subprocess.Popen([sys.executable, "-m", "search", "index"], cwd=site.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def query_ok(site, index, text="用车 审批") -> list[dict]:
    result = search(site, "query", text, "--json", "--limit", "5", index=index)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_indexer_killed_halfway_leaves_a_usable_index(big_site, tmp_path):
    index = tmp_path / "index"
    indexer = start_index(big_site, index)
    # Kill it once it is writing a generation (a tmp-* workspace exists), or as soon as it has finished.
    while indexer.poll() is None and not (index.is_dir() and any(index.glob("tmp-*"))):
        subprocess.run(["sleep", "0.02"])
    killed_midway = indexer.poll() is None
    indexer.send_signal(signal.SIGKILL)
    indexer.wait()
    assert killed_midway, "the indexer finished before it could be killed; the project is too small"
    assert not (index / "CURRENT").exists()
    found = query_ok(big_site, index)
    assert found and found[0]["id"].startswith("zhidu-")
    assert not list(index.glob("tmp-*")), "the orphaned workspace is cleaned up by the next build"
    # Kill the next update too, after a good index exists: the old index keeps answering.
    big_site.write({"regulations/g0/zhidu-0.md": regulation("东港市人民法院第0号管理规定", "第一条 新增的公章管理事项。")})
    big_site.commit("修改")
    indexer = start_index(big_site, index)
    while indexer.poll() is None and not any(index.glob("tmp-*")):
        subprocess.run(["sleep", "0.02"])
    indexer.send_signal(signal.SIGKILL)
    indexer.wait()
    assert query_ok(big_site, index, "公章")[0]["id"] == "zhidu-0"


def test_two_indexers_at_once_leave_one_good_index(big_site, tmp_path):
    index = tmp_path / "index"
    first, second = start_index(big_site, index), start_index(big_site, index)
    outputs = [process.communicate() for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert all(b"Traceback" not in err for _, err in outputs)
    generation = (index / "CURRENT").read_text(encoding="utf-8").strip()
    assert (index / generation / "zhidu.json").is_file()
    assert query_ok(big_site, index)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("queries"), {"regulations/kaoqin.md": regulation("东港市人民法院考勤管理规定", "第一条 请假应当审批。")})
    assert search(site, "index").returncode == 0
    return site


ODD_QUERIES = [
    '"请假"', "'请假", '请假 "审批', "title:请假", "分类:", "foo:bar", "*", "?", "请*", "请假?", "AND OR NOT", "(请假", ")",
    "\\", "请假\x00审批", "请假\x07\x1b审批", "\u200b", "\u3000", "《》", "第条", "第一万条", "第99999999999999999999条",
    "请" * 10000, "a" * 10000, "考勤管理规定第十二条之一之二", "--limit", "-x",
]


@pytest.mark.parametrize("text", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_any_query_text_gives_results_or_one_line_and_exit_2(small_site, text):
    if "\x00" in text:
        # A NUL cannot be passed in argv at all: the shell and exec(2) cut the argument there.
        text = text.replace("\x00", "")
    result = search(small_site, "query", "--json", "--", text)
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert isinstance(json.loads(result.stdout), list)
    else:
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("错误：")


def test_undecodable_argument_bytes_become_one_line(small_site):
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "ZHIDU_TODAY": "2026-11-25", "ZHIDU_SEARCH_INDEX": str(small_site.root.parent / "search-index")}
    # Invalid UTF-8 in argv reaches Python as lone surrogates (surrogateescape).
    result = subprocess.run([sys.executable.encode(), b"-m", b"search", b"query", b"--json", "请假".encode() + b"\xff\xfe\xed\xa0\x80"],
                            cwd=small_site.root, capture_output=True, env=env)
    stderr = result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    assert result.returncode in (0, 2), stderr
    if result.returncode == 2:
        assert len(stderr.strip().splitlines()) == 1
    else:
        assert isinstance(json.loads(result.stdout.decode("utf-8")), list)
