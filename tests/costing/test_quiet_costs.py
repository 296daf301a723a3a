"""A sweep's costs are computed without building their lines' words (core.i18n.message.quiet):
the figures must be exactly those of the costs with words, for every bundled example's options
at volumes from a tenth to ten times the scenario's, and the words must come back after."""

from dataclasses import replace

import pytest

from core.costing.context import Context
from core.costing.scenario import load_scenario
from core.i18n.message import UNSAID, msg, quiet
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLES = sorted((resource_dir() / "examples").glob("*.llmplan.json"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name.split(".")[0])
def test_a_quiet_cost_is_the_same_figure(example):
    scenario = load_scenario(example)
    context = Context(scenario, default_catalog())
    workload = scenario.workload
    for resolved in context.resolved:
        for factor in (0.1, 0.7, 1.0, 3.0, 10.0):
            volume = workload.hourly_requests * factor
            said = context.cost(resolved, workload, volume)
            with quiet():
                unsaid = context.cost(resolved, workload, volume)
            assert context.yearly(resolved, workload, volume) == said.per_year
            assert (unsaid.per_year, unsaid.capex, unsaid.units, unsaid.carries) == \
                (said.per_year, said.capex, said.units, said.carries)
            assert [(line.per_year, line.one_off, line.cash) for line in unsaid.lines] == \
                [(line.per_year, line.one_off, line.cash) for line in said.lines]
        staffed = replace(scenario.self_hosting, staff_fte=2.0)
        assert context.yearly(resolved, workload, workload.hourly_requests, staffed) == \
            context.cost(resolved, workload, workload.hourly_requests, staffed).per_year


def test_messages_are_built_again_after_quiet():
    with quiet():
        assert msg("{n} servers", n=3) is UNSAID
    assert str(msg("{n} servers", n=3)) == "3 servers"
