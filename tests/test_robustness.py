"""Hostile and accidental inputs: each gives a document or one line with its documented exit code.

Every crash the fuzzer or a user found is here as a regression test, named after what it was.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import cli
from begroting_cli.api import parse, parse_text
from begroting_cli.api import validate
from begroting_cli.cli import app
from begroting_cli.emit import to_json
from begroting_cli.errors import EXIT_INTERNAL, SourceError
from begroting_cli.limits import Limits, parse_size

from . import hostile
from .conftest import ROOT, SAMPLES

runner = CliRunner()
S001 = SAMPLES / "rotterdam-begroting-2021-wijkteams-wmo-loketten.txt"
HEADER = "Overzicht (bedragen x € 1.000) | Begroting 2020 | Realisatie 2020 | % |\n---|---|---|---|\n"


def one_line_error(result, code: int, *words: str) -> str:
    """Assert the exit code and a single stderr line (no traceback) containing `words`."""
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


# --- crash regressions ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["|||", " | ", "|\t|", "| | | |"])
def test_pipe_table_row_of_bars_only_is_a_rule_not_a_crash(line: str) -> None:
    """IndexError in rawtable._pipe: a row whose cells are all empty."""
    doc = parse_text(HEADER + line + "\nLasten | 1 | 2 | 50 |\n")
    assert json.loads(to_json(doc))["source"]["lines"] == 4


@pytest.mark.parametrize("tiny", ["0,0000000000000000000000000000001", "0,000001"])
def test_percentage_over_a_tiny_denominator_is_no_crash(tiny: str) -> None:
    """decimal.InvalidOperation in the percentage relation: 100 * x / y beyond 28 digits."""
    doc = parse_text(HEADER + f"Lasten | 1.000.000.000.000.000 | {tiny} | 50 |\nBaten | 100 | 200 | 50 |\n"
                     "Overig | 300 | 600 | 50 |\n")
    report = validate(doc)
    assert report.documents[0].counts is not None


def test_json_nested_a_thousand_deep_is_a_one_line_error(tmp_path: Path) -> None:
    """RecursionError in validate on deeply nested JSON."""
    for i, text in enumerate(["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000]):
        path = tmp_path / f"deep{i}.json"
        path.write_text(text, encoding="utf-8")
        one_line_error(runner.invoke(app, ["validate", str(path)]), 2, path.name)


def test_font_mapping_to_a_lone_surrogate_gives_replacement_characters(tmp_path: Path) -> None:
    """UnicodeEncodeError in the JSON writer: pdfium text decoded with surrogatepass."""
    path = tmp_path / "surrogate.pdf"
    lines = ["Baten en lasten van het programma Bestuur en ondersteuning"] * 12 + ["Lasten A 1.000 2.000"]
    path.write_bytes(hostile.pdf([hostile.text_ops(lines)], font=hostile.surrogate_font(),
                                 extra_objects=hostile.surrogate_objects()))
    doc = parse(path, jobs=1)
    text = to_json(doc)
    text.encode("utf-8")  # raises on a lone surrogate
    assert "\ufffd" in text and "Lasten" in text


def test_stdout_on_a_full_disk_is_a_one_line_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    import subprocess

    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "begroting_cli", "parse", str(S001)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["begroting: error: <stdout>: cannot write: No space left on device"]


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo"])
def test_special_files_as_input_are_refused_up_front(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)  # opening it would block for ever: it must never be opened
    elif not path.exists():
        pytest.skip(f"no {special} here")
    start = time.monotonic()
    for cmd in (["parse", str(path)], ["validate", str(path)]):
        one_line_error(runner.invoke(app, cmd), 2, str(path), "not a document file")
    json_fifo = tmp_path / "doc.json"
    os.mkfifo(json_fifo)
    one_line_error(runner.invoke(app, ["validate", str(json_fifo)]), 2, "FIFO")
    assert time.monotonic() - start < 10


def test_an_internal_error_exits_70_with_one_line_and_the_traceback_only_under_debug(monkeypatch, capsys) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli, "load", broken)
    for argv, traceback_shown in ((["begroting", "parse", str(S001)], False),
                                  (["begroting", "--debug", "parse", str(S001)], True)):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exc:
            cli.main()
        assert exc.value.code == EXIT_INTERNAL != 1
        err = capsys.readouterr().err
        assert ("Traceback" in err) is traceback_shown
        last = err.strip().splitlines()[-1]
        assert last.startswith("begroting: error: internal error (RuntimeError: simulated bug)")
        assert "report it at https://" in last


# --- bad text inputs -----------------------------------------------------------------------------------------------

TABLE = "Overzicht lasten (bedragen x € 1.000)\nOmschrijving Begroting 2020 Rekening 2020\nLasten 1.000 2.000\n"


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False),
                                          ("utf-16-be", False), ("cp1252", False), ("utf-8", True)])
def test_other_encodings_give_a_document(tmp_path: Path, encoding: str, bom: bool) -> None:
    data = TABLE.encode(encoding)
    if bom:
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}[encoding] + data
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert doc["source"]["lines"] == 3
    assert "1.000" in result.stdout and "€" in result.stdout
    noted = any(d["code"] == "source-encoding" for d in doc["diagnostics"])
    assert noted == (encoding == "cp1252" or (encoding.startswith("utf-16") and not bom))


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_line_endings_give_the_same_lines(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TABLE.replace("\n", newline).encode("utf-8"))
    assert parse(path).source.lines == 3


def test_invalid_utf8_is_decoded_as_cp1252_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TABLE.encode("utf-8") + b"Baten \xff\xfe\x80 12\n")
    doc = parse(path)
    assert [d.code for d in doc.diagnostics if d.code == "source-encoding"] == ["source-encoding"]


def test_truncated_utf8_text_is_still_a_document(tmp_path: Path) -> None:
    data = (TABLE * 3).encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[: data.index("€".encode()) + 1])  # cut inside a multi-byte character
    assert parse(path).source.lines >= 1


def test_a_50_mb_line_is_refused_by_the_line_limit_quickly(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"1.000 " * (50 * 1024 * 1024 // 6))
    start = time.monotonic()
    line = one_line_error(runner.invoke(app, ["parse", str(path)]), 2, "one-line.txt:1", "--max-line-length")
    assert "over the limit of 1,000,000" in line
    assert time.monotonic() - start < 10


def test_a_million_lines_are_refused_by_the_lines_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.txt"
    path.write_bytes(b"Lasten 1.000 2.000\n" * 1_000_000)
    one_line_error(runner.invoke(app, ["parse", str(path)]), 2, "1,000,000 lines", "--max-lines")


def test_file_size_limit_and_its_override(tmp_path: Path) -> None:
    one_line_error(runner.invoke(app, ["parse", str(S001), "--max-file-size", "1k"]), 2, "--max-file-size")
    assert runner.invoke(app, ["parse", str(S001), "--max-file-size", "0"]).exit_code == 0
    one_line_error(runner.invoke(app, ["parse", str(S001), "--max-file-size", "lots"]), 2, "not a size")


def test_sizes_take_binary_multiples() -> None:
    assert parse_size("256M") == 256 << 20 and parse_size("1G") == 1 << 30 and parse_size("500k") == 512000
    assert parse_size("1MiB") == 1 << 20 and parse_size("0") == 0
    with pytest.raises(ValueError):
        Limits(max_pages=-1)


@pytest.mark.parametrize("name,data,words", [
    ("archive.pdf", b"PK\x03\x04" + bytes(200), "not a PDF"),
    ("page.pdf", b"<!DOCTYPE html><html><body>Lasten 1.000</body></html>", "not a PDF"),
    ("data.json", b'{"a": 1}', "not a begroting document"),
])
def test_other_formats_under_any_name_are_one_line_errors(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    one_line_error(runner.invoke(app, ["parse", str(path)]), 2, name, words)


def test_json_and_yaml_that_are_not_the_tools_schema(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"elements": 3, "schema_version": "1.0"}', encoding="utf-8")
    one_line_error(runner.invoke(app, ["validate", str(path)]), 2, "not a begroting document")
    tagged = tmp_path / "evil.yaml"
    tagged.write_text("!!python/object/apply:os.system ['touch pwned']\nLasten: 1.000\n", encoding="utf-8")
    one_line_error(runner.invoke(app, ["parse", str(tagged)]), 2, "evil.yaml", "not valid YAML")  # safe_load
    assert not (Path.cwd() / "pwned").exists()
    other = tmp_path / "other.yaml"
    other.write_text("begroting: 2025\nlasten: [1, 2]\n", encoding="utf-8")
    one_line_error(runner.invoke(app, ["validate", str(other)]), 2, "not a begroting document")


def test_yaml_is_only_ever_safe_loaded() -> None:
    """No yaml.load / unsafe_load / full_load / Loader anywhere in the package."""
    unsafe = re.compile(r"yaml\.(load|unsafe_load|full_load|load_all|unsafe_load_all)\(|Loader\s*=")
    for path in (ROOT / "src").rglob("*.py"):
        assert not unsafe.search(path.read_text(encoding="utf-8")), path


# --- bad PDFs ------------------------------------------------------------------------------------------------------

LINES = ["Programma 1 Bestuur", "Lasten 1.000 2.000", "Baten 500 600"]


def test_flate_bomb_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.flate_bomb(64 << 20))  # 64 MiB of spaces in ~64 KiB
    start = time.monotonic()
    one_line_error(runner.invoke(app, ["parse", str(path), "--max-stream-size", "16M"]), 2, "bomb.pdf",
                   "decompression bomb", "--max-stream-size")
    assert time.monotonic() - start < 10


def test_flate_chain_bomb_of_a_few_kb_is_refused(tmp_path: Path) -> None:
    import zlib

    inner = zlib.compress(b" " * (64 << 20), 9)
    outer = zlib.compress(inner, 9)
    assert len(outer) < 5000
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n%s\nendstream" % (len(outer), outer)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>"
    path = tmp_path / "chain.pdf"
    path.write_bytes(hostile.serialise({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                                        2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", 3: hostile.HELVETICA,
                                        4: stream, 5: page}))
    one_line_error(runner.invoke(app, ["parse", str(path), "--max-stream-size", "16M"]), 2, "decompression bomb")


def test_worker_memory_limit_turns_an_exhausting_pdf_into_one_line(tmp_path: Path) -> None:
    """With the stream check off, the bomb reaches PDFium: the worker's memory limit stops it."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.flate_bomb(600 << 20))
    result = runner.invoke(app, ["parse", str(path), "--max-stream-size", "0", "--max-memory", "300M"])
    one_line_error(result, 2, "bomb.pdf")


