"""Workload and model: what the service must carry and which model self-hosted options run."""

import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from core.costing.scenario import Levers, ModelChoice, Scenario, SelfHosting, Workload
from core.model.quant import ENGINES, KV_QUANTS, QUANTIZATIONS, SHIPPED
from core.model.spec import ModelSpec, model_catalog
from desktop import fmt
from desktop.fields import FormBuilder, _Bound, add_row, error_label
from desktop.i18n import N_, tr
from desktop.session import Path, Session, path_text, with_value

RESIDENCY_HELP = N_("Where the data may be processed, one per line: eu, onprem (your own "
                  "premises), us, uk, ch or the two-letter code of a country outside the EU "
                  "(no, jp...). Options "
                  "elsewhere, or whose region is unknown, are costed and never recommended. "
                  "Empty: no rule.")
PROFILE_HELP = N_("The relative load in each clock hour, 24 numbers from 0:00 to 23:00 "
                "(0: closed), e.g. 0 for the night and 1 for a busy hour. It sets the service "
                "hours and the peak over average load (their own fields are emptied) and "
                "what the overflow of a hybrid carries. Empty: none.")


def _model_label(model: ModelSpec) -> str:
    label = f"{model.name} ({model.id})"
    if model.task == "classify":
        label += " — " + tr("classifier")
    if not model.exact:
        label += " — " + tr("estimate")
    return label


def model_choices(with_recommend: bool) -> list[tuple[str, str]]:
    choices = [(_model_label(model), model.id) for model in model_catalog()]
    return ([(tr("Recommend: the best that fits each option's GPUs"), "recommend")]
            if with_recommend else []) + choices


def quant_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in QUANTIZATIONS] + [
        (tr("shipped: the checkpoint's own format"), SHIPPED)]


class ProfileEdit(QLineEdit, _Bound):
    """The workload's hourly load profile: numbers in one line, written as a list (empty: the
    key removed). Separated by ';' or spaces, and by ',' where the locale's decimal point is
    not ','. A profile sets the service hours and the peak over average load, so writing one
    removes those two keys (the reader refuses them when they disagree with it)."""

    SETS = ("hours_per_day", "peak_to_average")

    def __init__(self, session: Session, path: Path, error: QLabel):
        super().__init__()
        self.setPlaceholderText(tr("none: 24 numbers, one per clock hour"))
        self._bind(session, path, error)
        self.textEdited.connect(self._on_edited)
        self._on_document()

    @staticmethod
    def _separator() -> str:
        return "; " if fmt.locale().decimalPoint() == "," else ", "

    def _values(self, text: str) -> list[float] | str:
        """The numbers typed, or the first piece that is not one."""
        pattern = r"[;\s]+" if fmt.locale().decimalPoint() == "," else r"[;,\s]+"
        values = []
        for piece in (part for part in re.split(pattern, text) if part):
            value = fmt.parse_number(piece)
            if value is None:
                return piece
            values.append(value)
        return values

    def _on_edited(self, text: str) -> None:
        values = self._values(text)
        if isinstance(values, str):
            self._show_error(tr("'{0}' is not a number.").format(values))
            return
        parent, key = self.path[:-1], self.path[-1]
        workload = dict(self.session.value(parent) or {})
        if values:
            workload[key] = values
            for name in self.SETS:
                workload.pop(name, None)
        else:
            workload.pop(key, None)
        self.session.replace_document(with_value(self.session.document, parent, workload),
                                      f"Edit {path_text(self.path)}",
                                      merge_key=path_text(self.path))

    def _on_document(self) -> None:
        value = self.session.value(self.path)
        stored = list(value) if isinstance(value, list) else None
        typed = self._values(self.text())
        if (typed or None) == stored and not isinstance(typed, str):
            return  # what is typed reads as stored: a separator being typed stays
        if stored is None:
            self.setText("" if value is None else str(value))
            return
        locale = fmt.locale()
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)  # 1000, never 1,000
        self.setText(self._separator().join(
            locale.toString(float(item), "f", 6).rstrip("0").rstrip(locale.decimalPoint())
            if isinstance(item, (int, float)) else str(item) for item in stored))
        if not self.hasFocus():
            self.setCursorPosition(0)


