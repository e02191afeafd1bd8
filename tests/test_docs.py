"""The documentation keeps up with the CLI: docs/cli.md is generated from --help and names every command and
option; the README names every command."""

from __future__ import annotations

import re

import pytest

from .cli_reference import DOC, commands, help_text, options, render
from .conftest import ROOT


def documented_options(doc: str, command: str) -> set[str]:
    """The option strings in the section of `begroting COMMAND` of docs/cli.md."""
    m = re.search(rf"^## begroting {command}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    assert m, f"docs/cli.md has no section for {command}"
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", m.group(1)))


def test_reference_is_generated_from_the_current_help() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "docs/cli.md is out of date: run make docs"


@pytest.mark.parametrize("command", commands())
def test_every_command_and_option_is_documented(command: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [o for o in options(command) if o not in documented_options(doc, command)]
    assert not missing, f"begroting {command}: {missing} not in docs/cli.md"
    assert f"begroting {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command: str) -> None:
    assert len(help_text([command]).split("\n\n", 2)[1].strip()) > 20


def test_the_docs_test_catches_a_removed_option() -> None:
    """Take one option out of the reference: the check above must notice."""
    doc = DOC.read_text(encoding="utf-8")
    cut = doc.replace("--excel", "")
    assert "--excel" in documented_options(doc, "export")
    assert "--excel" not in documented_options(cut, "export")
