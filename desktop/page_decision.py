"""Decision: weights of the non-cost criteria, each option's scores, and the recommendation
with its reasons."""

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from core.costing.results import Plan
from core.costing.scenario import CRITERIA, Scenario
from desktop import fmt
from desktop.i18n import N_, core_text, tr
from desktop.page_costs import table_view
from desktop.session import Session
from desktop.tables import AnyIndex, Column, RowsModel

CRITERION_LABELS = {"cost": N_("Cost"), "data_control": N_("Data control and compliance"),
                    "scalability": N_("Scalability"), "team_skills": N_("Team skills"),
                    "time_to_launch": N_("Time to launch")}
CRITERION_HELP = {
    "cost": N_("Scored from the yearly cost: the cheapest option that carries the load gets 5."),
    "data_control": N_("Where prompts and answers go, who may read them, which law applies."),
    "scalability": N_("How easily the option follows a growing or bursty load."),
    "team_skills": N_("How well your team can run it (5: no new skills needed)."),
    "time_to_launch": N_("How soon it can serve users (5: days, 1: many months)."),
}
WEIGHT_STEPS = 2  # the sliders move in half points


def default_weights() -> dict[str, float]:
    return dict(next(f for f in Scenario.__dataclass_fields__.values()
                     if f.name == "criteria_weights").default_factory())  # type: ignore[misc]


def _editable(column: int) -> bool:
    """Columns: option, total, then one per criterion; the cost score is computed."""
    return 3 <= column < 2 + len(CRITERIA)


class ScoresModel(RowsModel):
    """Options x criteria; the non-cost scores are edited here and saved in the scenario."""

    def __init__(self, session: Session):
        super().__init__([])
        self.session = session

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and _editable(index.column()):
            return flags | Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            return self.columns[index.column()].value(self.rows[index.row()])
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not _editable(index.column()):
            return False
        number = fmt.parse_number(str(value)) if not isinstance(value, (int, float)) else value
        if number is None:
            return False
        criterion = CRITERIA[index.column() - 2]
        self.session.set_value(("options", index.row(), "scores", criterion), float(number),
                               tr("Score {0}").format(tr(CRITERION_LABELS[criterion])))
        return True


class DecisionPage(QWidget):
    pdf_requested = Signal()

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.sliders: dict[str, QSlider] = {}
        self.weight_labels: dict[str, QLabel] = {}
        weights_box = QGroupBox(tr("How much each criterion weighs (0 to 5)"))
        form = QFormLayout(weights_box)
        for criterion in CRITERIA:
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, 5 * WEIGHT_STEPS)
            slider.setPageStep(WEIGHT_STEPS)
            slider.setToolTip(tr(CRITERION_HELP[criterion]))
            value = QLabel()
            value.setMinimumWidth(30)
            slider.valueChanged.connect(
                lambda step, c=criterion, label=value: self._on_weight(c, step, label))
            line = QHBoxLayout()
            line.addWidget(slider, 1)
            line.addWidget(value)
            caption = QLabel(tr(CRITERION_LABELS[criterion]))
            caption.setToolTip(tr(CRITERION_HELP[criterion]))
            form.addRow(caption, line)
            self.sliders[criterion] = slider
            self.weight_labels[criterion] = value
        self.scores = ScoresModel(session)
        self.scores_view = table_view(self.scores, sortable=False)
        self.recommendation = QLabel()
        self.recommendation.setWordWrap(True)
        self.recommendation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recommendation.setAlignment(Qt.AlignmentFlag.AlignTop)
        scores_box = QGroupBox(tr("Scores 0 to 5 (double-click to change a non-cost score)"))
        QVBoxLayout(scores_box).addWidget(self.scores_view)
        advice = QGroupBox(tr("Recommendation"))
        advice_layout = QVBoxLayout(advice)
        advice_layout.addWidget(self.recommendation, 1)
        self.pdf = QPushButton(tr("Export the PDF proposal…"))
        self.pdf.setToolTip(tr("Summary, requirements, costs with charts, levers, criteria and "
                               "every assumption with its source and date (Ctrl+P)"))
        self.pdf.clicked.connect(self.pdf_requested.emit)
        advice_layout.addWidget(self.pdf, 0, Qt.AlignmentFlag.AlignRight)
        top = QHBoxLayout()
        top.addWidget(weights_box, 1)
        top.addWidget(advice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scores_box, 1)
        session.document_changed.connect(self._update_weights)
        self._update_weights()

    def _weights(self) -> dict[str, float]:
        stored = self.session.value(("criteria_weights",))
        return dict(stored) if stored is not None else default_weights()

    def _update_weights(self) -> None:
        weights = self._weights()
        for criterion, slider in self.sliders.items():
            slider.blockSignals(True)
            slider.setValue(round(weights.get(criterion, 0.0) * WEIGHT_STEPS))
            slider.blockSignals(False)
            self.weight_labels[criterion].setText(fmt.number(weights.get(criterion, 0.0), 1))

    def _on_weight(self, criterion: str, step: int, label: QLabel) -> None:
        weights = self._weights()
        weights[criterion] = step / WEIGHT_STEPS
        label.setText(fmt.number(weights[criterion], 1))
        self.session.set_value(("criteria_weights",), weights,
                               tr("Weight of {0}").format(tr(CRITERION_LABELS[criterion])))

    def set_plan(self, plan: Plan) -> None:
        columns = [Column(tr("Option"), lambda row: row[0]),
                   Column(tr("Weighted total"), lambda row: row[1],
                          lambda v: fmt.number(v, 2) if v is not None else "—", numeric=True)]
        for criterion in CRITERIA:
            columns.append(Column(tr(CRITERION_LABELS[criterion]),
                                  lambda row, c=criterion: row[2].get(c),
                                  lambda v: fmt.number(v, 1) if v is not None else "—",
                                  numeric=True, tooltip=tr(CRITERION_HELP[criterion])))
        self.scores.columns = tuple(columns)
        self.scores.set_rows(plan.recommendation.scores)
        advice = plan.recommendation
        if advice.option is None:
            head = tr("No option can be recommended.")
        else:
            head = tr("Recommended: <b>{0}</b>").format(escape(advice.option))
        # Option names and reasons carry text from users and files: escaped, never markup.
        self.recommendation.setText(
            f"<p style='font-size:14pt'>{head}</p><ul>"
            + "".join(f"<li>{escape(core_text(reason))}</li>" for reason in advice.reasons)
            + "</ul>")
