"""Encrypted PDFs: an owner password alone opens and parses; a user password is a one-line error.

Both engines behave alike here: PDFium and pdfminer open a file whose user password is empty
without asking and extract its text whatever the permission bits say (the bits are the owner's
request to the reading application, not part of the encryption). `begroting` follows them: a
published budget "protected against copying" is still a public document, and the figures come out
exactly as from an unprotected copy. The files are really enciphered (`pdfcrypt`), so a reader that
skipped the decryption would read garbage, not these lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.errors import SourceError
from begroting_cli.sources.pdf import MSG_ENCRYPTED, read_pdf

from .pdfcrypt import ALL, COPY, PRINT, PRINT_ONLY, encrypt_pdf
from .pdfgen import Text, build_pdf, right_aligned, text_page

runner = CliRunner()
ENGINES = ["pypdfium2", "pdfplumber"]
REVISIONS = [3, 4, 6]  # RC4-128, AES-128, AES-256
LINES = ["Programma 1 Bestuur", "Bedragen x € 1.000", "Lasten 1.972 2.104", "Baten 845 901",
         "Saldo -1.127 -1.203"]


def table_pdf() -> bytes:
    page = text_page(["Programma 1 Bestuur", "Bedragen x € 1.000"])
    for i, (label, a, b) in enumerate([("Lasten", "1.972", "2.104"), ("Baten", "845", "901"),
                                       ("Saldo", "-1.127", "-1.203")]):
        top = 120 + 14 * i
        page.texts += [Text(72, top, label), right_aligned(300, top, a, 10), right_aligned(400, top, b, 10)]
    return build_pdf([page, text_page(["Toelichting", "De lasten stijgen door de cao."])])


def lines_of(path: Path, engine: str) -> list[str]:
    return [ln.text for ln in read_pdf(path, engine=engine).lines]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("revision", REVISIONS)
@pytest.mark.parametrize("permissions", [ALL, PRINT_ONLY], ids=["all", "print-only"])
def test_owner_password_alone_reads_like_the_unprotected_file(tmp_path, engine, revision, permissions):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(build_pdf([text_page(LINES)]))
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypt_pdf(plain.read_bytes(), owner="eigenaar", revision=revision,
                                   permissions=permissions))
    assert b"Lasten" in plain.read_bytes() and b"Lasten" not in locked.read_bytes()  # really enciphered
    assert lines_of(locked, engine) == lines_of(plain, engine) == LINES


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(revision=st.sampled_from(REVISIONS), owner=st.text(st.characters(min_codepoint=33, max_codepoint=126),
                                                           min_size=1, max_size=32),
       bits=st.sets(st.sampled_from([PRINT, COPY, 1 << 3, 1 << 5, 1 << 9])),
       words=st.lists(st.from_regex(r"[A-Za-z]{2,12}", fullmatch=True), min_size=1, max_size=6))
def test_any_owner_password_and_permission_bits_give_the_text(tmp_path, revision, owner, bits, words):
    plain = build_pdf([text_page([" ".join(words)])])
    path = tmp_path / f"r{revision}.pdf"
    path.write_bytes(encrypt_pdf(plain, owner=owner, revision=revision,
                                 permissions=PRINT_ONLY & ~PRINT | sum(bits)))
    assert lines_of(path, "pypdfium2") == [" ".join(words)]


@pytest.mark.parametrize("revision", REVISIONS)
def test_cli_parses_an_owner_protected_table_like_its_unprotected_copy(tmp_path, revision):
    plain = tmp_path / "begroting.pdf"
    plain.write_bytes(table_pdf())
    locked_dir = tmp_path / "locked"
    locked_dir.mkdir()
    locked = locked_dir / "begroting.pdf"
    locked.write_bytes(encrypt_pdf(plain.read_bytes(), owner="eigenaar", revision=revision,
                                   permissions=PRINT_ONLY))
    out = {}
    for name, path in (("plain", plain), ("locked", locked)):
        result = runner.invoke(app, ["parse", str(path), "--jobs", "2"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        doc["source"].pop("sha256")
        out[name] = doc
    assert out["locked"] == out["plain"]
    assert "1.972" in json.dumps(out["locked"]["elements"])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("revision", REVISIONS)
def test_a_user_password_is_one_line_and_exit_2(tmp_path, engine, revision):
    path = tmp_path / "besloten.pdf"
    path.write_bytes(encrypt_pdf(build_pdf([text_page(LINES)]), owner="eigenaar", user="lezer", revision=revision))
    with pytest.raises(SourceError) as err:
        read_pdf(path, engine=engine)
    assert err.value.message == MSG_ENCRYPTED
    result = runner.invoke(app, ["parse", str(path), "--pdf-engine", engine])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"begroting: error: besloten.pdf: {MSG_ENCRYPTED}"]
    assert result.stdout == ""


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_decompression_bomb_in_an_owner_protected_pdf_is_refused_fast(tmp_path, revision):
    """Its streams are enciphered Flate data: the bomb check deciphers them (empty user password) first."""
    import time

    from . import hostile

    path = tmp_path / "bom.pdf"
    path.write_bytes(encrypt_pdf(hostile.flate_bomb(64 << 20), owner="eigenaar", revision=revision))
    start = time.monotonic()
    result = runner.invoke(app, ["parse", str(path), "--max-stream-size", "16M"])
    assert time.monotonic() - start < 10
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("begroting: error: bom.pdf: ") and "decompression bomb" in line


def test_a_bomb_behind_a_user_password_is_the_password_error(tmp_path):
    from . import hostile

    path = tmp_path / "bom.pdf"
    path.write_bytes(encrypt_pdf(hostile.flate_bomb(64 << 20), owner="eigenaar", user="lezer", revision=6))
    result = runner.invoke(app, ["parse", str(path), "--max-stream-size", "16M"])
    assert result.exit_code == 2 and result.stderr.strip() == f"begroting: error: bom.pdf: {MSG_ENCRYPTED}"
