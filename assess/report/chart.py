"""The executive summary's chart: each framework's assurance as a horizontal bar.

Only geometry is worked out here; `partials/chart.svg.j2` draws it, so an organisation
can restyle it. The chart never relies on colour: every bar is labelled with its
rating in words and its percentage, the amber and green thresholds are drawn and
labelled, and the SVG carries a title, a description and a data table follows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assess.model import Framework
from assess.report.templating import percent
from assess.result import Result

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 18
ROW_GAP = 16
TRACK_X = 0
TRACK_WIDTH = 470
VALUE_X = TRACK_WIDTH + 12
TOP = 8
AXIS_HEIGHT = 30


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Bar:
    title: str
    rating: str  # "red" | "amber" | "green"
    rating_word: str
    assurance: float
    value_text: str
    label_y: float
    bar_y: float
    bar_width: float
    amber_x: float
    green_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    track_x: int
    track_width: int
    value_x: int
    bar_height: int
    bars: list[Bar]
    ticks: list[Tick]
    axis_y: float
    title: str
    description: str


def _x(percent: float) -> float:
    return round(TRACK_X + TRACK_WIDTH * max(0.0, min(100.0, percent)) / 100.0, 2)


def assurance_chart(result: Result, frameworks: Mapping[str, Framework]) -> Chart:
    bars: list[Bar] = []
    y = float(TOP)
    for fr in result.frameworks:
        bands = frameworks[fr.id].bands
        word = fr.rating.value.capitalize()
        bars.append(Bar(
            title=fr.title, rating=fr.rating.value, rating_word=word, assurance=fr.assurance,
            value_text=f"{percent(fr.assurance)} \u2013 {word}", label_y=y + LABEL_HEIGHT - 5,
            bar_y=y + LABEL_HEIGHT, bar_width=_x(fr.assurance), amber_x=_x(bands.amber), green_x=_x(bands.green),
        ))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    axis_y = y
    ticks = [Tick(x=_x(p), label=f"{p}%") for p in (0, 25, 50, 75, 100)]
    description = "; ".join(
        f"{b.title}: assurance {percent(b.assurance)}, rated {b.rating_word}" for b in bars
    ) + ". Dashed marks show each framework's amber and solid marks its green threshold."
    return Chart(
        width=WIDTH, height=int(axis_y + AXIS_HEIGHT), track_x=TRACK_X, track_width=TRACK_WIDTH, value_x=VALUE_X,
        bar_height=BAR_HEIGHT, bars=bars, ticks=ticks, axis_y=axis_y,
        title="Assurance by framework", description=description,
    )
