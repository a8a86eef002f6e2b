"""Charts: PNGs of the right size, alt text naming what matters, readable without colour."""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image

from coding.codebook import load_template
from workbench.charts import (
    NO_DATA,
    Chart,
    code_frequency_chart,
    codes_by_attribute_chart,
    complexity_profile_chart,
    complexity_profile_comparison,
    cooccurrence_heatmap,
)
from workbench.charts.attribute import OTHER_VALUES, codes_by_attribute_figure
from workbench.charts.complexity import NOT_ASSESSED, complexity_profile_figure
from workbench.charts.complexity_compare import complexity_comparison_figure
from workbench.charts.frequency import code_frequency_figure
from workbench.charts.heatmap import cooccurrence_figure
from workbench.charts.style import COLUMN_WIDTH_IN, MAX_HEIGHT_IN

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COUNTS = [("Trust", 9), ("Workforce", 48), ("Training", 22), ("Funding", 30), ("Consent", 1)]
CODES = ["Workforce", "Training", "Interoperability"]
ROLES = ["Nurse", "Doctor", "Manager"]
ROLE_COUNTS = {
    ("Workforce", "Nurse"): 12, ("Workforce", "Doctor"): 3, ("Workforce", "Manager"): 20,
    ("Training", "Nurse"): 7, ("Training", "Manager"): 1, ("Interoperability", "Doctor"): 5,
}  # fmt: skip
NASSS = [
    ("1", "Condition or illness", 3),
    ("2", "Technology", 2),
    ("3", "Value proposition", None),
    ("4", "Adopter system", 1),
]
HEAT_CODES = ["Workforce", "Training", "Trust"]
HEAT = [[0, 12, 2], [12, 0, 0], [2, 0, 0]]
LONG_NAME = "Barriers to adoption arising from the organisation's digital infrastructure " * 3


def all_charts() -> list[Chart]:
    return [
        code_frequency_chart(COUNTS),
        codes_by_attribute_chart(CODES, ROLES, ROLE_COUNTS, attribute="Role"),
        complexity_profile_chart("Site A", NASSS),
        complexity_profile_comparison({"Site A": NASSS, "Site B": NASSS[:2]}),
        cooccurrence_heatmap(HEAT_CODES, HEAT),
    ]


def image_of(chart: Chart) -> Image.Image:
    assert chart.png.startswith(PNG_SIGNATURE)
    return Image.open(io.BytesIO(chart.png))


def texts(figure: Figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def words(figure: Figure) -> list[str]:
    return [t.get_text() for t in texts(figure)]


def test_every_chart_is_a_png_of_its_stated_size_at_the_chosen_resolution() -> None:
    for chart in all_charts():
        image = image_of(chart)
        assert image.format == "PNG"
        # Agg, like any raster, keeps whole pixels: the size is width x dpi, rounded down.
        assert image.size == (int(chart.width_in * 150), int(chart.height_in * 150))
        assert chart.pixel_size == image.size
        assert chart.width_in == pytest.approx(COLUMN_WIDTH_IN)
        assert chart.height_in <= MAX_HEIGHT_IN
        assert chart.title
        assert chart.alt_text
    small = code_frequency_chart(COUNTS, dpi=100)
    assert image_of(small).size == (630, int(small.height_in * 100))


def test_the_same_data_give_the_same_bytes_so_reports_do_not_change_needlessly() -> None:
    first = [chart.png for chart in all_charts()]
    assert first == [chart.png for chart in all_charts()]
    assert b"Software" not in first[0]  # no matplotlib version stamped in the file


def test_charts_render_in_worker_threads_like_the_app_does() -> None:
    expected = [chart.png for chart in all_charts()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: [c.png for c in all_charts()], range(2)))
    assert results == [expected, expected]


def test_no_text_on_any_chart_is_smaller_than_nine_points() -> None:
    figures = [
        code_frequency_figure(COUNTS),
        codes_by_attribute_figure(CODES, ROLES, ROLE_COUNTS, attribute="Role"),
        complexity_profile_figure("Site A", NASSS),
        complexity_comparison_figure({"Site A": NASSS, "Site B": NASSS}),
        cooccurrence_figure(HEAT_CODES, HEAT),
    ]
    for figure in figures:
        sizes = [float(text.get_fontsize()) for text in texts(figure)]
        assert sizes
        assert min(sizes) >= 9


