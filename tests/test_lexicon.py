"""The lexicon and the settings stay documented and in use: every entry has its meaning written above it and
at least one module that reads it, every settings field has a doc, docs/lexicon.md is generated from both,
and the segmenter reads its vocabulary from the lexicon, not from the table readers in `extract`."""

from __future__ import annotations

import dataclasses
import re

import pytest

from begroting_cli import lexicon
from begroting_cli.settings import SETTINGS, Settings

from .lexicon_reference import DOC, entries, render, setting_fields, users
from .test_architecture import ROOT, import_graph


def test_docs_page_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/lexicon.md is out of date: run make docs"


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.name)
def test_every_entry_is_documented_and_used(entry):
    assert entry.doc, f"{entry.name}: write what it means in a comment above it"
    assert entry.name in users() or any(entry.value is getattr(lexicon, o) for o in users()), \
        f"{entry.name} is used by no module: delete it"


def test_every_setting_is_documented_frozen_and_read():
    source = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py") if p.name != "settings.py")
    for name, _default, doc in setting_fields():
        assert doc, f"Settings.{name} has no doc"
        top = name.split(".")[0]
        assert re.search(rf"\.{top}\b", source), f"Settings.{top} is read by no module: delete it"
    with pytest.raises(dataclasses.FrozenInstanceError):
        SETTINGS.cell_max_chars = 1  # type: ignore[misc]


def test_a_changed_setting_is_a_new_object():
    changed = dataclasses.replace(SETTINGS, cell_max_chars=SETTINGS.cell_max_chars + 1)
    assert changed.cell_max_chars == SETTINGS.cell_max_chars + 1 and SETTINGS == Settings()


def test_the_segmenter_imports_nothing_from_extract():
    """Regions before structure (TABLES.md §7): the segmenter knows the words, not the table readers."""
    graph = import_graph()
    reached = sorted(m for m in graph["begroting_cli.segment"] if m.startswith("begroting_cli.extract"))
    assert not reached, f"segment imports {reached}"


def test_lexicon_and_settings_import_nothing_of_the_package():
    graph = import_graph()
    assert not graph["begroting_cli.lexicon"]
    assert not graph["begroting_cli.settings"]