def test_page_limit_and_its_override(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(hostile.pdf([hostile.text_ops([f"Pagina {i}", *LINES]) for i in range(5001)]))
    start = time.monotonic()
    one_line_error(runner.invoke(app, ["parse", str(path)]), 2, "5001 pages", "--max-pages")
    assert time.monotonic() - start < 10
    result = runner.invoke(app, ["parse", str(path), "--pages", "1-3", "--jobs", "1"])
    assert result.exit_code == 0 and json.loads(result.stdout)["source"]["pages"] == 5001


def test_time_limit_stops_a_slow_pdf(tmp_path: Path) -> None:
    path = tmp_path / "slow.pdf"
    path.write_bytes(hostile.pdf([hostile.text_ops([f"Pagina {i}", *LINES] * 20) for i in range(300)]))
    one_line_error(runner.invoke(app, ["parse", str(path), "--max-seconds", "0.01", "--jobs", "1"]), 2,
                   "--max-seconds")


@pytest.mark.parametrize("kind", ["javascript", "embedded", "huge-mediabox", "many-glyphs"])
def test_odd_but_valid_pdfs_give_documents(tmp_path: Path, kind: str) -> None:
    contents = [hostile.text_ops(LINES)]
    extra: dict = {}
    if kind == "javascript":
        extra = {"catalog_extra": hostile.JAVASCRIPT}
    elif kind == "embedded":
        extra = {"catalog_extra": hostile.EMBEDDED, "extra_objects": hostile.embedded_objects()}
    elif kind == "huge-mediabox":
        extra = {"mediabox": (1e9, 1e9)}
    else:  # 100k glyphs on one page: 2000 lines of 50 characters
        contents = [hostile.text_ops([f"Regel {i:05d} " + "x" * 38 for i in range(2000)], pitch=0.4)]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(hostile.pdf(contents, **extra))
    start = time.monotonic()
    result = runner.invoke(app, ["parse", str(path), "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["source"]["format"] == "pdf"
    assert time.monotonic() - start < 30
    if kind == "embedded":  # the attachment's text is not the document's
        assert "a.txt" not in result.stdout


@pytest.mark.parametrize("damage", ["truncated", "flipped", "no-xref"])
def test_damaged_pdfs_are_one_line_errors_or_documents(tmp_path: Path, damage: str) -> None:
    data = bytearray(hostile.pdf([hostile.text_ops(LINES)] * 3))
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "flipped":
        for i in range(40, len(data), 97):
            data[i] ^= 0xFF
    else:
        data = data[: data.index(b"xref")] + b"%%EOF\n"
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(bytes(data))
    result = runner.invoke(app, ["parse", str(path), "--jobs", "1"])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        one_line_error(result, 2, path.name)


def test_library_source_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        parse(Path("/dev/zero"))
    assert err.value.one_line().startswith("/dev/zero: is a character device")
