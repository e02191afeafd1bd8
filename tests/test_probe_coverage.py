"""Every probe input of the table design note (TABLES.md §10) has a test in test_probes.py.

The probe tests are named after the probes they answer (test_p8_q8_... answers P8 and Q8); a probe
added to the note without a test fails here.
"""

from __future__ import annotations

import re

import pytest

from . import test_probes
from .conftest import SHARED

NOTE = SHARED / "design" / "TABLES.md"


def probes_named_by_tests() -> set[str]:
    return {part.upper() for name in vars(test_probes) if name.startswith("test_") for part in name.split("_")
            if re.fullmatch(r"[pqrs]\d+", part)}


def test_every_probe_of_the_design_note_has_a_test() -> None:
    if not NOTE.exists():
        pytest.skip("../shared/design/TABLES.md is not beside the repository")
    section = NOTE.read_text(encoding="utf-8").split("## 10.", 1)[1].split("\n## ", 1)[0]
    probes = re.findall(r"^([PQRS]\d+)\s", section, flags=re.MULTILINE)
    assert len(probes) >= 10
    assert sorted(set(probes) - probes_named_by_tests()) == []


def test_probe_names_are_read_from_the_test_names() -> None:
    assert {"P2", "P3", "P8", "Q8", "S1"} <= probes_named_by_tests()
    assert not any(p.startswith(("T", "V")) for p in probes_named_by_tests())
