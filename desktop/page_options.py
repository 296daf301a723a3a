"""The options to compare: APIs, rented cloud GPUs, servers bought on-prem. A list on the left,
the chosen option's fields on the right."""

import contextlib
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.costing.catalog_fill import catalog_values
from core.costing.scenario import BILLING_MODES, ApiOption, CloudOption, OnPremOption
from core.errors import InputError
from core.hardware.gpus import gpu_catalog, match_gpu
from core.pricing.catalog import PriceCatalog
from desktop.fields import FormBuilder
from desktop.i18n import KIND_LABELS, N_, tr, unique_name
from desktop.page_inputs import model_choices, quant_choices
from desktop.session import Session

_CLASSES = {"api": ApiOption, "cloud": CloudOption, "onprem": OnPremOption}
_PRICES = N_("{cur} per 1M tokens")

# (field, label, unit, editor): editor is number, int, text, check, or a named choice list.
_COMMON_HEAD = (("name", N_("Name"), "", "text"), ("currency", N_("Currency"), "", "currency"))
_TAIL = (("source", N_("Price source"), "", "text"),
         ("price_date", N_("Price date"), N_("YYYY-MM-DD, YYYY-MM or YYYY"), "text"),
         ("recommendable", N_("Can be recommended"), "", "check"))
FIELDS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "api": (*_COMMON_HEAD,
            ("catalog", N_("Catalog price"), "", "api_catalog"),
            ("price_in_per_m", N_("Input price"), _PRICES, "number"),
            ("price_out_per_m", N_("Output price"), _PRICES, "number"),
            ("price_cached_in_per_m", N_("Cached input price"), _PRICES, "number"),
            ("cache_hit_rate", N_("Cache hits"), N_("share of input"), "number"),
            ("price_cache_write_per_m", N_("Cache write price"), _PRICES, "number"),
            ("cache_write_rate", N_("Written to the cache"), N_("share of input"), "number"),
            ("batch_discount", N_("Batch API discount"), N_("share"), "number"),
            ("batch_share", N_("Sent through the batch API"), N_("share"), "number"),
            ("long_context_threshold", N_("Long-context threshold"), N_("prompt tokens"),
             "number"),
            ("price_in_long_per_m", N_("Long-context input price"), _PRICES, "number"),
            ("price_out_long_per_m", N_("Long-context output price"), _PRICES, "number"),
            ("training_price_per_m", N_("Fine-tuning price"), N_("{cur} per 1M tokens"),
             "number"),
            ("training_tokens_per_run", N_("Training tokens per run"), N_("tokens"), "number"),
            ("finetune_runs_per_year", N_("Fine-tuning runs"), N_("per year"), "number"),
            ("rate_limit_tokens_per_minute", N_("Rate limit"), N_("tokens/minute"), "number"),
            *_TAIL),
    "cloud": (*_COMMON_HEAD,
              ("catalog", N_("Catalog instance"), "", "cloud_catalog"),
              ("gpu", N_("GPU"), "", "gpu"),
              ("gpus_per_instance", N_("GPUs per instance"), "", "int"),
              ("profile", N_("Probed hardware"), "", "profile"),
              ("model", N_("Model"), "", "model"),
              ("price_per_hour", N_("Price"), N_("{cur} per instance-hour"), "number"),
              ("price_per_second", N_("Price per second"), N_("{cur} per instance-second"),
               "number"),
              ("billing", N_("Billing"), "", "billing"),
              ("billing_granularity_s", N_("Billing granularity"), N_("s"), "number"),
              ("discount", N_("Reserved or spot discount"), N_("share"), "number"),
              ("seconds_per_request", N_("Busy time per request"), N_("instance-s"),
               "number"),
              ("min_replicas", N_("Minimum replicas"), "", "int"),
              ("spare_replicas", N_("Spare replicas"), N_("N+k"), "int"),
              ("max_instances", N_("Quota"), N_("instances"), "int"),
              ("transfer_per_request", N_("Transfer per request"), N_("{cur}"), "number"),
              ("transfer_per_gb", N_("Transfer per GB"), N_("{cur}/GB"), "number"),
              ("storage_gb", N_("Storage"), N_("GB"), "number"),
              ("storage_per_gb_month", N_("Storage price"), N_("{cur} per GB-month"), "number"),
              *_TAIL),
    "onprem": (*_COMMON_HEAD,
               ("gpu", N_("GPU"), "", "gpu"),
               ("gpus_per_server", N_("GPUs per server"), "", "int"),
               ("profile", N_("Probed hardware"), "", "profile"),
               ("model", N_("Model"), "", "model"),
               ("server_price", N_("Server price"), N_("{cur} per server"), "number"),
               ("servers", N_("Servers (fixed)"), N_("empty: sized from the load"), "int"),
               ("min_servers", N_("Minimum servers"), "", "int"),
               ("spare_servers", N_("Spare servers"), "", "int"),
               ("finetune_servers", N_("Fine-tuning servers"), "", "int"),
               ("seconds_per_request", N_("Busy time per request"), N_("server-s"), "number"),
               ("gpu_watts", N_("GPU power"), N_("W per GPU"), "number"),
               ("host_watts", N_("Host power"), N_("W per server"), "number"),
               ("utilisation", N_("Average load"), N_("share"), "number"),
               ("pue", N_("PUE"), "", "number"),
               ("price_per_kwh", N_("Electricity"), N_("{cur}/kWh"), "number"),
               ("depreciation_years", N_("Depreciation"), N_("years"), "number"),
               ("residual_share", N_("Residual value"), N_("share"), "number"),
               ("maintenance_share_per_year", N_("Maintenance"),
                N_("share of hardware/year"), "number"),
               ("licence_per_gpu_year", N_("Licences"), N_("{cur} per GPU-year"), "number"),
               ("colocation_per_kw_month", N_("Colocation"), N_("{cur} per kW-month"),
                "number"),
               ("rack_per_server_month", N_("Rack"), N_("{cur} per server-month"), "number"),
               ("installation", N_("Installation"), N_("{cur}, one-off"), "number"),
               *_TAIL),
}


