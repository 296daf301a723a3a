"""`llmplan probe` and `llmplan profile`: read GPUs here or over SSH, keep the result as a
hardware profile (a file or the database), and name a profile to plan on."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.shared import EXIT_OK, db_parent, json_text, number_in, open_store
from core.costing.attach import attach_profile
from core.costing.scenario import load_scenario, scenario_to_dict
from core.errors import InputError
from core.files import write_atomically
from core.hardware.probe.local import probe_local
from core.hardware.probe.remote import DEFAULT_TIMEOUT_S, probe_ssh
from core.hardware.profile import (
    HardwareProfile,
    ProbedGpu,
    load_profile,
    profile_from_dict,
    profile_to_dict,
)
from core.hardware.targets import gpu_targets
from core.i18n.message import Text
from core.safe_text import one_line
from core.units import format_gib

EXIT_PROBE_FAILED = 1
SOURCE_NAMES = {"nvml": "NVML", "nvidia-smi": "nvidia-smi", "manual": "typed in"}


def add_profile_options(parser: argparse.ArgumentParser) -> None:
    """--profile and --profile-gpu, for fit and recommend."""
    parser.add_argument("--profile", metavar="FILE|NAME",
                        help="plan on probed GPUs: a profile file (llmplan probe -o) or a "
                             "profile saved in the database (llmplan probe --save)")
    parser.add_argument("--profile-gpu", type=int, metavar="INDEX",
                        help="which GPU set of the profile (default: the largest)")
    parser.add_argument("--db", metavar="PATH", help="database holding saved profiles")


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the probe and profile subcommands."""
    db = db_parent()
    probe = commands.add_parser(
        "probe", parents=[db], help="read the GPUs of this machine or of a server over SSH",
        description="Read the GPUs here (NVML, else nvidia-smi) or on a server over SSH "
                    "(your ~/.ssh/config, keys and agent; nothing is installed there).")
    probe.add_argument("--ssh", metavar="HOST", help="[user@]host or a Host from ~/.ssh/config")
    probe.add_argument("--port", type=int, metavar="N", help="SSH port (default: ssh's)")
    probe.add_argument("--timeout", type=number_in(0, 600, include_low=False, unit="seconds"),
                       default=DEFAULT_TIMEOUT_S, metavar="S",
                       help=f"give up after S seconds (default {DEFAULT_TIMEOUT_S:g})")
    probe.add_argument("-o", "--output", metavar="FILE", help="write the profile to a file")
    probe.add_argument("--save", metavar="NAME", help="keep the profile in the database")
    probe.add_argument("--replace", action="store_true", help="with --save: replace NAME")
    probe.add_argument("--json", action="store_true", help="print the profile as JSON")

    profile = commands.add_parser("profile", help="hardware profiles kept in the database")
    sub = profile.add_subparsers(dest="profile_command", required=True,
                                 parser_class=parser_class)
    sub.add_parser("list", parents=[db], help="list saved profiles")
    show = sub.add_parser("show", parents=[db], help="print a saved profile or a profile file")
    show.add_argument("name", metavar="NAME|FILE")
    show.add_argument("--json", action="store_true")
    importing = sub.add_parser("import", parents=[db], help="keep a profile file in the database")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--name", help="default: the host name")
    importing.add_argument("--replace", action="store_true")
    exporting = sub.add_parser("export", parents=[db], help="write a saved profile to a file")
    exporting.add_argument("name", metavar="NAME")
    exporting.add_argument("-o", "--output", required=True, metavar="FILE")
    delete = sub.add_parser("delete", parents=[db], help="remove a saved profile")
    delete.add_argument("name", metavar="NAME")
    attach = sub.add_parser(
        "attach", parents=[db], help="run a scenario's option on a profile's GPUs",
        description="Copy a profile into a scenario file (under \"hardware\") and make one "
                    "cloud or on-prem option run on its GPUs, with the memory free when it "
                    "was probed.")
    attach.add_argument("name", metavar="NAME|FILE", help="saved profile or profile file")
    attach.add_argument("--scenario", required=True, metavar="FILE", help="*.llmplan.json")
    attach.add_argument("--option", required=True, metavar="OPTION", help="option name")
    attach.add_argument("--as", dest="key", metavar="KEY",
                        help="name inside the scenario (default: the host name)")
    attach.add_argument("-o", "--output", metavar="FILE",
                        help="write here (default: change the scenario file)")


