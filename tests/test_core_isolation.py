"""core/ never imports Qt or desktop (STYLE.md rule 1), checked in a fresh interpreter."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import core


def test_importing_every_core_module_loads_no_qt_or_desktop():
    # a __main__ runs the CLI when imported; core.cli covers its imports
    modules = [info.name for info in pkgutil.walk_packages(core.__path__, "core.")
               if not info.name.endswith("__main__")]
    assert "core.serving.fit" in modules and "core.cli.commands" in modules
    assert "core.hardware.probe.nvml" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'desktop', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=True)
    assert completed.stdout.strip() == ""


def test_fit_and_cost_from_the_command_line_never_load_the_database_library():
    # SQLAlchemy/SQLModel take most of the CLI's start-up; only commands that open the
    # database (or a profile saved in it) may load them.
    script = (
        "import sys\n"
        "from core.cli import main\n"
        "main(['fit', '--model', 'meta-llama/Llama-3.1-8B', '--gpu', 'h100-sxm', '--json'])\n"
        "main(['cost', 'resources/examples/seed-case-a.llmplan.json', '--json'])\n"
        "print(','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('sqlalchemy', 'sqlmodel'))), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               check=True, cwd=Path(__file__).parents[1])
    assert completed.stderr.strip() == ""
