"""`begroting validate https://...`: a web page is validated like the saved page, with the fetch limits and
one-line errors of `parse` (the local http.server of tests/test_html_fetch.py on 127.0.0.1)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app

from .test_html_fetch import PAGE_297, PAGES, _Handler, server  # noqa: F401 - the module-scoped server fixture

runner = CliRunner()


def findings(report: dict) -> list[tuple]:
    """The report without file names: (code, severity, message, line) of every finding."""
    return sorted((f["code"], f["severity"], f["message"], (f.get("location") or {}).get("line"))
                  for d in report["documents"] for f in d["findings"])


def test_a_url_validates_like_the_saved_page(server: str) -> None:  # noqa: F811
    url = f"{server}/{PAGE_297}"
    by_url = runner.invoke(app, ["validate", url, "-f", "json"])
    by_file = runner.invoke(app, ["validate", str(PAGES / PAGE_297), "-f", "json"])
    assert by_url.exit_code == by_file.exit_code, (by_url.output, by_file.output)
    assert by_url.exit_code in (0, 1) and by_url.stderr == ""
    url_report, file_report = json.loads(by_url.stdout), json.loads(by_file.stdout)
    assert findings(url_report) == findings(file_report)
    assert url_report["documents"][0]["file"] == url  # the URL as given, not a path with its `//` folded
    checks = url_report["documents"][0]["checks"]
    assert checks == file_report["documents"][0]["checks"] and sum(c["relations"] for c in checks) >= 6
    assert url_report["documents"][0]["unchecked"] is False


def test_a_url_and_a_file_in_one_run(server: str, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["validate", f"{server}/moved", str(PAGES / PAGE_297), "-f", "json", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    files = [d["file"] for d in json.loads(out.read_text(encoding="utf-8"))["documents"]]
    assert files == [f"{server}/moved", str(PAGES / PAGE_297)]


SITE = {
    "/begroting-2025/inleiding": "<html><body><nav><a href='/begroting-2025/financien'>Financi&euml;n</a></nav>"
    "<h1>Inleiding</h1><p>De begroting in het kort.</p></body></html>",
    "/begroting-2025/financien": "<html><body><h1>Financi&euml;n</h1><table><thead><tr><th>Bedragen x &euro; 1.000</th>"
    "<th>Begroting 2025</th><th>Begroting 2026</th></tr></thead><tbody>"
    "<tr><td>Lasten</td><td>1.234</td><td>1.300</td></tr><tr><td>Baten</td><td>234</td><td>300</td></tr>"
    "<tr><td>Saldo</td><td>-1.000</td><td>-900</td></tr></tbody></table></body></html>",
}


class _SiteHandler(_Handler):
    """The URL tests' handler plus a two-page document whose figures are on the linked page."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path not in SITE:
            return super().do_GET()
        self.send_html(SITE[self.path])
        return None


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(PAGES)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_crawl_validates_the_whole_document(site: str) -> None:
    start = f"{site}/begroting-2025/inleiding"
    alone = runner.invoke(app, ["validate", start, "-f", "json"])
    alone_doc = json.loads(alone.stdout)["documents"][0]
    assert alone_doc["checks"] == [] and alone_doc["unchecked"] is True
    crawled = runner.invoke(app, ["validate", start, "--crawl", "-f", "json"])
    doc = json.loads(crawled.stdout)["documents"][0]
    assert doc["checks"] and doc["unchecked"] is False  # the table is on the linked page
    assert crawled.exit_code == 1 and [f["code"] for f in doc["findings"] if f["severity"] == "error"]  # -900


@pytest.mark.parametrize(("path", "message"), [
    ("/bestaat-niet", "HTTP 404"),
    ("/loop", "more than 5 redirects"),
    ("/huge", "response larger than"),
    ("/huge-chunked", "response larger than"),
    ("/ftp", "only http and https"),
])
def test_fetch_failures_are_one_line_and_exit_2(server: str, path: str, message: str,  # noqa: F811
                                                tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["validate", f"{server}{path}", "-f", "json", "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and f"{server}{path}" in lines[0], lines
    assert "Traceback" not in result.output


def test_an_unreachable_host_is_one_line_exit_2() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(app, ["validate", f"http://127.0.0.1:{port}/begroting"])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "cannot connect" in lines[0]


def test_another_scheme_is_a_usage_error_like_in_parse() -> None:
    for command in ("parse", "validate"):
        result = runner.invoke(app, [command, "file:///etc/passwd", str(PAGES / PAGE_297)])
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.strip().splitlines() == [
            "begroting: error: file:///etc/passwd: only http and https URLs can be fetched, not 'file'"]
