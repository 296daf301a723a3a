"""The main window on the support-assistant example, shared by the desktop tests."""

import pytest

from desktop.window import MainWindow

SUPPORT = "Support assistant: Llama 3.1 70B, API vs cloud vs on-prem"


@pytest.fixture
def window(qtbot, tmp_path):
    window = MainWindow(tmp_path / "llmplan.db", start=False)
    window.show()
    window.finish_start()
    window.open_scenario(SUPPORT, ask=False)
    yield window
    window.session.undo_stack.setClean()  # closing asks about unsaved edits otherwise
    window.close()
    window.deleteLater()
