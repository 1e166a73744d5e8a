"""The executive summary's chart: each framework's assurance as a horizontal bar.

Only geometry is worked out here; `partials/chart.svg.j2` draws it, so an organisation
can restyle it. The chart never relies on colour: every bar is labelled with its
rating in words and its percentage, the amber and green thresholds are drawn and
labelled, and the SVG carries a title, a description and a data table follows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assess.i18n import ENGLISH, Translator
from assess.model import Framework, Level
from assess.result import LevelResult, Result

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


def assurance_chart(result: Result, frameworks: Mapping[str, Framework], tr: Translator = ENGLISH) -> Chart:
    """The frameworks rated by assurance bands (those scored by levels have their own chart)."""
    bars: list[Bar] = []
    y = float(TOP)
    percent = tr.percent
    for fr in result.frameworks:
        if fr.level is not None:
            continue
        bands = frameworks[fr.id].bands
        word = tr(fr.rating.value.capitalize())
        bars.append(Bar(
            title=fr.title, rating=fr.rating.value, rating_word=word, assurance=fr.assurance,
            value_text=f"{percent(fr.assurance)} \u2013 {word}", label_y=y + LABEL_HEIGHT - 5,
            bar_y=y + LABEL_HEIGHT, bar_width=_x(fr.assurance), amber_x=_x(bands.amber), green_x=_x(bands.green),
        ))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    axis_y = y
    ticks = [Tick(x=_x(p), label=percent(p)) for p in (0, 25, 50, 75, 100)]
    description = "; ".join(
        tr("{title}: assurance {percent}, rated {rating}", title=b.title, percent=percent(b.assurance),
           rating=b.rating_word) for b in bars
    ) + ". " + tr("Dashed marks show each framework's amber and solid marks its green threshold.")
    return Chart(
        width=WIDTH, height=int(axis_y + AXIS_HEIGHT), track_x=TRACK_X, track_width=TRACK_WIDTH, value_x=VALUE_X,
        bar_height=BAR_HEIGHT, bars=bars, ticks=ticks, axis_y=axis_y,
        title=tr("Assurance by framework"), description=description,
    )


# ------------------------------------------------------------------ the level chart

LEVEL_WIDTH = 640
LEVEL_TRACK_X = 4
LEVEL_TRACK_WIDTH = 632
LEVEL_BAND_Y = 30  # room above for the marker's label
LEVEL_BAND_HEIGHT = 26
LEVEL_HEIGHT = 92


@dataclass(frozen=True)
class Band:
    title: str
    rating: str
    x: float
    width: float
    centre: float
    current: bool


@dataclass(frozen=True)
class LevelChart:
    """The score on a line from 0 to the maximum, cut into the levels at their bounds."""

    width: int
    height: int
    track_x: int
    track_width: int
    band_y: int
    band_height: int
    bands: list[Band]
    ticks: list[Tick]  # each bound, and both ends, labelled in points
    marker_x: float
    marker_label: str
    marker_anchor: str  # "start" | "middle" | "end": keeps the label inside the chart
    title: str
    description: str


def level_chart(level: LevelResult, levels: list[Level], tr: Translator = ENGLISH) -> LevelChart:
    maximum = level.max_points or 1.0

    def x(value: float) -> float:
        return round(LEVEL_TRACK_X + LEVEL_TRACK_WIDTH * max(0.0, min(value, maximum)) / maximum, 2)

    edges = [0.0, *level.bounds, level.max_points]
    bands: list[Band] = []
    parts: list[str] = []
    for i, defined in enumerate(levels[: len(edges) - 1]):
        left, right = x(edges[i]), x(edges[i + 1])
        bands.append(Band(title=defined.title, rating=defined.rating, x=left, width=round(right - left, 2),
                          centre=round((left + right) / 2, 2), current=i == level.position - 1))
        lower, upper = tr.points(edges[i]), tr.points(edges[i + 1])
        if i == 0:
            parts.append(tr("{level}: up to {upper}", level=defined.title, upper=upper))
        elif i == len(edges) - 2:
            parts.append(tr("{level}: above {lower}", level=defined.title, lower=lower))
        else:
            parts.append(tr("{level}: above {lower}, up to {upper}", level=defined.title, lower=lower, upper=upper))
    ticks = [Tick(x=x(e), label=tr.points(e)) for e in edges]
    marker = x(level.score)
    anchor = "start" if marker < 60 else ("end" if marker > LEVEL_WIDTH - 60 else "middle")
    score = tr.points(level.score)
    description = (tr("Current score {score} of {maximum}: {level}.", score=score,
                      maximum=tr.points(level.max_points), level=level.title) + " " + "; ".join(parts) + ".")
    return LevelChart(
        width=LEVEL_WIDTH, height=LEVEL_HEIGHT, track_x=LEVEL_TRACK_X, track_width=LEVEL_TRACK_WIDTH,
        band_y=LEVEL_BAND_Y, band_height=LEVEL_BAND_HEIGHT, bands=bands, ticks=ticks, marker_x=marker,
        marker_label=tr("Current score {score}", score=score), marker_anchor=anchor,
        title=tr("Score against the level bounds"), description=description,
    )