def resolve_profile(reference: str, db: str | None = None) -> HardwareProfile:
    """A profile from a file path, else from the database by name.

    Raises:
        InputError: neither a readable profile file nor a saved profile.
    """
    path = Path(reference)
    if path.suffix.lower() == ".json" or path.exists():
        return load_profile(path)
    from core.store.database import Store  # only for a profile saved in the database

    with Store(db) as store:
        return saved_profile(store, reference)


def saved_profile(store: Any, name: str) -> HardwareProfile:
    """A profile saved in the database, checked like a file (the database may have been
    altered); a refusal names the profile.

    Raises:
        InputError: no such profile, or its saved document is wrong.
    """
    document = store.load_profile(name)
    try:
        return profile_from_dict(document)
    except InputError as error:
        raise InputError(f"saved profile '{name}': {error}") from None


def _na(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:,.0f}{unit}"
    return f"{value}{unit}"


def _gib(value: int | None) -> str:
    return "n/a" if value is None else format_gib(value)


def _gpu_lines(gpu: ProbedGpu) -> list[str]:
    if gpu.lost:
        return [f"  {gpu.index:<3} LOST ({gpu.error or 'no reason given'})"
                + (f", bus {gpu.pci_bus_id}" if gpu.pci_bus_id else "")]
    lines = [f"  {gpu.index:<3} {gpu.name or 'unnamed GPU'}  [{gpu.pci_bus_id or 'bus n/a'}]",
             f"      memory   {_gib(gpu.memory_total_bytes)} total, "
             f"{_gib(gpu.memory_free_bytes)} free, {_gib(gpu.memory_used_bytes)} used, "
             f"{_gib(gpu.memory_reserved_bytes)} reserved by the driver",
             f"      compute  capability {_na(gpu.compute_capability)}, max SM clock "
             f"{_na(gpu.max_sm_clock_mhz, ' MHz')}, memory bus "
             f"{_na(gpu.memory_bus_width_bits, '-bit')} at "
             f"{_na(gpu.max_memory_clock_mhz, ' MHz')}",
             f"      power    {_na(gpu.power_draw_watts, ' W')} of "
             f"{_na(gpu.power_limit_watts, ' W')} limit, utilisation "
             f"{_na(gpu.utilization_pct, ' %')}, {_na(gpu.temperature_c, ' °C')}",
             f"      modes    persistence {_na(gpu.persistence_mode)}, compute "
             f"{_na(gpu.compute_mode)}, ECC {_na(gpu.ecc_enabled)}, NVLink "
             f"{_na(gpu.nvlink_active_links, ' active links')}, MIG {_na(gpu.mig_enabled)}"]
    for instance in gpu.mig_instances:
        lines.append(f"      MIG {instance.profile or '?'}: {_gib(instance.memory_total_bytes)}"
                     f"{'' if instance.memory_measured else ' (from its name)'}, "
                     f"{_gib(instance.memory_free_bytes)} free")
    for process in gpu.processes:
        lines.append(f"      process {process.pid} {process.name or '(name n/a)'}: "
                     f"{_gib(process.used_memory_bytes)}")
    return lines


