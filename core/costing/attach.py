"""Keep a probed hardware profile in a scenario and run a cloud or on-prem option on it."""

from dataclasses import replace

from core.costing.scenario import ApiOption, Scenario
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
    options = []
    found = False
    for option in scenario.options:
        if option.name == option_name:
            if isinstance(option, ApiOption):
                raise InputError(f"option '{option_name}' is an API: it runs on no GPUs of "
                                 "yours")
            option = replace(option, gpu=None, profile=key)
            found = True
        options.append(option)
    if not found:
        names = ", ".join(option.name for option in scenario.options)
        raise InputError(f"no option named '{option_name}' (options: {names})")
    return replace(scenario, options=tuple(options),
                   hardware={**scenario.hardware, key: profile})
