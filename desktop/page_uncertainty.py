"""How sure are we: the Monte Carlo run of the scenario's ranges (core.costing.uncertainty)
drawn as a fan chart of the cash spent, the probability that each option is the cheapest (and
that buying pays back), and the inputs that drive the spread. Figures and sentences are core's;
this page only draws them."""

from html import escape
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPolygonItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.costing.uncertainty import UncertaintyResult
from core.costing.uncertainty_text import method_sentence, sentences
from core.palette import colour
from desktop import fmt
from desktop.charts import Chart, short_name
from desktop.i18n import core_text, tr

BAND_ALPHA = 60  # of 255: the P10-P90 band behind an option's median line
MAX_DRIVERS = 8  # bars in the drivers chart


class FanChart(Chart):
    """Each option's cash spent by month: the median line in a P10-P90 band."""

    def __init__(self) -> None:
        super().__init__(tr("Cash spent over the horizon: median and P10-P90"), tr("month"),
                         tr("cash spent"))

    def draw(self, result: UncertaintyResult) -> None:
        self.item.setLabel("left", tr("cash spent [{0}]").format(result.currency),
                           color=self.text_colour())
        for index, option in enumerate(result.options):
            if not option.curve:
                continue
            months = [float(month) for month, _ in option.curve]
            self._band(option.name, months, [band.p10 for _, band in option.curve],
                       [band.p90 for _, band in option.curve], colour(index))
            self.curve(months, [band.p50 for _, band in option.curve], option.name,
                       pg.mkPen(colour(index), width=2))

    def _band(self, name: str, months: list[float], low: list[float], high: list[float],
              shade: str) -> None:
        """The P10-P90 band as one polygon in data coordinates (a plain Qt item: no Python
        reference cycle, so nothing of it is ever freed by a collection on another thread)."""
        key = ("band", None, name)
        item = self._kept(key)
        outline = QPolygonF([QPointF(x, y) for x, y in zip(months, low, strict=True)]
                            + [QPointF(x, y) for x, y in zip(reversed(months), reversed(high),
                                                              strict=True)])
        fill = QColor(shade)
        fill.setAlpha(BAND_ALPHA)
        if item is None:
            item = QGraphicsPolygonItem(outline)
            item.setPen(QPen(Qt.PenStyle.NoPen))
            self._items[key] = item
            self.item.addItem(item)
        else:
            item.setPolygon(outline)
        item.setBrush(fill)


class _ShareChart(Chart):
    """Horizontal bars of shares, each with its value at its end; a title that never widens
    the plot (a long one is cut, not the data)."""

    def __init__(self, title: str, x_label: str) -> None:
        super().__init__(title, x_label, "")

    def apply_palette(self) -> None:
        super().apply_palette()
        # pyqtgraph makes a title at least as wide as its text: a narrow chart would be
        # pushed past its right edge
        self.item.titleLabel.setMinimumWidth(0)
        self.item.titleLabel.setSizePolicy(QSizePolicy.Policy.Ignored,
                                           QSizePolicy.Policy.Preferred)

    def value(self, key: tuple[Any, ...], x: float, y: float, text: str) -> None:
        """The bar's share written just right of its end."""
        key = ("value", None, *key)
        item = self._kept(key)
        if item is None:
            item = pg.TextItem(anchor=(0, 0.5), color=self.text_colour())
            self._items[key] = item
            self.item.addItem(item)
        item.setText(text)
        item.setPos(x, y)

    def axes(self, ticks: list[tuple[float, str]]) -> None:
        self.item.getAxis("left").setTicks([ticks])
        self.item.getAxis("bottom").setTicks([[(x / 4, fmt.share(x / 4)) for x in range(5)]])
        self.item.setXRange(0, 1.15, padding=0)
        self.item.titleLabel.setMinimumWidth(0)


