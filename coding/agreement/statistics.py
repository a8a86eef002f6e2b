"""Agreement statistics for nominal data: percent agreement, Cohen's kappa, Krippendorff's alpha.

Pure functions over contingency tables and coincidence matrices; turning codings into units is
``coding.agreement.units``. References:

- Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas 1960;20:37-46.
- Landis JR, Koch GG. The measurement of observer agreement for categorical data. Biometrics
  1977;33:159-174 (the kappa bands).
- Krippendorff K. Computing Krippendorff's alpha-reliability. 2011,
  https://repository.upenn.edu/asc_papers/43 (coincidence matrices, missing data, nominal alpha).
- Krippendorff K. Content Analysis, 4th ed. 2019, ch. 12 (alpha >= .800 reliable; >= .667 the
  lowest limit for tentative conclusions).
- De Vries H, Elliott MN, Kanouse DE, Teleki SS. Using pooled kappa to summarize interrater
  agreement across many items. Field Methods 2008;20:272-282 (pooled kappa).

A statistic that is undefined (no units, or no variation to correct for chance) is ``None``,
never a made-up 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping, Sequence

V = TypeVar("V", bound="Hashable")


# A table is k x k counts: rows are the first coder's categories, columns the second's.
def percent_agreement(table: Sequence[Sequence[float]]) -> float | None:
    """Share of units on which two coders chose the same category, as a percentage."""
    total = sum(sum(row) for row in table)
    if total <= 0:
        return None
    return 100.0 * sum(table[i][i] for i in range(len(table))) / total


def _observed_and_chance(table: Sequence[Sequence[float]]) -> tuple[float, float] | None:
    total = sum(sum(row) for row in table)
    if total <= 0:
        return None
    size = len(table)
    observed = sum(table[i][i] for i in range(size)) / total
    rows = [sum(table[i]) / total for i in range(size)]
    columns = [sum(table[r][i] for r in range(size)) / total for i in range(size)]
    chance = sum(r * c for r, c in zip(rows, columns, strict=True))
    return observed, chance


def cohen_kappa(table: Sequence[Sequence[float]]) -> float | None:
    """Cohen's kappa, (p_o - p_e) / (1 - p_e), from a k x k table of two coders' choices.

    ``None`` when the table is empty or chance agreement is already perfect (both coders put
    every unit in one and the same category): there is nothing left to correct for."""
    found = _observed_and_chance(table)
    if found is None:
        return None
    observed, chance = found
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


def pooled_kappa(tables: Iterable[Sequence[Sequence[float]]]) -> float | None:
    """Pooled kappa over several items (codes) by De Vries et al. (2008): the mean observed
    and mean chance agreement put into Cohen's formula, not a mean of kappas."""
    pairs = [p for p in map(_observed_and_chance, tables) if p is not None]
    if not pairs:
        return None
    observed = sum(p[0] for p in pairs) / len(pairs)
    chance = sum(p[1] for p in pairs) / len(pairs)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


# ---------------------------------------------------------------------- Krippendorff's alpha
def coincidence_matrix(data: Sequence[Sequence[V | None]]) -> dict[tuple[V, V], float]:
    """Krippendorff's coincidence matrix from a reliability data matrix.

    ``data`` has one row per coder and one column per unit; ``None`` is a missing value. Each
    unit with ``m >= 2`` values adds every ordered pair of values from different coders with
    weight ``1 / (m - 1)``; a unit with fewer than two values is not pairable and adds nothing.
    """
    matrix: dict[tuple[V, V], float] = {}
    units = max((len(row) for row in data), default=0)
    for unit in range(units):
        values: list[V] = []
        for row in data:
            value = row[unit] if unit < len(row) else None
            if value is not None:
                values.append(value)
        m = len(values)
        if m < 2:
            continue
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    pair = (first, second)
                    matrix[pair] = matrix.get(pair, 0.0) + 1.0 / (m - 1)
    return matrix


def nominal_alpha(coincidences: Mapping[tuple[V, V], float]) -> float | None:
    """Krippendorff's alpha for nominal data from a coincidence matrix:
    ``1 - (n - 1) * sum(o_ck, c != k) / sum(n_c * n_k, c != k)``.

    ``None`` when fewer than two values are pairable or every value is the same category
    (expected disagreement is zero: Krippendorff leaves alpha undefined there)."""
    n = sum(coincidences.values())
    if n <= 1:
        return None
    margins: dict[V, float] = {}
    for (first, _), count in coincidences.items():
        margins[first] = margins.get(first, 0.0) + count
    observed = sum(count for (c, k), count in coincidences.items() if c != k)
    expected = n * n - sum(value * value for value in margins.values())
    if expected <= 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def coincidence_agreement(coincidences: Mapping[tuple[V, V], float]) -> float | None:
    """Pairwise percent agreement: the share of pairable value pairs that match (for two
    coders with no missing values this is plain percent agreement)."""
    n = sum(coincidences.values())
    if n <= 0:
        return None
    return 100.0 * sum(count for (c, k), count in coincidences.items() if c == k) / n


