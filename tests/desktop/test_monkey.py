"""The window driven through every editable widget of every page, for every bundled example, as
a user's signals would arrive: each combo entry, empty, zero, negative, huge and non-numeric
text, each check box, options added, duplicated and removed, undo and redo after each step.

A crash ends the run (faulthandler names the step); an exception in a slot, a critical Qt
message or an error dialog fails it. A wrong value is not a failure: it must show as a message
under its field, never as a dialog."""

import json
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from shiboken6 import isValid

from core.resources import resource_dir
from desktop.window import EXAMPLES, MainWindow

NUMBERS = ("", "0", "-1", "1e308", "abc", "0,5", "0.5", "3")
TEXTS = ("", "x", "<b>bold</b> & <img src=x>", "é" * 300)


@dataclass
class Monkey:
    window: MainWindow
    problems: list[str] = field(default_factory=list)
    step: str = ""
    steps: int = 0

    def settle(self) -> None:
        """Let queued signals and the recompute and table timers run now, then look for error
        dialogs."""
        QApplication.processEvents()
        session = self.window.session
        if session.pending:
            session.recompute()
        hardware = self.window.pages["hardware"]
        if hardware._timer.isActive():
            hardware.update_table()
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.problems.append(f"{self.step}: dialog '{widget.windowTitle()}': "
                                     f"{widget.text()}")
                widget.close()
                widget.deleteLater()

    def act(self, step: str, action) -> None:
        """One user step, then undo and redo of it."""
        self.step = step
        self.steps += 1
        action()
        self.settle()
        stack = self.window.session.undo_stack
        if stack.canUndo():
            self.step = f"{step}, undone"
            stack.undo()
            self.settle()
            self.step = f"{step}, redone"
            stack.redo()
            self.settle()

    def restore(self, index: int) -> None:
        self.window.session.undo_stack.setIndex(index)
        self.settle()


