"""The Word synthesis report on the demo project: every chapter, table and figure, reopened.

The demo carries what a team lead writes: an executive summary, NASSS ratings with evidence for
two technologies, framework-matrix summaries and a recommendation against a barrier.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

import docx
import pytest
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from storage.models import Pseudonym
from workbench.demo import DEMO_CODER, build_demo
from workbench.exporters.report_docx import write_report
from workbench.ops.memos import CreateMemo
from workbench.project import Project
from workbench.reports.model import build_report

if TYPE_CHECKING:
    from pathlib import Path

    from docx.document import Document

PARTS = [
    "Executive summary",
    "Methods",
    "Themes",
    "Codes by case",
    "Framework matrix",
    "NASSS complexity assessment",
    "Barrier register",
    "Appendix: codebook",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def report(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "synthesis.docx"
    with Project.open(demo, coder=DEMO_CODER) as project:
        write_report(build_report(project), out)
    return out


def _styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _part(document: Document, part: str) -> list[tuple[str, str]]:
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", part))
    rest = paragraphs[start + 1 :]
    end = next((i for i, (style, _) in enumerate(rest) if style == "Heading 1"), len(rest))
    return rest[:end]


def test_the_report_has_every_part_in_order_with_a_contents_field(report: Path) -> None:
    document = docx.Document(str(report))
    assert _styled(document, "Heading 1") == PARTS
    instructions = "".join(t.text or "" for t in document.element.body.iter(f"{W}instrText"))
    assert "TOC" in instructions
    contents = _styled(document, "TOC 1")
    assert contents[:3] == ["Executive summary", "Methods", "Themes"]  # linked before an update


def test_the_summary_and_methods_come_from_the_project(report: Path) -> None:
    document = docx.Document(str(report))
    summary = " ".join(text for _, text in _part(document, "Executive summary"))
    assert "Remote monitoring was welcomed" in summary
    methods = _part(document, "Methods")
    assert ("Heading 2", "Codebooks") in methods
    codebooks = " ".join(text for _, text in methods)
    assert "NASSS" in codebooks
    assert "Greenhalgh" in codebooks  # the template's citation


def test_nasss_ratings_are_written_as_words_with_a_profile_chart(report: Path) -> None:
    document = docx.Document(str(report))
    [grid] = [t for t in document.tables if t.rows[0].cells[0].text == "Domain"
              and "Northvale remote monitoring" in t.rows[0].cells[1].text]  # fmt: skip
    ratings = {row.cells[0].text: row.cells[1].text for row in grid.rows[1:]}
    assert ratings["4 Adopter system"] == "Complex"
    assert ratings["3 Value proposition"] == "Simple"
    nasss = _part(document, "NASSS complexity assessment")
    assert ("Heading 3", "Evidence for 4 Adopter system") in nasss
    assert any(style == "Quote Excerpt" for style, _ in nasss)
    captions = [text for style, text in nasss if style == "Caption"]
    assert captions == ["Figure 4. NASSS complexity by domain"]


def test_figures_carry_alt_text_for_screen_readers(report: Path) -> None:
    document = docx.Document(str(report))
    pictures = list(document.element.body.iter(f"{WP}docPr"))
    assert len(pictures) == len(document.inline_shapes) >= 4
    assert all(len(p.get("descr", "")) > 20 for p in pictures)


def test_the_matrix_is_on_landscape_pages_with_its_header_repeated(report: Path) -> None:
    document = docx.Document(str(report))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    matrix = next(t for t in document.tables if t.rows[0].cells[1].text.startswith("2A "))
    assert matrix._tbl.tr_lst[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert "Sensors detach from walls" in " ".join(c.text for c in matrix.columns[1].cells)


def test_the_barrier_register_lists_recommendations_beside_their_barrier(report: Path) -> None:
    document = docx.Document(str(report))
    register = _part(document, "Barrier register")
    headings = [text for style, text in register if style == "Heading 2"]
    assert "Relationships and social capital/Mentorship" in headings
    start = register.index(("Heading 2", "Relationships and social capital/Mentorship"))
    section = [text for _, text in register[start + 1 : start + 6]]
    assert any(t.startswith("Recommendation: Structured mentoring") for t in section)


def test_pseudonyms_only_prints_no_name_and_replaces_known_originals(
    demo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.qwb"
    shutil.copy(demo, copy)
    with Project.open(copy, coder=DEMO_CODER) as project:
        with project.transaction() as session:
            session.add(Pseudonym(original="Northvale", replacement="[Trust A]"))
        project.execute(CreateMemo(kind="project", title="Note", text="bad \x0b char \ufffe"))
        model = build_report(project, pseudonyms_only=True)
        write_report(model, tmp_path / "blind.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "blind.docx")).paragraphs)
    themes = text.split("\nThemes\n", 1)[1]
    assert "interview_p01_ward_manager" not in themes
    assert "Source 1, paragraph" in themes
    assert "Northvale" not in themes
    assert "[Trust A]" in text


def test_the_report_converts_to_pdf_in_libreoffice(report: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pages = PdfReader(tmp_path / "synthesis.pdf").pages
    assert len(pages) > 10
    assert "Executive summary" in pages[0].extract_text()  # the contents, on the cover page


def test_a_second_coder_adds_an_agreement_table_to_the_methods(
    demo: Path, report: Path, tmp_path: Path
) -> None:
    from workbench.ops.codings import ApplyCoding
    from workbench.project import Coder
    from workbench.queries.codes import list_codes
    from workbench.queries.segments import segments

    one_coder = _part(docx.Document(str(report)), "Methods")
    assert ("Heading 2", "Agreement") not in one_coder  # the demo has one coder: no figures
    copy = tmp_path / "two coders.qwb"
    shutil.copy(demo, copy)
    with Project.open(copy, coder=Coder("Second Coder", "SC")) as project:
        coded = segments(project, [c.id for c in list_codes(project)])
        first = coded[0].document_id
        mine = [s for s in coded if s.document_id == first][:6]
        for n, segment in enumerate(mine):  # the same passages, one cut short, one left out
            end = segment.end if n != 1 else segment.start + (segment.end - segment.start) // 2
            if n != 2:
                project.execute(ApplyCoding(
                    document_id=first, code_id=segment.code_id, start=segment.start, end=end,
                    user_id=project.user_id,
                ))  # fmt: skip
        model = build_report(project)
        write_report(model, tmp_path / "two coders.docx")
    assert model.methods is not None
    assert model.methods.agreement is not None
    assert model.methods.agreement.coders == (DEMO_CODER.name, "Second Coder")
    assert model.methods.agreement.unit == "character"
    document = docx.Document(str(tmp_path / "two coders.docx"))
    methods = _part(document, "Methods")
    assert ("Heading 2", "Agreement") in methods
    said = " ".join(text for _, text in methods)
    assert "measured at the character level" in said
    assert "Landis & Koch (1977)" in said
    assert "Krippendorff's (2004)" in said
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Code"
               and t.rows[0].cells[2].text == "Cohen's kappa"]  # fmt: skip
    assert [c.text for c in table.rows[0].cells] == [
        "Code", "Agreement", "Cohen's kappa", "Krippendorff's alpha"
    ]  # fmt: skip
    assert table.rows[-1].cells[0].text.startswith("Pooled (")
    assert any("(almost perfect)" in c.text or "(substantial)" in c.text
               for row in table.rows[1:] for c in row.cells)  # fmt: skip
