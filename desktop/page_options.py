"""The options to compare: APIs, rented cloud GPUs, servers bought on-prem, and hybrids of a
base and an overflow among them. A list on the left, the chosen option's fields on the right."""

import contextlib
from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.costing.catalog_fill import catalog_values
from core.costing.placement import part_region
from core.costing.scenario import (
    BILLING_MODES,
    POWER_HOURS,
    ApiOption,
    CloudOption,
    HybridOption,
    OnPremOption,
)
from core.declared import MAX_NAME
from core.errors import InputError
from core.hardware.gpus import gpu_catalog, match_gpu
from core.pricing.catalog import PriceCatalog
from desktop.fields import FormBuilder, choice_label
from desktop.i18n import KIND_LABELS, N_, tr, unique_name
from desktop.page_inputs import model_choices, quant_choices
from desktop.session import Session, path_text

_CLASSES = {"api": ApiOption, "cloud": CloudOption, "onprem": OnPremOption,
            "hybrid": HybridOption}
_PRICES = N_("{cur} per 1M tokens")

# (field, label, unit, editor): editor is number, int, text, check, or a named choice list.
# A text field whose declared default is None (a region) is removed when emptied; the region's
# unit is the example its empty field shows.
_COMMON_HEAD = (("name", N_("Name"), "", "text"), ("currency", N_("Currency"), "", "currency"))
_TAIL = (("source", N_("Price source"), "", "text"),
         ("price_date", N_("Price date"), N_("YYYY-MM-DD, YYYY-MM or YYYY"), "text"),
         ("recommendable", N_("Can be recommended"), "", "check"))
# Where the data is processed, who runs the option and what connecting it costs.
_REGION = ("region", N_("Region"), N_("e.g. eu, de, us, onprem, eu-central-1"), "text")
_INTEGRATION = ("integration", N_("Integration"), N_("{cur}, one-off"), "number")
_SELF_HOSTED_TAIL = (_REGION,
                     ("staff_fte", N_("Staff"), N_("FTE; empty: the self-hosting staff"),
                      "number"),
                     _INTEGRATION, *_TAIL)
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
            ("fine_tuned", N_("Fine-tuned model"), "", "check"),
            ("price_in_finetuned_per_m", N_("Fine-tuned input price"), _PRICES, "number"),
            ("price_out_finetuned_per_m", N_("Fine-tuned output price"), _PRICES, "number"),
            ("hosting_per_hour", N_("Fine-tuned hosting"), N_("{cur} per hour, 24 h a day"),
             "number"),
            _REGION,
            ("staff_fte", N_("Staff"), N_("FTE; empty: none"), "number"),
            _INTEGRATION,
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
              *_SELF_HOSTED_TAIL),
    "onprem": (*_COMMON_HEAD,
               ("gpu", N_("GPU"), "", "gpu"),
               ("gpus_per_server", N_("GPUs per server"), "", "int"),
               ("profile", N_("Probed hardware"), "", "profile"),
               ("model", N_("Model"), "", "model"),
               ("server_price", N_("Server price"), N_("{cur} per server"), "number"),
               ("owned", N_("Servers already owned"), "", "check"),
               ("book_value", N_("Book value"), N_("{cur}, owned servers"), "number"),
               ("remaining_life_years", N_("Remaining life"), N_("years, owned servers"),
                "number"),
               ("servers", N_("Servers (fixed)"), N_("empty: sized from the load"), "int"),
               ("min_servers", N_("Minimum servers"), "", "int"),
               ("spare_servers", N_("Spare servers"), "", "int"),
               ("finetune_servers", N_("Fine-tuning servers"), "", "int"),
               ("seconds_per_request", N_("Busy time per request"), N_("server-s"), "number"),
               ("gpu_watts", N_("GPU power"), N_("W per GPU"), "number"),
               ("host_watts", N_("Host power"), N_("W per server"), "number"),
               ("idle_watts_per_gpu", N_("GPU idle power"), N_("W per GPU"), "number"),
               ("host_idle_watts", N_("Host idle power"), N_("W per server"), "number"),
               ("power_hours", N_("Switched on"), "", "power_hours"),
               ("utilisation", N_("Average load"), N_("share"), "number"),
               ("pue", N_("PUE"), "", "number"),
               ("price_per_kwh", N_("Electricity"), N_("{cur}/kWh"), "number"),
               ("depreciation_years", N_("Depreciation"), N_("years"), "number"),
               ("residual_share", N_("Residual value"), N_("share"), "number"),
               ("maintenance_share_per_year", N_("Maintenance"),
                N_("share of hardware/year"), "number"),
               ("maintenance_per_year", N_("Maintenance per server"),
                N_("{cur} per server-year, instead of the share"), "number"),
               ("licence_per_gpu_year", N_("Licences"), N_("{cur} per GPU-year"), "number"),
               ("colocation_per_kw_month", N_("Colocation"), N_("{cur} per kW-month"),
                "number"),
               ("rack_per_server_month", N_("Rack"), N_("{cur} per server-month"), "number"),
               ("installation", N_("Installation"), N_("{cur}, one-off"), "number"),
               *_SELF_HOSTED_TAIL),
    "hybrid": (("name", N_("Name"), "", "text"),
               ("base", N_("Base"), N_("carries the load up to its capacity"), "base"),
               ("overflow", N_("Overflow"), N_("takes the rest"), "overflow"),
               *_TAIL),
}


