"""Agreement statistics checked against hand-worked cases and published worked examples."""

from __future__ import annotations

import pytest

from coding.agreement.statistics import (
    alpha_label,
    binary_coincidences,
    cohen_kappa,
    coincidence_agreement,
    coincidence_matrix,
    figures,
    kappa_label,
    nominal_alpha,
    percent_agreement,
    pooled_figures,
    pooled_kappa,
)

# Tables: rows are coder A's categories, columns coder B's (present first, then absent).

# NVivo's coding comparison example (reference/frameworks.md, section 4.2): 1,000 characters,
# 50 coded by both coders, 150 by one coder only (split evenly: 75 each), 800 by neither.
NVIVO = [[50, 75], [75, 800]]


def test_nvivo_example_gives_85_percent_and_a_fair_kappa_of_about_0_31() -> None:
    # p_o = (50 + 800) / 1000 = 0.85
    # A and B each coded 50 + 75 = 125 characters: p(present) = 0.125, p(absent) = 0.875
    # p_e = 0.125 * 0.125 + 0.875 * 0.875 = 0.015625 + 0.765625 = 0.78125
    # kappa = (0.85 - 0.78125) / (1 - 0.78125) = 0.06875 / 0.21875 = 0.3142857...
    assert percent_agreement(NVIVO) == pytest.approx(85.0)
    kappa = cohen_kappa(NVIVO)
    assert kappa == pytest.approx(0.06875 / 0.21875)
    assert round(kappa or 0, 2) == 0.31
    assert kappa_label(kappa) == "fair"


def test_a_three_category_table_worked_by_hand_gives_kappa_0_68() -> None:
    # Three categories, 100 units (a diagnoses-style table), worked by hand below.
    table = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
    # p_o = .75 + .04 + .10 = .89
    # rows .80 .10 .10, columns .80 .05 .15: p_e = .64 + .005 + .015 = .66
    # kappa = (.89 - .66) / (1 - .66) = .23 / .34 = .676...
    assert percent_agreement(table) == pytest.approx(89.0)
    kappa = cohen_kappa(table)
    assert kappa == pytest.approx(0.23 / 0.34)
    assert round(kappa or 0, 2) == 0.68
    assert kappa_label(kappa) == "substantial"


def test_the_published_two_by_two_example_gives_kappa_0_4() -> None:
    # The worked example of the "Cohen's kappa" article in Wikipedia (50 grant proposals read
    # by two readers): both yes 20, A yes B no 5, A no B yes 10, both no 15; kappa 0.4.
    # p_o = 35/50 = 0.7; A yes 25/50, B yes 30/50: p_e = 0.5*0.6 + 0.5*0.4 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert cohen_kappa([[20, 5], [10, 15]]) == pytest.approx(0.4)
    assert kappa_label(0.4) == "fair"


def test_kappa_is_undefined_when_there_is_nothing_to_correct_for() -> None:
    assert cohen_kappa([[0, 0], [0, 0]]) is None
    assert percent_agreement([[0, 0], [0, 0]]) is None
    # Neither coder ever used the code: perfect agreement, but no chance-corrected figure.
    assert cohen_kappa([[0, 0], [0, 40]]) is None
    assert percent_agreement([[0, 0], [0, 40]]) == 100.0


# Krippendorff K. Computing Krippendorff's Alpha-Reliability (2011),
# https://repository.upenn.edu/asc_papers/43, section C: nominal data, four observers, twelve
# units, missing values (None). Unit 12 has one value only and is not pairable.
NA = None
KRIPPENDORFF_C: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],  # observer B
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],  # observer D
]


