"""Vector charts of a Plan for the proposal, drawn with reportlab.graphics: lines over months or
volume with marked points, the sensitivity tornado and memory per GPU."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.palette import colour
from core.report.bidi import visual
from core.report.words import number, share

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
TICK_SIZE, TITLE_SIZE = 7, 9
MAX_MARKERS = 12  # more would not fit their key under the chart on a page
_FULL_WIDTH_ENTRIES = 8  # legend entries that may each take a line
GRID = colors.HexColor("#d9d9d9")
INK = colors.HexColor("#222222")


@dataclass(frozen=True)
class Series:
    name: str
    xs: Sequence[float]
    ys: Sequence[float]
    colour_index: int
    dashed: bool = False


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not high > low:
        span = abs(high) or 1.0
        low, high = low - span / 2, high + span / 2
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if raw <= s * magnitude)
    first = math.floor(low / step + 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _decimals(ticks: Sequence[float]) -> int:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    return max(0, min(3, -math.floor(math.log10(step) + 1e-9))) if step else 0


class _Plot:
    """A plot area in a drawing: data to points, axes with their ticks, a legend below."""

    def __init__(self, drawing: Drawing, left: float, bottom: float, width: float,
                 height: float, x_range: tuple[float, float], y_range: tuple[float, float]):
        self.drawing = drawing
        self.left, self.bottom, self.width, self.height = left, bottom, width, height
        self.x_range, self.y_range = x_range, y_range

    def x(self, value: float) -> float:
        low, high = self.x_range
        return self.left + (value - low) / ((high - low) or 1.0) * self.width

    def y(self, value: float) -> float:
        low, high = self.y_range
        return self.bottom + (value - low) / ((high - low) or 1.0) * self.height

    def add(self, shape: object) -> None:
        self.drawing.add(shape)

    def x_axis(self, ticks: Sequence[float], label: Callable[[float], str]) -> None:
        for tick in ticks:
            x = self.x(tick)
            self.add(Line(x, self.bottom, x, self.bottom + self.height, strokeColor=GRID,
                          strokeWidth=0.4))
            self.add(String(x, self.bottom - 10, label(tick), fontName=FONT,
                            fontSize=TICK_SIZE, textAnchor="middle", fillColor=INK))
        self.add(Line(self.left, self.bottom, self.left + self.width, self.bottom,
                      strokeColor=INK, strokeWidth=0.6))

    def y_axis(self, ticks: Sequence[float], label: Callable[[float], str]) -> None:
        for tick in ticks:
            y = self.y(tick)
            self.add(Line(self.left, y, self.left + self.width, y, strokeColor=GRID,
                          strokeWidth=0.4))
            self.add(String(self.left - 3, y - 2.5, label(tick), fontName=FONT,
                            fontSize=TICK_SIZE, textAnchor="end", fillColor=INK))
        self.add(Line(self.left, self.bottom, self.left, self.bottom + self.height,
                      strokeColor=INK, strokeWidth=0.6))

    def marker(self, x_value: float, index: int) -> None:
        """A dashed vertical line numbered at the top; the key under the chart says what it
        marks (long labels next to close lines would overlap)."""
        x = self.x(x_value)
        top = self.bottom + self.height
        self.add(Line(x, self.bottom, x, top, strokeColor=INK, strokeWidth=0.6,
                      strokeDashArray=[3, 2]))
        self.add(String(x + 2, top - 8 - 8 * (index % 3), str(index + 1), fontName=BOLD,
                        fontSize=TICK_SIZE, fillColor=INK))


def _title(drawing: Drawing, text: str, width: float) -> None:
    drawing.add(String(0, drawing.height - TITLE_SIZE - 2, _fit(text, width, BOLD, TITLE_SIZE),
                       fontName=BOLD, fontSize=TITLE_SIZE, fillColor=INK))


def _fit(text: str, width: float, font: str, size: float) -> str:
    """The text, cut with an ellipsis where it would run past width (its logical end, which
    is the left end of right-to-left text), in drawing order."""
    if stringWidth(text, font, size) <= width:
        return visual(text)
    # the longest start that fits with the ellipsis, found by halving (widths only grow with
    # the length): cutting one character at a time measured a 10,000-character option name
    # 10,000 times per chart legend, and a report of 50 such options ran for over 10 minutes
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            fits = middle
        else:
            too_long = middle
    return visual(text[:fits] + "…")


def _legend_rows(entries: Sequence[tuple[str, int, bool]], width: float) -> list[list[tuple[
        str, int, bool, float]]]:
    rows: list[list[tuple[str, int, bool, float]]] = [[]]
    used = 0.0
    # up to a line per entry where few; where many, at least three to a line: 50 options
    # with 100-character names made a legend of 50 lines, a chart taller than the page
    # (reportlab's LayoutError, an 'internal error')
    longest = width - 20 if len(entries) <= _FULL_WIDTH_ENTRIES else width / 3 - 30
    for name, index, dashed in entries:
        label = _fit(name, longest, FONT, TICK_SIZE)
        item_width = 18 + stringWidth(label, FONT, TICK_SIZE) + 12
        if rows[-1] and used + item_width > width:
            rows.append([])
            used = 0.0
        rows[-1].append((label, index, dashed, used))
        used += item_width
    return rows


def _draw_legend(drawing: Drawing, rows: list[list[tuple[str, int, bool, float]]],
                 left: float, top: float, bars: bool = False) -> None:
    for row_index, row in enumerate(rows):
        y = top - 11 * (row_index + 1)
        for label, index, dashed, x in row:
            if bars:
                drawing.add(Rect(left + x, y, 12, 6, fillColor=colors.HexColor(colour(index)),
                                 strokeColor=None))
            else:
                drawing.add(Line(left + x, y + 3, left + x + 14, y + 3,
                                 strokeColor=colors.HexColor(colour(index)), strokeWidth=1.5,
                                 strokeDashArray=[3, 2] if dashed else None))
            drawing.add(String(left + x + 18, y, label, fontName=FONT, fontSize=TICK_SIZE,
                               fillColor=INK))


@dataclass(frozen=True)
class Band:
    """A shaded band between two lines (a P10-P90 range around a series)."""

    xs: Sequence[float]
    lows: Sequence[float]
    highs: Sequence[float]
    colour_index: int


BAND_OPACITY = 0.22


def line_chart(title: str, series: Sequence[Series], markers: Sequence[tuple[float, str]],
               x_title: str, width: float, language: str, log_x: bool = False,
               plot_height: float = 170, bands: Sequence[Band] = ()) -> Drawing:
    """Lines (log10 of x when log_x) with a legend below and labelled vertical markers;
    bands are shaded behind the lines (linear x only)."""
    shown = [s for s in series if s.xs]
    xs = [math.log10(x) if log_x else x for s in shown for x in s.xs if not log_x or x > 0]
    ys = [y for s in shown for y in s.ys] + [y for band in bands
                                             for y in (*band.lows, *band.highs)]
    marks = [(math.log10(x) if log_x else x, label) for x, label in markers
             if not log_x or x > 0][:MAX_MARKERS]
    xs += [x for x, _ in marks]
    x_low, x_high = (min(xs), max(xs)) if xs else (0.0, 1.0)
    y_ticks = nice_ticks(min([0.0, *ys]), max([1.0, *ys]))
    y_digits = _decimals(y_ticks)
    y_labels = [number(t, y_digits, language) for t in y_ticks]
    left = 8 + max(stringWidth(label, FONT, TICK_SIZE) for label in y_labels)
    legend = _legend_rows([(s.name, s.colour_index, s.dashed) for s in shown], width - left)
    key = [_fit(f"{index + 1}  {label}", width - left, FONT, TICK_SIZE)
           for index, (_, label) in enumerate(marks)]
    legend_height = 11 * (len(legend) + len(key)) + 4
    height = TITLE_SIZE + 10 + plot_height + 26 + legend_height
    drawing = Drawing(width, height, initialFontName=FONT)  # not the unembedded Helvetica
    _title(drawing, title, width)
    bottom = legend_height + 26
    if log_x:
        x_ticks = [math.log10(m * 10 ** e) for e in range(math.floor(x_low), math.ceil(x_high) + 1)
                   for m in (1, 2, 5) if x_low - 1e-9 <= math.log10(m * 10 ** e) <= x_high + 1e-9]
        x_range = (x_low, x_high) if x_high > x_low else (x_low - 1, x_high + 1)
    else:
        x_range = (x_low, x_high) if x_high > x_low else (x_low - 1, x_high + 1)
        x_ticks = [t for t in nice_ticks(*x_range) if x_range[0] <= t <= x_range[1]]
    plot = _Plot(drawing, left, bottom, width - left - 6, plot_height, x_range,
                 (y_ticks[0], y_ticks[-1]))
    x_digits = 0 if log_x else _decimals(x_ticks)
    plot.x_axis(x_ticks, lambda t: number(10 ** t if log_x else t, x_digits, language))
    plot.y_axis(y_ticks, lambda t: number(t, y_digits, language))
    drawing.add(String(left + plot.width / 2, bottom - 21, x_title, fontName=FONT,
                       fontSize=TICK_SIZE, textAnchor="middle", fillColor=INK))
    for band in bands:
        outline = [coordinate for x, y in zip(band.xs, band.lows, strict=True)
                   for coordinate in (plot.x(x), plot.y(y))]
        outline += [coordinate for x, y in zip(reversed(band.xs), reversed(band.highs),
                                                strict=True)
                    for coordinate in (plot.x(x), plot.y(y))]
        drawing.add(Polygon(outline, strokeColor=None, fillOpacity=BAND_OPACITY,
                            fillColor=colors.HexColor(colour(band.colour_index))))
    for item in shown:
        points: list[float] = []
        for x, y in zip(item.xs, item.ys, strict=True):
            if log_x and x <= 0:
                continue
            points += [plot.x(math.log10(x) if log_x else x), plot.y(y)]
        drawing.add(PolyLine(points, strokeColor=colors.HexColor(colour(item.colour_index)),
                             strokeWidth=0.8 if item.dashed else 1.6,
                             strokeDashArray=[3, 2] if item.dashed else None))
    for index, (x, _) in enumerate(marks):
        plot.marker(x, index)
    _draw_legend(drawing, legend, left, legend_height)
    for row, text in enumerate(key):
        drawing.add(String(left, legend_height - 11 * (len(legend) + row + 1), text,
                           fontName=FONT, fontSize=TICK_SIZE, fillColor=INK))
    return drawing


def tornado_chart(title: str, base: float, bars: Sequence[tuple[str, float, float]],
                  width: float, language: str) -> Drawing:
    """Horizontal bars from the base cost to the cost with each input low (blue) and high
    (orange), the widest on top."""
    rows = sorted(bars, key=lambda bar: abs(bar[2] - bar[1]), reverse=True)
    values = [base, *(v for _, low, high in rows for v in (low, high))]
    ticks = nice_ticks(min(values), max(values))
    drawing, plot, ys = _bar_rows(title, [row[0] for row in rows], width, 0.4, 10,
                                  (ticks[0], ticks[-1]))
    digits = _decimals(ticks)
    plot.x_axis(ticks, lambda t: number(t, digits, language))
    for (_, low, high), y in zip(rows, ys, strict=True):
        for end, colour_index in ((low, 0), (high, 5)):
            left, right = sorted((plot.x(base), plot.x(end)))
            drawing.add(Rect(left, y, max(right - left, 0.5), _BAR_HEIGHT, strokeColor=None,
                             fillColor=colors.HexColor(colour(colour_index))))
    drawing.add(Line(plot.x(base), plot.bottom, plot.x(base), plot.bottom + plot.height,
                     strokeColor=INK, strokeWidth=0.8, strokeDashArray=[3, 2]))
    return drawing


_BAR_HEIGHT, _BAR_GAP = 10, 5


def _bar_rows(title: str, labels: Sequence[str], width: float, label_share: float,
              right: float, x_range: tuple[float, float],
              ) -> tuple[Drawing, _Plot, list[float]]:
    """A drawing of horizontal bar rows: the title, each row's label right-aligned before the
    plot (at most `label_share` of the width), and the y of each row's bar, top first."""
    label_width = min(width * label_share,
                      6 + max([stringWidth(label, FONT, TICK_SIZE) for label in labels] or [0]))
    plot_height = max(1, len(labels)) * (_BAR_HEIGHT + _BAR_GAP)
    drawing = Drawing(width, TITLE_SIZE + 12 + plot_height + 20,
                      initialFontName=FONT)  # not the unembedded Helvetica
    _title(drawing, title, width)
    plot = _Plot(drawing, label_width, 16, width - label_width - right, plot_height, x_range,
                 (0, plot_height))
    ys = []
    for index, label in enumerate(labels):
        y = plot.bottom + plot_height - index * (_BAR_HEIGHT + _BAR_GAP) - _BAR_GAP \
            - _BAR_HEIGHT
        drawing.add(String(label_width - 4, y + 2, _fit(label, label_width - 6, FONT,
                                                         TICK_SIZE),
                           fontName=FONT, fontSize=TICK_SIZE, textAnchor="end", fillColor=INK))
        ys.append(y)
    return drawing, plot, ys


