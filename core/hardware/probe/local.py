"""This machine's GPUs: NVML first, the local nvidia-smi where NVML cannot be loaded."""

import shutil
import subprocess
from typing import Any

from core.hardware.probe.bounded import TooMuchOutput, run_bounded
from core.hardware.probe.host import local_host
from core.hardware.probe.nvml import probe_nvml
from core.hardware.probe.smi import (
    APPS_COMMAND,
    BASIC_FIELDS,
    LIST_COMMAND,
    QUERY_FIELDS,
    Section,
    profile_from_sections,
    query_command,
)
from core.hardware.profile import HardwareProfile, HostInfo, now_iso

SMI_TIMEOUT_S = 20.0
# NVML failures after which nvidia-smi may still work (another library path, WSL).
_TRY_SMI = ("no_library", "failed")


def _run(command: list[str]) -> Section:
    try:
        done = run_bounded(command, SMI_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return Section(124, f"{command[0]} did not finish within {SMI_TIMEOUT_S:g} s")
    except TooMuchOutput as error:
        return Section(1, f"{command[0]} printed {error}: stopped")
    except OSError as error:
        return Section(127, f"cannot run {command[0]}: {error.strerror or error}")
    return Section(done.returncode, done.stdout + done.stderr)


def probe_nvidia_smi(host: HostInfo) -> HardwareProfile:
    """This machine's GPUs read with the local nvidia-smi."""
    sections = {"gpus": _run(query_command(QUERY_FIELDS))}
    if sections["gpus"].exit_code != 0 and "is not a valid field" in sections["gpus"].text:
        sections["gpus-basic"] = _run(query_command(BASIC_FIELDS))
    sections["apps"] = _run(APPS_COMMAND)
    sections["list"] = _run(LIST_COMMAND)
    return profile_from_sections(sections, host, now_iso(), via_ssh=False)


def probe_local(nvml: Any = None) -> HardwareProfile:
    """This machine: NVML first; nvidia-smi when NVML cannot be loaded and nvidia-smi is on
    the PATH. Never raises for a missing driver or GPU: the profile's status says what
    happened."""
    host = local_host()
    profile = probe_nvml(host, nvml)
    if profile.status in _TRY_SMI and shutil.which("nvidia-smi"):
        fallback = probe_nvidia_smi(host)
        if fallback.ok:
            return fallback
    return profile