class ProbabilityChart(_ShareChart):
    """The share of samples in which each option is the cheapest over the horizon, and in
    which buying pays back."""

    def __init__(self) -> None:
        super().__init__(tr("Probability of being the cheapest"), tr("share of samples"))

    def draw(self, result: UncertaintyResult) -> None:
        options = list(reversed(result.options))
        ticks = []
        for row, option in enumerate(options):
            index = len(options) - 1 - row
            self.bar((row, "cheapest"), 0, option.p_cheapest, row + 0.15, 0.3, colour(index))
            self.value((row, "cheapest"), option.p_cheapest, row + 0.15,
                       fmt.share(option.p_cheapest))
            ticks.append((row + 0.15, short_name(option.name)))
            if option.p_payback_within_horizon is not None:
                self.bar((row, "payback"), 0, option.p_payback_within_horizon, row - 0.2, 0.25,
                         _lighter(colour(index)))
                self.value((row, "payback"), option.p_payback_within_horizon, row - 0.2,
                           fmt.share(option.p_payback_within_horizon))
                ticks.append((row - 0.2, tr("pays back")))
        self.axes(ticks)


class DriversChart(_ShareChart):
    """The inputs' shares of the spread (squared rank correlations): of the choice between
    the two options most often cheapest, or of one option's TCO (`option`)."""

    def __init__(self, option: str | None = None) -> None:
        super().__init__(tr("What drives the spread") if option is None else
                         tr("What drives the spread over the horizon"), tr("share of the spread"))
        self.option = option

    def draw(self, result: UncertaintyResult) -> None:
        found = result.drivers
        if self.option is not None:
            chosen = next((o for o in result.options if o.name == self.option), None)
            found = chosen.drivers if chosen is not None else ()
        drivers = [driver for driver in found if driver.share > 0][:MAX_DRIVERS]
        drivers.reverse()
        for row, driver in enumerate(drivers):
            self.bar((row,), 0, driver.share, row, 0.6, colour(0))
            self.value((row,), driver.share, row, fmt.share(driver.share))
        self.axes([(row, short_name(core_text(driver.label)))
                   for row, driver in enumerate(drivers)])


def _lighter(name: str) -> str:
    return QColor(name).lighter(150).name()


class UncertaintyPanel(QWidget):
    """The Costs page's tab 'How sure are we'."""

    run_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.result: UncertaintyResult | None = None
        self.status = QLabel()
        self.status.setObjectName("uncertaintyStatus")
        self.status.setWordWrap(True)
        self.run_button = QPushButton(tr("Run with the speed model's error"))
        self.run_button.setToolTip(tr("Without ranges, the only spread is the measured error "
                                      "of the speed model behind each self-hosted option"))
        self.run_button.clicked.connect(self.run_requested)
        self.words = QLabel()
        self.words.setObjectName("uncertaintyWords")
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fan, self.probability, self.drivers = FanChart(), ProbabilityChart(), DriversChart()
        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.run_button)
        words_area = QScrollArea()
        words_area.setWidgetResizable(True)
        words_area.setFrameShape(QFrame.Shape.NoFrame)
        words_area.setWidget(self.words)
        self.words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid = QGridLayout()
        grid.addWidget(words_area, 0, 0)
        grid.addWidget(self.probability, 0, 1)
        grid.addWidget(self.fan, 1, 0)
        grid.addWidget(self.drivers, 1, 1)
        for column in (0, 1):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(grid, 1)
        self.show_result(None, has_ranges=False)

    def charts(self) -> list[Any]:
        return [self.fan, self.probability, self.drivers]

    def show_busy(self, busy: bool) -> None:
        if busy:
            self.status.setText(tr("Drawing the samples…") if self.result is None else
                                tr("Drawing the samples again; the figures shown are of the "
                                   "last run."))

    def show_result(self, result: UncertaintyResult | None, has_ranges: bool) -> None:
        self.result = result
        self.run_button.setVisible(not has_ranges)
        shown = result is not None
        for chart in self.charts():
            chart.setVisible(shown)
            if result is not None:
                chart.show_data(result)
        self.words.setVisible(shown)
        if result is None:
            self.status.setText(tr(
                "Give a range to a figure that is uncertain (the ± button next to it on the "
                "Inputs and Options pages: low and high, the figure being the likely value). "
                "The plan is then priced in thousands of samples, and this tab says how sure "
                "it is: the chance that each option is the cheapest, and what drives it."))
            return
        self.status.setText(core_text(method_sentence(result)))
        items = [escape(core_text(sentence)) for sentence in sentences(result)]
        self.words.setText("<p><b>" + items[0] + "</b></p><ul>" + "".join(
            f"<li>{item}</li>" for item in items[1:]) + "</ul>")
