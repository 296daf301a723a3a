"""Workload and model: what the service must carry and which model self-hosted options run."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QScrollArea, QWidget

from core.costing.scenario import Levers, ModelChoice, Scenario, SelfHosting, Workload
from core.model.quant import ENGINES, KV_QUANTS, QUANTIZATIONS, SHIPPED
from core.model.spec import ModelSpec, model_catalog
from desktop.fields import FormBuilder
from desktop.i18n import tr
from desktop.session import Session


def _model_label(model: ModelSpec) -> str:
    label = f"{model.name} ({model.id})"
    if model.task == "classify":
        label += " — " + tr("classifier")
    if not model.exact:
        label += " — " + tr("estimate")
    return label


def model_choices(with_recommend: bool) -> list[tuple[str, str]]:
    choices = [(_model_label(model), model.id) for model in model_catalog()]
    return ([("Recommend: the best that fits each option's GPUs", "recommend")]
            if with_recommend else []) + choices


def quant_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in QUANTIZATIONS] + [
        (tr("shipped: the checkpoint's own format"), SHIPPED)]


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
