"""The German UI reads German: every bundled example opened in German, every page and tab
visited, every visible text collected (labels, buttons, group boxes, table cells and headers,
list items, combo box entries, tooltips, chart titles, axes, legends and markers, menus), the
scenario's and catalog's own data taken out, and what is left must hold no English word."""

import dataclasses
import json
import re
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from core.costing.scenario import load_scenario
from core.hardware.gpus import gpu_catalog
from core.model.quant import ENGINES, KV_QUANTS, QUANTIZATIONS
from core.model.spec import model_catalog
from core.pricing.catalog import default_catalog
from core.resources import resource_dir
from desktop.i18n import install, ui_language
from desktop.window import APP_NAME, MainWindow

EXAMPLES = sorted((resource_dir() / "examples").glob("*.llmplan.json"))

# Words of English sentences that German text never holds (the common function words, then the
# English words the GUI showed before it was translated).
ENGLISH = {
    "the", "and", "of", "with", "per", "year", "years", "cheaper", "than", "which", "for",
    "from", "only", "carries", "servers", "requests", "request", "replica", "replicas",
    "instances", "tokens", "month", "months", "day", "days", "hour", "hours", "is", "are",
    "not", "at", "its", "this", "that", "each", "every", "when", "where", "into", "over",
    "under", "cost", "costs", "price", "prices", "saving", "savings", "cheapest", "unknown",
    "default", "none", "share", "load", "peak", "input", "output", "fits", "needs", "left",
    "options", "recommended", "because", "after", "before", "between", "without",
    "depreciation", "electricity", "maintenance", "staff", "purchase",
    "yes", "no", "or", "be", "by", "on", "it",
}
PLURAL_MARK = "(s)"


def _strings(value, found):
    """Every string value of a parsed JSON document (keys are field names, not shown)."""
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)
    return found


def user_data() -> list[str]:
    """What the UI shows as given: the examples' own text, the catalog's models, GPUs,
    quantizations, engines and price rows (names, providers, sources, regions), longest
    first so that a name is taken out before a shorter name inside it."""
    found: set[str] = {APP_NAME}
    for path in EXAMPLES:
        _strings(json.loads(path.read_text(encoding="utf-8")), found)
    for model in model_catalog():
        found.update((model.id, model.name))
    for gpu in gpu_catalog():
        found.update((gpu.id, gpu.name))
    found.update((*QUANTIZATIONS, *ENGINES, *KV_QUANTS))
    catalog = default_catalog()
    for rows in (catalog.api, catalog.cloud, catalog.energy, catalog.hardware):
        for row in rows:
            for item in dataclasses.fields(row):
                value = getattr(row, item.name)
                if isinstance(value, str):
                    found.add(value)
    found.add(catalog.rates_source)
    found = {" ".join(text.split()) for text in found}
    return sorted((text for text in found if len(text) > 1), key=len, reverse=True)


def english_words(text: str, data: list[str]) -> list[str]:
    """The English words of `text` once the user's and the catalog's data is taken out."""
    text = " ".join(text.split())  # a name over two lines (a column header) is the name
    for item in data:
        if item in text:
            text = text.replace(item, " ")
    # paths and identifiers ('resources/catalog/prices.json', 'gpus_per_server') name files
    # and fields, in any language
    text = re.sub(r"\S*[/_`]\S*", " ", text)
    # a hyphenated compound is one German word ('On-Prem', 'Mixture-of-Experts-Modelle')
    words = [word for word in re.findall(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*", text)
             if word.lower() in ENGLISH]
    return words + ([PLURAL_MARK] if PLURAL_MARK in text else [])


def _plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _model_texts(view: QAbstractItemView) -> list[str]:
    if isinstance(view, QListWidget):
        return [text for row in range(view.count()) for text in (
            view.item(row).text(), view.item(row).toolTip())]
    model = view.model()
    if model is None:
        return []
    texts, root = [], QModelIndex()
    for column in range(model.columnCount(root)):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts.append(model.headerData(column, Qt.Orientation.Horizontal, role))
        for row in range(model.rowCount(root)):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                texts.append(model.data(index, role))
    return [text for text in texts if isinstance(text, str)]


def _chart_texts(chart) -> list[str]:
    item = chart.getPlotItem()
    texts = [item.titleLabel.text]
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        texts.append(axis.labelText)
        for level in axis._tickLevels or []:  # ticks given as text (the tornado's inputs)
            texts.extend(label for _, label in level)
    for _, label in chart.legend.items:
        texts.append(label.text)
    for piece in item.items:
        if isinstance(piece, pg.InfiniteLine) and piece.label is not None:
            texts.append(piece.label.toPlainText())
    return texts


def widget_texts(widget: QWidget) -> list[str]:
    """What one widget shows: its own text, its entries and its tooltip."""
    texts = [widget.toolTip()]
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    if isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    if isinstance(widget, QPlainTextEdit):
        texts += [widget.toPlainText(), widget.placeholderText()]
    if isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QSpinBox):
        texts += [widget.prefix(), widget.suffix()]
    if isinstance(widget, QAbstractSpinBox):
        texts.append(widget.text())
    if isinstance(widget, QTabWidget):
        texts += [widget.tabText(i) for i in range(widget.count())]
        texts += [widget.tabToolTip(i) for i in range(widget.count())]
    if isinstance(widget, QDockWidget):
        texts.append(widget.windowTitle())
    if isinstance(widget, QAbstractItemView):
        texts += _model_texts(widget)
    if isinstance(widget, pg.PlotWidget):
        texts += _chart_texts(widget)
    return [_plain(text) for text in texts if text]


