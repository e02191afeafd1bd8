"""HTML recognised by its content, whatever the file is called (a page saved as `.txt`, a URL's
`.aspx`, no suffix at all): the one place that decides "this is a web page"."""

from __future__ import annotations

import re

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".aspx", ".asp", ".jsp"}
SNIFF_BYTES = 2048
# Markup at the start of a file (after a BOM, blanks, comments or an XML declaration) that only HTML has.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|base|div|table|p|h[1-6]|section|article|main)[\s>/]",
    re.I | re.S)


def looks_like_html(head: bytes) -> bool:
    """HTML by content, whatever the file is called (a page saved as `.txt` or without a suffix)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return bool(_HTML_START.match(head))


def is_url(text: str) -> bool:
    """An input named by a URL (`https://...`), not a path; other schemes are refused when fetched."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))
