"""Costs: one card per option, the charts over the horizon and the volume, sensitivity, the
levers with their savings, break-even and payback, and the plan's notes."""

import textwrap
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.costing.plan_json import plan_json
from core.costing.results import OptionResult, Plan
from desktop import fmt
from desktop.charts import CumulativeChart, TornadoChart, UtilisationChart, VolumeChart
from desktop.i18n import KIND_LABELS, core_text, tr, trn
from desktop.page_uncertainty import DriversChart, UncertaintyPanel
from desktop.tables import Column, FilterProxy, RowsModel

CARD_MIN_WIDTH = 300  # px: the breakdown's money columns and a short item name
MAX_CARDS_PER_ROW = 6
HEADER_CHARS = 18  # an option's name in a column header: lines of at most this many characters


def breakdown_columns(currency: str) -> list[Column]:
    """The items of an option's cost (core.costing.costs.CostLine): what, yearly, once."""
    return [Column(tr("Item"), lambda line: core_text(line.label),
                   tooltip=tr("What the cost is for")),
            Column(tr("per year"), lambda line: line.per_year,
                   lambda v: fmt.money(v, currency), numeric=True),
            Column(tr("one-off"), lambda line: line.one_off,
                   lambda v: fmt.money(v, currency) if v else "", numeric=True)]


def two_figures_note(months: int) -> str:
    """Why an option that buys hardware has two figures over the horizon."""
    return trn("The cost over %Ln month (depreciated) spreads the price of each server, less "
               "its residual value, over its depreciation period and counts only the months "
               "of the horizon; the cash spent by month %Ln counts every purchase in full when "
               "it is paid. They differ until the servers are written off.",
               "The cost over %Ln months (depreciated) spreads the price of each server, less "
               "its residual value, over its depreciation period and counts only the months "
               "of the horizon; the cash spent by month %Ln counts every purchase in full when "
               "it is paid. They differ until the servers are written off.", months)


def shortfall_text(item: Any) -> str:
    """An option past its capacity in words (core.costing.costs.Shortfall)."""
    carried = fmt.share(item.share)
    if item.unit == "server":
        text = trn("{0} carries only {1} of the peak load at its %Ln server",
                   "{0} carries only {1} of the peak load at its %Ln servers",
                   item.units).format(item.option, carried)
    elif item.unit == "instance":
        text = trn("{0} carries only {1} of the peak load at its %Ln instance",
                   "{0} carries only {1} of the peak load at its %Ln instances",
                   item.units).format(item.option, carried)
    else:
        text = tr("{0} carries only {1} of the peak load within its rate limit").format(
            item.option, carried)
    return tr("by year {0}, {1}").format(item.year, text) if item.year > 1 else text


def finetune_lines(plan: Plan) -> list[str]:
    """What a fine-tuning run of the scenario's model needs and whether it fits each
    self-hosted option's GPUs."""
    memory = plan.memory
    if memory is None:
        return []
    lines = [tr("Fine-tuning {0} ({1}) needs {2}: weights {3}, trained states {4}, "
                "activations {5}.").format(
        core_text(memory.model), core_text(memory.method), fmt.gb(memory.finetune_bytes),
        fmt.gb(memory.finetune_weights_bytes), fmt.gb(memory.trainable_bytes),
        fmt.gb(memory.activation_bytes))]
    for item in memory.fits:
        where = f"{item.gpus} × {item.gpu} ({fmt.gb(item.memory_bytes)})"
        lines.append(
            tr("Fine-tuning on {0}: fits on {1}, {2} left.").format(
                item.option, where, fmt.gb(item.margin_bytes)) if item.fits else
            tr("Fine-tuning on {0}: does not fit on {1}, {2} short.").format(
                item.option, where, fmt.gb(-item.margin_bytes)))
    return lines


def lever_saving(lever: dict[str, Any], option: str) -> float | None:
    """The yearly saving a lever (as in the plan's JSON) brings `option`, or None where it
    does not apply: a lever lists only the options it applies to."""
    return next((item["saving"] for item in lever["options"] if item["name"] == option), None)


