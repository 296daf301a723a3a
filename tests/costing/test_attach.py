"""Running an option on other hardware: catalog GPUs or a probed profile."""

import pytest

from core.costing.attach import run_on_gpu
from core.costing.scenario import load_scenario
from core.errors import InputError
from core.resources import resource_dir

SUPPORT = resource_dir() / "examples" / "support-assistant.llmplan.json"


def test_an_on_prem_option_moves_to_catalog_gpus_and_the_rest_stays():
    scenario = load_scenario(SUPPORT)
    changed = run_on_gpu(scenario, "On-prem 8x H100 server", "L40S", 2)
    moved = next(o for o in changed.options if o.name == "On-prem 8x H100 server")
    assert (moved.gpu, moved.gpus_per_server, moved.profile) == ("L40S", 2, None)
    others = [o for o in changed.options if o.name != moved.name]
    assert others == [o for o in scenario.options if o.name != moved.name]


def test_a_cloud_option_gets_the_count_per_instance():
    scenario = load_scenario(SUPPORT)
    changed = run_on_gpu(scenario, "Lambda H100 SXM, office hours", "H200", 4)
    moved = next(o for o in changed.options if o.name == "Lambda H100 SXM, office hours")
    assert (moved.gpu, moved.gpus_per_instance) == ("H200", 4)


@pytest.mark.parametrize(("name", "count", "message"), [
    ("OpenAI GPT-4o", 1, "is an API"),
    ("No such option", 1, "no option named 'No such option'"),
    ("On-prem 8x H100 server", 0, "give 1 to 64"),
])
def test_what_cannot_run_on_gpus_is_refused(name, count, message):
    with pytest.raises(InputError, match=message):
        run_on_gpu(load_scenario(SUPPORT), name, "L40S", count)
