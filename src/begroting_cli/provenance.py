"""Where a value came from: file, page, line, and for PDF the box on the page."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Provenance(BaseModel):
    """A location in the source. `line` is 1-based in the document's line stream.

    For text input the stream line is the file line. For PDF input `page` is the 1-based PDF page
    index, `page_label` the page number printed on the page (which may differ), and `bbox` is
    (x0, top, x1, bottom) in PDF points from the top-left corner.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    end_line: int | None = None
    page: int | None = None
    page_label: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def render(self, source: str = "") -> str:
        parts = [source] if source else []
        if self.page is not None:
            parts.append(f"p{self.page}")
        parts.append(str(self.line))
        return ":".join(parts)