def test_krippendorffs_four_observer_example_with_missing_values_gives_0_743() -> None:
    matrix = coincidence_matrix(KRIPPENDORFF_C)
    # The paper's coincidence matrix, e.g. unit 6 (values 1, 2, 3, 4; m = 4) adds 1/3 to each
    # of the 12 ordered pairs; unit 1 (1, 1, 1; m = 3) adds 3 * 2 * 1/2 = 3 to o_11.
    assert matrix[(1, 1)] == pytest.approx(7)
    assert matrix[(1, 2)] == pytest.approx(4 / 3)
    assert matrix[(2, 2)] == pytest.approx(10)
    assert matrix[(3, 3)] == pytest.approx(8)
    assert matrix[(4, 4)] == pytest.approx(4)
    assert matrix[(5, 5)] == pytest.approx(3)
    # Margins n_1..n_5 = 9, 13, 10, 5, 3; n = 40 pairable values.
    margins = {v: sum(n for (c, _k), n in matrix.items() if c == v) for v in range(1, 6)}
    assert margins == pytest.approx({1: 9, 2: 13, 3: 10, 4: 5, 5: 3})
    assert sum(matrix.values()) == pytest.approx(40)
    alpha = nominal_alpha(matrix)
    assert round(alpha or 0, 3) == 0.743
    assert alpha_label(alpha) == "tentative conclusions only"


def test_krippendorffs_binary_two_observer_example_gives_0_095() -> None:
    # The same paper, section A: binary data, two observers, ten units, no missing values.
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    matrix = coincidence_matrix(data)
    # o_00 = 10 (five 0-0 units, both orders), o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6
    assert matrix == pytest.approx({(0, 0): 10, (0, 1): 4, (1, 0): 4, (1, 1): 2})
    # alpha = 1 - (n - 1) * o_01 / (n_0 * n_1) = 1 - 19 * 4 / (14 * 6) = 1 - 76/84 = 0.0952
    alpha = nominal_alpha(matrix)
    assert alpha == pytest.approx(1 - 76 / 84)
    assert round(alpha or 0, 3) == 0.095
    assert alpha_label(alpha) == "not reliable"
    assert coincidence_agreement(matrix) == pytest.approx(60.0)  # 6 of 10 units agree


def test_alpha_is_undefined_without_variation_or_pairable_values() -> None:
    assert nominal_alpha(coincidence_matrix([[1, 1, 1], [1, 1, 1]])) is None
    assert nominal_alpha(coincidence_matrix([[1, NA], [NA, 2]])) is None


def test_counted_binary_coincidences_equal_those_of_the_listed_units() -> None:
    # Three coders: unit 1 all present, unit 2 two of three present, unit 3 one of two
    # judged present (third coder missing), unit 4 nobody present.
    data: list[list[int | None]] = [[1, 1, 1, 0], [1, 1, None, 0], [1, 0, 0, 0]]
    listed = coincidence_matrix(data)
    counted = binary_coincidences({(3, 3): 1, (3, 2): 1, (2, 1): 1, (3, 0): 1})
    assert counted[(True, True)] == pytest.approx(listed[(1, 1)])
    assert counted[(False, False)] == pytest.approx(listed[(0, 0)])
    assert counted[(True, False)] == pytest.approx(listed[(1, 0)])
    assert nominal_alpha(counted) == pytest.approx(nominal_alpha(listed))


def test_figures_of_a_tally_match_the_table_statistics() -> None:
    # Coder 0 is bit 1, coder 1 bit 2; (judged, coded) -> characters, the NVivo example.
    found = figures({(3, 3): 50, (3, 1): 75, (3, 2): 75, (3, 0): 800}, coders=2)
    assert found.units == 1000
    assert found.coded == (125, 125)
    assert found.percent == pytest.approx(85.0)
    assert found.kappa == pytest.approx(cohen_kappa(NVIVO))
    # alpha by hand: o_11 = 100, o_00 = 1600, o_10 = o_01 = 150; n_1 = 250, n_0 = 1750,
    # n = 2000: 1 - 1999 * 300 / (2000^2 - 250^2 - 1750^2) = 1 - 599700 / 875000
    assert found.alpha == pytest.approx(1 - 599700 / 875000)
    assert (found.kappa_label, found.alpha_label) == ("fair", "not reliable")


def test_units_judged_by_one_coder_only_are_left_out() -> None:
    found = figures({(3, 3): 10, (3, 0): 10, (1, 1): 500, (2, 0): 70}, coders=2)
    assert found.units == 20
    assert found.percent == 100.0
    assert found.kappa == pytest.approx(1.0)