def format_profile(profile: HardwareProfile) -> str:
    """The human-readable `llmplan probe` report."""
    host = profile.host
    where = "over SSH" if profile.via_ssh else "on this machine"
    lines = [f"Host     {host.name or 'unknown'} ({host.os or 'OS n/a'}), "
             f"{host.cpu_model or 'CPU n/a'}, {_na(host.cpu_cores, ' cores')}, "
             f"{_gib(host.ram_bytes)} RAM",
             f"Probed   {profile.taken_at} with {SOURCE_NAMES[profile.source]} {where}, "
             f"driver {profile.driver_version or 'n/a'}, CUDA "
             f"{profile.cuda_driver_version or 'n/a'}"]
    if profile.status != "ok":
        lines.append(f"Status   {profile.status}: {profile.message}")
    if profile.gpus:
        lines.append("GPUs")
        for gpu in profile.gpus:
            lines += _gpu_lines(gpu)
    targets = gpu_targets(profile) if profile.gpus else []
    if targets:
        lines.append("Plan on")
    target_notes: list[Text] = []
    for target in targets:
        if target.spec is None:
            lines.append(f"  {target.label}: {target.missing}")
            continue
        lines.append(f"  {target.label}: {format_gib(target.free_bytes)} free of "
                     f"{format_gib(target.total_bytes)} per GPU, "
                     f"{target.spec.bandwidth_gbps:,.0f} GB/s")
        target_notes += [note for note in target.notes if note not in target_notes]
    lines += [f"note: {note}" for note in target_notes]
    lines += [f"note: {note}" for note in profile.notes]
    return "\n".join(lines)


def _write(path: Path, profile: HardwareProfile) -> None:
    write_atomically(path, json_text(profile_to_dict(profile), indent=2, ensure_ascii=False)
                     + "\n")


def _run_probe(args: argparse.Namespace) -> int:
    if args.ssh is not None:  # "" is a bad host name, not "this machine"
        profile = probe_ssh(args.ssh, args.port, args.timeout)
    else:
        if args.port is not None:
            raise InputError("--port needs --ssh HOST")
        profile = probe_local()
    if args.json:
        print(json_text(profile_to_dict(profile), indent=2, ensure_ascii=False))
    elif profile.ok:
        print(format_profile(profile))
    if not profile.ok:
        print(f"llmplan: probe: {one_line(profile.message or profile.status)}; nothing was "
              "saved", file=sys.stderr)
        return EXIT_PROBE_FAILED
    if args.output:
        _write(Path(args.output), profile)
        print(f"Profile written to {args.output}", file=sys.stderr if args.json else sys.stdout)
    if args.save:
        with open_store(args) as store:
            store.save_profile(args.save, profile_to_dict(profile), profile.host.name,
                               profile.taken_at, replace=args.replace)
        print(f"Profile saved as '{args.save}'", file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def _run_profile(args: argparse.Namespace) -> int:
    command = args.profile_command
    if command == "list":
        with open_store(args) as store:
            infos = store.profiles()
        if not infos:
            print("No saved hardware profiles (llmplan probe --save NAME)")
        for info in infos:
            print(f"{info.name:<24} {info.host:<24} taken {info.taken_at}")
        return EXIT_OK
    if command == "show":
        profile = resolve_profile(args.name, args.db)
        print(json_text(profile_to_dict(profile), indent=2, ensure_ascii=False) if args.json
              else format_profile(profile))
        return EXIT_OK
    if command == "import":
        profile = load_profile(args.file)
        if not profile.ok:
            raise InputError(f"{args.file} holds no usable GPU ({profile.status}); not saved")
        name = args.name or profile.host.name or Path(args.file).stem
        with open_store(args) as store:
            store.save_profile(name, profile_to_dict(profile), profile.host.name,
                               profile.taken_at, replace=args.replace)
        print(f"Profile of {profile.label} saved as '{name}'")
        return EXIT_OK
    if command == "export":
        with open_store(args) as store:
            profile = saved_profile(store, args.name)
        _write(Path(args.output), profile)
        print(f"Profile '{args.name}' written to {args.output}")
        return EXIT_OK
    if command == "attach":
        return _attach(args)
    with open_store(args) as store:
        store.delete_profile(args.name)
    print(f"Profile '{args.name}' deleted")
    return EXIT_OK


def _attach(args: argparse.Namespace) -> int:
    profile = resolve_profile(args.name, args.db)
    key = args.key or profile.host.name or "probed"
    scenario = attach_profile(load_scenario(args.scenario), args.option, key, profile)
    target = Path(args.output or args.scenario)
    write_atomically(target, json_text(scenario_to_dict(scenario), indent=2,
                                        ensure_ascii=False) + "\n")
    print(f"'{args.option}' now runs on hardware '{key}' ({profile.label}); written to "
          f"{target}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "probe": _run_probe, "profile": _run_profile}
