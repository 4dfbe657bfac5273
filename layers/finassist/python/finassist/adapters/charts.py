"""The month at a glance as a bar chart PNG (matplotlib, no display).

Plotting is the one place amounts become floats, and only as bar heights in pixels: every figure the user
reads (labels, totals) is formatted from the Decimal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from finassist.domain.money import format_brl


def bar_chart_png(title: str, bars: Sequence[tuple[str, Decimal]]) -> bytes:
    """Horizontal bars, largest on top, each labelled with its R$ amount."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    ordered = sorted(bars, key=lambda bar: bar[1])
    names = [name for name, _ in ordered]
    heights = [float(total) for _, total in ordered]
    figure, axes = pyplot.subplots(figsize=(7, 0.55 * max(len(ordered), 1) + 1.6), dpi=120)
    try:
        drawn = axes.barh(names, heights, color="#2e7d32")
        axes.bar_label(drawn, labels=[format_brl(total) for _, total in ordered], padding=4, fontsize=9)
        axes.set_title(title, fontsize=12, loc="left")
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_xticks([])
        axes.set_xlim(0, max(heights, default=1.0) * 1.3 or 1.0)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)