def _optional(cls: type, name: str) -> bool:
    """The field's declared default is None: emptied, it is removed from the document."""
    return any(item.name == name and item.default is None
               for item in fields(cls))  # type: ignore[arg-type]


def hybrid_parts(options: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The names a hybrid may take as its base (on-prem servers, cloud GPUs kept running) and as
    its overflow (an API, cloud GPUs billed on demand), in the scenario's order."""
    base, overflow = [], []
    for option in options:
        kind, name = option.get("kind", "api"), option.get("name")
        on_demand = option.get("billing") == "on_demand"
        if not isinstance(name, str):
            continue
        if kind == "onprem" or (kind == "cloud" and not on_demand):
            base.append(name)
        elif kind == "api" or (kind == "cloud" and on_demand):
            overflow.append(name)
    return base, overflow


class OptionsPage(QWidget):
    """Add, remove and edit the options the plan compares."""

    def __init__(self, session: Session, currencies: list[str]):
        super().__init__()
        self.session, self.currencies = session, currencies
        self.catalog: PriceCatalog | None = None
        self._shown: tuple[Any, ...] | None = None
        self._names: tuple[list[Any], list[Any]] = ([], [])  # before and after the last edit
        self._rows: FormBuilder | None = None  # the shown form's editors
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._on_selected)
        add = QPushButton(tr("Add option"))
        menu = QMenu(add)
        menu.addAction(tr("API from the price catalog…"), lambda: self.add_from_catalog("api"))
        menu.addAction(tr("Cloud GPUs from the price catalog…"),
                       lambda: self.add_from_catalog("cloud"))
        menu.addAction(tr("On-prem servers"), self.add_onprem)
        self.add_hybrid_action = menu.addAction(tr(KIND_LABELS["hybrid"]), self.add_hybrid)
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
        self._names = (self._names[1], [option.get("name") for option in options])
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
        key: tuple[Any, ...] = (row, option.get("kind"), option.get("currency"),
                                tuple(sorted(self.session.value(("hardware",)) or {})))
        if option.get("kind") == "hybrid":  # its lists name the other options
            key += tuple(map(tuple, hybrid_parts(options)))
        if key != self._shown:
            self._shown = key
            self._drop_form()
            self.form_area.setWidget(self._form(row, option))
        self._show_catalog_values(row)

    def _show_catalog_values(self, row: int) -> None:
        """Greyed in each empty field the catalog entry fills: its value, source and date."""
        scenario, catalog = self.session.scenario, self.catalog
        options = self._options()
        if self._rows is None or scenario is None or catalog is None \
                or not 0 <= row < len(options):
            return
        # The last valid scenario's option of this name: while the document is wrong (a hybrid's
        # part removed) the rows of the two differ, and another option's values are not shown.
        option = next((item for item in scenario.options
                       if item.name == options[row].get("name")), None)
        values: dict[str, Any] = {}
        if option is not None:
            with contextlib.suppress(InputError):  # a missing entry or rate: its field says so
                values = catalog_values(option, catalog, option.currency or scenario.currency,
                                        scenario.exchange_rates)
        entry = getattr(option, "catalog", None)
        origin = tr("From the catalog entry {0}: {1}, {2}").format(
            entry, values.get("source") or getattr(option, "source", ""),
            values.get("price_date") or getattr(option, "price_date", "")) if entry else ""
        if values.get("gpu") is not None:
            with contextlib.suppress(InputError):  # unknown: shown as the catalog gives it
                values["gpu"] = match_gpu(values["gpu"]).name  # the name the list shows
        for name, editor in self._rows.editors.items():
            if name == "region":
                self._show_region(editor, option, origin)
            elif hasattr(editor, "show_inherited") and name != "catalog":
                editor.show_inherited(values.get(name), origin if name in values else "")

    def _show_region(self, editor: Any, option: Any, origin: str) -> None:
        """Greyed in an empty region: the catalog entry's (a cloud row's region, an API
        provider's seat), else what the field takes."""
        if isinstance(option, (ApiOption, CloudOption)) and option.catalog \
                and not option.region and self.catalog is not None:
            with contextlib.suppress(InputError):  # the entry is missing: the catalog says so
                editor.show_inherited(part_region(option, self.catalog)[0], origin)
                return
        editor.setPlaceholderText(tr(_REGION[2]))

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
                rows.text(name, tr(label), optional=_optional(_CLASSES[kind], name))
            elif editor == "check":
                rows.check(name, tr(label))
            elif editor == "model":
                rows.model(name, tr(label),
                           [(tr("the scenario's model"), None), *model_choices(True)],
                           quant_choices())
            else:
                rows.choice(name, tr(label), choices[editor], shown_unit,
                            editable=editor == "gpu")
        if kind != "hybrid":
            rows.editors["name"].textEdited.connect(lambda text: self._renamed(row, text))
            rows.editors["region"].setPlaceholderText(tr(_REGION[2]))
        return body

    def _renamed(self, row: int, name: str) -> None:
        """An option renamed: the hybrids that name it follow, in the same undoable step."""
        before, after = self._names
        if not (row < len(before) and row < len(after)) or after[row] != name \
                or before[row] == name or before[row] in after:
            return
        old = before[row]
        options = self._options()
        changed = False
        for index, option in enumerate(options):
            if option.get("kind") != "hybrid":
                continue
            for role in ("base", "overflow"):
                if option.get(role) == old:
                    options[index] = option = dict(option, **{role: name})
                    changed = True
        if changed:
            self.session.replace_document(dict(self.session.document, options=options),
                                          f"Edit {path_text(('options', row, 'name'))}",
                                          merge_key=path_text(("options", row, "name")))

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
            "billing": [(choice_label(mode), mode) for mode in BILLING_MODES],
            "power_hours": [(choice_label(mode), mode) for mode in POWER_HOURS],
            **self._part_choices(),
        }

    def _part_choices(self) -> dict[str, list[tuple[str, Any]]]:
        base, overflow = hybrid_parts(self._options())
        return {"base": [(name, name) for name in base],
                "overflow": [(name, name) for name in overflow]}

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

    def add_hybrid(self) -> None:
        """A hybrid of the first possible base and the first possible overflow, or a message
        saying which options a hybrid needs."""
        base, overflow = hybrid_parts(self._options())
        if not base or not overflow:
            QMessageBox.information(self, tr("Add option"), tr(
                "A hybrid combines two options of this scenario: a base of on-prem servers or "
                "cloud GPUs kept running (billing always on or service hours), and an overflow: "
                "an API or cloud GPUs billed on demand. Add the missing one first."))
            return
        name = f"{base[0]} + {overflow[0]}"
        if len(name) > MAX_NAME // 2:
            name = tr("Hybrid option")
        self._append({"kind": "hybrid", "name": name, "base": base[0], "overflow": overflow[0]},
                     tr("Add option {0}").format(name))

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