class InputsPage(QScrollArea):
    """The scenario's workload, model, horizon, self-hosting costs and lever assumptions."""

    def __init__(self, session: Session, currencies: list[str]):
        super().__init__()
        self.session = session
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._workload(), 0, 0, 2, 1)
        grid.addWidget(self._model(), 0, 1)
        grid.addWidget(self._plan(currencies), 1, 1)
        grid.addWidget(self._self_hosting(), 2, 0)
        grid.addWidget(self._levers(), 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        self.setWidget(body)

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _workload(self) -> QGroupBox:
        box, form = self._group(tr("Workload"))
        rows = FormBuilder(self.session, form, Workload, ("workload",))
        self.requests = rows.either(("requests_per_day", "requests_per_hour"),
                                    tr("Requests"),
                                    (tr("per day"), tr("per service hour")))
        self.prompt = rows.either(("input_tokens", "input_words"), tr("Prompt per request"),
                                  (tr("tokens"), tr("words")))
        rows.either(("output_tokens", "output_words"), tr("Answer per request"),
                    (tr("tokens"), tr("words")))
        rows.number("tokens_per_word", tr("Tokens per word"), tr("tokens/word"))
        rows.number("hours_per_day", tr("Service hours"), tr("hours/day"))
        rows.number("days_per_year", tr("Service days"), tr("days/year"))
        rows.number("peak_to_average", tr("Peak over average load"), tr("×"))
        rows.number("growth_per_year", tr("Growth"), tr("share/year"))
        rows.number("ttft_target_s", tr("Time to first token target"), tr("s"))
        rows.number("tokens_per_s_per_user", tr("Decode speed per user"),
                    tr("tokens/s"))
        rows.number("batch_size", tr("Batch per replica"), tr("requests"),
                    integer=True)
        rows.number("payload_bytes_per_request", tr("Payload per request"),
                    tr("bytes"))
        error = error_label()
        self.profile = ProfileEdit(self.session, ("workload", "hourly_profile"), error)
        add_row(form, tr("Hourly load profile"), self.profile, error,
                tooltip=tr(PROFILE_HELP))
        return box

    def _model(self) -> QGroupBox:
        box, form = self._group(tr("Model for self-hosted options"))
        rows = FormBuilder(self.session, form, ModelChoice, ("model",))
        self.model = rows.choice("id", tr("Model"), model_choices(True))
        rows.choice("quant", tr("Quantization"), quant_choices())
        rows.choice("engine", tr("Engine"),
                    [(tr("default for the quantization"), None)]
                    + [(name, name) for name in ENGINES])
        rows.choice("kv_quant", tr("KV cache type"), [(name, name) for name in KV_QUANTS])
        rows.number("nominal_params", tr("Nominal parameters"), tr("parameters"))
        return box

    def _plan(self, currencies: list[str]) -> QGroupBox:
        box, form = self._group(tr("Plan"))
        rows = FormBuilder(self.session, form, Scenario)
        rows.text("description", tr("Description"))
        rows.choice("currency", tr("Currency"), [(c, c) for c in currencies])
        rows.number("horizon_months", tr("Horizon"), tr("months"), integer=True)
        rows.number("api_price_decline_per_year", tr("API price decline"),
                    tr("share/year"))
        rows.number("sensitivity_pct", tr("Sensitivity range"), tr("± %"))
        self.residency = rows.lines("residency", tr("Data residency"))
        self.residency.setPlaceholderText(tr("One per line, e.g. eu and onprem; empty: no rule"))
        self.residency.setFixedHeight(self.residency.fontMetrics().lineSpacing() * 3 + 12)
        caption = form.itemAt(form.rowCount() - 1, QFormLayout.ItemRole.LabelRole).widget()
        for widget in (caption, self.residency):
            widget.setToolTip(tr(RESIDENCY_HELP))
        self.notes = rows.lines("notes", tr("Notes"))
        return box

    def _self_hosting(self) -> QGroupBox:
        box, form = self._group(tr("Self-hosting (cloud GPUs and on-prem)"))
        rows = FormBuilder(self.session, form, SelfHosting, ("self_hosting",))
        currency = tr("scenario currency")
        rows.number("staff_fte", tr("Staff"), tr("FTE"))
        rows.number("staff_cost_per_fte_year", tr("Cost of one FTE"),
                    tr("{0}/year").format(currency))
        rows.number("finetune_runs_per_year", tr("Fine-tuning runs"), tr("per year"))
        rows.number("finetune_cost_per_run", tr("Cost per fine-tuning run"), currency)
        rows.number("cost_of_capital", tr("Cost of capital"), tr("share/year"))
        return box

    def _levers(self) -> QGroupBox:
        box, form = self._group(tr("Lever assumptions"))
        rows = FormBuilder(self.session, form, Levers, ("levers",))
        rows.choice("small_model", tr("Small model (cascade)"),
                    [(tr("none"), None), *model_choices(False)])
        rows.number("small_model_price_ratio", tr("Small over large API price"),
                    tr("ratio"))
        rows.number("cascade_share", tr("Answered by the small model"), tr("share"))
        rows.number("cache_hit_rate", tr("Prompt cache hits"), tr("share"))
        rows.number("prompt_cut", tr("Prompt tokens saved"), tr("share"))
        rows.number("output_cut", tr("Output tokens saved"), tr("share"))
        rows.choice("quant", tr("Cheaper quantization"), quant_choices())
        rows.number("batch_size", tr("Larger batch"), tr("requests"), integer=True)
        rows.number("batch_api_share", tr("Batch API share"), tr("share"))
        return box
