"""Charts drawn once with matplotlib (Agg) as PNG, shown in the app and placed in the report.

Each function takes plain data and returns a :class:`Chart` with the PNG bytes, a title and
alternative text. Every chart reads in greyscale and with colour-vision deficiencies: numbers or
words are written on the chart, and series differ by hatch pattern as well as by colour.
"""

from __future__ import annotations

from workbench.charts.attribute import codes_by_attribute_chart
from workbench.charts.chart import NO_DATA, Chart
from workbench.charts.complexity import complexity_profile_chart
from workbench.charts.complexity_compare import complexity_profile_comparison
from workbench.charts.frequency import code_frequency_chart
from workbench.charts.heatmap import cooccurrence_heatmap

__all__ = [
    "NO_DATA",
    "Chart",
    "code_frequency_chart",
    "codes_by_attribute_chart",
    "complexity_profile_chart",
    "complexity_profile_comparison",
    "cooccurrence_heatmap",
]
