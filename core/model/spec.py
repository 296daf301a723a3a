"""A model as the planner knows it (its architecture, counts and their sources), and the bundled
model catalog, each entry built from its published config.json by the same reader as a user's
file."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from core.errors import InputError
from core.i18n.message import Text
from core.model.architecture import (
    Architecture,
    active_param_count,
    describe,
    mtp_param_count,
    param_count,
)
from core.model.config import read_config
from core.model.shipped import ShippedFormat
from core.resources import load_json, resource_dir

TASKS = ("generate", "classify")


@dataclass(frozen=True)
class ModelSpec:
    """A model: its layer-by-layer architecture, parameter counts and where they come from."""

    id: str
    name: str
    arch: Architecture
    shipped: ShippedFormat = field(default_factory=lambda: ShippedFormat("bf16", label="BF16"))
    # Published exact total of the served model; None means "count it from the architecture".
    params: int | None = None
    params_source: str = ""
    active_params_published: int | None = None
    active_params_source: str = ""
    license: str = ""
    # Set when the spec comes from a file whose tensors were counted (safetensors, GGUF).
    counted_params: int | None = None
    notes: tuple[Text, ...] = ()
    # Non-empty: sizes are estimates, for these reasons (a feature the planner does not model).
    estimate_reasons: tuple[Text, ...] = ()
    aliases: tuple[str, ...] = ()
    task: str = "generate"  # "classify": an encoder scoring or labelling whole texts
    released: str = ""  # YYYY-MM of the release

    @property
    def family(self) -> str:
        return self.arch.family

    @property
    def max_context(self) -> int:
        return self.arch.max_context

    @property
    def is_moe(self) -> bool:
        return self.arch.is_moe

    @property
    def exact(self) -> bool:
        return not self.estimate_reasons

    @cached_property
    def total_params(self) -> int:
        """The best known total: counted from a file, else published, else computed."""
        if self.counted_params is not None:
            return self.counted_params
        if self.params is not None:
            return self.params
        return param_count(self.arch)

    @cached_property
    def active_params(self) -> int:
        """Parameters one token uses, scaled to the best known total."""
        computed = param_count(self.arch)
        if not self.is_moe:
            return self.total_params
        return round(active_param_count(self.arch) * self.total_params / computed)

    @property
    def mtp_params(self) -> int:
        return mtp_param_count(self.arch)

    def summary(self) -> dict[str, Any]:
        """What a listing shows of the model (JSON-friendly, sentences in English)."""
        return {
            "id": self.id, "name": self.name, "family": self.family, "task": self.task,
            "params": self.total_params, "active_params": self.active_params,
            "params_source": self.params_source or "computed from the architecture",
            "max_context": self.max_context, "architecture": str(describe(self.arch)),
            "shipped": str(self.shipped.label), "license": self.license,
            "aliases": list(self.aliases), "released": self.released, "exact": self.exact,
            "estimate_reasons": [str(reason) for reason in self.estimate_reasons],
        }


def model_from_config(config: Any, model_id: str, source: str) -> ModelSpec:
    """A ModelSpec from a Hugging Face config.json's contents.

    Raises:
        InputError: the config lacks a required field or has a malformed one.
    """
    arch, reading = read_config(config, source)
    return ModelSpec(id=model_id, name=model_id, arch=arch, shipped=reading.shipped,
                     notes=tuple(reading.notes),
                     estimate_reasons=tuple(reading.estimate_reasons),
                     task="classify" if arch.encoder_only else "generate")


def _whole(record: Mapping[str, Any], key: str, where: str) -> int | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{where}: field '{key}' must be a positive whole number, got {value!r}")
    return value


def model_from_record(record: Mapping[str, Any], where: str = "model catalog") -> ModelSpec:
    """A catalog entry: its published config.json plus the published counts and their sources.

    Raises:
        InputError: a field is missing, of the wrong type, or the config is malformed.
    """
    model_id = record.get("id")
    if not isinstance(model_id, str) or not model_id:
        raise InputError(f"{where}: every model needs an 'id'")
    where = f"{where} entry {model_id}"
    config = record.get("config")
    if not isinstance(config, dict):
        raise InputError(f"{where}: field 'config' must be the model's config.json object")
    spec = model_from_config(config, model_id, where)
    task = str(record.get("task", spec.task))
    if task not in TASKS:
        raise InputError(f"{where}: task must be one of {', '.join(TASKS)}, got {task!r}")
    aliases = record.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError(f"{where}: aliases must be a list of ids")
    return ModelSpec(
        id=model_id, name=str(record.get("name", model_id)), arch=spec.arch,
        shipped=spec.shipped, params=_whole(record, "params", where),
        params_source=str(record.get("params_source", "")),
        active_params_published=_whole(record, "active_params", where),
        active_params_source=str(record.get("active_params_source", "")),
        license=str(record.get("license", "")), notes=spec.notes,
        estimate_reasons=spec.estimate_reasons, aliases=tuple(aliases), task=task,
        released=str(record.get("released", "")))


@cache
def model_catalog() -> tuple[ModelSpec, ...]:
    """The bundled model catalog, smallest model first."""
    path = resource_dir() / "catalog" / "models.json"
    document = load_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("models"), list):
        raise InputError(f"{path}: expected an object with a 'models' list")
    models = [model_from_record(record, str(path)) for record in document["models"]]
    return tuple(sorted(models, key=lambda model: model.total_params))


# Suffixes of fine-tuned variants that keep their base model's architecture.
_VARIANT = re.compile(r"[-_](instruct|it|chat|thinking|base|hf|pt)(?:[-_]?\d{4})?$|[-_]\d{4}$",
                      re.IGNORECASE)


def _keys(model_id: str) -> set[str]:
    lowered = model_id.strip().lower()
    return {lowered, lowered.split("/")[-1]}


@cache
def _index() -> dict[str, ModelSpec]:
    index: dict[str, ModelSpec] = {}
    for model in model_catalog():
        for name in (*model.aliases, model.id):
            for key in _keys(name):
                index[key] = model
    for model in model_catalog():  # base names of -Instruct/-it ids, where no model owns them
        for name in (*model.aliases, model.id):
            for key in _keys(_VARIANT.sub("", name)):
                index.setdefault(key, model)
    return index


def find_model(model_id: str) -> ModelSpec | None:
    """The catalog model with this Hugging Face id or alias (case-insensitive; the repo's
    owner may differ), or its base model for an -Instruct/-it/-Chat variant; else None."""
    index = _index()
    name = model_id.strip()
    for _ in range(3):
        for key in (name.lower(), name.lower().split("/")[-1]):
            if key in index:
                return index[key]
        shorter = _VARIANT.sub("", name)
        if shorter == name:
            break
        name = shorter
    return None
