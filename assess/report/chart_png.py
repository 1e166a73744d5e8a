"""The assurance chart as a PNG, for the word-processor outputs (DOCX and ODT take raster images).

Drawn with Pillow (WeasyPrint already depends on it) from the same geometry as the SVG in the PDF,
so both show the same bars, thresholds and labels; the words beside each bar carry the rating, so
nothing depends on colour.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from assess.report.chart import Chart

SCALE = 2  # pixels per SVG unit: sharp when printed at the chart's width
COLOURS = {"red": "#d4351c", "amber": "#f47738", "green": "#00703c"}
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return ImageFont.truetype(str(folder / name), size * SCALE)
    return ImageFont.load_default(size * SCALE)


def chart_png(chart: Chart) -> bytes:
    s = SCALE
    image = Image.new("RGB", (chart.width * s, chart.height * s), "white")
    draw = ImageDraw.Draw(image)
    label, value, small = _font(11, bold=True), _font(11), _font(9)
    x0, width = chart.track_x * s, chart.track_width * s
    for bar in chart.bars:
        draw.text((x0, (bar.label_y - 11) * s), bar.title, fill="#0b0c0c", font=label)
        top, bottom = bar.bar_y * s, (bar.bar_y + chart.bar_height) * s
        draw.rectangle((x0, top, x0 + width, bottom), fill="#f3f2f1", outline="#b1b4b6", width=s)
        if bar.bar_width > 0:
            draw.rectangle((x0, top, x0 + bar.bar_width * s, bottom), fill=COLOURS.get(bar.rating, "#505a5f"))
        for y in range(int(top) - 2 * s, int(bottom) + 2 * s, 4 * s):  # amber threshold: dashed
            draw.line((bar.amber_x * s, y, bar.amber_x * s, y + 2 * s), fill="#0b0c0c", width=s)
        draw.line((bar.green_x * s, top - 3 * s, bar.green_x * s, bottom + 3 * s), fill="#0b0c0c", width=2 * s)
        draw.text((chart.value_x * s, top + 2 * s), bar.value_text, fill="#0b0c0c", font=value)
    for tick in chart.ticks:
        draw.text((tick.x * s, (chart.axis_y + 4) * s), tick.label, fill="#505a5f", font=small,
                  anchor="ma" if 0 < tick.x < chart.track_width else ("la" if tick.x == 0 else "ra"))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
