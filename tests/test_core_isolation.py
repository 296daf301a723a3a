"""core/ never imports Qt or desktop (STYLE.md rule 1), checked in a fresh interpreter."""

import pkgutil
import subprocess
import sys

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