def test_code_frequency_puts_the_most_frequent_code_first_with_its_count_written() -> None:
    figure = code_frequency_figure(COUNTS)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == [
        "Workforce", "Funding", "Training", "Trust", "Consent",
    ]  # fmt: skip
    assert {"48", "30", "22", "9", "1"} <= set(words(figure))
    chart = code_frequency_chart(COUNTS)
    assert "Workforce (48)" in chart.alt_text
    assert chart.alt_text.index("Workforce") < chart.alt_text.index("Consent")


def test_many_codes_show_the_most_frequent_and_say_so() -> None:
    counts = [(f"Code {i:02d}", 100 - i) for i in range(60)]
    figure = code_frequency_figure(counts)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[0] == "Code 00"
    assert len(labels) < 60
    assert any("most frequent of 60 codes" in text for text in words(figure))
    assert "Code 00 (100)" in code_frequency_chart(counts).alt_text


def test_long_code_names_are_shortened_on_the_chart_but_kept_whole_in_the_alt_text() -> None:
    counts = [(LONG_NAME, 5), (LONG_NAME + " (staff)", 4), ("Trust", 2)]
    figure = code_frequency_figure(counts)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert all(len(line) <= 40 for label in labels for line in label.splitlines())
    assert "…" in labels[0]
    assert len(set(labels)) == 3  # two names alike at the start still get different labels
    chart = code_frequency_chart(counts)
    assert " ".join(LONG_NAME.split()) in " ".join(chart.alt_text.split())
    heat = cooccurrence_heatmap([LONG_NAME, "Trust"], [[0, 3], [3, 0]])
    assert image_of(heat).format == "PNG"


def test_empty_data_give_a_chart_saying_no_data_rather_than_an_error() -> None:
    charts = [
        code_frequency_chart([]),
        code_frequency_chart([("Trust", 0), ("Workforce", 0)]),
        codes_by_attribute_chart([], [], {}, attribute="Role"),
        codes_by_attribute_chart(CODES, ROLES, {}, attribute="Role"),
        complexity_profile_chart("Site A", []),
        complexity_profile_comparison({}),
        cooccurrence_heatmap([], []),
        cooccurrence_heatmap(HEAT_CODES, [[0] * 3] * 3),
    ]
    for chart in charts:
        assert image_of(chart).size[0] == round(COLUMN_WIDTH_IN * 150)
        assert "No data" in chart.alt_text
    assert NO_DATA in words(code_frequency_figure([]))
    assert NO_DATA in words(cooccurrence_figure([], []))


def test_attribute_values_differ_by_hatch_as_well_as_colour_for_greyscale_print() -> None:
    values = [f"Site {n}" for n in range(1, 8)]
    counts = {(code, value): 1 + n for code in CODES for n, value in enumerate(values)}
    figure = codes_by_attribute_figure(CODES, values, counts, attribute="Site")
    legend = figure.legends[0]
    assert legend.get_title().get_text() == "Site"
    patches = legend.get_patches()
    assert sorted(t.get_text() for t in legend.get_texts()) == values
    hatches = [patch.get_hatch() or "" for patch in patches]
    assert len(set(hatches)) == len(values)
    assert len({tuple(patch.get_facecolor()) for patch in patches}) == len(values)
    # Each bar's count is written too, so the values can be read without the legend.
    assert {"1", "7"} <= set(words(figure))


def test_attribute_chart_alt_text_names_the_largest_cell_and_the_attribute() -> None:
    chart = codes_by_attribute_chart(CODES, ROLES, ROLE_COUNTS, attribute="Role")
    assert chart.title == "Codings of each code by Role"
    assert "by Role" in chart.alt_text
    assert "Workforce, Manager (20)" in chart.alt_text
    assert chart.alt_text.index("(20)") < chart.alt_text.index("(12)")


def test_attribute_values_past_the_palette_are_added_together_as_other_values() -> None:
    values = [f"Ward {n}" for n in range(1, 11)]
    counts = {("Workforce", value): 2 for value in values}
    figure = codes_by_attribute_figure(["Workforce"], values, counts, attribute="Ward")
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert sorted(labels) == [OTHER_VALUES, *values[:6]]
    assert "8" in words(figure)  # wards 7 to 10, two codings each
    assert (
        "adds the last 4 values together"
        in codes_by_attribute_chart(["Workforce"], values, counts, attribute="Ward").alt_text
    )


def test_complexity_profile_writes_each_rating_in_words_beside_its_bar() -> None:
    figure = complexity_profile_figure("Site A", NASSS)
    shown = words(figure)
    for word in ("Complex", "Complicated", "Simple", NOT_ASSESSED):
        assert word in shown
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert ticks == ["Simple", "Complicated", "Complex"]
    bars = [bar for bar in figure.axes[0].patches if isinstance(bar, Rectangle)]
    assert [bar.get_width() for bar in bars] == [3, 2, 3, 1]
    assert not bars[2].get_hatch()  # the not-assessed outline: dashed, white inside
    assert bars[2].get_linestyle() != "solid"
    alt = complexity_profile_chart("Site A", NASSS).alt_text
    assert "1 Condition or illness: complex" in alt
    assert "3 Value proposition: not assessed" in alt


