"""The desktop window opens on the bundled defaults."""

from desktop.app import APP_NAME, MainWindow


def test_main_window_shows_the_catalog_size(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == APP_NAME
    assert "19 models" in window.statusBar().currentMessage()
