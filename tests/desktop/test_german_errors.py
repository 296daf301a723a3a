"""A refusal of core is shown under its field in the UI's language: the German app says why a
negative price is refused, in German, under the price it is about, and names the field by its
German label; the banner says it too (issue 24)."""

import pytest
from PySide6.QtWidgets import QApplication

from desktop.fields import NumberEdit, at_field
from desktop.i18n import install, ui_language
from desktop.window import MainWindow

SUPPORT = "Support assistant: Llama 3.1 70B, API vs cloud vs on-prem"
PRICE = ("options", 0, "price_in_per_m")  # OpenAI GPT-4o, an API option, in SUPPORT


@pytest.fixture
def german(qtbot, tmp_path):
    app = QApplication.instance()
    loaded = install(app, "de")
    assert loaded, "resources/translations/llmplan_de.qm is missing: run `make setup`"
    window = MainWindow(tmp_path / "llmplan.db", start=False)
    window.show()
    window.finish_start()
    window.open_scenario(SUPPORT, ask=False)
    yield window
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    for translator in loaded:
        app.removeTranslator(translator)
    install(app, "en")


def _price_fields(window):
    page = window.pages["options"]
    window.tabs.setCurrentWidget(page)
    page.list.setCurrentRow(0)
    return {editor.path: editor for editor in page.findChildren(NumberEdit)}


def test_a_negative_price_is_refused_in_german_under_its_field(qtbot, german):
    assert ui_language() == "de"
    fields = _price_fields(german)
    price = fields[PRICE]
    plan = german.session.plan
    price.setFocus()
    price.selectAll()
    qtbot.keyClicks(price, "-3")
    # core.costing.scenario declares price_in_per_m with low=0; 'Eingabepreis' is the German
    # label of 'Input price' (resources/translations/llmplan_de.ts)
    assert price.error.text() == \
        "Eingabepreis: -3 ist nicht erlaubt; der Wert muss mindestens 0 sein"
    assert not price.error.isHidden()
    # only the field the refusal is about shows it
    others = [editor for path, editor in fields.items() if path != PRICE]
    assert others and all(editor.error.isHidden() for editor in others)
    # the session finds the field by the English path; the banner and dialogs read German
    assert german.session.problem == (
        "options[0].price_in_per_m",
        "options[0].price_in_per_m: -3 ist nicht erlaubt; der Wert muss mindestens 0 sein")
    assert "ist nicht erlaubt" in german.banner.text()
    assert german.session.plan is plan
    price.selectAll()
    qtbot.keyClicks(price, "2,5")
    assert price.error.isHidden() and not german.session.problem[1]


def test_a_refusal_about_another_path_keeps_its_path():
    assert at_field("options[0].scores.x: unknown criterion", "options[0].scores", "Scores") \
        == "options[0].scores.x: unknown criterion"
    assert at_field("options[0].gpu: gone", "options[0].gpu", "GPU") == "GPU: gone"
