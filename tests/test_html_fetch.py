"""`begroting parse https://...` against a local http.server on 127.0.0.1: the hand-built pages,
a crawl within one document, and every failure as one line with exit code 2."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import parse
from begroting_cli.cli import app
from begroting_cli.models import FinancialTable
from begroting_cli.sources.fetch import FetchLimits, crawl, document_scope

runner = CliRunner()
PAGES = Path(__file__).resolve().parent / "html" / "pages"
PAGE_297 = "297_zwartewaterland_2023_wat-mag-het-kosten.html"

SITE = {
    "/begroting-2024/programma/inleiding": "<html><body><nav><a href='/begroting-2024/programma/sociaal'>Sociaal</a>"
    "<a href='https://elders.example/x'>Elders</a><a href='/andere-begroting/programma/x/y'>Ander document</a></nav>"
    "<h1>Inleiding</h1><p>De begroting in het kort.</p></body></html>",
    "/begroting-2024/programma/sociaal": "<html><body><nav><a href='inleiding'>Inleiding</a></nav><h1>Sociaal</h1>"
    "<table><thead><tr><th>Bedragen x € 1.000</th><th>Begroting 2024</th></tr></thead>"
    "<tbody><tr><td>Lasten</td><td>1.234</td></tr></tbody></table></body></html>",
    "/andere-begroting/programma/x/y": "<html><body><h1>Niet volgen</h1></body></html>",
}


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def send_html(self, text: str) -> None:
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", f"/{PAGE_297}")
            self.end_headers()
        elif self.path == "/ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x")
            self.end_headers()
        elif self.path in ("/huge", "/huge-chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/huge":
                self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            try:
                for _ in range(50 * 16):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
        elif self.path in SITE:
            self.send_html(SITE[self.path])
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(PAGES)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_parses_like_the_saved_page(server: str) -> None:
    by_url = parse(f"{server}/{PAGE_297}")
    by_file = parse(PAGES / PAGE_297)
    rows = [[(r.label, [v.value for v in r.values]) for r in t.rows]
            for t in (by_url, by_file) for t in t.elements if isinstance(t, FinancialTable)]
    assert rows[0] == rows[1] and rows[0][0] == ("Lasten", [24618000, 25100000, 25302000, 25983000, 26396000,
                                                             26686000])
    assert by_url.source.format == "html" and by_url.source.name == f"{server}/{PAGE_297}"


def test_cli_export_of_a_url_and_a_redirect(server: str) -> None:
    result = runner.invoke(app, ["export", f"{server}/moved"])
    assert result.exit_code == 0 and "Maatwerkdienstverlening 18+" in result.stdout


def test_cli_parse_a_url_into_a_folder_names_the_file_after_the_page(server: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", f"{server}/{PAGE_297}", "-o", f"{tmp_path}/"])
    assert result.exit_code == 0 and (tmp_path / f"{Path(PAGE_297).stem}.json").exists()


@pytest.mark.parametrize(("path", "message"), [
    ("/bestaat-niet", "HTTP 404"),
    ("/loop", "more than 5 redirects"),
    ("/huge", "response larger than"),
    ("/huge-chunked", "response larger than"),
    ("/ftp", "only http and https"),
])
def test_failures_are_one_line_and_exit_2(server: str, path: str, message: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["parse", f"{server}{path}", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and f"{server}{path}" in result.stderr
    assert not out.exists()


def test_an_unreachable_host_is_one_line_exit_2() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(app, ["parse", f"http://127.0.0.1:{port}/begroting"])
    assert result.exit_code == 2 and "cannot connect" in result.stderr and result.stderr.count("\n") == 1


def test_other_schemes_are_refused() -> None:
    result = runner.invoke(app, ["parse", "file:///etc/passwd"])
    assert result.exit_code == 2 and "only http and https" in result.stderr


def test_crawl_follows_links_within_the_document_only(server: str) -> None:
    pages = crawl(f"{server}/begroting-2024/programma/inleiding")
    assert [p.name.removeprefix(server) for p in pages] == ["/begroting-2024/programma/inleiding",
                                                            "/begroting-2024/programma/sociaal"]
    result = runner.invoke(app, ["export", f"{server}/begroting-2024/programma/inleiding", "--crawl"])
    assert result.exit_code == 0 and ",Lasten," in result.stdout and ",1234000," in result.stdout


def test_crawl_page_limit() -> None:
    assert document_scope("https://x.begrotingsapp.nl/begroting-2024/programma/a") == ("x.begrotingsapp.nl",
                                                                                        "/begroting-2024/")
    assert document_scope("https://gemeente.begroting-2024.nl/p123/overhead") == ("gemeente.begroting-2024.nl", "/")
    assert FetchLimits().crawl_pages == 50 and FetchLimits().max_redirects == 5


def test_crawl_stops_at_the_page_limit(server: str) -> None:
    pages = crawl(f"{server}/begroting-2024/programma/inleiding", limits=FetchLimits(crawl_pages=1))
    assert len(pages) == 1