class OptionsPage(QWidget):
    """Add, remove and edit the options the plan compares."""

    def __init__(self, session: Session, currencies: list[str]):
        super().__init__()
        self.session, self.currencies = session, currencies
        self.catalog: PriceCatalog | None = None
        self._shown: tuple[Any, ...] | None = None
        self._rows: FormBuilder | None = None  # the shown form's editors
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._on_selected)
        add = QPushButton(tr("Add option"))
        menu = QMenu(add)
        menu.addAction(tr("API from the price catalog…"), lambda: self.add_from_catalog("api"))
        menu.addAction(tr("Cloud GPUs from the price catalog…"),
                       lambda: self.add_from_catalog("cloud"))
        menu.addAction(tr("On-prem servers"), self.add_onprem)
        add.setMenu(menu)
        self.remove = QPushButton(tr("Remove"))
        self.remove.clicked.connect(self._on_remove)
        self.duplicate = QPushButton(tr("Duplicate"))
        self.duplicate.setToolTip(tr("A copy of this option, to change one thing in it"))
        self.duplicate.clicked.connect(self.duplicate_option)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.duplicate)
        buttons.addWidget(self.remove)
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("Options to compare")))
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.form_area, 3)
        session.document_changed.connect(self._update)
        self._update()

    def set_catalog(self, catalog: PriceCatalog) -> None:
        self.catalog = catalog
        self._shown = None
        self._update()

    def _options(self) -> list[dict[str, Any]]:
        return list(self.session.value(("options",)) or [])

    def _update(self) -> None:
        options = self._options()
        row = max(0, self.list.currentRow())
        self.list.blockSignals(True)
        self.list.clear()
        for option in options:
            kind = tr(KIND_LABELS.get(option.get("kind", "api"), "?"))
            self.list.addItem(f"{option.get('name', '?')}\n   {kind}")
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(options) - 1))
        self.remove.setEnabled(len(options) > 1)
        self._on_selected(self.list.currentRow())

    def _on_selected(self, row: int) -> None:
        options = self._options()
        if not 0 <= row < len(options):
            self._drop_form()
            self._shown = None
            return
        option = options[row]
        key = (row, option.get("kind"), option.get("currency"),
               tuple(sorted(self.session.value(("hardware",)) or {})))
        if key != self._shown:
            self._shown = key
            self._drop_form()
            self.form_area.setWidget(self._form(row, option))
        self._show_catalog_values(row)

    def _show_catalog_values(self, row: int) -> None:
        """Greyed in each empty field the catalog entry fills: its value, source and date."""
        scenario, catalog = self.session.scenario, self.catalog
        if self._rows is None or scenario is None or catalog is None \
                or row >= len(scenario.options):
            return
        option = scenario.options[row]
        try:
            values = catalog_values(option, catalog, option.currency or scenario.currency,
                                    scenario.exchange_rates)
        except InputError:
            values = {}  # the entry or a rate is missing: the field shows that message
        entry = getattr(option, "catalog", None)
        origin = tr("From the catalog entry {0}: {1}, {2}").format(
            entry, values.get("source") or getattr(option, "source", ""),
            values.get("price_date") or getattr(option, "price_date", "")) if entry else ""
        if values.get("gpu") is not None:
            with contextlib.suppress(InputError):  # unknown: shown as the catalog gives it
                values["gpu"] = match_gpu(values["gpu"]).name  # the name the list shows
        for name, editor in self._rows.editors.items():
            if hasattr(editor, "show_inherited") and name != "catalog":
                editor.show_inherited(values.get(name), origin if name in values else "")

    def _drop_form(self) -> None:
        """Take the shown form away, deleted once control is back in the event loop: the edit
        that asks for a new form (a currency chosen in its combo box) is still running inside
        one of its widgets, and deleting that widget now would crash the app."""
        self._rows = None
        old = self.form_area.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()

    def _form(self, row: int, option: dict[str, Any]) -> QWidget:
        kind = option.get("kind", "api")
        body = QWidget()
        form = QFormLayout(body)
        rows = FormBuilder(self.session, form, _CLASSES[kind], ("options", row))
        self._rows = rows
        currency = option.get("currency") or self.session.value(("currency",)) or "EUR"
        choices = self._choices(kind)
        for name, label, unit, editor in FIELDS[kind]:
            shown_unit = tr(unit).format(cur=currency) if unit else ""
            if editor == "number":
                rows.number(name, tr(label), shown_unit)
            elif editor == "int":
                rows.number(name, tr(label), shown_unit, integer=True)
            elif editor == "text":
                rows.text(name, tr(label))
            elif editor == "check":
                rows.check(name, tr(label))
            elif editor == "model":
                rows.model(name, tr(label),
                           [(tr("the scenario's model"), None), *model_choices(True)],
                           quant_choices())
            else:
                rows.choice(name, tr(label), choices[editor], shown_unit,
                            editable=editor == "gpu")
        return body

    def _choices(self, kind: str) -> dict[str, list[tuple[str, Any]]]:
        catalog = self.catalog
        none = [(tr("none"), None)]
        return {
            "currency": [(tr("scenario currency"), None)] + [(c, c) for c in self.currencies],
            "api_catalog": none + ([(f"{p.provider} {p.model} ({p.id})", p.id)
                                    for p in catalog.api] if catalog else []),
            "cloud_catalog": none + ([(f"{c.provider} {c.name} ({c.id})", c.id)
                                      for c in catalog.cloud] if catalog else []),
            "gpu": none + [(gpu.name, gpu.name) for gpu in gpu_catalog()],
            "profile": none + [(key, key) for key in self.session.value(("hardware",)) or {}],
            "billing": [(mode.replace("_", " "), mode) for mode in BILLING_MODES],
        }

    def _append(self, option: dict[str, Any], text: str) -> None:
        options = self._options()
        option["name"] = unique_name(option["name"], [o.get("name") for o in options])
        document = dict(self.session.document, options=[*options, option])
        self.session.replace_document(document, text)
        self.list.setCurrentRow(len(options))

    def add_from_catalog(self, kind: str, entry_id: str | None = None) -> None:
        """Add an option priced from the catalog (asks which entry when none is given)."""
        if self.catalog is None:
            return
        rows = self.catalog.api if kind == "api" else self.catalog.cloud
        labels = [f"{row.provider}: {getattr(row, 'model', None) or row.name} ({row.id})"
                  for row in rows]
        if entry_id is None:
            label, ok = QInputDialog.getItem(self, tr("Add option"), tr("Price from the catalog:"),
                                             labels, 0, False)
            if not ok:
                return
            entry = rows[labels.index(label)]
        else:
            entry = next(row for row in rows if row.id == entry_id)
        name = f"{entry.provider} {getattr(entry, 'model', None) or entry.name}"
        self._append({"kind": kind, "name": name, "catalog": entry.id},
                     tr("Add option {0}").format(name))

    def add_onprem(self) -> None:
        self._append({"kind": "onprem", "name": tr("On-prem servers"), "gpu": "H100 SXM",
                      "gpus_per_server": 8}, tr("Add on-prem option"))

    def duplicate_option(self) -> None:
        """A copy of the chosen option, under a new name, after the last one."""
        options = self._options()
        row = self.list.currentRow()
        if not 0 <= row < len(options):
            return
        copy = dict(options[row], name=tr("{0} (copy)").format(options[row].get("name", "")))
        self._append(copy, tr("Duplicate option {0}").format(options[row].get("name")))

    def _on_remove(self) -> None:
        options = self._options()
        row = self.list.currentRow()
        if len(options) < 2 or not 0 <= row < len(options):
            return
        name = options[row].get("name")
        del options[row]
        self.session.replace_document(dict(self.session.document, options=options),
                                      tr("Remove option {0}").format(name))
