"""Light and dark palettes (Fusion style), or the system's own."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def _dark() -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for item, colour in ((role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"),
                         (role.Base, "#1f1f1f"), (role.AlternateBase, "#2a2a2a"),
                         (role.ToolTipBase, "#3a3a3a"), (role.ToolTipText, "#f0f0f0"),
                         (role.Text, "#e6e6e6"), (role.Button, "#353535"),
                         (role.ButtonText, "#e6e6e6"), (role.BrightText, "#ff5555"),
                         (role.Highlight, "#2f6db5"), (role.HighlightedText, "#ffffff"),
                         (role.Link, "#6fb1ff"), (role.PlaceholderText, "#8c8c8c")):
        palette.setColor(item, QColor(colour))
    for item in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, item, QColor("#7a7a7a"))
    return palette


def apply_theme(app: QApplication, theme: str, system_style: str) -> None:
    """Use `theme` ('system', 'light' or 'dark') for every window of the app."""
    if theme == "system":
        app.setStyle(system_style)
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    app.setPalette(_dark() if theme == "dark" else app.style().standardPalette())
