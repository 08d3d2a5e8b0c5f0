"""The maintainers' guide covers every environment variable and every command-line option the tools have."""

from __future__ import annotations

import argparse
import re

import click
from sitekit import PROJECT

from zhidu.corpus.config import ENVIRONMENT
from zhidu.render.guide import ENVIRONMENT_MARKER, environment_reference

GUIDE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((PROJECT / "docs" / "guide").glob("*.md")))


def zhidu_options() -> set[str]:
    from zhidu.cli.main import main

    found: set[str] = set()
    commands = [main, *main.commands.values()]
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option):
                found.update(o for o in param.opts if o.startswith("--") and o != "--help")
    return found


def search_options() -> set[str]:
    from search.cli import parser

    found: set[str] = set()
    parsers = [parser()]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += list(action.choices.values())
            found.update(o for o in action.option_strings if o.startswith("--") and o != "--help")
    return found


def test_every_environment_variable_is_in_the_guide():
    assert ENVIRONMENT_MARKER in GUIDE  # the generated table has its place in the guide
    table = environment_reference()
    for var in ENVIRONMENT:
        assert f"`{var.name}`" in table and var.doc in table


def test_every_environment_variable_the_code_reads_is_declared():
    """A variable read anywhere in the code without a declaration would be missing from the guide."""
    read: set[str] = set()
    for folder in ("zhidu", "search", "hooks"):
        for path in (PROJECT / folder).rglob("*.py"):
            read.update(re.findall(r"[\"'](ZHIDU_[A-Z_]+)[\"']", path.read_text(encoding="utf-8")))
    assert read and read <= {var.name for var in ENVIRONMENT}


def test_every_command_line_option_is_in_the_guide():
    options = zhidu_options() | search_options()
    assert "--as-of" in options  # the collection really found the options
    missing = sorted(o for o in options if o not in GUIDE)
    assert missing == []