def test_complexity_profile_with_nothing_assessed_still_draws_every_domain() -> None:
    levels = [(key, name, None) for key, name, _ in NASSS]
    figure = complexity_profile_figure("Site B", levels)
    assert words(figure).count(NOT_ASSESSED) == len(levels)
    assert "No domain has been rated yet" in words(figure)
    chart = complexity_profile_chart("Site B", levels)
    assert image_of(chart).format == "PNG"
    assert "4 not assessed" in chart.alt_text


def test_a_full_nasss_profile_with_every_sub_domain_fits_one_page() -> None:
    codes = load_template("nasss").codes
    levels = [(c.key, c.name, [1, 2, 3, None][n % 4]) for n, c in enumerate(codes)]
    figure = complexity_profile_figure("Site A", levels)
    labels = figure.axes[0].get_yticklabels()
    assert len(labels) == len(levels) >= 30
    assert not any("of 30 domains" in text for text in words(figure))
    assert figure.get_size_inches()[1] <= MAX_HEIGHT_IN
    bold = [label.get_text() for label in labels if label.get_fontweight() == "bold"]
    assert bold[0] == "1 Condition or illness"  # domains stand out from their sub-domains
    assert len(bold) == 7


def test_importing_the_charts_does_not_load_matplotlib_so_start_up_stays_fast() -> None:
    code = "import sys, workbench.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_a_rating_outside_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="1, 2, 3 or None"):
        complexity_profile_chart("Site A", [("1", "Condition or illness", 4)])


def test_complexity_comparison_shows_each_case_with_its_own_hatch_and_missing_domains() -> None:
    figure = complexity_comparison_figure({"Site A": NASSS, "Site B": NASSS[:2]})
    legend = figure.legends[0]
    assert legend.get_title().get_text() == "Case"
    assert [t.get_text() for t in legend.get_texts()] == ["Site A", "Site B"]
    assert len({patch.get_hatch() or "" for patch in legend.get_patches()}) == 2
    # Site B has no rating for domains 3 and 4, Site A none for 3.
    assert words(figure).count(NOT_ASSESSED) == 3
    alt = complexity_profile_comparison({"Site A": NASSS, "Site B": NASSS[:2]}).alt_text
    assert "4 Adopter system: Site A simple, Site B not assessed" in alt


def test_heatmap_writes_counts_in_non_zero_cells_in_ink_that_contrasts() -> None:
    figure = cooccurrence_figure(HEAT_CODES, HEAT)
    cells = {t.get_text(): t.get_color() for t in figure.axes[0].texts}
    assert set(cells) == {"12", "2"}  # zero cells stay empty
    assert cells["12"] == "#FFFFFF"  # darkest cell
    assert cells["2"] == "#000000"  # pale cell
    image = figure.axes[0].images[0]
    assert image.get_cmap().name == "Blues"
    alt = cooccurrence_heatmap(HEAT_CODES, HEAT).alt_text
    assert "Training with Workforce (12)" in alt
    assert alt.index("(12)") < alt.index("(2)")


def test_heatmap_of_many_codes_keeps_those_that_overlap_most() -> None:
    codes = [f"Code {n}" for n in range(20)]
    matrix = [[0] * 20 for _ in range(20)]
    matrix[3][17] = matrix[17][3] = 9
    matrix[5][6] = matrix[6][5] = 4
    figure = cooccurrence_figure(codes, matrix, max_codes=4)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels[:2] == ["Code 3", "Code 5"]
    assert len(labels) == 4
    assert any("Showing the 4 of 20 codes" in text for text in words(figure))


def test_heatmap_refuses_a_matrix_that_does_not_match_its_codes() -> None:
    with pytest.raises(ValueError, match="3 x 3"):
        cooccurrence_heatmap(HEAT_CODES, [[0, 1], [1, 0]])


def test_charts_grow_taller_with_more_rows_but_stay_on_one_page() -> None:
    short = code_frequency_chart(COUNTS[:2])
    longer = code_frequency_chart([(f"Code {n}", n + 1) for n in range(15)])
    longest = code_frequency_chart([(f"Code {n}", n + 1) for n in range(200)])
    assert short.height_in < longer.height_in <= longest.height_in <= MAX_HEIGHT_IN
