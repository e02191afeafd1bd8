"""Web pages by URL (httpx): one page, or a crawl of the document's own pages.

Why the limits: a URL is input from anywhere. Only http and https are fetched; every request has
connect and read timeouts and an overall deadline; a body larger than the page limit is cut off
while streaming (never read into memory whole); redirects are followed by hand, each hop checked,
at most MAX_REDIRECTS. Every failure is a SourceError with one line naming the URL.
"""

from __future__ import annotations

import time
import warnings
from collections import deque
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup

from ..errors import SourceError, UsageError
from .html import MAX_HTML_BYTES, HtmlPage
from .sniff import looks_like_html


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Limits of one fetch and of a crawl; the defaults are documented in the README."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # seconds for one page, redirects included
    max_bytes: int = MAX_HTML_BYTES
    max_redirects: int = 5
    crawl_depth: int = 2
    crawl_pages: int = 50


MAX_REDIRECTS = FetchLimits.max_redirects
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_PAGES = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".css", ".js", ".zip", ".xlsx", ".xls",
              ".docx", ".doc", ".csv", ".json", ".xml", ".ico", ".woff", ".woff2", ".mp4")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"only http and https URLs can be fetched, not {parts.scheme or 'this'!r}", source=url)
    if not parts.hostname:
        raise UsageError("URL without a host", source=url)
    return url


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect (host unreachable or unknown)"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return f"download failed ({type(exc).__name__})"


def fetch_page(url: str, *, limits: FetchLimits = FetchLimits(), client: httpx.Client | None = None) -> HtmlPage:
    """GET one HTML page within the limits; its name is the final URL."""
    check_url(url)
    own = client is None
    client = client or _client(limits)
    start = time.monotonic()
    try:
        current = url
        for _ in range(limits.max_redirects + 1):
            with client.stream("GET", current) as resp:
                if resp.is_redirect:
                    target = resp.headers.get("location")
                    if not target:
                        raise SourceError(f"HTTP {resp.status_code} redirect without a Location", source=url)
                    try:
                        current = check_url(urljoin(current, target))
                    except UsageError as exc:
                        raise SourceError(f"redirects to {urljoin(current, target)}: {exc.message}",
                                          source=url) from None
                    continue
                if resp.status_code >= 400:
                    raise SourceError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), source=url)
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise SourceError(_too_large(limits), source=url)
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_bytes:
                        raise SourceError(_too_large(limits), source=url)
                    if time.monotonic() - start > limits.deadline:
                        raise SourceError(f"took longer than {limits.deadline:g} s", source=url)
                ctype = resp.headers.get("content-type")
                data = bytes(body)
                if ctype and not ctype.lower().startswith(_HTML_TYPES) and not looks_like_html(data[:2048]):
                    raise SourceError(f"not an HTML page (content type {ctype.split(';')[0]}); download it "
                                      "and parse the file", source=url)
                return HtmlPage(str(resp.url), data, ctype)
        raise SourceError(f"more than {limits.max_redirects} redirects", source=url)
    except httpx.HTTPError as exc:
        raise SourceError(_describe(exc), source=url) from None
    finally:
        if own:
            client.close()


def _too_large(limits: FetchLimits) -> str:
    return f"response larger than {limits.max_bytes // (1024 * 1024)} MB"


def _client(limits: FetchLimits) -> httpx.Client:
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    # The size limit counts decoded bytes: a compressed body cannot expand past it.
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": "begroting (budget document parser)",
                                 "Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "identity"})


def document_scope(url: str) -> tuple[str, str]:
    """(host, path prefix) of the document a page belongs to.

    `/<document>/<section>/<page>` sites keep a document under its first path segment; sites with a
    page id or slug directly under the host (`/p4691/slug`, `/slug`) are one document per host.
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    prefix = f"/{segments[0]}/" if len(segments) >= 3 else "/"
    return (parts.hostname or "").lower(), prefix


def page_links(page: HtmlPage) -> list[str]:
    """Absolute links (fragment dropped) of a page, in order, menus included: menus list the pages."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(page.data, "html.parser")
    base_tag = soup.find("base", href=True)
    base = urljoin(page.name, str(base_tag["href"])) if base_tag else page.name
    out = []
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        out.append(urldefrag(urljoin(base, href))[0])
    return list(dict.fromkeys(out))


def crawl(url: str, *, limits: FetchLimits = FetchLimits()) -> list[HtmlPage]:
    """The start page and the pages it links to within its document, breadth first, to
    `crawl_depth` links from the start and at most `crawl_pages` pages. Linked pages that fail are
    skipped (the start page must load)."""
    scope = document_scope(check_url(url))
    with _client(limits) as client:
        first = fetch_page(url, limits=limits, client=client)
        pages = [first]
        seen = {urldefrag(url)[0], first.name}
        queue = deque([(first, 0)])
        while queue and len(pages) < limits.crawl_pages:
            page, depth = queue.popleft()
            if depth >= limits.crawl_depth:
                continue
            for link in page_links(page):
                if link in seen or len(pages) >= limits.crawl_pages:
                    continue
                seen.add(link)
                parts = urlsplit(link)
                if parts.scheme not in ("http", "https") or parts.path.lower().endswith(_NOT_PAGES):
                    continue
                host, path = (parts.hostname or "").lower(), parts.path or "/"
                if host != scope[0] or not path.startswith(scope[1]):
                    continue
                try:
                    sub = fetch_page(link, limits=limits, client=client)
                except SourceError:
                    continue
                if sub.name in seen and sub.name != link:
                    continue
                seen.add(sub.name)
                pages.append(sub)
                queue.append((sub, depth + 1))
    return pages
