"""Input widgets bound to one field of the scenario document: they show its value, write edits
through the session (undoable), say what the field means and show the message when it is
wrong."""

from dataclasses import MISSING, fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.costing.ranges import is_range
from desktop import fmt
from desktop.i18n import N_, tr
from desktop.session import Path, Session, path_text, with_value

ERROR_STYLE = "color: #c0392b;"
INVALID_STYLE = "border: 1px solid #c0392b;"


def _plain(value: float) -> str:
    """A number without trailing zeros, in the locale's format."""
    if float(value).is_integer():
        return fmt.number(value, 0)
    return fmt.number(value, 6).rstrip("0").rstrip(fmt.locale().decimalPoint())


# The words a choice of the scenario is shown in (billing, when servers are switched on).
CHOICE_LABELS = {"on_demand": N_("on demand"), "service_hours": N_("service hours"),
                 "always_on": N_("always on")}


def choice_label(value: str) -> str:
    """A declared choice in words ('always_on' -> 'always on', 'immer an')."""
    return tr(CHOICE_LABELS[value]) if value in CHOICE_LABELS else value


def _numeric(item: Any) -> bool:
    """A number field (its type, a string under postponed annotations, names int or float)."""
    kind = item.type if isinstance(item.type, str) else getattr(item.type, "__name__", "")
    return ("int" in str(kind) or "float" in str(kind)) and "bool" not in str(kind)


def declaration_tooltip(cls: type, name: str, unit: str = "", label: str = "") -> str:
    """What a field means, its default and its accepted range, from its declaration, in the
    UI language (a field without a doc is named by its label)."""
    item = next((f for f in fields(cls) if f.name == name), None)  # type: ignore[arg-type]
    if item is None:
        return ""
    meta = item.metadata
    parts = [tr(meta["doc"]) if meta.get("doc") else (label or name.replace("_", " "))]
    default = item.default
    if default is not MISSING and default not in ("", None) \
            and isinstance(default, (int, float, str)) and not isinstance(default, bool):
        shown = _plain(default) if isinstance(default, (int, float)) else choice_label(default)
        parts.append(tr("Default: {0}").format(f"{shown} {unit}".rstrip()))
    elif default is None:
        parts.append(tr("Empty: unknown or not used (never counted as 0)"))
    low, high = meta.get("low"), meta.get("high")
    if meta.get("choices"):
        parts.append(tr("Accepted: {0}").format(
            ", ".join(choice_label(choice) for choice in meta["choices"])))
    elif (low is not None or high is not None) and _numeric(item):
        bounds = []
        if low is not None:
            bounds.append((tr("above {0}") if meta.get("low_open") else tr("from {0}"))
                          .format(_plain(low)))
        if high is not None:
            bounds.append(tr("up to {0}").format(_plain(high)))
        parts.append(tr("Accepted: {0}").format(" ".join(bounds)))
    return "\n".join(parts)


def compact(box: QComboBox, characters: int) -> None:
    """A combo box of a modest width: a long entry (a model's full name) widens its popup,
    not the form, so a page never needs a horizontal scroll bar."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)


def number_width(widget: QWidget) -> int:
    """Room for '1.234.567,89' or a placeholder such as 'default 0.95' and the clear button."""
    return widget.fontMetrics().horizontalAdvance("0" * 14) + 24


def at_field(message: str, path: str, label: str) -> str:
    """A refusal as shown under its field: the field's label in place of the path the
    message starts with ('options[0].price_in_per_m: -3 ...' -> 'Input price: -3 ...')."""
    head = f"{path}: "
    if label and message.startswith(head):
        return f"{label}: {message[len(head):]}"
    return message


class _Bound:
    """What every bound widget does: register its path and show the session's message."""

    label = ""  # the field's label in the form (add_row sets it): the message names it

    def _bind(self, session: Session, path: Path, error: QLabel) -> None:
        self.session, self.path, self.error = session, path, error
        self._path_text = path_text(path)
        session.register_field(path)
        session.document_changed.connect(self._on_document)
        session.problem_changed.connect(self._on_problem)

    def _show_error(self, message: str) -> None:
        widget: Any = self
        self.error.setText(message)
        self.error.setVisible(bool(message))
        widget.setStyleSheet(INVALID_STYLE if message else "")

    def _on_problem(self, path: str, message: str) -> None:
        self._show_error(at_field(message, path, self.label) if path == self._path_text
                         else "")

    def _on_document(self) -> None:
        raise NotImplementedError