def _editables(root: QWidget) -> list[QWidget]:
    """The widgets a user can change, in the order they are laid out."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(),
                                                         (QComboBox, QAbstractSpinBox)):
            continue  # driven through its combo or spin box
        if isinstance(widget, (QComboBox, QLineEdit, QAbstractSpinBox, QCheckBox,
                               QRadioButton, QPlainTextEdit)):
            found.append(widget)
    return found


def _drive(monkey: Monkey, name: str, widget: QWidget) -> None:
    """Every value a user could give this widget, each followed by undo and redo."""
    if isinstance(widget, QComboBox):
        # The keyboard walks the entries the way a user does: Qt emits activated and then
        # textActivated from its own code, which is where a form rebuilt under the combo box
        # crashes.
        widget.setCurrentIndex(0)
        for index in range(widget.count()):
            def choose(index=index):
                if not isValid(widget):
                    return
                if index == 0:
                    widget.activated.emit(0)
                else:
                    QTest.keyClick(widget, Qt.Key.Key_Down)
            monkey.act(f"{name}: entry {index} '{widget.itemText(index)}'", choose)
            if not isValid(widget):
                return
        if widget.isEditable():
            for text in ("no such thing", ""):
                def typed(text=text):
                    if isValid(widget):
                        widget.setEditText(text)
                        widget.lineEdit().editingFinished.emit()
                monkey.act(f"{name}: typed '{text}'", typed)
    elif isinstance(widget, QLineEdit):
        for text in NUMBERS + TEXTS:
            def edit(text=text):
                if isValid(widget):
                    widget.setText(text)
                    widget.textEdited.emit(text)
                    widget.editingFinished.emit()
            monkey.act(f"{name}: '{text[:20]}'", edit)
    elif isinstance(widget, QPlainTextEdit):
        for text in (*TEXTS, "one\n\n  two  \n"):
            monkey.act(f"{name}: '{text[:20]}'", lambda text=text: isValid(widget)
                       and widget.setPlainText(text))
    elif isinstance(widget, QAbstractSpinBox):
        for value in (widget.minimum(), widget.maximum(), widget.value()):
            monkey.act(f"{name}: {value}", lambda value=value: isValid(widget)
                       and widget.setValue(value))
    elif isinstance(widget, QAbstractButton):
        for _ in range(2):
            monkey.act(f"{name}: clicked", lambda: isValid(widget) and widget.click())


def _walk(monkey: Monkey, label: str, root_of) -> None:
    """Drive each editable widget under root_of() in turn, back to the start state after each.
    The widgets are looked up again before each one: a step may rebuild the form."""
    start = monkey.window.session.undo_stack.index()
    position = 0
    while True:
        widgets = _editables(root_of())
        if position >= len(widgets):
            return
        widget = widgets[position]
        name = (f"{label} #{position} {type(widget).__name__} "
                f"{getattr(widget, 'path', '') or widget.objectName()}")
        _drive(monkey, name, widget)
        monkey.restore(start)
        position += 1


def _walk_options(monkey: Monkey, example: str) -> None:
    page = monkey.window.pages["options"]
    for row in range(page.list.count()):
        page.list.setCurrentRow(row)
        monkey.settle()
        _walk(monkey, f"{example} options[{row}]", lambda: page.form_area.widget())


def _add_and_remove(monkey: Monkey, example: str) -> None:
    window, page = monkey.window, monkey.window.pages["options"]
    catalog = window.session.catalog
    steps = (("add API", lambda: page.add_from_catalog("api", catalog.api[-1].id)),
             ("add cloud", lambda: page.add_from_catalog("cloud", catalog.cloud[0].id)),
             ("add on-prem", page.add_onprem),
             ("duplicate", page.duplicate_option),
             ("remove", page.remove.click),
             ("remove first", lambda: (page.list.setCurrentRow(0), page.remove.click())))
    for name, action in steps:
        monkey.act(f"{example}: {name} option", action)


@pytest.fixture
def monkey(qtbot, tmp_path, monkeypatch):
    messages: list[str] = []

    def on_message(kind, _context, text):
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            messages.append(text)

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    previous = qInstallMessageHandler(on_message)
    window = MainWindow(tmp_path / "llmplan.db", start=False)
    window.show()
    window.finish_start()
    monkey = Monkey(window)
    yield monkey
    qInstallMessageHandler(previous)
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    assert not messages, messages


# The insurer example is left out: its six options (a hybrid among them) recompute in about
# 0.2 s, which would make this sweep of every value of every field run for most of CI's time;
# its hybrid, owned and residency fields are driven in test_issue23_gui.py.
@pytest.mark.parametrize("example", [name for name in EXAMPLES if name != "insurer-hybrid"])
def test_every_widget_of_every_page_takes_every_value_without_a_crash_or_dialog(monkey,
                                                                               example):
    window = monkey.window
    path = resource_dir() / "examples" / f"{example}.llmplan.json"
    name = json.loads(path.read_text(encoding="utf-8"))["name"]
    window.open_scenario(name, ask=False)
    monkey.settle()
    assert window.session.name == name
    for key, page in window.pages.items():
        window.tabs.setCurrentWidget(page)
        monkey.settle()
        if key == "options":
            _walk_options(monkey, example)
            _add_and_remove(monkey, example)
        else:
            _walk(monkey, f"{example} {key}", lambda page=page: page)
    assert monkey.steps > 100
    assert not monkey.problems, "\n".join(monkey.problems[:20])


def test_new_and_duplicate_scenarios_open_without_a_dialog(monkey):
    window = monkey.window
    monkey.act("new scenario", window.new_scenario)
    assert window.session.valid and window.session.plan is not None
    new_name = window.session.name
    monkey.act("duplicate scenario", window.duplicate_scenario)
    assert window.session.name != new_name and window.session.valid
    assert not monkey.problems, "\n".join(monkey.problems)
