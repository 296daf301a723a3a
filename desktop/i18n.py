"""English and German UI: one translation context, Qt's .qm files, the locale for figures, and
core's messages rendered in the UI's language."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.i18n.message import Arg
from core.i18n.render import LANGUAGES as CORE_LANGUAGES
from core.i18n.render import render
from core.resources import resource_dir

CONTEXT = "llmplan"
LANGUAGES = {"en": "English", "de": "Deutsch"}
_language = ["en"]  # the UI's language, set by `install`


def ui_language() -> str:
    """The language the UI was started in ('en', 'de')."""
    return _language[0]


def tr(text: str) -> str:
    """`text` in the UI language (the English text when no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text)


def trn(singular: str, plural: str, count: int) -> str:
    """A text with a count in the plural form the UI language needs for it: '%Ln' (or '%n')
    stands for the count, in the locale's format ('1 Anfrage', '1.200 Anfragen'). The .ts holds
    the German forms under the singular as its source (`numerus="yes"`)."""
    if ui_language() == "en":
        text = singular if count == 1 else plural
    else:
        text = QCoreApplication.translate(CONTEXT, singular, None, count)
    return text.replace("%Ln", QLocale().toString(int(count))).replace("%n", str(count))


def core_text(value: Arg | None) -> str:
    """A sentence or label from core (a message, or text shown as given) in the UI language."""
    return render(value, ui_language())


def unique_name(base: str, taken: list[str]) -> str:
    """`base`, or `base (2)`, `base (3)`... the first not in `taken`."""
    name, number = base, 2
    while name in taken:
        name, number = f"{base} ({number})", number + 1
    return name


def N_(text: str) -> str:
    """Marks a text for translation where it is defined; `tr` translates it where shown."""
    return text


def translations_dir() -> Path:
    return resource_dir() / "translations"


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the app's and Qt's own translations for `language` ('en', 'de'), make its locale
    the default for numbers, dates and money, and render core's messages in it. Returns the
    translators (keep them)."""
    language = language if language in CORE_LANGUAGES else "en"
    _language[0] = language
    locale = QLocale(language)
    QLocale.setDefault(locale)
    loaded = []
    for name, folder in ((f"llmplan_{language}", str(translations_dir())),
                         (f"qtbase_{language}",
                          QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded

KIND_LABELS = {"api": N_("Pay-per-token API"), "cloud": N_("Cloud GPUs"),
               "onprem": N_("On-prem servers"), "hybrid": N_("Hybrid: base + overflow")}