class NumberEdit(QLineEdit, _Bound):
    """A number in the locale's format; empty means the field's default (or unknown)."""

    def __init__(self, session: Session, path: Path, error: QLabel, integer: bool = False,
                 required: bool = False, default: Any = None):
        super().__init__()
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            self.setPlaceholderText(tr("default {0}").format(_plain(default)))
        else:
            self.setPlaceholderText(tr("not set"))
        self._own_placeholder = self.placeholderText()
        self.inherited: float | None = None  # what a catalog entry gives the empty field
        self._integer, self._required = integer, required
        self.setMinimumWidth(number_width(self))
        self._bind(session, path, error)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setClearButtonEnabled(not required)
        self.textEdited.connect(self._on_edited)
        self._on_document()

    def _on_edited(self, text: str) -> None:
        if not text.strip():
            if self._required:
                self._show_error(tr("Give a number here."))
                return
            self.session.set_value(self.path, None)
            return
        value = fmt.parse_number(text)
        if value is None:
            self._show_error(tr("'{0}' is not a number.").format(text))
            return
        if self._integer and value == int(value):
            value = int(value)
        self.session.set_value(self.path, with_likely(self.session.value(self.path), value))

    def _on_document(self) -> None:
        value = likely(self.session.value(self.path))
        if self.hasFocus() and fmt.parse_number(self.text()) == value:
            return
        if value is None:
            self.setText("")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.setText(_plain(value))
        else:
            self.setText(str(value))

    def show_inherited(self, value: Any, origin: str) -> None:
        """Show, greyed while the field is empty, the value another source gives it."""
        self.inherited = value if isinstance(value, (int, float)) else None
        if value is None:
            self.setPlaceholderText(self._own_placeholder)
            return
        # Four decimals: a price converted from another currency (2.401306) reads 2.4013.
        shown = _plain(round(value, 4)) if isinstance(value, (int, float)) else str(value)
        self.setPlaceholderText(tr("{0} from the catalog").format(shown))
        self.setToolTip(origin)


class TextEdit(QLineEdit, _Bound):
    def __init__(self, session: Session, path: Path, error: QLabel, optional: bool = False):
        super().__init__()
        self._optional = optional
        self._bind(session, path, error)
        self.textEdited.connect(self._on_edited)
        self._on_document()

    def _on_edited(self, text: str) -> None:
        self.session.set_value(self.path, None if self._optional and not text else text)

    def _on_document(self) -> None:
        value = self.session.value(self.path)
        if self.text() != (value or ""):
            self.setText(value or "")
            if not self.hasFocus():
                self.setCursorPosition(0)  # a long text shows its beginning, not its end

    def show_inherited(self, value: Any, origin: str) -> None:
        self.setPlaceholderText("" if value is None else
                                tr("{0} (from the catalog)").format(value))
        self.setToolTip(origin)


class ChoiceEdit(QComboBox, _Bound):
    """One of a list of (label, value); with editable=True any text is taken too."""

    def __init__(self, session: Session, path: Path, error: QLabel,
                 choices: list[tuple[str, Any]], editable: bool = False, default: Any = None):
        super().__init__()
        self._default = default
        self._empty_label: str | None = None  # the empty entry's own text, once replaced
        compact(self, 16)
        self.setEditable(editable)
        self._bind(session, path, error)
        self.set_choices(choices)
        self.activated.connect(self._on_activated)
        if editable:
            self.lineEdit().editingFinished.connect(self._on_typed)

    def set_choices(self, choices: list[tuple[str, Any]]) -> None:
        self.blockSignals(True)
        self.clear()
        for label, value in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self._on_document()

    def show_inherited(self, value: Any, origin: str) -> None:
        """Name, in the entry that leaves the field empty, what fills it instead."""
        index = self.findData(self._default)
        if index < 0:
            return
        if self._empty_label is None:
            self._empty_label = self.itemText(index)
        self.setItemText(index, self._empty_label if value is None else
                         tr("{0} (from the catalog)").format(value))
        self.setToolTip(origin)

    def _on_activated(self, index: int) -> None:
        value = self.itemData(index)
        self.session.set_value(self.path, None if value == self._default else value)

    def _on_typed(self) -> None:
        text = self.currentText().strip()
        index = self.findText(text)
        value = self.itemData(index) if index >= 0 else (text or None)
        self.session.set_value(self.path, value)

    def _on_document(self) -> None:
        value = self.session.value(self.path)
        if value is None:
            value = self._default
        index = self.findData(value)
        if index < 0 and value is not None:
            if self.isEditable():
                self.setEditText(str(value))
                return
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(index)


