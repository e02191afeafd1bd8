"""`--executor dask`: the same tasks on dask.distributed give the local executor's output tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import begroting_cli
from begroting_cli.batch import executors
from begroting_cli.cli import app

from .batch_helpers import mixed_corpus, tree
from .conftest import SAMPLES, require_shared


def test_dask_on_a_local_cluster_of_two_workers_equals_local(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    require_shared()
    src = mixed_corpus(tmp_path, pages=4)
    local = list(begroting_cli.batch([src], tmp_path / "local", jobs=2))
    # the LocalCluster's two workers are threads here; each still parses every document in its own
    # isolated child, as on a real cluster
    on_dask = list(begroting_cli.batch([src], tmp_path / "dask", jobs=2, executor="dask"))
    assert sorted((r.path, r.status) for r in on_dask) == sorted((r.path, r.status) for r in local)
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    assert any(r.status == "failure" for r in on_dask) and any(r.status == "success" for r in on_dask)


def test_without_dask_the_executor_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executors, "dask_available", lambda: False)
    from begroting_cli.batch import runner

    monkeypatch.setattr(runner, "dask_available", lambda: False)
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--executor", "dask"])
    assert result.exit_code == 2
    assert "pip install 'begroting-cli[dask]'" in result.output


def test_workers_get_absolute_paths_and_the_manifest_keeps_the_given_ones(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker on a cluster runs in another directory: it must not resolve a relative path itself."""
    from begroting_cli.batch import runner
    from begroting_cli.batch.isolation import run_isolated

    sent: list[dict] = []

    def recording(tasks: list[dict], jobs: int):
        sent.extend(tasks)
        return (run_isolated(t) for t in tasks)

    monkeypatch.setattr(runner, "run_local", recording)
    monkeypatch.chdir(SAMPLES.parent)
    out = tmp_path / "out"
    results = list(begroting_cli.batch([SAMPLES.name], out, jobs=1))
    assert sent and all(Path(t["path"]).is_absolute() and Path(t["outdir"]).is_absolute() for t in sent)
    assert all(r.status == "success" for r in results)
    rows = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(json.loads(r)["path"].startswith(f"{SAMPLES.name}/") for r in rows)
