"""`--language de` (issue 24): the text of `llmplan cost`, `fit` and `recommend` reads German
apart from what the user or the catalog named (option, model, GPU and source names, the
scenario's notes); an unknown language is refused in one line; `--json` stays English."""

import json
import re

import pytest

from core.cli import main
from core.costing.plan import calculate
from core.costing.scenario import load_scenario
from core.hardware.gpus import gpu_catalog
from core.pricing.catalog import default_catalog
from core.resources import resource_dir

EXAMPLES = resource_dir() / "examples"
SCENARIOS = ("support-assistant", "insurer-hybrid", "seed-case-a", "seed-case-b")
# Words of English sentences and labels that German text never holds (German words that are
# also English - an, in, am, will, so, Start, Test - are left out).
_WORDS = """
    the of and per at on for with by from to is are was be been has have its their it this that
    than more less only each every which where when not no or but if all over under after before
    year years month months day days hour hours request requests token tokens word
    words cost costs price prices cheaper cheapest option options server servers replica replicas
    instance instances capacity load peak staff note notes region sizing payback carries carry
    used unknown weight score runner-up left out counted none yearly saving savings lever levers
    model models memory fits fit needed spare serving idle power maintenance integration warning
    oldest dated old horizon months depreciated cash spent paid quoted computed agrees differs
    recommendation sensitivity volume volumes overflow base residency processed
    requires share input output prompt prompts answer answers cache cached batch small smaller
    shorter limits quantization cascade caching electricity licence transfer seconds second
    Options Recommendation Notes Prices WARNING Sensitivity Levers Payback Memory Cost
    OVER CAPACITY NOT RECOMMENDABLE FITS DOES FIT
"""
ENGLISH = frozenset(_WORDS.split())
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _strings(node):
    """Every text a scenario file holds: names, sources, notes, regions, explanations."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _user_data(path):
    """What the user or the catalog named, as the text may show it (names are cut to 24 or 34
    characters in the tables)."""
    catalog = default_catalog()
    plan = calculate(load_scenario(path), catalog)
    named = set(_strings(json.loads(path.read_text(encoding="utf-8"))))
    for option in plan.options:
        named |= {option.name[:24], option.name[:34], option.name, option.source,
                  option.model or ""}
    named |= {catalog.rates_source} | {gpu.name for gpu in gpu_catalog()}
    named |= {f"{row.provider} {row.name}" for row in catalog.cloud}
    return sorted((text for text in named if len(text) > 2), key=len, reverse=True)


def _english_words(text, named=()):
    for item in named:
        text = text.replace(item, " ")
    # identifiers the program names as they are written in a file (seconds_per_request,
    # levers.small_model, int4-awq)
    text = re.sub(r"\S*[_.]\S*[A-Za-z]\S*", " ", text)
    return sorted({word for word in WORD.findall(text) if word in ENGLISH})


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_cost_text_reads_german_apart_from_user_data(name, capsys):
    path = EXAMPLES / f"{name}.llmplan.json"
    assert main(["cost", str(path), "--language", "de"]) == 0
    text = capsys.readouterr().out
    assert "Optionen, Jahr 1" in text and "Empfehlung: " in text
    assert _english_words(text, _user_data(path)) == []


def test_the_english_text_would_fail_the_check(capsys):
    """The check finds English: the same plan in English is full of it."""
    path = EXAMPLES / "insurer-hybrid.llmplan.json"
    assert main(["cost", str(path)]) == 0
    found = _english_words(capsys.readouterr().out, _user_data(path))
    assert {"the", "per", "requests", "cheaper", "payback"} <= set(found)


def test_the_german_text_has_german_figures(capsys):
    path = EXAMPLES / "insurer-hybrid.llmplan.json"
    assert main(["cost", str(path), "--language", "de"]) == 0
    text = capsys.readouterr().out
    # the example's workload: 4,000 requests an hour, 10 hours a day = 40,000 a day
    assert "4.000,00 Anfragen pro Betriebsstunde (40.000 pro Tag)" in text
    assert "Sensitivität: Jahreskosten mit jeder Eingabe bei -/+20\xa0%:" in text  # Babel
    assert "TCO = Kosten über 36 Monate (abgeschrieben)" in text


def test_fit_and_recommend_read_german(capsys):
    assert main(["fit", "--model", "meta-llama/Llama-3.1-70B", "--quant", "Q4_K_M", "--gpu",
                 "NVIDIA A100-SXM4-80GB", "--input-tokens", "1000", "--output-tokens", "200",
                 "--concurrency", "8", "--language", "de"]) == 0
    text = capsys.readouterr().out
    # 70,553,706,496 parameters (the catalog's published count) as 70,55 Mrd.
    assert "70,55 Mrd." in text and "PASST, Reserve" in text and "unter Last" in text
    assert main(["recommend", "--gpu", "RTX 4090", "--gpus", "2", "--limit", "3",
                 "--language", "de"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Was auf 2 x GeForce RTX 4090 bei 4.096 Token x 1 läuft:")
    assert "weitere (--limit N, oder --json für alle)" in text


@pytest.mark.parametrize("command", [
    ["cost", str(EXAMPLES / "seed-case-a.llmplan.json")],
    ["fit", "--model", "meta-llama/Llama-3.1-8B"],
    ["recommend", "--gpu", "RTX 4090"],
])
def test_an_unknown_language_is_refused_in_one_line(command, capsys):
    with pytest.raises(SystemExit) as stopped:
        main([*command, "--language", "fr"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--language" in err and "'fr'" in err


def test_json_stays_english_whatever_the_language(capsys):
    path = str(EXAMPLES / "insurer-hybrid.llmplan.json")
    assert main(["cost", path, "--json"]) == 0
    english = capsys.readouterr().out
    assert main(["cost", path, "--json", "--language", "de"]) == 0
    assert capsys.readouterr().out == english
    document = json.loads(english)
    assert document["recommendation"]["reasons"][0].startswith("highest weighted score")
    names = {item["name"] for item in document["sensitivity"]["options"][0]["inputs"]}
    assert "requests" in names
