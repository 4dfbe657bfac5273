"""The month at a glance as a bar chart PNG, drawn with Pillow.

matplotlib (with numpy and its fonts) would add about 170 MB to the layer and push it past Lambda's 250 MB
limit for a function and its layers; a horizontal bar chart needs only rectangles and text. Amounts become
floats only as bar lengths in pixels: every figure the user reads is formatted from the Decimal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from finassist.domain.money import format_brl

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH = 840
ROW = 44
TOP = 70
LEFT = 170
RIGHT_MARGIN = 150
BAR = "#2e7d32"
INK = "#222222"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    font = resources.files("finassist.data").joinpath("fonts/DejaVuSans.ttf")
    return ImageFont.truetype(io.BytesIO(font.read_bytes()), size)


class PillowCharts:
    """The ChartMaker port: Pillow loads with the first chart drawn, not with every RunTool that might draw one."""

    def bar_chart_png(self, title: str, bars: Sequence[tuple[str, Decimal]]) -> bytes:
        """Horizontal bars, largest on top, each labelled with its R$ amount."""
        from PIL import Image, ImageDraw

        ordered = sorted(bars, key=lambda bar: bar[1], reverse=True)
        height = TOP + ROW * max(len(ordered), 1) + 20
        image = Image.new("RGB", (WIDTH, height), "white")
        draw = ImageDraw.Draw(image)
        draw.text((20, 20), title, fill=INK, font=_font(24))
        largest = max((total for _, total in ordered), default=Decimal("0"))
        span = WIDTH - LEFT - RIGHT_MARGIN
        for index, (name, total) in enumerate(ordered):
            top = TOP + index * ROW
            length = int(span * total / largest) if largest > 0 else 0
            draw.text((LEFT - 10, top + ROW / 2), name, fill=INK, font=_font(16), anchor="rm")
            draw.rectangle((LEFT, top + 8, LEFT + max(length, 1), top + ROW - 8), fill=BAR)
            draw.text((LEFT + length + 8, top + ROW / 2), format_brl(total), fill=INK, font=_font(15), anchor="lm")
        draw.line((LEFT, TOP, LEFT, TOP + ROW * max(len(ordered), 1)), fill=INK, width=1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
