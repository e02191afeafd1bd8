from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

# The suite draws the same examples on every run, so a red build is reproducible and never a roll of
# the dice; `HYPOTHESIS_PROFILE=explore make test` draws fresh ones to hunt for new failures.
settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "corpus" / "pages"
PDFS = SHARED / "corpus" / "pdf"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def sample(name: str) -> Path:
    return SAMPLES / name


def require_shared() -> None:
    if not PAGES.exists():
        pytest.skip("../shared/corpus is not beside the repository")
