"""Who the PDF proposal names, on which paper, in which language; remembered in QSettings."""

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from desktop.i18n import tr

PAPERS = (("a4", "A4"), ("letter", "US Letter"))
LANGUAGES = (("en", "English"), ("de", "Deutsch"))


def report_values(settings: QSettings) -> dict[str, Any]:
    """The report settings as ReportSettings takes them; the language follows the UI's."""
    return {"organisation": str(settings.value("report/organisation", "")),
            "author": str(settings.value("report/author", "")),
            "paper": str(settings.value("report/paper", "a4")),
            "language": str(settings.value("report/language",
                                           settings.value("language", "en")))}


class ReportDialog(QDialog):
    def __init__(self, parent: Any, settings: QSettings):
        super().__init__(parent)
        self.setWindowTitle(tr("PDF proposal"))
        self.settings = settings
        values = report_values(settings)
        self.organisation = QLineEdit(values["organisation"])
        self.author = QLineEdit(values["author"])
        self.paper = QComboBox()
        self.language = QComboBox()
        for box, choices, current in ((self.paper, PAPERS, values["paper"]),
                                      (self.language, LANGUAGES, values["language"])):
            for code, label in choices:
                box.addItem(label, code)
            box.setCurrentIndex(max(0, box.findData(current)))
        form = QFormLayout(self)
        form.addRow(tr("Organisation"), self.organisation)
        form.addRow(tr("Author"), self.author)
        form.addRow(tr("Paper"), self.paper)
        form.addRow(tr("Language of the proposal"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        self.settings.setValue("report/organisation", self.organisation.text().strip())
        self.settings.setValue("report/author", self.author.text().strip())
        self.settings.setValue("report/paper", self.paper.currentData())
        self.settings.setValue("report/language", self.language.currentData())
        super().accept()
