"""`llmplan cost FILE --samples N [--seed S] --json` adds `uncertainty`, the text output a
section "How sure are we", and `llmplan report` the page of that name."""

import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from core.cli import main
from core.resources import resource_dir

EXAMPLE = str(resource_dir() / "examples" / "support-assistant.llmplan.json")


def test_cost_json_adds_the_uncertainty_object(capsys):
    assert main(["cost", EXAMPLE, "--samples", "2000", "--seed", "7", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    uncertainty = document["uncertainty"]
    assert uncertainty["samples"] == 2000 and uncertainty["seed"] == 7
    names = [option["name"] for option in document["options"]]
    assert [option["name"] for option in uncertainty["options"]] == names
    total = uncertainty["p_no_option_carries"]
    for option in uncertainty["options"]:
        for figure in ("per_year", "tco", "per_1k_requests"):
            band = option[figure]
            assert band["p10"] <= band["p50"] <= band["p90"]
        total += option["p_cheapest"]
        onprem = option["name"] == "On-prem 8x H100 server"
        assert ("p_payback_within_horizon" in option) == onprem
    assert total == pytest.approx(1.0)
    drivers = uncertainty["drivers"]
    assert drivers[0]["input"] == "Requests per day" and 0 < drivers[0]["share"] <= 1
    assert sum(driver["share"] for driver in drivers) == pytest.approx(1.0)
    # the plan's own figures are those of the likely values
    assert document["workload"]["requests_per_day"] == 100000


def test_cost_without_samples_has_no_uncertainty(capsys):
    assert main(["cost", EXAMPLE, "--json"]) == 0
    assert "uncertainty" not in json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("language", "heading", "sentence"), [
    ("en", "How sure are we", "is the cheapest over 36 months in"),
    ("de", "Wie sicher sind wir", "ist über 36 Monate in"),
])
def test_cost_text_says_how_sure_in_the_language_asked(capsys, language, heading, sentence):
    assert main(["cost", EXAMPLE, "--samples", "1000", "--language", language]) == 0
    out = capsys.readouterr().out
    assert heading in out and sentence in out


@pytest.mark.parametrize("count", ["0", "-5", "many", "2000000"])
def test_a_wrong_sample_count_exits_2_in_one_line(count):
    done = subprocess.run([sys.executable, "-m", "core.cli", "cost", EXAMPLE, "--samples",
                           count], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"'{count}' is not a number of samples from 1 to 1,000,000" in done.stderr


def test_report_of_a_scenario_with_ranges_has_the_page(tmp_path, capsys):
    out = tmp_path / "proposal.pdf"
    assert main(["report", EXAMPLE, "-o", str(out)]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "How sure are we" in text
    assert "Probability of being the cheapest over 36 months" in text
    assert "What drives the spread" in text
