"""The host a probe runs on: name, CPU, memory and OS, read where cheap (Linux /proc, else the
platform module); anything not readable stays None."""

import os
import platform
import socket
from pathlib import Path

from core.hardware.profile import HostInfo

KIB = 1024


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def parse_host(values: dict[str, str]) -> HostInfo:
    """Host info from the `key=value` lines the probe prints (hostname, cpu, cores, mem, os);
    mem is /proc/meminfo's MemTotal line."""
    memory = values.get("mem", "").split()
    cores = values.get("cores", "").strip()
    return HostInfo(
        name=values.get("hostname", "").strip(),
        cpu_model=values.get("cpu", "").strip() or None,
        cpu_cores=int(cores) if cores.isdigit() else None,
        # "MemTotal:  263570264 kB" (kB here means KiB)
        ram_bytes=int(memory[1]) * KIB if len(memory) >= 2 and memory[1].isdigit() else None,
        os=values.get("os", "").strip() or None,
    )


def local_host(root: Path = Path("/")) -> HostInfo:
    """This machine."""
    cpuinfo = _read(root / "proc" / "cpuinfo")
    cpu = next((line.split(":", 1)[1] for line in cpuinfo.splitlines()
                if line.startswith("model name") and ":" in line), platform.processor())
    meminfo = _read(root / "proc" / "meminfo")
    mem = next((line for line in meminfo.splitlines() if line.startswith("MemTotal")), "")
    release = _read(root / "etc" / "os-release")
    pretty = next((line.split("=", 1)[1].strip().strip('"') for line in release.splitlines()
                   if line.startswith("PRETTY_NAME=")), f"{platform.system()} {platform.release()}")
    return parse_host({"hostname": socket.gethostname(), "cpu": cpu,
                       "cores": str(os.cpu_count() or ""), "mem": mem, "os": pretty})