class CheckEdit(QCheckBox, _Bound):
    def __init__(self, session: Session, path: Path, error: QLabel, default: bool):
        super().__init__()
        self._default = default
        self._bind(session, path, error)
        self.toggled.connect(self._on_toggled)
        self._on_document()

    def _on_toggled(self, checked: bool) -> None:
        self.session.set_value(self.path, None if checked == self._default else checked)

    def _on_document(self) -> None:
        value = self.session.value(self.path)
        self.blockSignals(True)
        self.setChecked(self._default if value is None else bool(value))
        self.blockSignals(False)


class LinesEdit(QPlainTextEdit, _Bound):
    """A list of short texts (the scenario's notes), one per line; blank lines are dropped."""

    def __init__(self, session: Session, path: Path, error: QLabel):
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlaceholderText(tr("One note per line: assumptions, open questions, sources."))
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self._bind(session, path, error)
        self.textChanged.connect(self._on_edited)
        self._on_document()

    def _lines(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def _on_edited(self) -> None:
        stored = list(self.session.value(self.path) or [])
        lines = self._lines()
        if lines != stored:
            self.session.set_value(self.path, lines or None)

    def _on_document(self) -> None:
        lines = list(self.session.value(self.path) or [])
        if self._lines() == lines:  # typing a new line or a space changes nothing stored
            return
        self.blockSignals(True)
        self.setPlainText("\n".join(lines))
        self.blockSignals(False)


class ModelEdit(QWidget, _Bound):
    """An option's own model (model and quantization), or none: it runs the scenario's."""

    def __init__(self, session: Session, path: Path, error: QLabel,
                 models: list[tuple[str, Any]], quants: list[tuple[str, Any]]):
        super().__init__()
        self.model, self.quant = QComboBox(), QComboBox()
        for box, choices in ((self.model, models), (self.quant, quants)):
            compact(box, 10)
            for label, value in choices:
                box.addItem(label, value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.model, 3)
        layout.addWidget(self.quant, 1)
        self._bind(session, path, error)
        session.register_field((*path, "id"))
        session.register_field((*path, "quant"))
        self.model.activated.connect(self._write)
        self.quant.activated.connect(self._write)
        self._on_document()

    def _write(self) -> None:
        model_id = self.model.currentData()
        if model_id is None:
            self.session.set_value(self.path, None)
            return
        chosen = dict(self.session.value(self.path) or {})
        chosen.update(id=model_id, quant=self.quant.currentData())
        self.session.set_value(self.path, chosen)

    def _on_problem(self, path: str, message: str) -> None:
        self._show_error(at_field(message, path, self.label)
                         if path.startswith(self._path_text) else "")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _on_document(self) -> None:
        chosen = self.session.value(self.path) or {}
        index = self.model.findData(chosen.get("id"))
        self.model.setCurrentIndex(max(0, index))
        quant = self.quant.findData(chosen.get("quant", "bf16"))
        self.quant.setCurrentIndex(max(0, quant))
        self.quant.setEnabled(chosen.get("id") is not None)


class EitherEdit(QWidget, _Bound):
    """A figure given in one of two keys (requests per hour or per day, tokens or words):
    the unit box picks the key, the number goes there and the other key is removed."""

    def __init__(self, session: Session, parent_path: Path, keys: tuple[str, str],
                 units: tuple[str, str], error: QLabel):
        super().__init__()
        self._keys, self._parent_path = keys, parent_path
        self.number = QLineEdit(alignment=Qt.AlignmentFlag.AlignRight)
        self.number.setMinimumWidth(number_width(self.number))
        self.unit = QComboBox()
        self.unit.addItems(list(units))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.unit)
        self._bind(session, (*parent_path, keys[0]), error)
        session.register_field((*parent_path, keys[1]))
        self._paths = tuple(path_text((*parent_path, key)) for key in keys)
        self.number.textEdited.connect(self._on_edited)
        self.unit.activated.connect(self._on_unit)
        self._on_document()

    def _key(self) -> str:
        return self._keys[self.unit.currentIndex()]

    def _write(self, value: float | None) -> None:
        document = self.session.document
        parent = dict(self.session.value(self._parent_path) or {})
        before = None
        for key in self._keys:
            before = parent.pop(key, None) if before is None else before
            parent.pop(key, None)
        if value is not None:
            number = int(value) if float(value).is_integer() else value
            parent[self._key()] = with_likely(before, number)
        self.session.replace_document(with_value(document, self._parent_path, parent),
                                      f"Edit {path_text((*self._parent_path, self._key()))}",
                                      merge_key=self._paths[0])

    def _on_edited(self, text: str) -> None:
        value = fmt.parse_number(text)
        if text.strip() and value is None:
            self._show_error(tr("'{0}' is not a number.").format(text))
            return
        self._write(value)

    def _on_unit(self) -> None:
        self._write(fmt.parse_number(self.number.text()))

    def _on_problem(self, path: str, message: str) -> None:
        self._show_error(at_field(message, path, self.label) if path in self._paths else "")

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.number.setStyleSheet(INVALID_STYLE if message else "")

    def _on_document(self) -> None:
        for index, key in enumerate(self._keys):
            value = likely(self.session.value((*self._parent_path, key)))
            if value is not None:
                self.unit.setCurrentIndex(index)
                if not (self.number.hasFocus()
                        and fmt.parse_number(self.number.text()) == value):
                    self.number.setText(fmt.number(value, 0 if float(value).is_integer() else 4))
                return
        if not self.number.hasFocus():
            self.number.setText("")


