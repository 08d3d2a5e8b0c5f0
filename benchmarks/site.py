"""Build the site from the newest version of every cn-laws text (about 1,434 regulations) and measure it.

Run: ``.venv/bin/python -m benchmarks.site [--limit N] [--pdf]``. Prints a Markdown table row set for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhidu.corpus import cnlaws

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT.parent / "shared" / "corpora" / "cn-laws"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def make_project(root: Path, limit: int | None) -> int:
    for part in ("mkdocs.yml", "docs", "overrides", "hooks"):
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    files = cnlaws.newest(CORPUS)[:limit] if limit else cnlaws.newest(CORPUS)
    for path in files:
        reg_id, text = cnlaws.convert(path, CORPUS)
        target = root / "regulations" / path.parent.name / f"{reg_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@b"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "corpus"], cwd=root, check=True, env=env)
    return len(files)


def drop_invalid(root: Path) -> int:
    """Real texts with defects the validator rejects (duplicate article numbers…) are left out, as a maintainer would fix them."""
    from zhidu.corpus.collection import load_collection

    collection = load_collection(root / "regulations", root, "")
    bad = {p.path for p in collection.errors}
    for rel in bad:
        (root / rel).unlink()
    return len(bad)


def make_plain_project(root: Path, plain: Path) -> None:
    """The same Markdown files as pages of a plain Material site with the same theme settings (no hooks)."""
    import yaml

    def typed(value):  # BaseLoader keeps every scalar a string (mkdocs.yml has Python tags safe_load refuses)
        if isinstance(value, dict):
            return {k: typed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typed(v) for v in value]
        return {"true": True, "false": False}.get(value, int(value) if value.isdigit() else value)

    config = typed(yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    for key in ("hooks", "nav", "watch", "not_in_nav", "exclude_docs", "extra_css", "extra_javascript"):
        config.pop(key, None)
    config["plugins"] = ["search", "tags"]  # Material's search with jieba, as a plain site has it
    config["strict"] = False  # its home page links the guide, which a plain site of regulations does not have
    config["theme"]["custom_dir"] = "overrides"
    config["theme"]["font"] = False
    (plain / "docs").mkdir(parents=True)
    shutil.copytree(root / "overrides", plain / "overrides")
    shutil.copy2(root / "docs" / "index.md", plain / "docs" / "index.md")
    for path in (root / "regulations").rglob("*.md"):
        target = plain / "docs" / "regulations" / path.relative_to(root / "regulations")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (plain / "mkdocs.yml").write_text(text, encoding="utf-8")


def timed_build(root: Path, env: dict, strict: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    start = time.perf_counter()
    result = subprocess.run([str(mkdocs), "build", *(["--strict"] if strict else [])], cwd=root, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--pdf", action="store_true", help="render PDFs too (ZHIDU_PDF=1)")
    parser.add_argument("--no-plain", action="store_true", help="do not build the plain Material site to compare with")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="zhidu-bench-site-"))
    count = make_project(root, args.limit)
    dropped = drop_invalid(root)
    env = {**os.environ, "ZHIDU_PDF": "1" if args.pdf else "0", "NO_MKDOCS_2_WARNING": "1"}
    plain_seconds = None
    if not args.no_plain:
        plain = root.parent / (root.name + "-plain")
        make_plain_project(root, plain)
        plain_seconds, plain_result = timed_build(plain, env, strict=False)
        if plain_result.returncode != 0:
            print(plain_result.stdout[-2000:], plain_result.stderr[-3000:])
            sys.exit(1)
        shutil.rmtree(plain, ignore_errors=True)
    elapsed, result = timed_build(root, env)
    if result.returncode != 0:
        print(result.stderr[-3000:])
        sys.exit(1)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # One changed file, then the rebuild (the parse cache and the history cache are warm).
    changed = sorted((root / "regulations").rglob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("第一条", "第一条　", 1), encoding="utf-8")
    again, result_again = timed_build(root, env)
    site = root / "site"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    pages = sum(1 for _ in site.rglob("index.html"))
    index = sum(p.stat().st_size for p in (site / "zhidu-search").rglob("*") if p.is_file())
    print(f"machine: {machine()}")
    print(f"| regulations built (of {count}; {dropped} rejected by validation) | {count - dropped} |")
    print(f"| mkdocs build --strict, wall | {elapsed:.1f} s |")
    if plain_seconds is not None:
        print(f"| plain Material on the same Markdown, same theme, same run | {plain_seconds:.1f} s |")
        print(f"| ratio zhidu / plain | {elapsed / plain_seconds:.2f}× |")
    print(f"| rebuild after one changed file | {again:.1f} s{'' if result_again.returncode == 0 else ' (failed)'} |")
    print(f"| peak RSS of the largest build process | {rss:.0f} MB |")
    print(f"| HTML pages | {pages} |")
    print(f"| site size | {size / 1048576:.0f} MB |")
    print(f"| zhidu-search/ (the search box's index, fetched piece by piece) | {index / 1048576:.1f} MB |")
    for line in result.stderr.splitlines():
        if "站内搜索索引" in line:
            print("log:", line.split("zhidu:", 1)[-1].strip())
    if not args.keep:
        shutil.rmtree(root)
    else:
        print(f"kept: {root}")


if __name__ == "__main__":
    main()