def binary_coincidences(tally: Mapping[tuple[int, int], float]) -> dict[tuple[bool, bool], float]:
    """The coincidence matrix of present/absent data given as counts, without listing units.

    ``tally[(m, j)]`` is the number (or total weight) of units that ``m`` coders judged and
    ``j`` of them marked present. Each such unit adds ``j(j-1)``, ``(m-j)(m-j-1)`` and
    ``j(m-j)`` ordered pairs to present/present, absent/absent and each mixed cell, each pair
    weighted ``1/(m-1)``: the same sums as :func:`coincidence_matrix` over the listed units."""
    both = neither = mixed = 0.0
    for (m, j), count in tally.items():
        if m < 2 or count == 0:
            continue
        weight = count / (m - 1)
        both += weight * j * (j - 1)
        neither += weight * (m - j) * (m - j - 1)
        mixed += weight * j * (m - j)
    return {(True, True): both, (False, False): neither, (True, False): mixed, (False, True): mixed}


# ---------------------------------------------------------------------- interpretation
_LANDIS_KOCH = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"))


def kappa_label(kappa: float | None) -> str | None:
    """Landis & Koch's band for a kappa, judged at the two decimals they write: below 0 poor,
    up to .20 slight, .40 fair, .60 moderate, .80 substantial, above almost perfect."""
    if kappa is None:
        return None
    shown = round(kappa, 2)
    if shown < 0:
        return "poor"
    for upper, label in _LANDIS_KOCH:
        if shown <= upper:
            return label
    return "almost perfect"


def alpha_label(alpha: float | None) -> str | None:
    """Krippendorff's reading of an alpha, judged at three decimals: >= .800 reliable,
    >= .667 tentative conclusions only, below that not reliable."""
    if alpha is None:
        return None
    shown = round(alpha, 3)
    if shown >= 0.800:
        return "reliable"
    if shown >= 0.667:
        return "tentative conclusions only"
    return "not reliable"


# ---------------------------------------------------------------------- figures of a tally
# A tally counts units by who judged them and who marked the code present, as two bit masks
# over the coders (bit i is the i-th coder): (judged mask, coded mask) -> units. A coder who
# did not judge a unit (did not code that document) is missing data there, as in alpha.


@dataclass(frozen=True, slots=True)
class Figures:
    """Agreement on one code (or pooled over codes) for two or more coders.

    ``units`` counts the judgements compared (units judged by at least two coders; pooled,
    units times codes); ``coded`` how many of them each coder marked present."""

    units: int
    coded: tuple[int, ...]
    percent: float | None
    kappa: float | None  # two coders only
    alpha: float | None

    @property
    def kappa_label(self) -> str | None:
        return kappa_label(self.kappa)

    @property
    def alpha_label(self) -> str | None:
        return alpha_label(self.alpha)


def _binary(tally: Mapping[tuple[int, int], int]) -> dict[tuple[bool, bool], float]:
    counts: dict[tuple[int, int], int] = {}
    for (judged, coded), units in tally.items():
        key = (judged.bit_count(), (coded & judged).bit_count())
        counts[key] = counts.get(key, 0) + units
    return binary_coincidences(counts)


def _pair_table(tally: Mapping[tuple[int, int], int]) -> list[list[int]]:
    """The 2 x 2 table of coders 0 and 1 over the units both judged: rows coder 0 (present,
    absent), columns coder 1."""
    return [
        [tally.get((3, 3), 0), tally.get((3, 1), 0)],
        [tally.get((3, 2), 0), tally.get((3, 0), 0)],
    ]


def _pairable(tally: Mapping[tuple[int, int], int]) -> dict[tuple[int, int], int]:
    return {key: n for key, n in tally.items() if key[0].bit_count() >= 2 and n}


def figures(tally: Mapping[tuple[int, int], int], coders: int) -> Figures:
    """Percent agreement, kappa (when ``coders == 2``) and nominal alpha of one code."""
    pairable = _pairable(tally)
    coincidences = _binary(pairable)
    return Figures(
        units=sum(pairable.values()),
        coded=_coded(pairable, coders),
        percent=coincidence_agreement(coincidences),
        kappa=cohen_kappa(_pair_table(pairable)) if coders == 2 else None,
        alpha=nominal_alpha(coincidences),
    )


def pooled_figures(tallies: Sequence[Mapping[tuple[int, int], int]], coders: int) -> Figures:
    """Figures over several codes, each (unit, code) a present/absent judgement.

    Both coefficients pool the same way: one minus mean observed over mean expected
    disagreement. For kappa that is De Vries et al.'s pooled kappa; for alpha it is alpha of
    the summed coincidence matrices (every code has the same units, so the same n)."""
    pairable = [_pairable(t) for t in tallies]
    summed: dict[tuple[bool, bool], float] = {}
    for tally in pairable:
        for cell, count in _binary(tally).items():
            summed[cell] = summed.get(cell, 0.0) + count
    coded = [_coded(t, coders) for t in pairable]
    return Figures(
        units=sum(sum(t.values()) for t in pairable),
        coded=tuple(sum(c[i] for c in coded) for i in range(coders)),
        percent=coincidence_agreement(summed),
        kappa=pooled_kappa(_pair_table(t) for t in pairable) if coders == 2 else None,
        alpha=nominal_alpha(summed),
    )


def _coded(tally: Mapping[tuple[int, int], int], coders: int) -> tuple[int, ...]:
    return tuple(
        sum(n for (judged, coded), n in tally.items() if coded & judged & (1 << i))
        for i in range(coders)
    )
