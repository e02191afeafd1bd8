"""`make audit` (tests/audit.py): an unreachable database is never a pass; the lower bounds exclude known advisories."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from .audit import EXIT_CLEAN, EXIT_FOUND, EXIT_UNCHECKED, installed_closure, lower_bounds, verdict
from .conftest import ROOT

NOT_FOUND = "Dependency not found on PyPI and could not be audited: {} ({})"

# Advisories whose fixed version the lower bounds of pyproject.toml must reach (SECURITY.md lists them).
ADVISORIES = {
    "pdfplumber": ("0.11.9", "CVE-2025-64512 (pdfminer.six pickle CMaps)"),
    "pyarrow": ("14.0.1", "CVE-2023-47248"),
    "pyyaml": ("5.4", "CVE-2020-14343"),
    "pydantic": ("2.4.0", "CVE-2024-3772"),
    "httpx": ("0.23.0", "CVE-2021-41945"),
    "h11": ("0.16.0", "CVE-2025-43859"),
    "pillow": ("12.2.0", "CVE-2026-40192"),
    "cryptography": ("50.0.0", "CVE-2026-69247"),
    "distributed": ("2026.1.0", "CVE-2026-23528"),
    "jinja2": ("3.1.6", "CVE-2025-27516"),
    "tornado": ("6.5.7", "CVE-2026-49854"),
}


def dep(name: str, version: str, vulns=(), skip: str | None = None) -> dict:
    d: dict = {"name": name, "version": version, "vulns": list(vulns)}
    if skip is not None:
        d = {"name": name, "skip_reason": skip}
    return d


@given(st.lists(st.from_regex(r"[a-z][a-z0-9-]{1,12}", fullmatch=True), min_size=1, max_size=30, unique=True))
def test_nothing_looked_up_is_never_a_pass(names):
    report = {"dependencies": [dep(n, "1.0", skip=NOT_FOUND.format(n, "1.0")) for n in names]}
    code, lines = verdict(report, "", "installed dependencies")
    assert code == EXIT_UNCHECKED
    assert len(lines) == 1 and "nothing was checked" in lines[0] and f"0 of {len(names)}" in lines[0]
    assert "no known vulnerability" not in lines[0]


def test_no_report_at_all_is_unreachable():
    code, lines = verdict(None, "ConnectionError: Failed to resolve 'api.osv.dev'", "x")
    assert code == EXIT_UNCHECKED and lines == [
        "audit: no vulnerability database reachable, nothing was checked (ConnectionError: Failed to resolve "
        "'api.osv.dev')"]


def test_some_not_looked_up_fails_and_names_them():
    report = {"dependencies": [dep("httpx", "0.28.1"), dep("locket", "1.0.0", skip=NOT_FOUND.format("locket", "1.0"))]}
    code, lines = verdict(report, "", "installed dependencies")
    assert code == EXIT_UNCHECKED and lines[-1].endswith("not checked: locket ?")


def test_an_advisory_is_one_line_with_its_fix():
    vuln = {"id": "GHSA-cpwx-vrp4-4pq7", "fix_versions": ["3.1.6"], "aliases": ["CVE-2025-27516"]}
    report = {"dependencies": [dep("jinja2", "3.1.5", [vuln]), dep("httpx", "0.28.1")]}
    code, lines = verdict(report, "", "installed dependencies")
    assert (code, lines) == (EXIT_FOUND, ["audit: jinja2 3.1.5: GHSA-cpwx-vrp4-4pq7 (fixed in 3.1.6)"])


def test_all_looked_up_and_clean_passes_with_the_count():
    report = {"dependencies": [dep("httpx", "0.28.1"), dep("pyyaml", "6.0.4")]}
    assert verdict(report, "", "installed dependencies") == (
        EXIT_CLEAN, ["audit: 2 installed dependencies checked: no known vulnerability"])


@pytest.mark.parametrize("name", sorted(ADVISORIES))
def test_lower_bounds_exclude_known_advisories(name):
    fixed, advisory = ADVISORIES[name]
    bounds = lower_bounds(ROOT / "pyproject.toml")
    assert name in bounds, f"{name} has no lower bound in pyproject.toml ({advisory})"
    assert Version(bounds[name]) >= Version(fixed), f"{name}>={bounds[name]} admits {advisory}"


def test_the_audited_closure_is_what_begroting_installs():
    closure = installed_closure()
    assert {"pdfplumber", "pdfminer-six", "pypdfium2", "httpx", "h11", "pyarrow", "distributed"} <= set(closure)
    assert "pip-audit" not in closure and "pytest" not in closure and "begroting-cli" not in closure


def test_build_backend_bound_excludes_the_setuptools_advisory():
    import tomllib

    build = tomllib.loads(Path(ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    assert any(r.replace(" ", "").startswith("setuptools>=78.1.1") for r in build)  # CVE-2025-47273
