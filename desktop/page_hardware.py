"""Hardware and fit: the GPUs to plan on (from the catalog, probed here or over SSH, or a
profile file), what fits them (model x quantization x engine), and the memory of a choice."""

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import InputError
from core.hardware.gpus import GpuSpec, gpu_catalog
from core.hardware.profile import HardwareProfile
from core.hardware.targets import gpu_targets, usable_gpu
from core.model.spec import find_model
from core.serving.fit import fit
from core.serving.memory import FitRequest
from core.serving.recommend import GOOD_QUALITY_LOSS, Recommendation, RecommendationTable, recommend
from desktop import fmt
from desktop.charts import MemoryChart
from desktop.i18n import core_text, tr, trn
from desktop.page_costs import table_view
from desktop.tables import ROW_ROLE, Column, FilterProxy, RowsModel

MAX_GPUS = 64


def counted(box: QSpinBox, suffix: Callable[[int], str]) -> None:
    """A spin box whose unit follows its count ('1 GPU', '2 GPUs'; '1 Anfrage', '2 Anfragen')."""
    box.setSuffix(suffix(box.value()))
    box.valueChanged.connect(lambda n: box.setSuffix(suffix(n)))


def recommendation_columns() -> list[Column]:
    return [
        Column(tr("Model"), lambda r: r.model_name),
        Column(tr("Parameters"), lambda r: r.params / 1e9, lambda v: f"{fmt.number(v, 1)} B",
               numeric=True, tooltip=tr("billions of parameters")),
        Column(tr("Active"), lambda r: r.active_params / 1e9,
               lambda v: f"{fmt.number(v, 1)} B", numeric=True,
               tooltip=tr("billions of parameters one token uses (mixture of experts: the "
                          "experts it is routed to)")),
        Column(tr("Sizes"), lambda r: tr("exact") if r.exact else tr("estimate"),
               tooltip=tr("estimate: the model's configuration names a feature the planner "
                          "does not size exactly (see the notes below the chart)")),
        Column(tr("Quantization"), lambda r: r.quant),
        Column(tr("Engine"), lambda r: r.engine),
        Column(tr("Fits on"), lambda r: r.gpus_used, lambda v: trn("%Ln GPU", "%Ln GPUs", v),
               numeric=True, tooltip=tr("GPUs needed: the fewest of the set that hold it")),
        Column(tr("Weights"), lambda r: r.weights_bytes, fmt.gb, numeric=True,
               tooltip=tr("weights as stored, decimal GB")),
        Column(tr("Headroom"), lambda r: r.headroom_bytes, fmt.gib, numeric=True,
               tooltip=tr("memory left per GPU after weights, KV cache and overhead (GiB)")),
        Column(tr("Max KV tokens"), lambda r: r.max_kv_tokens, fmt.integer, numeric=True,
               tooltip=tr("tokens of KV cache that fit in the memory left")),
        Column(tr("Tokens/s per user"), lambda r: r.decode_tokens_per_s,
               lambda v: fmt.number(v, 0), numeric=True,
               tooltip=tr("steady decode speed of one stream")),
        Column(tr("Tokens/s in all"), lambda r: r.aggregate_tokens_per_s,
               lambda v: fmt.number(v, 0), numeric=True,
               tooltip=tr("decode speed of all concurrent streams together")),
        Column(tr("Requests/hour"), lambda r: r.requests_per_hour,
               lambda v: fmt.number(v, 0), numeric=True,
               tooltip=tr("requests of the workload's size served per hour at this "
                          "concurrency")),
        Column(tr("Quality loss"), lambda r: r.quality_loss_pct,
               lambda v: f"{fmt.number(v, 1)} %", numeric=True,
               tooltip=tr("perplexity increase against 16-bit weights")),
    ]