def test_three_coders_get_alpha_and_pairwise_agreement_but_no_kappa() -> None:
    found = figures({(7, 7): 4, (7, 3): 2, (7, 0): 4}, coders=3)
    # Listed: 4 units all present, 2 units two of three present, 4 units none present.
    data = [[1] * 4 + [1, 1] + [0] * 4, [1] * 4 + [1, 1] + [0] * 4, [1] * 4 + [0, 0] + [0] * 4]
    assert found.kappa is None
    assert found.alpha == pytest.approx(nominal_alpha(coincidence_matrix(data)))
    # 10 units x 6 ordered coder pairs = 60 pairs; the 2 split units have 4 mixed pairs each
    assert found.percent == pytest.approx(100 * 52 / 60)
    assert found.coded == (6, 6, 4)


def test_pooled_kappa_uses_mean_observed_and_chance_agreement() -> None:
    # De Vries et al. 2008: code 1 p_o 0.85, p_e 0.78125 (NVivo); code 2 p_o 0.7, p_e 0.5.
    # mean p_o = 0.775, mean p_e = 0.640625: (0.775 - 0.640625) / 0.359375 = 0.3739...
    tables = [NVIVO, [[200, 50], [100, 150]]]
    # second table: p_o = 350/500 = 0.7; A yes 0.5, B yes 0.6: p_e = 0.3 + 0.2 = 0.5
    assert pooled_kappa(tables) == pytest.approx((0.775 - 0.640625) / 0.359375)


def _listed(table: list[list[int]]) -> list[list[int]]:
    """The units of a 2 x 2 table written out: coder A's row and coder B's row of 1/0."""
    both, a_only = table[0]
    b_only, neither = table[1]
    return [
        [1] * both + [1] * a_only + [0] * b_only + [0] * neither,
        [1] * both + [0] * a_only + [1] * b_only + [0] * neither,
    ]


def test_pooled_figures_weigh_every_code_equally() -> None:
    second_table = [[400, 100], [200, 300]]  # p_o = 0.7
    first = {(3, 3): 50, (3, 1): 75, (3, 2): 75, (3, 0): 800}
    second = {(3, 3): 400, (3, 1): 100, (3, 2): 200, (3, 0): 300}
    pooled = pooled_figures([first, second], coders=2)
    assert pooled.units == 2000  # (unit, code) judgements
    assert pooled.coded == (125 + 500, 125 + 600)
    assert pooled.percent == pytest.approx((85.0 + 70.0) / 2)
    assert pooled.kappa == pytest.approx(pooled_kappa([NVIVO, second_table]))
    # Pooled alpha: every (unit, code) one binary unit, i.e. alpha of both codes' units listed.
    a, b = (x + y for x, y in zip(_listed(NVIVO), _listed(second_table), strict=True))
    assert pooled.alpha == pytest.approx(nominal_alpha(coincidence_matrix([a, b])))


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.05, "poor"),
        (0.0, "slight"),
        (0.20, "slight"),
        (0.21, "fair"),
        (0.40, "fair"),
        (0.41, "moderate"),
        (0.60, "moderate"),
        (0.61, "substantial"),
        (0.80, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
        (None, None),
    ],
)
def test_kappa_is_read_on_landis_and_kochs_bands(kappa: float | None, label: str | None) -> None:
    assert kappa_label(kappa) == label


@pytest.mark.parametrize(
    ("alpha", "label"),
    [
        (1.0, "reliable"),
        (0.800, "reliable"),
        (0.7996, "reliable"),  # shown as 0.800
        (0.7994, "tentative conclusions only"),
        (0.667, "tentative conclusions only"),
        (0.6664, "not reliable"),
        (-0.2, "not reliable"),
        (None, None),
    ],
)
def test_alpha_is_read_on_krippendorffs_thresholds(alpha: float | None, label: str | None) -> None:
    assert alpha_label(alpha) == label
