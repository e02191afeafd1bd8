"""Where a value came from: file, page, line, and for PDF the box on the page."""

from __future__ import annotations

from pydantic import ConfigDict, SerializerFunctionWrapHandler, model_serializer

from .compact_model import CompactModel

_HTML_ONLY = ("html_path", "source_line")


class Provenance(CompactModel):
    """A location in the source. `line` is 1-based in the document's line stream.

    For text input the stream line is the file line. For PDF input `page` is the 1-based PDF page
    index, `page_label` the page number printed on the page (which may differ), and `bbox` is
    (x0, top, x1, bottom) in PDF points from the top-left corner. For HTML input `html_path` is the
    element's CSS-like path and `source_line` the line of the HTML source it starts on; with several
    pages, `page` numbers the page and `page_label` names it (file or URL).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    end_line: int | None = None
    page: int | None = None
    page_label: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    html_path: str | None = None
    source_line: int | None = None

    @model_serializer(mode="wrap")
    def _drop_absent_html(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        # No return annotation: the published schema stays the model's own (fields listed).
        """Text and PDF output stays as it was: the HTML fields appear only where set."""
        data = handler(self)
        for key in _HTML_ONLY:
            if data.get(key) is None:
                data.pop(key, None)
        return data

    def render(self, source: str = "") -> str:
        parts = [source] if source else []
        if self.page is not None:
            parts.append(f"p{self.page}")
        parts.append(str(self.line))
        return ":".join(parts)