def share_bars(title: str, rows: Sequence[tuple[str, float, int]], width: float,
               language: str) -> Drawing:
    """Horizontal bars of shares (0 to 100%), one per labelled row, top to bottom."""
    drawing, plot, ys = _bar_rows(title, [row[0] for row in rows], width, 0.45, 40,
                                  (0.0, 1.0))
    plot.x_axis([0.0, 0.25, 0.5, 0.75, 1.0], lambda t: share(t, language))
    for (_, value, colour_index), y in zip(rows, ys, strict=True):
        drawing.add(Rect(plot.x(0), y, max(plot.x(value) - plot.x(0), 0.5), _BAR_HEIGHT,
                         strokeColor=None, fillColor=colors.HexColor(colour(colour_index))))
        drawing.add(String(plot.x(value) + 3, y + 2, share(value, language), fontName=FONT,
                           fontSize=TICK_SIZE, fillColor=INK))
    return drawing


def memory_chart(title: str, rows: Sequence[tuple[str, float, float, float, float | None]],
                 parts: tuple[str, str, str], memory_label: str, width: float,
                 language: str) -> Drawing:
    """One stacked bar per row: weights, KV cache and overhead per GPU in GiB, with a tick at
    the GPU's memory."""
    label_width = min(width * 0.4, 6 + max([stringWidth(r[0], FONT, TICK_SIZE) for r in rows]
                                           or [0]))
    bar_height, gap = 12, 8
    plot_height = max(1, len(rows)) * (bar_height + gap)
    legend = _legend_rows([(name, index, False) for name, index in
                           ((parts[0], 0), (parts[1], 1), (parts[2], 2), (memory_label, 7))],
                          width - label_width)
    legend_height = 11 * len(legend) + 4
    height = TITLE_SIZE + 12 + plot_height + 20 + legend_height
    drawing = Drawing(width, height, initialFontName=FONT)  # not the unembedded Helvetica
    _title(drawing, title, width)
    biggest = max([max(w + k + o, m or 0) for _, w, k, o, m in rows] or [1.0])
    ticks = nice_ticks(0, biggest)
    plot = _Plot(drawing, label_width, 16 + legend_height, width - label_width - 10,
                 plot_height, (0, ticks[-1]), (0, plot_height))
    plot.x_axis(ticks, lambda t: number(t, _decimals(ticks), language))
    for index, (label, weights, kv, overhead, memory) in enumerate(rows):
        y = plot.bottom + plot_height - index * (bar_height + gap) - gap - bar_height
        start = 0.0
        for part, size in enumerate((weights, kv, overhead)):
            drawing.add(Rect(plot.x(start), y, max(plot.x(start + size) - plot.x(start), 0.3),
                             bar_height, strokeColor=None,
                             fillColor=colors.HexColor(colour(part))))
            start += size
        if memory:
            x = plot.x(memory)
            drawing.add(Line(x, y - 3, x, y + bar_height + 3, strokeWidth=2,
                             strokeColor=colors.HexColor(colour(7))))
        drawing.add(String(label_width - 4, y + 3, _fit(label, label_width - 6, FONT,
                                                        TICK_SIZE),
                           fontName=FONT, fontSize=TICK_SIZE, textAnchor="end", fillColor=INK))
    _draw_legend(drawing, legend, label_width, legend_height, bars=True)
    return drawing
