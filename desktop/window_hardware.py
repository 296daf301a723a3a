"""What the window does with hardware: probe this machine or a server over SSH (off the UI
thread), open a profile file, run an option on the probed GPUs, and take a model from the
list of what fits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QInputDialog,
)

from core.errors import InputError
from desktop.i18n import tr, trn, unique_name
from desktop.worker import SlowTask, show_error

if TYPE_CHECKING:
    from core.hardware.profile import HardwareProfile

# The store (SQLAlchemy), the plan engine and pyqtgraph load after the first paint, so the
# window appears as fast as a bare one would; see `finish_start`.
from desktop.window_files import FileActions


class HardwareActions(FileActions):
    """The hardware actions of the main window."""

    def _take_profile(self, profile: HardwareProfile) -> None:
        if not profile.ok:
            show_error(self, tr("Probe"), tr("No GPU could be read: {0}").format(
                profile.message or profile.status))
            return
        self.pages["hardware"].set_profile(profile)
        self.tabs.setCurrentWidget(self.pages["hardware"])
        self.statusBar().showMessage(trn("Probed {0}: %Ln GPU", "Probed {0}: %Ln GPUs",
                                         len(profile.gpus)).format(profile.label), 8000)

    def probe_here(self, nvml: Any = None) -> SlowTask:
        from core.hardware.probe.local import probe_local

        return self._slow(tr("Reading this machine's GPUs…"), lambda: probe_local(nvml),
                          self._take_profile, tr("Probe this machine"))

    def probe_ssh(self, host: str | None = None) -> SlowTask | None:
        from core.hardware.probe.remote import probe_ssh

        if host is None:
            host, ok = QInputDialog.getText(
                self, tr("Probe a server over SSH"),
                tr("Host ([user@]name; your SSH keys and ~/.ssh/config are used):"),
                text=str(self.settings.value("last_ssh_host", "")))
            if not ok or not host.strip():
                return None
        self.settings.setValue("last_ssh_host", host)
        return self._slow(tr("Reading the GPUs of {0} over SSH…").format(host),
                          lambda: probe_ssh(host), self._take_profile,
                          tr("Probe over SSH"))

    def open_profile(self, path: str | None = None) -> None:
        from core.hardware.profile import load_profile

        path = path or self._file(tr("Open a hardware profile"), tr("Profiles (*.json)"))
        if not path:
            return
        try:
            profile = load_profile(path)
        except InputError as error:
            show_error(self, tr("Open a hardware profile"), error)
            return
        self._take_profile(profile)

    def attach_profile(self, option: str | None = None) -> None:
        """Run a cloud or on-prem option on the GPUs chosen on the Hardware page: the catalog
        GPU and count, or the probed profile (kept in the scenario)."""
        from core.costing.attach import attach_profile, run_on_gpu
        from core.costing.scenario import CloudOption, OnPremOption, scenario_to_dict

        page = self.pages["hardware"]
        chosen, profile = page.chosen_gpus(), page.profile
        scenario = self.session.scenario
        if scenario is None or (chosen is None and profile is None):
            return
        label = f"{chosen[1]} × {chosen[0].name}" if chosen else profile.label
        names = [o.name for o in scenario.options if isinstance(o, (CloudOption, OnPremOption))]
        if not names:
            show_error(self, tr("Run an option on it"),
                       tr("The scenario has no cloud or on-prem option to run on this hardware."))
            return
        if option is None:
            option, ok = QInputDialog.getItem(self, tr("Run an option on it"),
                                              tr("Option sized on {0}:").format(label),
                                              names, 0, False)
            if not ok:
                return
        try:
            if chosen is not None:
                changed = run_on_gpu(scenario, option, chosen[0].name, chosen[1])
            else:
                key = unique_name(profile.host.name or "probed", list(scenario.hardware))
                changed = attach_profile(scenario, option, key, profile)
                label = key
        except InputError as error:
            show_error(self, tr("Run an option on it"), error)
            return
        self.session.replace_document(scenario_to_dict(changed),
                                      tr("Run {0} on {1}").format(option, label))

    def use_model(self, row: Any, target: str | None = None) -> None:
        """Run the chosen row's model on every self-hosted option (the scenario's model) or on
        one option only (its own model); asks which when `target` is not given."""
        from core.costing.scenario import CloudOption, OnPremOption

        scenario = self.session.scenario
        names = [o.name for o in scenario.options
                 if isinstance(o, (CloudOption, OnPremOption))] if scenario else []
        every = tr("Every self-hosted option")
        if target is None:
            target, ok = QInputDialog.getItem(
                self, tr("Use this model"),
                tr("Run {0} {1} on:").format(row.model_name, row.quant), [every, *names], 0,
                False)
            if not ok:
                return
        document = dict(self.session.document)
        chosen = {"id": row.model_id, "quant": row.quant, "engine": row.engine}
        if target == every:
            model = dict(document.get("model") or {})
            model.update(chosen)
            document["model"] = model
            # an option's own model would keep it from following: every option runs this one
            document["options"] = [{k: v for k, v in option.items() if k != "model"}
                                   for option in document.get("options", [])]
            where = tr("the self-hosted options")
        else:
            options = [dict(option) for option in document.get("options", [])]
            for option in options:
                if option.get("name") == target:
                    kv = (document.get("model") or {}).get("kv_quant")
                    option["model"] = {**chosen, **({"kv_quant": kv} if kv else {})}
            document["options"] = options
            where = target
        self.session.replace_document(document, tr("Use {0} {1}").format(row.model_name,
                                                                          row.quant))
        self.statusBar().showMessage(tr("{0} now run {1} {2} on {3}").format(
            where, row.model_name, row.quant, row.engine), 8000)
