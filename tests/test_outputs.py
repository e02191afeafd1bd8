"""Output paths: written through links and devices, with the umask's mode, never colliding, never half-written."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.errors import OutputError, UsageError
from begroting_cli.outputs import plan_targets, write_text

from .conftest import SAMPLES

runner = CliRunner()
S001 = str(SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt")
VENLO = str(SAMPLES / "venlo-jaarverslag-2017-sociaal-domein.txt")
COMMANDS = {"parse": ["parse", S001], "export": ["export", S001], "schema": ["schema"],
            "validate": ["validate", S001, "--unit", "1000"]}


def one_line(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for w in words:
        assert w in lines[0]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_symlink_is_written_through_to_its_target(tmp_path: Path, command: str) -> None:
    target = tmp_path / "real" / "out.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = runner.invoke(app, [*COMMANDS[command], "-o", str(link)])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") != "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]  # no temporary file left


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_fifo_is_written_through_not_replaced(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, [*COMMANDS[command], "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code in (0, 1), result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and len(received[0]) > 100


def test_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    before = os.stat("/dev/null")
    result = runner.invoke(app, ["parse", S001, "-o", "/dev/null"])
    assert result.exit_code == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_get_the_umasks_mode_and_existing_files_keep_theirs(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        new = tmp_path / "new.json"
        write_text(new, "{}\n")
        assert stat.S_IMODE(os.stat(new).st_mode) == mode
        kept = tmp_path / "kept.json"
        kept.write_text("x", encoding="utf-8")
        os.chmod(kept, 0o640)
        write_text(kept, "{}\n")
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640
    finally:
        os.umask(old)


def test_two_inputs_with_one_name_are_refused_before_parsing(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text(Path(S001).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"),
                                 "-o", f"{out}/"])
    one_line(result, 2, "would both write", "x.json")
    assert not out.exists()
    with pytest.raises(UsageError):
        plan_targets(["x", "x"], "out/", "json")


def test_several_inputs_into_a_file_name_are_refused_not_made_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    one_line(runner.invoke(app, ["parse", S001, VENLO, "-o", str(out)]), 2, "several inputs need a directory")
    assert not out.exists()
    result = runner.invoke(app, ["parse", S001, VENLO, "-o", f"{tmp_path / 'dir'}/"])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "dir").iterdir()) == [
        "rotterdam-begroting-2021-wijkteams-wmo-loketten.json", "venlo-jaarverslag-2017-sociaal-domein.json"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_unwritable_paths_are_one_line_errors_with_exit_2(tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    bad_paths = [str(blocker / "sub" / "out.json"), "/proc/version/out.json"]
    if command != "parse":  # parse -o DIR writes one file per input into it
        bad_paths.append(str(tmp_path))
    for bad in bad_paths:
        one_line(runner.invoke(app, [*COMMANDS[command], "-o", bad]), 2, "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_read_only_directory_is_a_one_line_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions do not apply")
        one_line(runner.invoke(app, ["parse", S001, "-o", str(locked / "out.json")]), 2, "Permission denied")
    finally:
        locked.chmod(0o700)


def test_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.json"

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_output_names_come_from_input_names_only(tmp_path: Path) -> None:
    """A document titled '../../etc/passwd' still writes DIR/<input stem>.json."""
    src = tmp_path / "doc.txt"
    src.write_text("../../etc/passwd\nGemeente ../../x\nLasten 1.000 2.000\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["parse", str(src), "-o", f"{out}/"]).exit_code in (0, 1)
    assert [p.name for p in out.iterdir()] == ["doc.json"]
    assert json.loads((out / "doc.json").read_text(encoding="utf-8"))["source"]["name"] == "doc.txt"
