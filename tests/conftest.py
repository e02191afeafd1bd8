from __future__ import annotations

from pathlib import Path

import pytest

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
