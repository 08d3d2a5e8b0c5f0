"""Secrecy as a property: seeded random secret regulations, however their front-matter is written (valid or
broken), leave no byte of their marker text, title or id in site/, the search index, any PDF or the logs."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from searchkit import search
from sitekit import make_site, regulation

pytestmark = pytest.mark.slow

SHAPES = [
    "secrecy: {level}",
    "secrecy: '{level}'",
    "secrecy: \"{level}\"\neffective: 2021-02-30",        # an impossible date beside a valid secrecy
    "secrecy: {level}\nstatus: 试行",                       # a duplicate key
    "secrecy: {level}\ntags: [未闭合",                      # broken YAML: secret by its secrecy line
    "secrecy:   {level}   \nunknown_key: 1",
]


def secret_files(rng: random.Random, count: int) -> tuple[dict[str, str], list[bytes]]:
    files, needles = {}, []
    for n in range(count):
        reg_id = "mm-" + "".join(rng.choice("bcdfghjkmnpqrstvwxz") for _ in range(8))
        marker = "绝密标记" + "".join(rng.choice("甲乙丙丁戊己庚辛壬癸子丑寅卯") for _ in range(6))
        title = f"东港市人民法院{marker}办法"
        shape = SHAPES[n % len(SHAPES)].format(level=rng.choice(["秘密", "机密", "绝密"]))
        text = f"---\ntitle: {title}\ncategory: 保密管理\nstatus: 现行有效\neffective: 2021-01-15\n{shape}\n---\n\n第一条 {marker}正文，引用《请休假考勤管理规定》第一条。\n"
        files[f"regulations/mi/{reg_id}.md"] = text
        needles += [marker.encode(), title.encode(), reg_id.encode()]
    return files, needles


@pytest.mark.parametrize("seed,pdf", [(20261125, True), (7, False)])
def test_no_byte_of_a_secret_regulation_leaves_the_build(tmp_path, seed, pdf):
    rng = random.Random(seed)
    secrets, needles = secret_files(rng, 12)
    public = regulation("东港市人民法院请休假考勤管理规定", "第一条 请假应当审批。\n\n第二条 本规定自发布之日起施行。")
    site = make_site(tmp_path, {"regulations/kaoqin.md": public, **secrets})
    env = {**os.environ, "ZHIDU_PDF": "1" if pdf else "0", "ZHIDU_TODAY": "2026-11-25", "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "zhidu", "build"], cwd=site.root, capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stderr
    index = tmp_path / "search-index"
    indexed = search(site, "index", index=index)
    assert indexed.returncode == 0, indexed.stderr
    queried = search(site, "query", "绝密标记 正文", "--json", index=index)
    assert queried.returncode == 0
    logs = build.stdout + build.stderr + indexed.stdout + indexed.stderr + queried.stdout + queried.stderr
    for path in secrets:
        assert f"已跳过涉密文件：{path}" in logs or path not in logs
        logs = logs.replace(path, "")

    pdfs = sorted((site.root / "site").rglob("*.pdf"))
    assert bool(pdfs) == pdf
    pdf_text = "".join(subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout for p in pdfs)
    if pdf:
        assert "请假应当审批" in pdf_text  # the extraction works, so the absence below means something
    places = {
        "site/": b"".join(p.read_bytes() for p in sorted((site.root / "site").rglob("*")) if p.is_file()),
        "search index": b"".join(p.read_bytes() for p in sorted(index.rglob("*")) if p.is_file()),
        ".cache/": b"".join(p.read_bytes() for p in sorted((site.root / ".cache").rglob("*")) if p.is_file()),
        "PDF text": pdf_text.encode(),
        "logs": logs.encode(),
    }
    assert "请休假考勤管理规定".encode() in places["site/"]
    for where, data in places.items():
        for needle in needles:
            if where == ".cache/" and needle.startswith(b"mm-"):
                continue  # the local history cache (never published) records file paths, as the log may
            assert needle not in data, f"{needle.decode()} found in {where}"
