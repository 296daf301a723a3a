"""Probe a GPU server over SSH with the system ssh client: the user's ~/.ssh/config, keys and
agent, host-key checking left on, nothing installed on the server. The host goes to ssh as one
argument after `--`, never through a local shell; the remote side runs a fixed script."""

import re
import shutil
import subprocess

from core.errors import InputError
from core.hardware.probe.bounded import TooMuchOutput, run_bounded
from core.hardware.probe.host import parse_host
from core.hardware.probe.smi import (
    APPS_COMMAND,
    BASIC_FIELDS,
    LIST_COMMAND,
    QUERY_FIELDS,
    Section,
    profile_from_sections,
    query_command,
)
from core.hardware.profile import HardwareProfile, HostInfo, failed, now_iso

DEFAULT_TIMEOUT_S = 20.0
CONNECT_TIMEOUT_S = 10
MARK = "==llmplan:"
# [user@]host: an ~/.ssh/config alias, a DNS name, an IPv4 or IPv6 address.
_HOST = re.compile(r"^(?:[A-Za-z0-9._][A-Za-z0-9._+-]{0,63}@)?"
                   r"(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,252}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)$")
_SECTION = re.compile(rf"^{MARK}(?P<name>[a-z-]+)==$")
_EXIT = re.compile(rf"^{MARK}exit:(?P<code>[0-9]{{1,9}})==$")  # sh's $? is 0-255

# ssh's own words for each failure, with what the planner can do about it.
SSH_FAILURES = (
    ("could not resolve hostname", "unknown_host",
     "cannot find host '{host}': check the name, or add it to ~/.ssh/config"),
    ("host key verification failed", "host_key",
     "the host key of '{host}' is not known yet or has changed: connect once with "
     "`ssh {host}` in a terminal and check the key (llmplan never skips that check)"),
    ("permission denied", "auth_failed",
     "'{host}' refused the login: llmplan logs in with your SSH keys and agent, never with a "
     "password; load a key with `ssh-add` or set IdentityFile in ~/.ssh/config"),
    ("connection timed out", "unreachable", "'{host}' did not answer (connection timed out)"),
    ("operation timed out", "unreachable", "'{host}' did not answer (connection timed out)"),
    ("connection refused", "unreachable",
     "'{host}' refused the connection: is an SSH server running on that port?"),
    ("no route to host", "unreachable", "no network route to '{host}'"),
    ("network is unreachable", "unreachable", "the network to '{host}' is unreachable"),
)


def check_host(host: str) -> str:
    """The host as given, when it is a plain [user@]name or address.

    Raises:
        InputError: anything else (options, spaces, shell characters).
    """
    host = host.strip()
    if not host or host.startswith("-") or not _HOST.match(host):
        raise InputError(f"'{host}' is not a host name: give [user@]host, an address or a "
                         "Host from ~/.ssh/config (set ports and jump hosts there)")
    return host


def _sh(command: list[str]) -> str:
    # the commands are fixed strings without quotes or shell characters
    return " ".join(command)


def remote_script() -> str:
    """The POSIX sh script the server runs: each command's output between markers."""
    steps = [("gpus", _sh(query_command(QUERY_FIELDS))),
             ("gpus-basic", _sh(query_command(BASIC_FIELDS))),
             ("apps", _sh(APPS_COMMAND)),
             ("list", _sh(LIST_COMMAND)),
             ("host", 'echo "hostname=$(hostname)"; '
                      'echo "cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2-)"; '
                      'echo "cores=$(nproc)"; echo "mem=$(grep MemTotal /proc/meminfo)"; '
                      'echo "os=$(. /etc/os-release 2>/dev/null; echo "$PRETTY_NAME")"')]
    return "; ".join(f"echo {MARK}{name}==; {{ {command}; }} 2>&1; echo {MARK}exit:$?=="
                     for name, command in steps)


def ssh_command(host: str, port: int | None = None) -> list[str]:
    """The ssh argument list: batch mode (keys and agent only), a connect timeout, no tty."""
    command = ["ssh", "-T", "-o", "BatchMode=yes", "-o", f"ConnectTimeout={CONNECT_TIMEOUT_S}"]
    if port is not None:
        command += ["-p", str(port)]
    return [*command, "--", check_host(host), f"sh -c '{remote_script()}'"]


def split_sections(text: str) -> dict[str, Section]:
    """The marked sections of the remote script's output."""
    sections: dict[str, Section] = {}
    name: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        start, end = _SECTION.match(line), _EXIT.match(line)
        if start:
            name, lines = start["name"], []
        elif end and name is not None:
            sections[name] = Section(int(end["code"]), "\n".join(lines))
            name = None
        elif name is not None:
            lines.append(line)
    return sections


def _ssh_failure(host: str, stderr: str) -> HardwareProfile:
    lowered = stderr.lower()
    for words, status, message in SSH_FAILURES:
        if words in lowered:
            return failed(status, message.format(host=host), "nvidia-smi", HostInfo(name=host),
                          via_ssh=True)
    last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "no message")
    return failed("failed", f"ssh to '{host}' failed: {last.strip()}", "nvidia-smi",
                  HostInfo(name=host), via_ssh=True)


def probe_ssh(host: str, port: int | None = None,
              timeout_s: float = DEFAULT_TIMEOUT_S) -> HardwareProfile:
    """A server's GPUs read with nvidia-smi over SSH; failures come back as a status.

    Raises:
        InputError: `host` is not a host name, or `port` is outside 1-65535.
    """
    if port is not None and not 1 <= port <= 65535:
        raise InputError(f"port {port} is outside 1-65535")
    command = ssh_command(host, port)
    host = check_host(host)
    if shutil.which("ssh") is None:
        return failed("no_ssh", "no ssh client found on this machine (install OpenSSH)",
                      "nvidia-smi", HostInfo(name=host), via_ssh=True)
    try:
        done = run_bounded(command, timeout_s)
    except subprocess.TimeoutExpired:
        return failed("timeout", f"'{host}' did not finish within {timeout_s:g} s",
                      "nvidia-smi", HostInfo(name=host), via_ssh=True)
    except TooMuchOutput as error:
        return failed("failed", f"'{host}' printed {error}: stopped (nvidia-smi on 8 GPUs "
                                "prints tens of kB; is something in the login printing "
                                "without end?)", "nvidia-smi", HostInfo(name=host),
                      via_ssh=True)
    except OSError as error:
        return failed("no_ssh", f"cannot run ssh: {error.strerror or error}", "nvidia-smi",
                      HostInfo(name=host), via_ssh=True)
    sections = split_sections(done.stdout)
    if done.returncode == 255 or "gpus" not in sections:
        return _ssh_failure(host, done.stderr or done.stdout)
    host_lines = sections.get("host", Section(0, "")).text.splitlines()
    info = parse_host(dict(line.split("=", 1) for line in host_lines if "=" in line))
    if not info.name:
        info = HostInfo(name=host, cpu_model=info.cpu_model, cpu_cores=info.cpu_cores,
                        ram_bytes=info.ram_bytes, os=info.os)
    gpus = sections["gpus"]
    # sh prints "nvidia-smi: not found" and exits 127 for a command it cannot find
    if gpus.exit_code == 127:
        return failed("no_nvidia_smi", f"'{host}' has no nvidia-smi on its PATH: is the NVIDIA "
                                       "driver installed there?", "nvidia-smi", info,
                      via_ssh=True)
    return profile_from_sections(sections, info, now_iso(), via_ssh=True)
