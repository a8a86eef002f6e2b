"""Builds ``resources/templates/report.docx``: Word's default template plus our named styles.

Run ``python -m workbench.exporters.docx_template`` after changing a style here; the built file
is committed so that a team can also restyle it in Word.
"""

from __future__ import annotations

from pathlib import Path


def build_template(path: Path) -> None:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    document = Document()
    section = document.sections[0]  # A4 with 2.54 cm margins: UK reports are printed on A4
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    excerpt = styles.add_style("Quote Excerpt", WD_STYLE_TYPE.PARAGRAPH)
    excerpt.base_style = normal
    excerpt.paragraph_format.left_indent = Cm(1)
    excerpt.paragraph_format.space_after = Pt(2)
    excerpt.font.italic = True

    source = styles.add_style("Quote Attribution", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = normal
    source.paragraph_format.left_indent = Cm(1)
    source.paragraph_format.space_after = Pt(10)
    source.font.size = Pt(9)
    source.font.color.rgb = RGBColor(0x40, 0x40, 0x40)  # 10:1 on white: readable

    definition = styles.add_style("Code Definition", WD_STYLE_TYPE.PARAGRAPH)
    definition.base_style = normal
    definition.font.color.rgb = RGBColor(0x20, 0x3A, 0x5C)
    definition.paragraph_format.space_after = Pt(6)

    table_heading = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_heading.base_style = normal
    table_heading.font.bold = True
    table_heading.font.size = Pt(10)
    table_heading.paragraph_format.space_after = Pt(0)

    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(10)
    table_text.paragraph_format.space_after = Pt(0)

    figure = styles.add_style("Figure", WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = normal
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True

    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)

    # A style exists in the package only once used; one sample paragraph each, then removed.
    names = ("Quote Excerpt", "Quote Attribution", "Code Definition", "Subtitle", "Caption",
             "TOC Heading", "Table Heading", "Table Text", "Figure", "TOC 1", "TOC 2")  # fmt: skip
    for name in names:
        document.add_paragraph(name, style=name)
    document.add_table(rows=1, cols=1, style="Table Grid")
    document.core_properties.title = "Qualitative Workbench report"
    document.core_properties.author = "Qualitative Workbench"
    document.save(str(path))


if __name__ == "__main__":
    build_template(Path(__file__).resolve().parents[2] / "resources" / "templates" / "report.docx")