def visible_texts(window: MainWindow) -> set[str]:
    QApplication.processEvents()
    texts = set()
    for widget in [window, *window.findChildren(QWidget)]:
        if widget.isVisible():
            texts.update(widget_texts(widget))
    menus = [action.menu() for action in window.menuBar().actions()]
    while menus:
        menu = menus.pop()
        if isinstance(menu, QMenu):
            texts.add(menu.title())
            for action in menu.actions():
                texts.update(filter(None, (action.text(), action.toolTip())))
                menus.append(action.menu())
    return texts


def visit(window: MainWindow) -> set[str]:
    """Every page, every tab of the costs page, every option's form, every catalog kind."""
    texts = set()
    for page in window.pages.values():
        window.tabs.setCurrentWidget(page)
        texts |= visible_texts(window)
    costs = window.pages["costs"]
    window.tabs.setCurrentWidget(costs)
    for index in range(costs.tabs.count()):
        costs.tabs.setCurrentIndex(index)
        if costs.tabs.currentWidget() is not None:
            for option in range(max(1, costs.tornado_option.count())):
                costs.tornado_option.setCurrentIndex(option)
                texts |= visible_texts(window)
    options = window.pages["options"]
    window.tabs.setCurrentWidget(options)
    for row in range(options.list.count()):
        options.list.setCurrentRow(row)
        texts |= visible_texts(window)
    catalog = window.pages["catalog"]
    window.tabs.setCurrentWidget(catalog)
    for index in range(catalog.kind.count()):
        catalog.kind.setCurrentIndex(index)
        texts |= visible_texts(window)
    return texts


@pytest.fixture
def german(qtbot, tmp_path):
    app = QApplication.instance()
    loaded = install(app, "de")
    assert loaded, "resources/translations/llmplan_de.qm is missing: run `make setup`"
    window = MainWindow(tmp_path / "llmplan.db", start=False)
    window.resize(1600, 1000)
    window.show()
    window.finish_start()
    yield window
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    for translator in loaded:
        app.removeTranslator(translator)
    install(app, "en")


def _english(texts: set[str], data: list[str]) -> dict[str, list[str]]:
    return {text: words for text in sorted(texts)
            if (words := english_words(text, data))}


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name.split(".")[0] for path in EXAMPLES])
def test_every_page_of_every_example_reads_german(german, path):
    assert ui_language() == "de"
    name = load_scenario(path).name
    assert name in german.scenario_list.names()  # the bundled examples are in a fresh store
    german.open_scenario(name, ask=False)
    german.session.recompute()
    assert german.session.plan is not None and german.session.plan.scenario == name
    english = _english(visit(german), user_data())
    assert not english, "English in the German UI:\n" + "\n".join(
        f"  {words}: {text!r}" for text, words in english.items())


def test_the_check_finds_an_english_sentence_and_passes_german_and_user_data():
    data = user_data()
    # core.costing.costs' capacity sentence, as it read before issue 24
    assert english_words("4 replica(s) of 2 GPU(s)", data) == ["replica", "of", PLURAL_MARK]
    assert english_words("cheaper than the API per year", data) == [
        "cheaper", "than", "the", "per", "year"]
    assert english_words("OpenAI GPT-4o ist ab 1.234 Anfragen/Tag günstiger", data) == []
    # support-assistant.llmplan.json: an option named in English is the user's text
    assert english_words("Kosten von On-prem 8x H100 (Llama 3.1 70B)", data) == []


def test_the_check_sees_an_english_label_on_a_visible_page(german):
    german.session.recompute()  # the first plan is shown: nothing redraws the label after this
    german.tabs.setCurrentWidget(german.pages["decision"])
    german.pages["decision"].recommendation.setText("<ul><li>cheapest per year</li></ul>")
    english = _english(visible_texts(german), user_data())
    assert [words for text, words in english.items() if "cheapest per year" in text] == [
        ["cheapest", "per", "year"]]


def test_plurals_read_right_in_german(german):
    from desktop.i18n import trn

    # texts of desktop/page_catalog.py and desktop/page_hardware.py
    assert trn("%Ln day", "%Ln days", 1) == "1 Tag"
    assert trn("%Ln day", "%Ln days", 1200) == "1.200 Tage"
    assert trn("%Ln GPU", "%Ln GPUs", 1) == "1 GPU"
    assert trn("%Ln GPU", "%Ln GPUs", 8) == "8 GPUs"
    hardware = german.pages["hardware"]
    hardware.concurrency.setValue(1)
    assert hardware.concurrency.text() == "1 Anfrage"
    hardware.concurrency.setValue(2)
    assert hardware.concurrency.text() == "2 Anfragen"


def test_plurals_read_right_in_english():
    from desktop.i18n import trn

    assert ui_language() == "en"
    assert trn("%Ln day", "%Ln days", 1) == "1 day"
    assert trn("%Ln day", "%Ln days", 1200) == "1,200 days"


def test_example_files_are_found():
    # resources/examples holds the four bundled examples (window.EXAMPLES)
    assert len(EXAMPLES) == 4
    assert all(Path(path).is_file() for path in EXAMPLES)
