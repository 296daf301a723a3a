"""Run a cloud or on-prem option on hardware: a probed profile kept in the scenario, or GPUs
from the catalog."""

from dataclasses import replace
from typing import Any

from core.costing.scenario import ApiOption, CloudOption, Scenario
from core.errors import InputError
from core.hardware.profile import HardwareProfile
from core.hardware.targets import choose_target


def attach_profile(scenario: Scenario, option_name: str, key: str,
                   profile: HardwareProfile) -> Scenario:
    """The scenario with `profile` kept under hardware[key] and the named cloud or on-prem
    option running on it (its gpu cleared: the profile's GPUs replace it).

    Raises:
        InputError: no such option, an API option, or a profile without a usable GPU.
    """
    choose_target(profile)
    changed = _with_option(scenario, option_name, {"gpu": None, "profile": key})
    return replace(changed, hardware={**scenario.hardware, key: profile})


def run_on_gpu(scenario: Scenario, option_name: str, gpu: str, count: int) -> Scenario:
    """The scenario with the named cloud or on-prem option on `count` catalog GPUs `gpu` per
    instance or server (a probed profile it ran on is no longer used by it).

    Raises:
        InputError: no such option, an API option, or a count outside 1-64.
    """
    if not 1 <= count <= 64:
        raise InputError(f"{count} GPUs per server or instance: give 1 to 64")
    option = next((o for o in scenario.options if o.name == option_name), None)
    per_unit = "gpus_per_instance" if isinstance(option, CloudOption) else "gpus_per_server"
    return _with_option(scenario, option_name, {"gpu": gpu, "profile": None, per_unit: count})


def _with_option(scenario: Scenario, option_name: str, changes: dict[str, Any]) -> Scenario:
    options = []
    found = False
    for option in scenario.options:
        if option.name == option_name:
            if isinstance(option, ApiOption):
                raise InputError(f"option '{option_name}' is an API: it runs on no GPUs of "
                                 "yours")
            option = replace(option, **changes)
            found = True
        options.append(option)
    if not found:
        names = ", ".join(option.name for option in scenario.options)
        raise InputError(f"no option named '{option_name}' (options: {names})")
    return replace(scenario, options=tuple(options))
