"""How cost grows with project size: the demo corpus at 1x, 4x and 16x.

Each size imports the demo's transcripts, notes and survey k times (each copy with its own
first line, so none is a duplicate), loads the NASSS and careers codebooks and codes every hit
of a set of phrases, so codings grow with the text. Then it measures what a researcher does
all day: open the project, import, list the segments of every code, search, lemma search,
export the Word report and the .qdpx. The ratio to the 1x figure shows the growth.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from benchmarks.timing import measure
from workbench.codebooks import LoadCodebook
from workbench.importing.service import ImportOptions, import_files
from workbench.importing.survey_store import SurveyColumns
from workbench.ops.codings import CodeSegments
from workbench.project import Coder, Project
from workbench.queries.codes import find_codes, list_codes
from workbench.queries.documents import list_documents
from workbench.queries.search import search
from workbench.queries.segments import segments

FACTORS = (1, 4, 16)
PHRASES = {  # phrase -> code reference, as `workbench code --text` would
    "training": "NASSS:5A", "wifi": "NASSS:2A", "money": "NASSS:3A", "patients": "NASSS:4B",
    "manager": "NASSS:5B", "mentor": "Mentoring and sponsorship", "confidence": "NASSS:4A",
    "data": "NASSS:2B", "time": "NASSS:5C", "support": "NASSS:6C",
}  # fmt: skip
SURVEY = SurveyColumns(
    "respondent_id",
    ("What has most held back your career progression in health tech?",
                  "What would most help people like you progress?"),
    ("role", "career_stage", "gender", "ethnic_group", "disability"),
)  # fmt: skip


def _corpus(folder: Path, factor: int) -> tuple[list[Path], list[Path]]:
    """(text files, survey files): the demo's samples ``factor`` times over."""
    texts, surveys = [], []
    samples = resources.files("resources") / "samples"
    with resources.as_file(samples) as source:
        for copy in range(factor):
            for path in sorted(Path(source).iterdir()):
                if path.suffix not in (".txt", ".md", ".vtt", ".csv"):
                    continue
                target = folder / f"{path.stem}_{copy:02}{path.suffix}"
                if path.suffix == ".csv":
                    shutil.copyfile(path, target)
                    body = target.read_text("utf-8").splitlines()
                    body[1:] = [f"{copy}{line}" for line in body[1:]]  # distinct respondents
                    target.write_text("\n".join(body) + "\n", "utf-8")
                    surveys.append(target)
                elif path.suffix == ".vtt":
                    shutil.copyfile(path, target)
                    target.write_text(target.read_text("utf-8") + f"\nNOTE copy {copy}\n", "utf-8")
                    texts.append(target)
                else:
                    target.write_text(f"Copy {copy}\n" + path.read_text("utf-8"), "utf-8")
                    texts.append(target)
    return texts, surveys


def _build(path: Path, texts: list[Path], surveys: list[Path]) -> None:
    with Project.create(path, coder=Coder("Bench")) as project:
        import_files(project, texts)
        import_files(project, surveys, ImportOptions(kind="survey", survey=SURVEY))
        for key in ("nasss", "barriers_careers"):
            project.execute(LoadCodebook(key, user_id=project.user_id))
        for phrase, reference in PHRASES.items():
            found = find_codes(project, reference)
            hits = search(project, phrase, whole_words=True)
            segments_ = [(h.document_id, h.start, h.end) for h in hits]
            if found and segments_:
                project.execute(CodeSegments(code_id=found[0].id, segments=segments_,
                                             user_id=project.user_id))  # fmt: skip


def _one_size(root: Path, factor: int, repeats: int) -> dict[str, Any]:
    from workbench.exporters.report_docx import write_report
    from workbench.queries.lemma_search import lemma_search
    from workbench.refi.export_qde import export_qdpx
    from workbench.reports.model import build_report

    folder = root / f"x{factor}"
    folder.mkdir()
    texts, surveys = _corpus(folder, factor)
    path = root / f"x{factor}.qwb"
    counter = iter(range(1000))
    imported = measure(lambda: _import_only(root / f"i{factor}-{next(counter)}.qwb", texts), 1)
    _build(path, texts, surveys)
    figures: dict[str, Any] = {"import_text_files_s": imported["best_s"]}
    figures["open_s"] = measure(lambda: Project.open(path, backup=False).close(), repeats)["best_s"]
    with Project.open(path, backup=False) as project:
        codes = [c.id for c in list_codes(project)]
        documents = list_documents(project)
        figures["documents"] = len(documents)
        figures["words"] = sum(d.words for d in documents)
        figures["codings"] = len(segments(project, codes))
        every = measure(lambda: segments(project, codes), repeats)
        figures["segments_all_codes_s"] = every["best_s"]
        figures["search_s"] = measure(lambda: search(project, "training"), repeats)["best_s"]
        lemma_search(project, "barrier")  # builds the lemma index (first use)
        figures["lemma_search_s"] = measure(lambda: lemma_search(project, "barrier"), repeats)[
            "best_s"
        ]
        report = root / f"x{factor}.docx"
        figures["word_report_s"] = measure(lambda: write_report(build_report(project), report), 1)[
            "best_s"
        ]
        qdpx = root / f"x{factor}.qdpx"
        figures["qdpx_export_s"] = measure(lambda: export_qdpx(project, qdpx), 1)["best_s"]
    return figures


def _import_only(path: Path, texts: list[Path]) -> None:
    with Project.create(path, coder=Coder("Bench")) as project:
        import_files(project, texts)


def run(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        sizes = {f"{k}x": _one_size(Path(folder), k, repeats) for k in FACTORS}
    base = sizes["1x"]
    growth = {
        size: {key: round(value / base[key], 1) for key, value in figures.items()
               if key.endswith("_s") and base[key]}
        for size, figures in sizes.items() if size != "1x"
    }  # fmt: skip
    return {
        "what": "the demo corpus 1x, 4x and 16x: import, open, segments, search, lemma search, "
        "Word report, .qdpx export",
        "sizes": sizes,
        "growth_vs_1x": growth,
    }
