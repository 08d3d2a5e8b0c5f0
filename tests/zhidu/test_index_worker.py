"""The search box's index written by a forked process during a full build: published, or a readable failure."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from zhidu.build.features import websearch
from zhidu.build.features.websearch import IndexWorker, IndexWorkerFailed


def site_with_old_index(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "zhidu-search").mkdir(parents=True)
    (site / "zhidu-search" / "meta.json").write_text("old", encoding="utf-8")
    return site


def test_the_worker_writes_in_another_process_and_publish_swaps_it_in(tmp_path, monkeypatch):
    def write(state, folder: Path) -> list[str]:
        folder.mkdir(parents=True)
        (folder / "meta.json").write_text(f"new from {os.getpid()}", encoding="utf-8")
        return ["站内搜索索引：写好了"]

    monkeypatch.setattr(websearch, "write_index_files", write)
    site = site_with_old_index(tmp_path)
    worker = IndexWorker(SimpleNamespace(cache_dir=tmp_path / "cache"))
    assert worker.publish(site) == ["站内搜索索引：写好了"]
    text = (site / "zhidu-search" / "meta.json").read_text(encoding="utf-8")
    assert text.startswith("new from ") and text != f"new from {os.getpid()}"  # written by the child
    assert not worker.staging.exists() and [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_a_failure_in_the_worker_is_one_chinese_line_and_the_old_index_stays(tmp_path, monkeypatch):
    def write(state, folder: Path) -> list[str]:
        folder.mkdir(parents=True)
        raise OSError("磁盘已满")

    monkeypatch.setattr(websearch, "write_index_files", write)
    site = site_with_old_index(tmp_path)
    worker = IndexWorker(SimpleNamespace(cache_dir=tmp_path / "cache"))
    with pytest.raises(IndexWorkerFailed) as failure:
        worker.publish(site)
    assert "生成站内搜索索引失败：OSError: 磁盘已满" in str(failure.value) and "\n" not in str(failure.value)
    assert (site / "zhidu-search" / "meta.json").read_text(encoding="utf-8") == "old"
    assert not worker.staging.exists()


def test_a_worker_that_dies_is_reported_too(tmp_path, monkeypatch):
    def die(state, folder: Path) -> list[str]:
        os._exit(9)

    monkeypatch.setattr(websearch, "write_index_files", die)
    worker = IndexWorker(SimpleNamespace(cache_dir=tmp_path / "cache"))
    with pytest.raises(IndexWorkerFailed, match="退出码 9"):
        worker.publish(site_with_old_index(tmp_path))
