"""pyqtgraph charts of a Plan (and of a fit): they draw what core computed, nothing more."""

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from core.fit import FitResult
from core.plan import Plan
from core.units import GiB
from desktop import fmt
from desktop.i18n import tr

# Colour-blind-safe (Okabe-Ito), readable on light and dark backgrounds.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


class Chart(pg.PlotWidget):
    """A plot that follows the window's palette and redraws its last data on demand."""

    def __init__(self, title: str, x_label: str, y_label: str):
        super().__init__()
        self.setMinimumHeight(220)
        self._title, self._x_label, self._y_label = title, x_label, y_label
        self.item = self.getPlotItem()
        self.item.showGrid(x=True, y=True, alpha=0.25)
        self.item.setMenuEnabled(False)
        self.legend = self.item.addLegend(offset=(-10, 10), labelTextSize="9pt")
        self.data: Any = None
        self.apply_palette()

    def apply_palette(self) -> None:
        palette = QApplication.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.setBackground(background)
        self.item.setTitle(self._title, color=text.name(), size="10pt")
        for side, label in (("bottom", self._x_label), ("left", self._y_label)):
            axis = self.item.getAxis(side)
            axis.setPen(text)
            axis.setTextPen(text)
            axis.setLabel(label, color=text.name())
        self.legend.setLabelTextColor(text)
        self.redraw()

    def show_data(self, data: Any) -> None:
        self.data = data
        self.redraw()

    def clear_all(self) -> None:
        self.item.clear()
        self.legend.clear()

    def redraw(self) -> None:
        self.clear_all()
        if self.data is not None:
            self.draw(self.data)

    def draw(self, data: Any) -> None:
        raise NotImplementedError

    def text_colour(self) -> str:
        return QApplication.palette().color(QPalette.ColorRole.Text).name()

    def marker(self, x: float, label: str, angle: int = 90, vertical: bool = True) -> None:
        line = pg.InfiniteLine(pos=x, angle=angle if vertical else 0,
                               pen=pg.mkPen(self.text_colour(), style=Qt.PenStyle.DashLine),
                               label=label, labelOpts={"position": 0.85, "color":
                                                       self.text_colour(), "movable": True})
        self.item.addItem(line)


class CumulativeChart(Chart):
    """Cumulative cash per month for each option; payback months marked."""

    def __init__(self) -> None:
        super().__init__(tr("Cumulative cost over the horizon"), tr("month"), tr("cost"))

    def draw(self, plan: Plan) -> None:
        self.item.setLabel("left", tr("cumulative cost [{0}]").format(plan.currency),
                           color=self.text_colour())
        months = list(range(plan.horizon_months + 1))
        for index, curve in enumerate(plan.curves):
            if curve.values is None:
                continue
            self.item.plot(months, list(curve.values), name=curve.name,
                           pen=pg.mkPen(colour(index), width=2))
        for curve in plan.decline_curves:
            index = next(i for i, c in enumerate(plan.curves) if c.name == curve.name)
            if curve.values is not None:
                self.item.plot(months, list(curve.values),
                               name=tr("{0}, API prices falling").format(curve.name),
                               pen=pg.mkPen(colour(index), width=1,
                                            style=Qt.PenStyle.DashLine))
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
                self.item.plot([x for x, _ in points], [y for _, y in points], name=option.name,
                               pen=pg.mkPen(colour(index), width=2), symbol="o", symbolSize=5,
                               symbolBrush=colour(index))
        today = next((p.requests_per_day for p in plan.volume_curve if p.multiplier == 1), 0)
        if today > 0:
            self.marker(math.log10(today), tr("this scenario"))
        for item in plan.break_even:
            if item.requests_per_day and item.requests_per_day > 0:
                self.marker(math.log10(item.requests_per_day),
                            tr("break-even {0}: {1}/day").format(
                                item.name, fmt.number(item.requests_per_day)))


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
            option, fmt.number(plan.sensitivity_pct)), color=self.text_colour(), size="10pt")
        self.item.setLabel("bottom", tr("cost per year [{0}]").format(plan.currency),
                           color=self.text_colour())
        bars = sorted(sensitivity.bars, key=lambda b: abs(b.high - b.low))
        for y, bar in enumerate(bars):
            for end, colour_index in ((bar.low, 0), (bar.high, 5)):
                left, width = min(end, sensitivity.base), abs(end - sensitivity.base)
                self.item.addItem(pg.BarGraphItem(x0=[left], width=[width], y=[y], height=0.6,
                                                  brush=colour(colour_index), pen=None))
        self.item.getAxis("left").setTicks([[(y, bar.label) for y, bar in enumerate(bars)]])
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
            self.item.plot([u * 100 for u, _ in curve.points], [c for _, c in curve.points],
                           name=curve.option, pen=pg.mkPen(colour(index), width=2), symbol="o",
                           symbolSize=5, symbolBrush=colour(index))
        for option in plan.options:
            use = option.cost.utilisation
            if use is not None and option.name in {c.option for c in plan.utilisation}:
                self.marker(use * 100, tr("{0} now").format(option.name))


class MemoryChart(Chart):
    """Memory on the fullest GPU: weights, KV cache and overhead against its memory."""

    def __init__(self) -> None:
        super().__init__(tr("Memory per GPU"), tr("GiB"), "")
        self.setMinimumHeight(160)
        self.item.getAxis("left").setTicks([[(0, "")]])
        self.legend.setColumnCount(3)
        self.legend.setOffset((10, 5))

    def draw(self, result: FitResult) -> None:
        card = result.per_gpu
        if card is None:
            return
        left = 0.0
        parts = ((tr("weights"), card.weights), (tr("KV cache"), card.kv_cache),
                 (tr("overhead"), card.overhead))
        for index, (label, size) in enumerate(parts):
            width = size / GiB
            bar = pg.BarGraphItem(x0=[left], width=[width], y=[0], height=0.5,
                                  brush=colour(index), pen=None)
            self.item.addItem(bar)
            self.legend.addItem(bar, f"{label}: {fmt.gib(size)}")
            left += width
        if result.gpu_memory_bytes:
            self.marker(result.gpu_memory_bytes / GiB,
                        tr("GPU memory {0}").format(fmt.gib(result.gpu_memory_bytes)))
        self.item.setYRange(-1, 1)
