"""English and German UI: one translation context, Qt's .qm files, the locale for figures."""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.resources import resource_dir

CONTEXT = "llmplan"
LANGUAGES = {"en": "English", "de": "Deutsch"}


def tr(text: str) -> str:
    """`text` in the UI language (the English text when no translation is loaded)."""
    return QCoreApplication.translate(CONTEXT, text)


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
    """Load the app's and Qt's own translations for `language` ('en', 'de') and make its
    locale the default for numbers, dates and money. Returns the translators (keep them)."""
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
