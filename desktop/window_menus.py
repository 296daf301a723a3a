"""The main window's menus: File, Edit, View (theme, language) and Help, with their shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from desktop.i18n import LANGUAGES, tr
from desktop.team import edit_team, sync_with_team
from desktop.theme import THEMES

if TYPE_CHECKING:
    from desktop.window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File, Edit (filled once the session exists), View and Help."""
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("&File"))
    window.save_action = file_menu.addAction(tr("&Save scenario"), window.save)
    window.save_action.setShortcut(QKeySequence.StandardKey.Save)
    new = file_menu.addAction(tr("&New scenario"), window.new_scenario)
    new.setShortcut(QKeySequence.StandardKey.New)
    file_menu.addSeparator()
    imported = file_menu.addAction(tr("&Import scenario file…"), window.import_scenario)
    imported.setShortcut(QKeySequence.StandardKey.Open)
    exported = file_menu.addAction(tr("&Export scenario file…"), window.export_scenario)
    exported.setShortcut(QKeySequence("Ctrl+E"))
    csv_action = file_menu.addAction(tr("Export this &table as CSV…"), window.export_csv)
    csv_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
    pdf_action = file_menu.addAction(tr("Export the &PDF proposal…"), window.export_pdf)
    pdf_action.setShortcut(QKeySequence.StandardKey.Print)
    file_menu.addSeparator()
    file_menu.addAction(tr("Team &database…"), lambda: edit_team(window))
    file_menu.addAction(tr("S&ync with team database"), lambda: sync_with_team(window))
    file_menu.addSeparator()
    quit_action = file_menu.addAction(tr("&Quit"), window.close)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    window.edit_menu = bar.addMenu(tr("&Edit"))
    view_menu = bar.addMenu(tr("&View"))
    theme_menu = view_menu.addMenu(tr("&Theme"))
    group = QActionGroup(window)
    chosen = str(window.settings.value("theme", "system"))
    for theme, label in zip(THEMES, (tr("System"), tr("Light"), tr("Dark")), strict=True):
        action = QAction(label, window, checkable=True, checked=theme == chosen)
        action.triggered.connect(lambda _=False, t=theme: window.set_theme(t))
        group.addAction(action)
        theme_menu.addAction(action)
    language_menu = view_menu.addMenu(tr("&Language (after a restart)"))
    languages = QActionGroup(window)
    current = str(window.settings.value("language", "en"))
    for code, label in LANGUAGES.items():
        action = QAction(label, window, checkable=True, checked=code == current)
        action.triggered.connect(lambda _=False, c=code: window._set_language(c))
        languages.addAction(action)
        language_menu.addAction(action)
    help_menu = bar.addMenu(tr("&Help"))
    help_menu.addAction(tr("&About"), window._on_about)


def build_edit_menu(window: MainWindow) -> None:
    """Undo and redo of the session's edits."""
    undo = window.session.undo_stack.createUndoAction(window, tr("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.session.undo_stack.createRedoAction(window, tr("&Redo"))
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    window.edit_menu.addAction(undo)
    window.edit_menu.addAction(redo)
