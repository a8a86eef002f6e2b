"""Collects the report body as XML text, numbering headings for the contents and figures.

Section renderers call :class:`BodyWriter` methods in reading order; ``xml()`` returns the
body with the table of contents put where :meth:`BodyWriter.contents_here` was called.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.exporters import docx_blocks as blocks
from workbench.exporters import docx_xml as x

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from workbench.charts import Chart

_CONTENTS = "\x00contents\x00"  # cannot occur in escaped XML text


@dataclass
class BodyWriter:
    ids: dict[str, str]  # style name -> style id, from the template
    add_image: Callable[[bytes], str]  # PNG bytes -> relationship id in the document
    final_sect_pr: str  # the template's page set-up, for landscape sections
    parts: list[str] = field(default_factory=list)
    headings: list[tuple[int, str, int]] = field(default_factory=list)
    figures: int = 0

    # ------------------------------------------------------------------ text
    def heading(self, level: int, text: str) -> None:
        number = len(self.headings) + 1
        self.headings.append((level, text, number))
        self.parts.append(blocks.heading(self.ids[f"Heading {level}"], text, number))

    def paragraph(self, style: str, text: str) -> None:
        self.parts.append(x.paragraph(self.ids[style], x.runs(text)))

    def paragraphs(self, style: str, text: str) -> None:
        """Text with blank-line paragraph breaks (memos) as separate paragraphs."""
        for block in text.strip().split("\n\n"):
            if block.strip():
                self.paragraph(style, block.strip())

    def labelled(self, label: str, text: str, style: str = "Normal") -> None:
        """ "Label: text" with the label in bold, e.g. "Definition: ..." """
        runs = x.runs(f"{label}: ", bold=True) + x.runs(text)
        self.parts.append(x.paragraph(self.ids[style], runs))

    def page_break(self) -> None:
        self.parts.append(x.page_break())

    def contents_here(self) -> None:
        self.paragraph("TOC Heading", "Contents")
        self.parts.append(_CONTENTS)

    # ------------------------------------------------------------------ tables and figures
    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str | x.Cell]],
        weights: Sequence[int] | None = None,
        *,
        landscape: bool = False,
    ) -> None:
        styles = x.TableStyles(self.ids["Table Grid"], self.ids["Table Heading"],
                               self.ids["Table Text"])  # fmt: skip
        width = blocks.text_width_twips(self.final_sect_pr, landscape=landscape) - 60
        self.parts.append(x.table(styles, header, rows, weights, width))

    def figure(self, chart: Chart, caption: str) -> None:
        self.figures += 1
        item = blocks.Figure(
            self.add_image(chart.png), self.figures, chart.width_in, chart.height_in,
            chart.alt_text, chart.title,
        )  # fmt: skip
        self.parts.append(blocks.figure(self.ids["Figure"], item))
        self.paragraph("Caption", f"Figure {self.figures}. {caption}")

    def start_landscape(self) -> None:
        """End the portrait pages here; what follows is turned until :meth:`end_landscape`."""
        self.parts.append(blocks.section_end(self.final_sect_pr, landscape=False))

    def end_landscape(self) -> None:
        self.parts.append(blocks.section_end(self.final_sect_pr, landscape=True))

    # ------------------------------------------------------------------ result
    def xml(self) -> str:
        levels = [self.ids["TOC 1"], self.ids["TOC 2"]]
        shown = [h for h in self.headings if h[0] <= 2]
        contents = blocks.contents(shown, levels) if shown else ""
        return "".join(contents if part == _CONTENTS else part for part in self.parts)
