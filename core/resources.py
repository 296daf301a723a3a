"""Where bundled resources live, from a source checkout or a PyInstaller bundle."""

import sys
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.files import json_document, read_bounded

# A model's config.json is a few kB; bundled catalogs are well under a MB.
MAX_JSON_BYTES = 16 * 1024 * 1024


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
        text = read_bounded(path, MAX_JSON_BYTES, "JSON file").decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path} is not UTF-8 text: {error.reason}") from error
    return json_document(text, str(path))