def likely(value: Any) -> Any:
    """A field's figure: the likely value of a range, else the value itself."""
    return value.get("likely") if is_range(value) else value


def with_likely(before: Any, value: Any) -> Any:
    """What a field holds once its figure is `value`: a range keeps its ends (an emptied
    field drops them)."""
    if value is not None and is_range(before):
        return {**before, "likely": value}
    return value


class RangePair(QWidget):
    """The low / high ends of a field's range, next to its figure (the likely value): a
    button shows the pair; both ends given make the field a range, both emptied a figure
    again. A range given in the file as a normal or lognormal is shown, not edited."""

    def __init__(self, session: Session, editor: NumberEdit | EitherEdit):
        super().__init__()
        self.session, self.editor = session, editor
        self.toggle = QToolButton(text="±", checkable=True)
        self.toggle.setToolTip(tr("Give a range (low and high) for this figure: the Monte "
                                  "Carlo run on the Costs page draws it between them"))
        self.toggle.setObjectName("rangeToggle")
        self.low, self.high = QLineEdit(), QLineEdit()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        for edit, words in ((self.low, tr("low")), (self.high, tr("high"))):
            edit.setPlaceholderText(words)
            edit.setToolTip(words)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setFixedWidth(max(60, number_width(edit) // 2))
            edit.textEdited.connect(self._on_edited)
            layout.addWidget(edit)
        self.toggle.toggled.connect(self._on_toggled)
        session.document_changed.connect(self._on_document)
        self._on_document()

    def _path(self) -> Path:
        editor = self.editor
        if isinstance(editor, EitherEdit):
            return (*editor._parent_path, editor._key())
        return editor.path

    def _on_toggled(self, shown: bool) -> None:
        for edit in (self.low, self.high):
            edit.setVisible(shown)
        if not shown and is_range(self.session.value(self._path())):
            self.session.set_value(self._path(), likely(self.session.value(self._path())),
                                   tr("Remove the range"))

    def _on_edited(self) -> None:
        path = self._path()
        current = self.session.value(path)
        ends = [fmt.parse_number(edit.text()) for edit in (self.low, self.high)]
        texts = [edit.text().strip() for edit in (self.low, self.high)]
        for edit, text, end in zip((self.low, self.high), texts, ends, strict=True):
            edit.setStyleSheet(INVALID_STYLE if text and end is None else "")
        if not any(texts):
            self.session.set_value(path, likely(current))
            return
        figure = likely(current)
        if figure is None and isinstance(self.editor, NumberEdit):
            figure = self.editor.inherited  # the catalog's price becomes the likely value
        if None in ends or figure is None:
            return  # both ends and the figure are needed: nothing written until then
        kept = {key: value for key, value in current.items() if key == "dist"} \
            if is_range(current) else {}
        low, high = (int(end) if end is not None and float(end).is_integer() else end
                     for end in ends)
        self.session.set_value(path, {"low": low, "likely": figure, "high": high, **kept})

    def _on_document(self) -> None:
        value = self.session.value(self._path())
        ranged = is_range(value)
        editable = not ranged or "sd" not in value
        for edit, key in ((self.low, "low"), (self.high, "high")):
            edit.setEnabled(editable)
            if not edit.hasFocus() and (ranged or not (self.low.hasFocus()
                                                       or self.high.hasFocus())):
                # the document's ends; an end typed alone stays while its pair is edited
                end = value.get(key) if ranged else None
                edit.setText(_plain(end) if isinstance(end, (int, float)) else "")
        if not editable and isinstance(value.get("sd"), (int, float)):
            self.setToolTip(tr("A {0} range with sd {1}: change it in the scenario file").format(
                value.get("dist", ""), _plain(value["sd"])))
        if ranged and not self.toggle.isChecked():
            self.toggle.blockSignals(True)
            self.toggle.setChecked(True)
            self.toggle.blockSignals(False)
        for edit in (self.low, self.high):
            edit.setVisible(self.toggle.isChecked())


def add_row(form: QFormLayout, label: str, editor: QWidget, error: QLabel, unit: str = "",
            tooltip: str = "", extra: QWidget | None = None) -> None:
    """One labelled row: the editor with its unit (and a range pair), and the message line
    under it."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    line = QHBoxLayout()
    line.addWidget(editor, 1)
    if extra is not None:
        line.addWidget(extra)
    if unit:
        unit_label = QLabel(unit)
        unit_label.setMinimumWidth(90)
        line.addWidget(unit_label)
    column.addLayout(line)
    column.addWidget(error)
    caption = QLabel(label)
    if isinstance(editor, _Bound):
        editor.label = label
    for widget in (caption, editor):
        widget.setToolTip(tooltip)
    form.addRow(caption, box)


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what the user typed
    label.setStyleSheet(ERROR_STYLE)
    label.setObjectName("fieldError")
    label.hide()
    return label


class FormBuilder:
    """Rows for one declared dataclass at `prefix` in the document, in a QFormLayout."""

    def __init__(self, session: Session, form: QFormLayout, cls: type, prefix: Path = ()):
        self.session, self.form, self.cls, self.prefix = session, form, cls, prefix
        self.editors: dict[str, QWidget] = {}

    def _default(self, name: str) -> Any:
        item = next(f for f in fields(self.cls) if f.name == name)  # type: ignore[arg-type]
        return None if item.default is MISSING else item.default

    def number(self, name: str, label: str, unit: str = "", integer: bool = False,
               required: bool = False) -> NumberEdit:
        error = error_label()
        editor = NumberEdit(self.session, (*self.prefix, name), error, integer, required,
                            self._default(name))
        self._add(name, label, editor, error, unit, RangePair(self.session, editor))
        return editor

    def text(self, name: str, label: str, optional: bool = False) -> TextEdit:
        error = error_label()
        editor = TextEdit(self.session, (*self.prefix, name), error, optional)
        self._add(name, label, editor, error)
        return editor

    def choice(self, name: str, label: str, choices: list[tuple[str, Any]], unit: str = "",
               editable: bool = False) -> ChoiceEdit:
        error = error_label()
        editor = ChoiceEdit(self.session, (*self.prefix, name), error, choices, editable,
                            self._default(name))
        self._add(name, label, editor, error, unit)
        return editor

    def check(self, name: str, label: str) -> CheckEdit:
        error = error_label()
        editor = CheckEdit(self.session, (*self.prefix, name), error,
                           bool(self._default(name)))
        self._add(name, label, editor, error)
        return editor

    def lines(self, name: str, label: str) -> LinesEdit:
        error = error_label()
        editor = LinesEdit(self.session, (*self.prefix, name), error)
        self._add(name, label, editor, error)
        return editor

    def model(self, name: str, label: str, models: list[tuple[str, Any]],
              quants: list[tuple[str, Any]]) -> ModelEdit:
        error = error_label()
        editor = ModelEdit(self.session, (*self.prefix, name), error, models, quants)
        self._add(name, label, editor, error)
        return editor

    def either(self, keys: tuple[str, str], label: str, units: tuple[str, str]) -> EitherEdit:
        error = error_label()
        editor = EitherEdit(self.session, self.prefix, keys, units, error)
        tooltip = "\n\n".join(declaration_tooltip(self.cls, key, label=label) for key in keys)
        add_row(self.form, label, editor, error, tooltip=tooltip,
                extra=RangePair(self.session, editor))
        self.editors[keys[0]] = editor
        return editor

    def _add(self, name: str, label: str, editor: QWidget, error: QLabel,
             unit: str = "", extra: QWidget | None = None) -> None:
        add_row(self.form, label, editor, error, unit,
                declaration_tooltip(self.cls, name, unit, label), extra)
        self.editors[name] = editor
