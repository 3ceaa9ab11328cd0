"""Chart geometry for the HTML page: numbers in, coordinates out; the SVG itself is in the templates.

Every chart is drawn on a 400-unit-wide view box that the page scales to its width, so it
stays legible on a phone (about 360 px) and sharp on paper. Labels are text the template
autoescapes; nothing here writes markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .values import num

WIDTH = 400
LABEL_ROOM = 44  # right of the longest bar, for its value
PILLAR_COLOURS = {"brand": "#2563eb", "people": "#0f8a5f", "insights": "#c2410c", "relationships": "#7c3aed"}
OTHER_COLOUR = "#475569"
MAX_LABEL = 52


@dataclass(slots=True)
class Bar:
    """One bar: where it is and what it says."""

    y: float
    width: float
    height: float
    value: str
    colour: str
    kind: str  # "estimate", "real" or "average"
    label: str = ""

    @property
    def text(self) -> str:
        return f"{self.value} {self.label}" if self.label else self.value

    @property
    def inside(self) -> bool:
        """Whether the value is written inside the bar's end: it would not fit to the right of it."""
        return self.width + 5 + len(self.text) * (7.5 if self.height > 10 else 6) > WIDTH


@dataclass(slots=True)
class Row:
    """A titled group of bars."""

    title: str
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass(slots=True)
class BarChart:
    """Horizontal bars on a 0..scale axis."""

    rows: list[Row]
    ticks: list[tuple[float, str]]
    height: float
    plot_width: float = WIDTH - LABEL_ROOM
    width: float = WIDTH


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(rows: list[tuple[str, list[tuple[str, float, str, str]]]], scale: float, step: float) -> BarChart:
    """Rows of (title, [(kind, value, colour, label)]): the first bar of a row thick, the others thin."""
    plot = WIDTH - LABEL_ROOM
    laid: list[Row] = []
    y = 0.0
    for title, bars in rows:
        row = Row(_short(title), y + 14)
        y += 20
        for index, (kind, value, colour, label) in enumerate(bars):
            height = 16.0 if index == 0 else 9.0
            width = plot * min(max(value, 0.0), scale) / scale
            row.bars.append(Bar(y, width, height, num(value), colour, kind, label))
            y += height + 4
        laid.append(row)
        y += 12
    ticks = [(plot * (i * step) / scale, num(i * step)) for i in range(int(scale / step) + 1)]
    return BarChart(laid, ticks, y + 14)


def pillar_chart(pillars: dict[str, dict], real_label: str) -> BarChart:
    """The four pillars 0–25: the estimate, and the number on the member's SSI page beside it when given."""
    rows = []
    for key, pillar in pillars.items():
        colour = PILLAR_COLOURS.get(key, OTHER_COLOUR)
        bars = [("estimate", pillar["score"], colour, "")]
        if "comparison" in pillar:
            bars.append(("real", pillar["comparison"]["real"], OTHER_COLOUR, real_label))
        rows.append((pillar["title"], bars))
    return bar_chart(rows, 25, 5)


def total_chart(items: list[tuple[str, str, float]]) -> BarChart:
    """Totals 0–100 side by side: (kind, title, value) for the estimate, the SSI page, the industry average."""
    colours = {"estimate": "#0f172a", "real": OTHER_COLOUR, "average": "#94a3b8"}
    return bar_chart([(title, [(kind, value, colours[kind], "")]) for kind, title, value in items], 100, 20)


@dataclass(slots=True)
class Line:
    """One series: its colour, title and the points of its polyline."""

    title: str
    colour: str
    points: str
    dots: list[tuple[float, float, str]]


@dataclass(slots=True)
class LineChart:
    """Series over runs on a 0..scale axis."""

    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: float
    right: float
    top: float
    bottom: float
    width: float = WIDTH
    height: float = 240


def line_chart(series: list[tuple[str, str, list[float]]], labels: list[str], scale: float, step: float) -> LineChart:
    """(key, title, values) per series over the runs named by `labels` (dates)."""
    left, right, top, bottom = 28.0, WIDTH - 12.0, 10.0, 200.0
    count = max(len(labels), 1)

    def x(index: int) -> float:
        return left + (right - left) * (index / (count - 1) if count > 1 else 0.5)

    def y(value: float) -> float:
        return bottom - (bottom - top) * min(max(value, 0.0), scale) / scale

    lines = []
    for key, title, values in series:
        dots = [(round(x(i), 1), round(y(v), 1), num(v)) for i, v in enumerate(values)]
        points = " ".join(f"{dx},{dy}" for dx, dy, _ in dots)
        lines.append(Line(title, PILLAR_COLOURS.get(key, OTHER_COLOUR), points, dots))
    # At most six date labels, so they never run into each other on a phone.
    every = max(1, -(-count // 6))
    x_labels = [(round(x(i), 1), label) for i, label in enumerate(labels) if i % every == 0 or i == count - 1]
    y_ticks = [(round(y(i * step), 1), num(i * step)) for i in range(int(scale / step) + 1)]
    return LineChart(lines, x_labels, y_ticks, left, right, top, bottom)
