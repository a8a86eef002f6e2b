"""Agreement between two (or three) coders of a real project, at each unit, and on the CLI."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

import pytest

from coding.agreement.sentences import line_spans
from coding.agreement.statistics import cohen_kappa, coincidence_matrix, nominal_alpha
from tests.workbench.ops_support import apply_coding, import_text, new_code, span_of
from workbench.agreement import agreement
from workbench.cli_agreement import add_parsers
from workbench.cli_support import UserError, fail
from workbench.errors import OperationError
from workbench.project import Coder

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.agreement import AgreementReport
    from workbench.project import Project

# Three speaker turns (one per line) holding six sentences.
TEXT = (
    "Interviewer: How did the rollout go? Tell me about training.\n"
    "P01: The tablets arrived late. Nobody trained us on the portal.\n"
    "\n"
    "P01: Night staff still print everything. The wifi drops.\n"
)
NOTES = "Staffing notes from the ward visit.\n"
ANA, BEN, CLEO = "Ana Researcher", "Ben Coder", "Cleo Coder"


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> dict[str, int]:
    """Ana (the project's coder) and Ben code the interview with Training and Infrastructure;
    Ana alone codes a second document."""
    doc = import_text(project, tmp_path, "ward", TEXT)
    notes = import_text(project, tmp_path, "notes", NOTES)
    training = new_code(project, "Training", parent_id=new_code(project, "Barriers"))
    infrastructure = new_code(project, "Infrastructure")
    with project.transaction() as session:
        ben = project.user_for(session, Coder(BEN, "BC"))
    ana = project.user_id
    apply_coding(project, doc, training, span_of(TEXT, "Nobody trained us on the portal"), ana)
    apply_coding(project, doc, infrastructure, span_of(TEXT, "The wifi drops"), ana)
    apply_coding(project, notes, infrastructure, span_of(NOTES, "Staffing"), ana)
    apply_coding(project, doc, training, span_of(TEXT, "Nobody trained us"), ben)
    apply_coding(project, doc, training, span_of(TEXT, "Tell me about training"), ben)
    night = "Night staff still print everything. The wifi drops"
    apply_coding(project, doc, infrastructure, span_of(TEXT, night), ben)
    return {"doc": doc, "notes": notes, "training": training, "infrastructure": infrastructure}


def _by_code(report: AgreementReport) -> dict[str, object]:
    return {c.code: c.figures for c in report.codes}


def test_character_agreement_counts_overlap_and_one_coder_only_characters(
    project: Project, coded: dict[str, int]
) -> None:
    report = agreement(project, [ANA, BEN], unit="character")
    assert report.unit == "character"
    assert report.documents == ("ward",)  # Ana's notes: nobody else coded them
    assert report.units == len(TEXT)
    training = report.codes[0].figures
    assert report.codes[0].code == "Barriers/Training"
    # Both: "Nobody trained us" 17; Ana only: " on the portal" 14; Ben only: 22; neither: rest.
    rest = len(TEXT) - 17 - 14 - 22
    assert training.coded == (31, 17 + 22)
    assert training.percent == pytest.approx(100 * (17 + rest) / len(TEXT))
    assert training.kappa == pytest.approx(cohen_kappa([[17, 14], [22, rest]]))
    infrastructure = report.codes[1].figures
    # Both: "The wifi drops" 14; Ben only: "Night staff still print everything. " 36.
    assert infrastructure.kappa == pytest.approx(cohen_kappa([[14, 0], [36, len(TEXT) - 50]]))


def test_sentence_agreement_counts_a_sentence_any_coding_touches(
    project: Project, coded: dict[str, int]
) -> None:
    report = agreement(project, [ANA, BEN], unit="sentence")
    assert report.units == 6
    for code in report.codes:
        # Each code: both coders on one sentence, Ben alone on one, neither on four.
        # p_o = 5/6; p_e = 1/6 * 2/6 + 5/6 * 4/6 = 22/36; kappa = (30 - 22) / (36 - 22) = 4/7
        assert code.figures.coded == (1, 2)
        assert code.figures.percent == pytest.approx(100 * 5 / 6)
        assert code.figures.kappa == pytest.approx(4 / 7)
        assert code.figures.kappa_label == "moderate"


def test_turn_agreement_and_the_pooled_figures(project: Project, coded: dict[str, int]) -> None:
    report = agreement(project, [ANA, BEN], unit="turn")
    assert report.units == 3
    training, infrastructure = (c.figures for c in report.codes)
    # Training: both on turn 2, Ben alone on turn 1, neither on turn 3.
    # p_o = 2/3; p_e = 1/3 * 2/3 + 2/3 * 1/3 = 4/9; kappa = (6/9 - 4/9) / (5/9) = 0.4
    assert training.kappa == pytest.approx(0.4)
    assert (training.kappa_label, training.alpha_label) == ("fair", "not reliable")
    # Infrastructure: both on turn 3 only.
    assert infrastructure.percent == 100.0
    assert infrastructure.kappa == pytest.approx(1.0)
    assert infrastructure.alpha_label == "reliable"
    # Pooled kappa: mean p_o = (2/3 + 1)/2 = 5/6, mean p_e = (4/9 + 5/9)/2 = 1/2 -> 2/3.
    assert report.pooled_codes == 2
    assert report.pooled.kappa == pytest.approx(2 / 3)
    assert report.pooled.percent == pytest.approx(100 * 5 / 6)
    # Pooled alpha: o_11 = 4, o_00 = 6, o_01 = o_10 = 1; n = 12, n_1 = 5, n_0 = 7:
    # 1 - 11 * 2 / (144 - 25 - 49) = 48/70
    assert report.pooled.alpha == pytest.approx(48 / 70)


def test_three_coders_get_alpha_with_a_missing_coder_and_no_kappa(
    project: Project, coded: dict[str, int]
) -> None:
    with project.transaction() as session:
        cleo = project.user_for(session, Coder(CLEO, "CC"))
    training = coded["training"]
    apply_coding(project, coded["doc"], training, span_of(TEXT, "The tablets"), cleo)
    report = agreement(project, [ANA, BEN, CLEO], unit="turn", code_ids=[training])
    [found] = report.codes
    assert found.figures.kappa is None
    # Turns x (Ana, Ben, Cleo): turn 1 (0, 1, 0), turn 2 (1, 1, 1), turn 3 (0, 0, 0).
    data = [[0, 1, 0], [1, 1, 0], [0, 1, 0]]
    assert found.figures.alpha == pytest.approx(nominal_alpha(coincidence_matrix(data)))


def test_naming_the_documents_counts_a_coder_who_coded_nothing_there(
    project: Project, coded: dict[str, int]
) -> None:
    report = agreement(
        project, [ANA, BEN], unit="turn", document_ids=[coded["notes"]],
        code_ids=[coded["infrastructure"]],
    )  # fmt: skip
    [infrastructure] = report.codes
    assert report.documents == ("notes",)
    assert infrastructure.figures.coded == (1, 0)
    assert infrastructure.figures.percent == 0.0


def test_a_sentencizer_can_be_plugged_in(project: Project, coded: dict[str, int]) -> None:
    report = agreement(project, [ANA, BEN], unit="sentence", sentencizer=line_spans)
    assert report.units == 3


def test_an_unknown_coder_is_refused_in_plain_words(
    project: Project, coded: dict[str, int]
) -> None:
    with pytest.raises(OperationError, match=r"no coder called “Dana”.*Ana Researcher, Ben Coder"):
        agreement(project, [ANA, "Dana"])
    with pytest.raises(OperationError, match="at least two coders"):
        agreement(project, [ANA])


def test_coders_with_no_document_in_common_are_told_so(
    project: Project, coded: dict[str, int]
) -> None:
    with project.transaction() as session:
        cleo = project.user_for(session, Coder(CLEO, "CC"))
    apply_coding(project, coded["notes"], coded["training"], (0, 3), cleo)
    with pytest.raises(OperationError, match="nothing to compare"):
        agreement(project, [BEN, CLEO])


# ---------------------------------------------------------------------- the command line
def _cli(argv: list[str]) -> int:
    """Run like ``workbench.cli.main`` does, with only the agreement subcommand."""
    parser = argparse.ArgumentParser(prog="workbench")
    parser.add_argument("--coder")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UserError as exc:
        return fail(str(exc))


def test_the_command_line_prints_per_code_and_pooled_figures_as_json(
    project: Project, coded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project.close()
    argv = ["agreement", str(project.path), "--coders", ANA, BEN, "--unit", "turn", "--json"]
    assert _cli(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["unit"], out["units"], out["coders"]) == ("turn", 3, [ANA, BEN])
    by_code = {c["code"]: c for c in out["codes"]}
    assert by_code["Barriers/Training"]["kappa"] == 0.4
    assert by_code["Barriers/Training"]["kappa_label"] == "fair"
    assert by_code["Barriers/Training"]["coded"] == {ANA: 1, BEN: 2}
    assert by_code["Infrastructure"]["unit"] == "turn"
    assert out["pooled"]["codes"] == 2
    assert out["pooled"]["kappa"] == pytest.approx(2 / 3, abs=1e-4)


def test_the_command_line_table_states_the_unit_and_takes_codes_by_path(
    project: Project, coded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project.close()
    argv = ["agreement", str(project.path), "--coders", ANA, BEN, "--codes", "Barriers/Training"]
    assert _cli(argv) == 0
    out = capsys.readouterr().out
    assert f"Unit: character ({len(TEXT)} characters in 1 document" in out
    assert "Barriers/Training" in out
    assert "Infrastructure" not in out
    assert "Pooled (1 code)" in out


def test_the_command_line_names_an_unknown_coder(
    project: Project, coded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    project.close()
    assert _cli(["agreement", str(project.path), "--coders", ANA, "Dana"]) == 1
    assert "There is no coder called “Dana”" in capsys.readouterr().err