class HardwarePage(QWidget):
    """Emits probe_requested/ssh_requested/file_requested/attach_requested; the window runs
    the slow work and hands the profile back with `set_profile`."""

    probe_requested = Signal()
    ssh_requested = Signal()
    file_requested = Signal()
    attach_requested = Signal()
    use_model_requested = Signal(object)  # a Recommendation

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._from_scenario: tuple[int, int] | None = None  # (context, concurrency) it set
        self.profile: HardwareProfile | None = None
        self.table: RecommendationTable | None = None
        self.fit_result: Any = None
        self.request_tokens: tuple[int, int] | None = None
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.update_table)
        self._stale = True  # the table is made when the page is first shown

        layout = QVBoxLayout(self)
        layout.addWidget(self._source())
        layout.addWidget(self._table(), 1)
        for signal in (self.gpu.currentIndexChanged, self.gpus.valueChanged,
                       self.gpu_set.currentIndexChanged, self.context.valueChanged,
                       self.concurrency.valueChanged, self.from_catalog.toggled):
            signal.connect(self._schedule)
        self.good_only.toggled.connect(self.proxy.refilter)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.from_profile.setEnabled(False)
        self._restore_choice()
        for signal in (self.gpu.currentIndexChanged, self.gpus.valueChanged):
            signal.connect(self._remember_choice)
        self.from_catalog.toggled.connect(self._update_attach)

    def _restore_choice(self) -> None:
        """The GPU and count chosen last time (the app remembers them)."""
        if self.settings is None:
            return
        index = self.gpu.findData(self.settings.value("hardware/gpu", "h100-sxm"))
        if index >= 0:
            self.gpu.setCurrentIndex(index)
        with contextlib.suppress(TypeError, ValueError):  # an edited settings file
            self.gpus.setValue(int(self.settings.value("hardware/gpus", 1) or 1))

    def _remember_choice(self) -> None:
        if self.settings is not None:
            self.settings.setValue("hardware/gpu", self.gpu.currentData())
            self.settings.setValue("hardware/gpus", self.gpus.value())

    def _update_attach(self) -> None:
        self.attach.setEnabled(self.from_catalog.isChecked()
                               or (self.profile is not None and self.profile.ok))

    def _source(self) -> QGroupBox:
        """Where the GPUs come from: the catalog, or a probed profile (and its buttons)."""
        self.from_catalog = QRadioButton(tr("A GPU from the catalog"))
        self.from_profile = QRadioButton(tr("Probed hardware"))
        self.from_catalog.setChecked(True)
        self.gpu = QComboBox()
        for spec in gpu_catalog():
            self.gpu.addItem(f"{spec.name} ({fmt.gib(spec.memory_bytes, 0)})", spec.id)
        self.gpu.setCurrentIndex(max(0, self.gpu.findData("h100-sxm")))
        self.gpus = QSpinBox(minimum=1, maximum=MAX_GPUS, value=1)
        counted(self.gpus, lambda n: trn(" GPU", " GPUs", n))
        self.gpu_set = QComboBox()
        self.profile_label = QLabel(tr("No hardware probed yet."))
        self.profile_label.setWordWrap(True)
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)  # host and GPU names
        self.profile_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for text, signal in ((tr("Probe this machine"), self.probe_requested),
                             (tr("Probe a server over SSH…"), self.ssh_requested),
                             (tr("Open a profile file…"), self.file_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        self.attach = QPushButton(tr("Run an option on it…"))
        self.attach.setToolTip(tr("Size a cloud or on-prem option on these GPUs: the chosen "
                                  "catalog GPU and count, or the probed profile's GPUs and "
                                  "free memory (kept in the scenario)"))
        self.attach.clicked.connect(self.attach_requested.emit)
        buttons.addWidget(self.attach)
        buttons.addStretch(1)
        source = QGroupBox(tr("GPUs to plan on"))
        form = QFormLayout(source)
        catalog_line = QHBoxLayout()
        catalog_line.addWidget(self.gpu, 1)
        catalog_line.addWidget(self.gpus)
        form.addRow(self.from_catalog, catalog_line)
        form.addRow(self.from_profile, self.gpu_set)
        form.addRow("", self.profile_label)
        form.addRow(buttons)
        return source

    def _question(self) -> QHBoxLayout:
        """Context, concurrency, the quality filter and the text filter."""
        self.context = QSpinBox(minimum=256, maximum=2_000_000, value=4096, singleStep=1024)
        counted(self.context, lambda n: trn(" token", " tokens", n))
        self.concurrency = QSpinBox(minimum=1, maximum=4096, value=1)
        counted(self.concurrency, lambda n: trn(" request", " requests", n))
        self.good_only = QCheckBox(tr("Near-lossless only (≤ {0} % quality loss)").format(
            fmt.number(GOOD_QUALITY_LOSS, 0)))
        self.filter = QLineEdit(placeholderText=tr("Filter: model, quantization, engine…"))
        self.filter.setClearButtonEnabled(True)
        question = QHBoxLayout()
        for label, widget in ((tr("Context"), self.context),
                              (tr("Concurrent requests"), self.concurrency)):
            question.addWidget(QLabel(label))
            question.addWidget(widget)
        question.addWidget(self.good_only)
        question.addWidget(self.filter, 1)
        return question

    def _table(self) -> QSplitter:
        """What fits, above the memory chart and notes of the chosen row."""
        self.rows = RowsModel(recommendation_columns())
        self.proxy = FilterProxy(self.rows)
        self.proxy.extra = lambda row: not self.good_only.isChecked() or \
            row.quality_loss_pct <= GOOD_QUALITY_LOSS
        self.view = table_view(self.proxy)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.memory = MemoryChart()
        self.fit_notes = QLabel()
        self.fit_notes.setWordWrap(True)
        self.fit_notes.setTextFormat(Qt.TextFormat.PlainText)  # model names from files
        self.use_model = QPushButton(tr("Use this model for a self-hosted option…"))
        self.use_model.setToolTip(tr("For every self-hosted option, or for one of them"))
        self.use_model.setEnabled(False)
        self.use_model.clicked.connect(self._on_use_model)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.memory, 1)
        detail_layout.addWidget(self.fit_notes)
        detail_layout.addWidget(self.use_model)
        # The splitter sizes by the notes' one-line minimum; room for the chart, four lines of
        # notes and the button keeps the chart from being pushed under the notes.
        detail.setMinimumHeight(self.memory.minimumHeight() + 150)
        split = QSplitter(Qt.Orientation.Vertical)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(self._question())
        table_layout.addWidget(self.hint)
        table_layout.addWidget(self.view, 1)
        split.addWidget(table_box)
        split.addWidget(detail)
        split.setSizes([500, 320])
        return split


    def _schedule(self) -> None:
        """Make the table again shortly, or when the page is next shown: an edit on another
        page does not wait for a table nobody looks at."""
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.update_table()

    # -- inputs --

    def set_workload(self, prompt_tokens: float, answer_tokens: float,
                     concurrency: int | None = None) -> None:
        """Size the requests/hour column with the scenario's requests, and start the context
        (prompt + answer) and concurrency (the batch per replica) from the scenario, unless
        the user has set them here since."""
        tokens = (max(1, round(prompt_tokens)), max(1, round(answer_tokens)))
        if concurrency is not None:
            wanted = (max(self.context.minimum(), min(self.context.maximum(), sum(tokens))),
                      max(1, min(self.concurrency.maximum(), concurrency)))
            shown = (self.context.value(), self.concurrency.value())
            if self._from_scenario is None or shown == self._from_scenario:
                self.context.setValue(wanted[0])
                self.concurrency.setValue(wanted[1])
                self._from_scenario = wanted
        if tokens != self.request_tokens:
            self.request_tokens = tokens
            self._schedule()

    def follow_scenario(self) -> None:
        """A scenario was opened: its lengths and concurrency apply again."""
        self._from_scenario = None

    def chosen_gpus(self) -> tuple[GpuSpec, int] | None:
        """The catalog GPU and count chosen, or None when probed hardware is chosen."""
        if self.from_profile.isChecked():
            return None
        return self._catalog_gpu(), self.gpus.value()

    def _catalog_gpu(self) -> GpuSpec:
        return next(g for g in gpu_catalog() if g.id == self.gpu.currentData())

    def set_profile(self, profile: HardwareProfile) -> None:
        self.profile = profile
        gpus = ", ".join(gpu.name for gpu in profile.gpus) or tr("no GPU")
        self.profile_label.setText(tr("{0}, taken {1}: {2}").format(
            profile.label, fmt.date(profile.taken_at), gpus))
        self.gpu_set.blockSignals(True)
        self.gpu_set.clear()
        for target in gpu_targets(profile):
            free = tr("{0} free of {1}").format(fmt.gib(target.free_bytes),
                                                fmt.gib(target.total_bytes))
            self.gpu_set.addItem(f"{target.label} ({free})", target.indexes[0])
        self.gpu_set.blockSignals(False)
        self.from_profile.setEnabled(True)
        self.from_profile.setChecked(True)
        self._update_attach()
        self.update_table()

    def _placement(self) -> tuple[GpuSpec, int, list[str]]:
        if self.from_profile.isChecked() and self.profile is not None:
            placement = usable_gpu(self.profile, self.gpu_set.currentData())
            return placement.spec, placement.count, [placement.note, *placement.target.notes]
        return self._catalog_gpu(), self.gpus.value(), []

    # -- results --

    def update_table(self) -> None:
        self._timer.stop()
        self._stale = False
        try:
            gpu, count, notes = self._placement()
        except InputError as error:
            self.rows.set_rows([])
            self.hint.setText(str(error))  # a refusal: in English (issue 24)
            return
        self.table = recommend(gpu, count, self.context.value(), self.concurrency.value(),
                               request_tokens=self.request_tokens)
        self.rows.set_rows(self.table.rows)
        self.hint.setText("\n".join(filter(None, (core_text(note)
                                                   for note in [self.table.hint, *notes]))))
        self.hint.setVisible(bool(self.hint.text()))
        if self.proxy.rowCount():
            self.view.selectRow(0)
        else:
            self._show_fit(None)

    def _on_row(self, current: Any, _previous: Any = None) -> None:
        row = self.proxy.data(current, ROW_ROLE) if current.isValid() else None
        self._show_fit(row)

    def _show_fit(self, row: Recommendation | None) -> None:
        self.use_model.setEnabled(row is not None)
        if row is None:
            self.fit_result = None
            self.memory.show_data(None)
            self.fit_notes.setText("")
            return
        gpu, _, _ = self._placement()
        model = find_model(row.model_id)
        assert model is not None
        request = FitRequest(model, row.quant, engine=row.engine, context=self.context.value(),
                             concurrency=self.concurrency.value(), gpu=gpu, gpus=row.gpus_used)
        self.fit_result = fit(request)
        self.memory.show_data(self.fit_result)
        result = self.fit_result
        lines = [
            tr("{0} {1} on {2} × {3} ({4}): {5} in all, {6} headroom per GPU.").format(
                row.model_name, row.quant, row.gpus_used, gpu.name,
                core_text(result.parallelism), fmt.gib(result.total_bytes),
                fmt.gib(result.headroom_bytes))
            + " " + core_text(row.quality_note),
            tr("Architecture: {0}.").format(core_text(result.architecture))]
        if not result.exact:
            lines.insert(0, tr("Estimate, not an exact size: {0}.").format(
                "; ".join(core_text(reason) for reason in result.estimate_reasons)))
        self.fit_notes.setText("\n".join(lines))

    def _on_use_model(self) -> None:
        row = self.selected()
        if row is not None:
            self.use_model_requested.emit(row)

    def selected(self) -> Recommendation | None:
        index = self.view.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

