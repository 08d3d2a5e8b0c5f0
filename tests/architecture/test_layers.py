"""The import contract of docs/architecture.md: layers depend one way, a feature never imports another.

A small AST walk over every module (function-level imports included, since those hide cycles): each import of a
project module is checked against the rank of the importing module's layer. The contract is checked on the tree and
shown to fail on planted wrong-way imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (layer, rank, module prefixes). A module belongs to the layer of its longest matching prefix.
LAYERS: list[tuple[str, int, tuple[str, ...]]] = [
    ("domain", 0, ("zhidu.domain", "zhidu.urls")),
    ("corpus", 1, ("zhidu.corpus",)),
    ("render", 2, ("zhidu.render",)),
    ("outputs", 3, ("zhidu.printing", "zhidu.importer", "zhidu.exporter", "zhidu.server", "search")),
    ("contract", 4, ("zhidu.build.feature", "zhidu.build.background")),
    ("features", 5, ("zhidu.build.features",)),
    ("build", 6, ("zhidu.build.run", "zhidu.build")),
    ("cli", 7, ("zhidu.cli", "zhidu.__main__", "zhidu")),
    ("adapters", 8, ("hooks",)),
]
OUTPUT_PACKAGES = ("zhidu.printing", "zhidu.importer", "zhidu.exporter", "zhidu.server", "search")
"""Outputs are side by side: none imports another (a feature or the CLI combines them)."""


def layer_of(module: str) -> tuple[str, int]:
    best: tuple[int, str, int] | None = None
    for name, rank, prefixes in LAYERS:
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), name, rank)
    if best is None:
        raise AssertionError(f"{module} belongs to no layer of docs/architecture.md: add it to a layer folder")
    return best[1], best[2]


def feature_of(module: str) -> str | None:
    prefix = "zhidu.build.features."
    return module[len(prefix):].split(".")[0] if module.startswith(prefix) else None


def output_of(module: str) -> str | None:
    return next((p for p in OUTPUT_PACKAGES if module == p or module.startswith(p + ".")), None)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, imported module) for every import of a project module, relative imports resolved."""
    found: list[tuple[int, str]] = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # ``from zhidu import urls`` imports the module zhidu.urls, not the package zhidu.
            for alias in node.names:
                found.append((node.lineno, f"{target}.{alias.name}" if _is_module(f"{target}.{alias.name}") else target))
    return [(line, name) for line, name in found if name.split(".")[0] in ("zhidu", "search", "hooks")]


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def violations(module: str, imported: str) -> str | None:
    """Why importing ``imported`` from ``module`` breaks the contract, or None."""
    if imported == module or imported.startswith(module + "."):
        return None
    name, rank = layer_of(module)
    target_name, target_rank = layer_of(imported)
    if target_rank > rank:
        return f"{name} ({module}) imports the higher layer {target_name} ({imported})"
    own, other = feature_of(module), feature_of(imported)
    if own and other and own != other:
        return f"the feature {own} imports the feature {other}"
    own_out, other_out = output_of(module), output_of(imported)
    if own_out and other_out and own_out != other_out:
        return f"the output {own_out} imports the output {other_out}"
    return None


def project_modules() -> list[Path]:
    paths: list[Path] = []
    for top in ("zhidu", "search", "hooks"):
        paths += sorted((ROOT / top).rglob("*.py"))
    return paths


def check(path: Path, source: str | None = None) -> list[str]:
    module = module_name(path)
    text = path.read_text(encoding="utf-8") if source is None else source
    problems = []
    for line, imported in imports_of(text, module, path.name == "__init__.py"):
        why = violations(module, imported)
        if why:
            problems.append(f"{path.relative_to(ROOT)}:{line}: {why}")
    return problems


def test_the_tree_keeps_the_contract():
    problems = [p for path in project_modules() for p in check(path)]
    assert problems == []


def test_every_module_is_in_a_layer():
    for path in project_modules():
        layer_of(module_name(path))


@pytest.mark.parametrize(
    ("path", "planted", "expected"),
    [
        ("zhidu/domain/model.py", "from zhidu.render.pages import link\n", "domain (zhidu.domain.model) imports the higher layer render"),
        ("zhidu/corpus/health.py", "def f():\n    from zhidu.build.feature import BuildState\n", "imports the higher layer contract"),
        ("zhidu/build/features/superior.py", "from zhidu.build.features.versions import VersionPages\n", "the feature superior imports the feature versions"),
        ("zhidu/build/features/health.py", "from . import printing\n", "the feature health imports the feature printing"),
        ("search/query.py", "from zhidu.build.features import websearch\n", "imports the higher layer features"),
        ("zhidu/printing/jobs.py", "import search.web\n", "the output zhidu.printing imports the output search"),
        ("zhidu/render/plan.py", "from zhidu.cli.main import run\n", "imports the higher layer cli"),
    ],
)
def test_a_planted_wrong_way_import_fails(path, planted, expected):
    file = ROOT / path
    problems = check(file, planted + file.read_text(encoding="utf-8"))
    assert any(expected in p for p in problems), problems
