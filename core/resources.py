"""Where bundled resources live, from a source checkout or a PyInstaller bundle."""

import json
import sys
from pathlib import Path
from typing import Any

from core.errors import InputError


def resource_dir() -> Path:
    """The resources/ folder: next to core/ in a checkout, under _MEIPASS in a bundle."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def load_json(path: Path) -> Any:
    """Read a JSON file, turning a missing or malformed file into an InputError.

    Raises:
        InputError: the file cannot be read or is not valid JSON.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path} is not valid JSON: {error}") from error