def notes_text(notes: Any) -> str:
    """Notes from core, one a line, in the UI language."""
    return "\n".join(core_text(note) for note in notes)


def wrap_column(view: QTableView, column: int) -> None:
    """A table whose `column` (long sentences) takes the width the others leave and wraps,
    its rows as high as their text: every column in sight, no horizontal scrolling."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for section in range(header.count()):
        header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
    if column < header.count():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def table_view(model: Any, sortable: bool = True) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(sortable)
    if sortable:  # start in the model's own order, sorted only when a header is clicked
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class OptionCard(QFrame):
    """One option's cost: per month, per year, over the horizon, and its breakdown."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("optionCard")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("cardWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("background: #fdecea; color: #8a1c13; padding: 4px;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setStyleSheet("color: #c0392b;")
        self.breakdown = RowsModel([])
        self.table = table_view(self.breakdown, sortable=False)
        # Every line of the breakdown shows, no scroll bars: the item column gives way (its
        # tooltip holds the whole text) and the money columns keep their width.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.warning, self.figures, self.table, self.notes):
            layout.addWidget(widget)
        layout.addStretch(1)

    def show_option(self, plan: Plan, option: OptionResult, recommended: bool) -> None:
        currency = plan.currency
        star = " ★" if recommended else ""
        # Names come from files and users: escaped, never markup (issue 22).
        self.title.setText(f"<b>{escape(option.name)}</b>{star}<br><small>"
                           f"{escape(tr(KIND_LABELS[option.kind]))}"
                           + (f" · {escape(option.model)} {escape(option.quant or '')}"
                              if option.model else "") + "</small>")
        cost = option.cost
        months = plan.horizon_months
        bought = cost.capex > 0
        rows = [(tr("per month"), fmt.money(option.per_month, currency)),
                (tr("per year"), fmt.money(option.per_year, currency)),
                (trn("cost over %Ln month (depreciated)", "cost over %Ln months (depreciated)",
                     months) if bought else
                 trn("cost over %Ln month", "cost over %Ln months", months),
                 fmt.money(option.tco, currency))]
        if option.tco_differs_from_cash:
            rows.append((tr("cash spent by month {0}").format(months),
                         fmt.money(option.cash_by_horizon, currency)))
        rows.append((tr("per 1,000 requests"),
                     fmt.money(option.per_1k_requests, currency, 2)))
        self.figures.setToolTip(two_figures_note(months) if bought else "")
        if cost.units is not None and option.kind != "api":
            load = cost.utilisation
            text = tr("(load {0})").format(fmt.share(load)) if load is not None else ""
            if load is not None and load > 1:
                text = f"<span style='color: #c0392b'>⚠ {text}</span>"
            rows.append((tr("units"), f"{fmt.integer(cost.units)} {text}"))
        self.figures.setText("<table>" + "".join(
            f"<tr><td>{label}&nbsp;&nbsp;</td><td align='right'><b>{value}</b></td></tr>"
            for label, value in rows) + "</table>")
        self.breakdown.columns = tuple(breakdown_columns(currency))
        self.breakdown.set_rows(cost.lines)
        self._fit_table()
        warnings = []
        shortfall = cost.shortfall
        if shortfall is not None:
            warnings.append(tr("⚠ Over capacity: {0}. It cannot serve the workload; its costs, "
                               "break-even and payback do not hold.").format(
                shortfall_text(shortfall)))
        elif cost.carries is False:
            warnings.append(tr("⚠ Cannot carry the workload: its costs, break-even and payback "
                               "do not hold."))
        if option.per_year is None:
            warnings.append(tr("⚠ A price is unknown, so the cost is unknown."))
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        self.notes.setText(notes_text(option.notes))
        self.notes.setVisible(bool(option.notes))

    def _fit_table(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.breakdown.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The one-off column only where something is paid once (not for an API).
        self.table.setColumnHidden(2, not any(line.one_off for line in self.breakdown.rows))
        rows = self.breakdown.rowCount()
        self.table.setFixedHeight(header.sizeHint().height() + 2 * self.table.frameWidth()
                                  + rows * self.table.verticalHeader().defaultSectionSize())


class CostsPage(QSplitter):
    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.plan: Plan | None = None
        self.uncertainty_result: Any = None
        self.cards: list[OptionCard] = []
        self._placed = (0, 0)
        self.card_area = QScrollArea()
        self.card_area.setWidgetResizable(True)
        self.card_body = QWidget()
        self.card_grid = QGridLayout(self.card_body)
        self.card_area.setWidget(self.card_body)
        self.tabs = QTabWidget()
        self.cumulative = CumulativeChart()
        self.volume = VolumeChart()
        self.tornado = TornadoChart()
        self.utilisation = UtilisationChart()
        self.tornado_option = QComboBox()
        self.tornado_option.currentTextChanged.connect(self._on_tornado_option)
        # today's tornado, and beside it (after a Monte Carlo run) what drives the spread of
        # the same option's cost over the horizon
        self.option_drivers = DriversChart(option="")
        tornado_box = QWidget()
        column = QVBoxLayout(tornado_box)
        column.addWidget(self.tornado_option)
        charts_row = QHBoxLayout()
        charts_row.addWidget(self.tornado, 1)
        charts_row.addWidget(self.option_drivers, 1)
        column.addLayout(charts_row, 1)
        self.option_drivers.hide()
        self.levers = RowsModel([])
        self.comparisons = RowsModel([
            Column(tr("Comparison"), lambda row: row[0]),
            Column(tr("Result"), lambda row: row[1])])
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.uncertainty = UncertaintyPanel()
        self.tabs.addTab(self.cumulative, tr("Cash spent over time"))
        self.tabs.addTab(self.uncertainty, tr("How sure are we"))
        self.tabs.addTab(self.volume, tr("Cost vs volume"))
        self.tabs.addTab(tornado_box, tr("Sensitivity"))
        self.tabs.addTab(self.utilisation, tr("Utilisation"))
        self.levers_view = table_view(FilterProxy(self.levers))
        self.comparisons_view = table_view(self.comparisons, sortable=False)
        self.tabs.addTab(self.levers_view, tr("Levers"))
        self.tabs.addTab(self.comparisons_view, tr("Break-even and payback"))
        self.tabs.addTab(self.notes, tr("Notes"))
        self.addWidget(self.card_area)
        self.addWidget(self.tabs)
        self.setSizes([430, 470])

    def charts(self) -> list[Any]:
        return [self.cumulative, self.volume, self.tornado, self.utilisation,
                self.option_drivers, *self.uncertainty.charts()]

    def set_plan(self, plan: Plan) -> None:
        self.plan = plan
        self._cards(plan)
        self.cumulative.show_data(plan)
        self.volume.show_data(plan)
        self.utilisation.show_data(plan)
        current = self.tornado_option.currentText()
        names = [item.option for item in plan.sensitivity]
        self.tornado_option.blockSignals(True)
        self.tornado_option.clear()
        self.tornado_option.addItems(names)
        self.tornado_option.setCurrentIndex(names.index(current) if current in names else 0)
        self.tornado_option.blockSignals(False)
        self._on_tornado_option(self.tornado_option.currentText())
        self._levers(plan)
        self.comparisons.set_rows(self._comparisons(plan))
        wrap_column(self.comparisons_view, 1)
        self.notes.clear()
        self.notes.addItems(finetune_lines(plan) + [core_text(note) for note in plan.notes]
                            or [tr("No notes.")])

    def _cards(self, plan: Plan) -> None:
        options = plan.options
        while len(self.cards) < len(options):
            card = OptionCard()
            self.cards.append(card)
        for index, card in enumerate(self.cards):
            if index < len(options):
                card.show_option(plan, options[index],
                                 options[index].name == plan.recommendation.option)
            card.setHidden(index >= len(options))  # before _columns reads their widths
        # Measuring the cards costs more than a Plan: done when their number changes (and on
        # a resize), not after every edit.
        if self._placed[0] != len(options):
            self._place_cards(len(options))

    def _columns(self) -> int:
        """As many cards side by side as fit whole: their own minimum width (longer labels in
        German) and at least CARD_MIN_WIDTH each."""
        widest = max([CARD_MIN_WIDTH] + [card.minimumSizeHint().width()
                                         for card in self.cards if not card.isHidden()])
        room = self.card_area.viewport().width() - 2 * self.card_grid.contentsMargins().left()
        return max(1, min(MAX_CARDS_PER_ROW,
                          room // (widest + self.card_grid.horizontalSpacing())))

    def _place_cards(self, shown: int) -> None:
        """As many cards side by side as the width holds, the rest in rows below (the card
        area scrolls): every option's card is reachable without hunting."""
        columns = self._columns()
        self._placed = (shown, columns)
        for index, card in enumerate(self.cards):
            self.card_grid.removeWidget(card)
            if index < shown:
                self.card_grid.addWidget(card, index // columns, index % columns,
                                         Qt.AlignmentFlag.AlignTop)
                card.show()
            else:
                card.hide()
        for column in range(MAX_CARDS_PER_ROW):
            self.card_grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        shown = sum(1 for card in self.cards if not card.isHidden())
        if self._placed != (shown, self._columns()):
            self._place_cards(shown)

    def set_uncertainty(self, result: Any) -> None:
        """The Monte Carlo run (or None): its tab, and its drivers beside the tornado."""
        self.uncertainty_result = result
        self.option_drivers.setVisible(result is not None)
        self._show_option_drivers()

    def _show_option_drivers(self) -> None:
        result = self.uncertainty_result
        if result is not None:
            self.option_drivers.option = self.tornado_option.currentText()
            self.option_drivers.show_data(result)

    def _on_tornado_option(self, name: str) -> None:
        if self.plan is not None and name:
            self.tornado.show_data((self.plan, name))
            self._show_option_drivers()

    def _levers(self, plan: Plan) -> None:
        """One row per lever: its name and assumption (core's words) beside the saving core
        gives each option (the plan's JSON), matched by the option's name."""
        names = [option.name for option in plan.options]
        currency = plan.currency
        columns = [Column(tr("Lever"), lambda row: core_text(row[0].name)),
                   Column(tr("Assumption"), lambda row: core_text(row[0].assumption))]
        for name in names:
            columns.append(Column(
                # the option's name over lines of its own, so the assumptions keep room
                tr("{0}:\nsaving/year").format(textwrap.fill(name, HEADER_CHARS)),
                lambda row, name=name: lever_saving(row[1], name),
                lambda value: fmt.money(value, currency) if value is not None else "—",
                numeric=True, tooltip=tr("— : the lever does not apply to this option")))
        self.levers.columns = tuple(columns)
        self.levers.set_rows(list(zip(plan.levers, plan_json(plan)["levers"], strict=True)))
        wrap_column(self.levers_view, 1)

    def _comparisons(self, plan: Plan) -> list[tuple[str, str]]:
        rows = []
        for item in plan.break_even:
            if item.shortfall is not None:
                result = tr("no break-even: {0}").format(shortfall_text(item.shortfall))
            else:
                result = core_text(item.note) or (
                    tr("{0} cheaper above {1} requests/day").format(
                        item.cheaper_above, fmt.number(item.requests_per_day))
                    if item.requests_per_day is not None else tr("no break-even in range"))
            rows.append((tr("Break-even: {0} vs {1}").format(item.a, item.b), result))
        for payback in plan.payback:
            if payback.shortfall is not None:
                rows.append((tr("Payback: {0} vs {1}").format(payback.onprem, payback.against),
                             tr("no payback: {0}").format(shortfall_text(payback.shortfall))))
                continue
            month = tr("month {0}").format(payback.month) if payback.month is not None \
                else tr("not within the horizon")
            if payback.month_with_price_decline != payback.month:
                month += tr(" (with API prices falling: {0})").format(
                    payback.month_with_price_decline
                    if payback.month_with_price_decline is not None else tr("never"))
            rows.append((tr("Payback: {0} vs {1}").format(payback.onprem, payback.against),
                         month))
        return rows
