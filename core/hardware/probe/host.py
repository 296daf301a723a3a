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
    return HostInfo(
        name=values.get("hostname", "").strip()[:_MAX_TEXT],
        cpu_model=values.get("cpu", "").strip()[:_MAX_TEXT] or None,
        cpu_cores=_count(values.get("cores", ""), 100_000),
        # "MemTotal:  263570264 kB" (kB here means KiB); at most 1 PiB
        ram_bytes=(ram * KIB if len(memory) >= 2
                   and (ram := _count(memory[1], 2**40)) is not None else None),
        os=values.get("os", "").strip()[:_MAX_TEXT] or None,
    )


# A server's name, CPU model and OS name are a line; what a server prints is cut there.
_MAX_TEXT = 200


def _count(text: str, most: int) -> int | None:
    """A whole number a server printed, or None when it is not one or beyond `most` (a
    5,000-digit MemTotal was an 'internal error')."""
    text = text.strip()
    # isascii: '²' and '¹²⁸' pass isdigit() but not int() (an internal error)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(most)):
        return None
    value = int(text)
    return value if value <= most else None


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
