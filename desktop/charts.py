"""pyqtgraph charts of a Plan (and of a fit): they draw what core computed, nothing more."""

import math
from html import escape
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import QApplication

from core.costing.results import Plan
from core.palette import colour
from core.serving.fit import FitResult
from core.units import GiB
from desktop import fmt
from desktop.i18n import core_text, tr, trn

WARNING_COLOUR = "#c0392b"


# A legend past 16 entries would push the plot out of its own chart: the rest are counted.
LEGEND_MAX_ENTRIES = 16
LEGEND_MAX_COLUMNS = 4
LEGEND_NAME_CHARS = 32


def short_name(name: str) -> str:
    """A legend label: names longer than LEGEND_NAME_CHARS keep their start and end."""
    if len(name) <= LEGEND_NAME_CHARS:
        return name
    half = (LEGEND_NAME_CHARS - 1) // 2
    return name[:half] + "…" + name[-half:]


class GridAxis(pg.AxisItem):
    """An axis whose grid lines are drawn in an opaque colour mixed with the background.

    pyqtgraph draws grid lines translucent; Qt's raster engine blends each pixel of a
    translucent line, which made one repaint of a chart with a grid take about 20 ms instead of 2.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.background = QColor("white")
        self._pens: dict[tuple[int, int], QPen] = {}

    def set_background(self, colour: QColor) -> None:
        self.background = QColor(colour)
        self._pens.clear()
        self.picture = None
        self.update()

    def generateDrawSpecs(self, p: QPainter) -> Any:
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False:
            return specs
        axis, ticks, texts = specs
        return axis, [(self._opaque(pen), start, stop) for pen, start, stop in ticks], texts

    def tickStrings(self, values: list[float], scale: float,
                    spacing: float) -> list[str]:
        """Tick labels in the user's locale ('1,300,000', not '1.3e+06'); on a log axis only
        1, 2 and 5 times a power of ten are labelled."""
        if self.logMode:
            labels = []
            for value in values:
                real = 10 ** value
                lead = real / 10 ** math.floor(math.log10(real) + 1e-9)
                labels.append(fmt.number(real) if round(lead, 3) in (1, 2, 5) else "")
            return labels
        step = spacing * scale
        digits = min(6, max(0, -math.floor(math.log10(step) + 1e-9))) if step > 0 else 0
        return [fmt.number(value * scale, digits) for value in values]

    def _opaque(self, pen: QPen) -> QPen:
        colour = pen.color()
        key = (colour.rgba(), self.background.rgba())
        if key not in self._pens:
            alpha = colour.alphaF()
            mixed = QColor.fromRgbF(*(a * alpha + b * (1 - alpha) for a, b in (
                (colour.redF(), self.background.redF()),
                (colour.greenF(), self.background.greenF()),
                (colour.blueF(), self.background.blueF()))))
            opaque = QPen(pen)
            opaque.setColor(mixed)
            self._pens[key] = opaque
        return self._pens[key]


class Chart(pg.PlotWidget):
    """A plot that follows the window's palette and draws its data when it is on screen.

    Data given while the chart is hidden (another tab, another page) is kept and drawn when the
    chart is shown, so an edit redraws only the chart the user looks at.
    """

    def __init__(self, title: str, x_label: str, y_label: str):
        super().__init__(axisItems={side: GridAxis(side) for side in ("left", "bottom")})
        self._stale = False
        self.setMinimumHeight(220)
        self._title, self._x_label, self._y_label = title, x_label, y_label
        self.item = self.getPlotItem()
        for side in ("left", "bottom"):  # grid lines behind the data, not over the bars
            self.item.getAxis(side).setZValue(-1)
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMenuEnabled(False)
        self.legend_columns = 2
        self._legend_names: tuple[str, ...] = ()
        # A curve's legend text where it is not its name cut to length (a name and a suffix).
        self.legend_labels: dict[str, str] = {}
        self.legend = self._new_legend()
        self.data: Any = None
        self._items: dict[tuple[Any, ...], Any] = {}
        self._used: set[tuple[Any, ...]] = set()
        self.apply_palette()

    def apply_palette(self) -> None:
        palette = QApplication.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.setBackground(background)
        for side in ("left", "bottom"):
            self.item.getAxis(side).set_background(background)
        self.item.setTitle(self._title, color=text.name(), size="10pt")
        for side, label in (("bottom", self._x_label), ("left", self._y_label)):
            axis = self.item.getAxis(side)
            axis.setPen(text)
            axis.setTextPen(text)
            axis.setLabel(label, color=text.name())
        self._legend_names = ()  # made again in the new text colour
        self.clear_all()  # legend labels and markers take the new colours when made again
        self.redraw()

    def show_data(self, data: Any) -> None:
        self.data = data
        self._stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.redraw()

    def clear_all(self) -> None:
        self.item.clear()
        self._items.clear()
        self._sync_legend()

    def _new_legend(self, entries: int = 0) -> pg.LegendItem:
        """A legend under the plot, in the plot item's own layout: never over the data; many
        entries get more columns, so the legend stays a few rows high."""
        columns = max(self.legend_columns, min(LEGEND_MAX_COLUMNS, math.ceil(entries / 4)))
        legend = pg.LegendItem(labelTextSize="9pt", colCount=columns)
        legend.setLabelTextColor(self.text_colour())
        self.item.layout.addItem(legend, 4, 1)
        return legend

    def _sync_legend(self) -> None:
        """One entry per named curve or bar, in drawing order. pyqtgraph's legend leaves holes
        in its grid when entries are removed, so a changed set gets a new legend."""
        entries = [(item, key[1]) for key, item in self._items.items()
                   if key[0] in ("curve", "bar") and key[1] is not None]
        names = tuple(name for _, name in entries)
        if names == self._legend_names:
            return
        self._legend_names = names
        self.item.layout.removeItem(self.legend)
        if self.legend.scene() is not None:
            self.legend.scene().removeItem(self.legend)
        shown = entries if len(entries) <= LEGEND_MAX_ENTRIES else entries[:LEGEND_MAX_ENTRIES - 1]
        self.legend = self._new_legend(len(shown) + (len(shown) < len(entries)))
        for item, name in shown:
            # the legend renders HTML: names are text, and long ones are cut in the middle
            self.legend.addItem(item, escape(self.legend_labels.get(name) or short_name(name)))
        if len(shown) < len(entries):
            self.legend.addItem(pg.PlotDataItem(pen=None),
                                escape(trn("+ %Ln more option", "+ %Ln more options",
                                           len(entries) - len(shown))))

    def redraw(self) -> None:
        """Draw the data again, keeping the items that are still there (only their data
        changes): making pyqtgraph items again on every edit cost more than the whole Plan."""
        self._stale = False
        self._used = set()
        if self.data is not None:
            self.draw(self.data)
        for key in [key for key in self._items if key not in self._used]:
            self.item.removeItem(self._items.pop(key))
        self._sync_legend()

    def draw(self, data: Any) -> None:
        raise NotImplementedError

    def _kept(self, key: tuple[Any, ...]) -> Any:
        self._used.add(key)
        return self._items.get(key)

    def curve(self, x: list[float], y: list[float], name: str, pen: QPen,
              symbols: bool = False) -> None:
        """A line with a legend entry; symbols mark each computed point."""
        key = ("curve", name)
        item = self._kept(key)
        if item is None:
            extra = ({"symbol": "o", "symbolSize": 5, "symbolBrush": pen.color()}
                     if symbols else {})
            self._items[key] = self.item.plot(x, y, name=name, pen=pen, **extra)
            return
        item.setData(x, y)
        item.setPen(pen)
        if symbols:
            item.setSymbolBrush(pen.color())

    def bar(self, key: tuple[Any, ...], left: float, width: float, y: float, height: float,
            brush: str, legend: str | None = None) -> None:
        key = ("bar", legend, *key)
        item = self._kept(key)
        if item is None:
            item = pg.BarGraphItem(x0=[left], width=[width], y=[y], height=height, brush=brush,
                                   pen=None)
            self._items[key] = item
            self.item.addItem(item)
            return
        item.setOpts(x0=[left], width=[width], y=[y], height=height, brush=brush)

    def text_colour(self) -> str:
        return QApplication.palette().color(QPalette.ColorRole.Text).name()

    def marker(self, x: float, label: str, warning: bool = False) -> None:
        """A dashed vertical line at x with its label (red for a warning); the labels of one
        chart step down so that lines close together keep readable labels."""
        slot = sum(1 for key in self._used if key[0] == "marker")
        key = ("marker", x, label, slot, warning)
        if self._kept(key) is not None:
            return
        colour_name = WARNING_COLOUR if warning else self.text_colour()
        # A warning marks the right edge (full load): its label hangs to the left of the line.
        anchors = [(1, 0.5), (1, 0.5)] if warning else None
        line = pg.InfiniteLine(pos=x, angle=90,
                               pen=pg.mkPen(colour_name, style=Qt.PenStyle.DashLine),
                               label=label, labelOpts={"position": 0.92 - 0.09 * (slot % 8),
                                                       "color": colour_name,
                                                       "anchors": anchors,
                                                       "movable": True})
        self._items[key] = line
        self.item.addItem(line)


class CumulativeChart(Chart):
    """Cumulative cash per month for each option; payback months marked."""

    def __init__(self) -> None:
        super().__init__(tr("Cash spent over the horizon (purchases in full when paid)"),
                         tr("month"), tr("cost"))

    def draw(self, plan: Plan) -> None:
        self.item.setLabel("left", tr("cash spent [{0}]").format(plan.currency),
                           color=self.text_colour())
        months = list(range(plan.horizon_months + 1))
        for index, curve in enumerate(plan.curves):
            if curve.values is None:
                continue
            self.curve(months, list(curve.values), curve.name, pg.mkPen(colour(index), width=2))
        for curve in plan.decline_curves:
            index = next(i for i, c in enumerate(plan.curves) if c.name == curve.name)
            if curve.values is not None:
                name = tr("{0}, API prices falling").format(curve.name)
                # the option's name is cut, never the words that tell the two curves apart
                self.legend_labels[name] = tr("{0}, API prices falling").format(
                    short_name(curve.name))
                self.curve(months, list(curve.values), name,
                           pg.mkPen(colour(index), width=1, style=Qt.PenStyle.DashLine))
        for payback in plan.payback:
            if payback.month is not None:
                self.marker(payback.month, tr("payback month {0}: {1} vs {2}").format(
                    payback.month, payback.onprem, payback.against))


class VolumeChart(Chart):
    """Yearly cost of each option against the volume, break-even volumes marked."""

    def __init__(self) -> None:
        super().__init__(tr("Cost vs volume"), tr("requests per day (log)"), tr("cost per year"))
        self.item.setLogMode(x=True, y=False)

    def draw(self, plan: Plan) -> None:
        self.item.setLabel("left", tr("cost per year [{0}]").format(plan.currency),
                           color=self.text_colour())
        for index, option in enumerate(plan.options):
            points = [(p.requests_per_day, cost) for p in plan.volume_curve
                      for name, cost, *_ in p.costs if name == option.name and cost is not None]
            if points:
                self.curve([x for x, _ in points], [y for _, y in points], option.name,
                           pg.mkPen(colour(index), width=2), symbols=True)
        today = next((p.requests_per_day for p in plan.volume_curve if p.multiplier == 1), 0)
        if today > 0:
            self.marker(math.log10(today), tr("this scenario"))
        for item in plan.break_even:
            if item.requests_per_day and item.requests_per_day > 0:
                self.marker(math.log10(item.requests_per_day),
                            tr("break-even {0} vs {1}: {2}/day").format(
                                item.a, item.b, fmt.number(item.requests_per_day)))


class TornadoChart(Chart):
    """How the yearly cost of one option moves when each input moves by ± the range."""

    def __init__(self) -> None:
        super().__init__(tr("Sensitivity"), tr("cost per year"), "")

    def draw(self, data: tuple[Plan, str]) -> None:
        plan, option = data
        sensitivity = next((s for s in plan.sensitivity if s.option == option), None)
        if sensitivity is None:
            return
        self.item.setTitle(tr("Sensitivity of {0} (inputs ± {1} %)").format(
            escape(option), fmt.number(plan.sensitivity_pct)), color=self.text_colour(),
            size="10pt")
        self.item.setLabel("bottom", tr("cost per year [{0}]").format(plan.currency),
                           color=self.text_colour())
        bars = sorted(sensitivity.bars, key=lambda b: abs(b.high - b.low))
        for y, bar in enumerate(bars):
            for end, colour_index in ((bar.low, 0), (bar.high, 5)):
                left, width = min(end, sensitivity.base), abs(end - sensitivity.base)
                self.bar((y, colour_index), left, width, y, 0.6, colour(colour_index))
        self.item.getAxis("left").setTicks([[(y, core_text(bar.label))
                                             for y, bar in enumerate(bars)]])
        self.marker(sensitivity.base, tr("base"))


class UtilisationChart(Chart):
    """Cost per 1M tokens of each self-hosted option against how busy its GPUs are."""

    def __init__(self) -> None:
        super().__init__(tr("Utilisation sensitivity"), tr("GPU utilisation [%]"),
                         tr("cost per 1M tokens"))

    def draw(self, plan: Plan) -> None:
        self.item.setLabel("left", tr("cost per 1M tokens [{0}]").format(plan.currency),
                           color=self.text_colour())
        names = [option.name for option in plan.options]
        for curve in plan.utilisation:
            index = names.index(curve.option) if curve.option in names else 0
            self.curve([u * 100 for u, _ in curve.points], [c for _, c in curve.points],
                       curve.option, pg.mkPen(colour(index), width=2), symbols=True)
        for option in plan.options:
            use = option.cost.utilisation
            if use is not None and option.name in {c.option for c in plan.utilisation}:
                if use > 1:  # marked at the edge: a GPU is never more than fully busy
                    self.marker(100, tr("{0} now: over capacity, load {1}").format(
                        option.name, fmt.share(use)), warning=True)
                else:
                    self.marker(use * 100, tr("{0} now").format(option.name))
        self.item.setXRange(0, 100, padding=0.02)


class MemoryChart(Chart):
    """Memory on the fullest GPU: weights, KV cache and overhead against its memory."""

    def __init__(self) -> None:
        super().__init__(tr("Memory per GPU"), tr("GiB"), "")
        self.setMinimumHeight(160)
        self.item.getAxis("left").setTicks([[(0, "")]])
        self.legend_columns = 3

    def draw(self, result: FitResult) -> None:
        card = result.per_gpu
        if card is None:
            return
        left = 0.0
        parts = ((tr("weights"), card.weights), (tr("KV cache"), card.kv_cache),
                 (tr("overhead"), card.overhead))
        for index, (label, size) in enumerate(parts):
            width = size / GiB
            self.bar((index,), left, width, 0, 0.5, colour(index), f"{label}: {fmt.gib(size)}")
            left += width
        if result.gpu_memory_bytes:
            self.marker(result.gpu_memory_bytes / GiB,
                        tr("GPU memory {0}").format(fmt.gib(result.gpu_memory_bytes)))
        self.item.setYRange(-1, 1)
