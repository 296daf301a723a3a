"""The *.llmplan.json scenario format: reading, writing, and the errors that name the field."""

import json
from dataclasses import replace

import pytest

from core.costing import scenario as scenario_module
from core.costing.scenario import load_scenario, scenario_from_dict, scenario_to_dict
from core.errors import InputError
from core.i18n.message import Count, Message
from core.i18n.render import render
from core.resources import resource_dir

EXAMPLES = sorted((resource_dir() / "examples").glob("*.llmplan.json"))
MINIMAL = {
    "format": "llmplan-scenario", "format_version": 1, "name": "minimal",
    "workload": {"requests_per_hour": 10, "input_tokens": 100, "output_tokens": 50},
    "options": [{"kind": "api", "name": "api", "price_in_per_m": 1, "price_out_per_m": 2}],
}


def _document(**changes):
    document = json.loads(json.dumps(MINIMAL))
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return document


def _error(document) -> str:
    with pytest.raises(InputError) as caught:
        scenario_from_dict(document)
    return str(caught.value)


def test_the_bundled_examples_load_and_survive_a_round_trip():
    assert {path.name for path in EXAMPLES} >= {"seed-case-a.llmplan.json",
                                                "seed-case-b.llmplan.json"}
    for path in EXAMPLES:
        scenario = load_scenario(path)
        assert scenario_from_dict(json.loads(json.dumps(scenario_to_dict(scenario)))) == scenario


def test_words_become_tokens_with_the_factor():
    scenario = scenario_from_dict(_document(workload={
        "requests_per_day": 240, "input_words": 300, "output_words": 200, "tokens_per_word": 2,
        "hours_per_day": 24}))
    assert scenario.workload.prompt_tokens == 600
    assert scenario.workload.tokens_per_request == 1000
    assert scenario.workload.hourly_requests == 10
    assert scenario.workload.in_words


@pytest.mark.parametrize(("changes", "message"), [
    ({"options__0__price_in_per_m": -3}, "options[0].price_in_per_m: -3 is not allowed"),
    ({"options__0__colour": "red"}, "options[0].colour: unknown key"),
    ({"workload__hours_per_day": 25}, "workload.hours_per_day: 25 is not allowed"),
    ({"workload__batch_size": 2.5}, "workload.batch_size: expected a whole number"),
    ({"options__0__kind": "rent"}, "options[0].kind: 'rent' is not one of"),
    ({"options__0__price_out_per_m": "cheap"}, "options[0].price_out_per_m: expected a number"),
    ({"workload__requests_per_day": 5}, "exactly one of requests_per_hour and requests_per_day"),
    ({"options": []}, "at least one option"),
    ({"format_version": 99}, "newer than this program reads"),
    ({"format_version": "1"}, "format_version"),
    ({"criteria_weights": {"beauty": 1}}, "criteria_weights.beauty: unknown criterion"),
    ({"options__0__scores": {"data_control": 7}}, "options[0].scores.data_control: 7"),
    # a 1 MB note took minutes to lay out in the PDF; 10,000 options took hours (issue 22)
    ({"notes": ["x" * 10_001]}, "notes[0]: 10,001 characters is too long (at most 10,000)"),
    ({"notes": ["n"] * 1_001}, "notes: 1,001 entries are too many (at most 1,000)"),
    ({"options__0__name": "y" * 20_000}, "options[0].name: 20,000 characters is too long"),
    # rates are units per EUR: an EUR rate of 2 doubled every converted figure without a word
    ({"exchange_rates": {"EUR": 2}}, "exchange_rates.EUR: 2 is not allowed"),
    # 1e308 requests a day times 700 tokens overflowed to infinity and crashed the cost code
    ({"workload__requests_per_day": 1e308}, "workload.requests_per_day: 1e+308 is beyond"),
])
def test_bad_fields_are_named(changes, message):
    assert message in _error(_document(**changes))


def test_a_missing_required_field_is_named():
    document = _document()
    del document["workload"]
    assert "workload: missing" in _error(document)


def test_duplicate_option_names_are_refused():
    document = _document()
    document["options"].append(dict(document["options"][0]))
    assert "'api' is used twice" in _error(document)


def test_nan_and_malformed_json_in_files(tmp_path):
    nan_file = tmp_path / "nan.llmplan.json"
    nan_file.write_text(json.dumps(MINIMAL).replace('"price_in_per_m": 1', '"price_in_per_m": NaN'))
    with pytest.raises(InputError, match="NaN is not a number JSON allows"):
        load_scenario(nan_file)
    broken = tmp_path / "broken.llmplan.json"
    broken.write_text('{"format": "llmplan-scenario",\n  "name": }')
    with pytest.raises(InputError, match="not valid JSON: .* line 2"):
        load_scenario(broken)
    with pytest.raises(InputError, match="cannot read"):
        load_scenario(tmp_path / "missing.llmplan.json")
    latin1 = tmp_path / "latin1.llmplan.json"
    latin1.write_bytes(json.dumps(MINIMAL).replace("minimal", "K\xf6ln").encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_scenario(latin1)


def test_an_older_format_version_is_migrated(monkeypatch):
    # Pretend version 1 called requests_per_hour "rph" and version 2 renamed it.
    def rename(document):
        workload = dict(document["workload"])
        workload["requests_per_hour"] = workload.pop("rph")
        return {**document, "workload": workload}

    monkeypatch.setattr(scenario_module, "FORMAT_VERSION", 2)
    monkeypatch.setitem(scenario_module.MIGRATIONS, 1, rename)
    old = _document()
    old["workload"]["rph"] = old["workload"].pop("requests_per_hour")
    assert scenario_from_dict(old).workload.hourly_requests == 10


def test_saving_leaves_defaults_out_and_marks_the_version():
    document = scenario_to_dict(scenario_from_dict(_document()))
    assert document["format_version"] == scenario_module.FORMAT_VERSION
    assert "peak_to_average" not in document["workload"]
    assert document["options"][0] == {"name": "api", "kind": "api", "price_in_per_m": 1.0,
                                      "price_out_per_m": 2.0}


def test_more_options_than_can_be_compared_are_refused():
    document = _document()
    option = document["options"][0]
    document["options"] = [dict(option, name=f"api {i}") for i in range(51)]
    assert "51 options are too many to compare (at most 50" in _error(document)
    document["options"] = document["options"][:50]
    assert len(scenario_from_dict(document).options) == 50


def _refusal(document) -> InputError:
    with pytest.raises(InputError) as caught:
        scenario_from_dict(document)
    return caught.value


# The refusals the GUI shows under a field, in German: the path first (the GUI finds the field
# by it), figures in the German format (decimal comma, thousands point). The bounds are the
# declarations' in core/costing/scenario.py and core/declared.py.
@pytest.mark.parametrize(("changes", "english", "german"), [
    # range: price_in_per_m declares low=0
    ({"options__0__price_in_per_m": -3},
     "options[0].price_in_per_m: -3 is not allowed; it must be at least 0",
     "options[0].price_in_per_m: -3 ist nicht erlaubt; der Wert muss mindestens 0 sein"),
    # range with a decimal: hours_per_day declares high=24
    ({"workload__hours_per_day": 24.5},
     "workload.hours_per_day: 24.5 is not allowed; it must be at most 24",
     "workload.hours_per_day: 24,5 ist nicht erlaubt; der Wert darf höchstens 24 sein"),
    # an open bound: tokens_per_word declares low=0, low_open
    ({"workload__tokens_per_word": 0},
     "workload.tokens_per_word: 0 is not allowed; it must be above 0",
     "workload.tokens_per_word: 0 ist nicht erlaubt; der Wert muss größer als 0 sein"),
    # thousands: batch_size declares high=4096
    ({"workload__batch_size": 5000},
     "workload.batch_size: 5000 is not allowed; it must be at most 4096",
     "workload.batch_size: 5.000 ist nicht erlaubt; der Wert darf höchstens 4.096 sein"),
    # type
    ({"options__0__price_out_per_m": "cheap"},
     'options[0].price_out_per_m: expected a number, got "cheap"',
     'options[0].price_out_per_m: eine Zahl erwartet, nicht "cheap"'),
    ({"workload__batch_size": 2.5},
     "workload.batch_size: expected a whole number, got 2.5",
     "workload.batch_size: eine ganze Zahl erwartet, nicht 2,5"),
    # choice: the option kinds of core/costing/scenario.py
    ({"options__0__kind": "rent"},
     "options[0].kind: 'rent' is not one of api, cloud, onprem, hybrid",
     "options[0].kind: „rent“ ist nicht zulässig (zulässig: api, cloud, onprem, hybrid)"),
    # beyond any plausible figure: MAX_MAGNITUDE is 1e15
    ({"workload__requests_per_day": 1e308},
     "workload.requests_per_day: 1e+308 is beyond any plausible figure (at most 1e+15)",
     "workload.requests_per_day: 1E308 ist größer als jeder plausible Wert (höchstens 1E15)"),
    # counts: MAX_TEXT is 10,000 characters, MAX_ITEMS 1,000 entries
    ({"notes": ["x" * 10_001]},
     "notes[0]: 10,001 characters is too long (at most 10,000)",
     "notes[0]: 10.001 Zeichen sind zu lang (höchstens 10.000)"),
    ({"notes": ["n"] * 1_001},
     "notes: 1,001 entries are too many (at most 1,000)",
     "notes: 1.001 Einträge sind zu viele (höchstens 1.000)"),
    # cross-field checks
    ({"workload__requests_per_day": 5},
     "workload: give exactly one of requests_per_hour and requests_per_day",
     "workload: geben Sie genau eines von requests_per_hour und requests_per_day an"),
    ({"exchange_rates": {"EUR": 2.5}},
     'exchange_rates.EUR: 2.5 is not allowed; rates are units per EUR, so EUR is 1 (give the '
     'other currencies, e.g. "USD": 1.08)',
     'exchange_rates.EUR: 2,5 ist nicht erlaubt; Kurse sind Einheiten pro EUR, EUR ist also 1 '
     '(geben Sie die anderen Währungen an, z. B. "USD": 1.08)'),
])
def test_a_refusal_reads_in_german_and_its_english_line_is_unchanged(changes, english, german):
    error = _refusal(_document(**changes))
    assert str(error) == english
    assert render(error.message, "en") == english
    assert render(error.message, "de") == german


def test_an_unknown_key_is_refused_in_german_with_the_keys_accepted():
    error = _refusal(_document(options__0__colour="red"))
    assert render(error.message, "de").startswith(
        "options[0].colour: unbekannter Schlüssel (zulässig: batch_discount, batch_share, ")


def test_a_count_in_a_refusal_takes_the_german_plural_form():
    document = _document()
    option = document["options"][0]
    document["options"] = [dict(option, name=f"api {i}") for i in range(51)]
    error = _refusal(document)
    assert isinstance(error.message, Message)
    # MAX_OPTIONS is 50
    assert render(error.message, "de") == (
        "options: 51 Optionen sind zu viele für einen Vergleich (höchstens 50; jedes Paar "
        "erhält einen Break-even)")
    one = replace(error.message, args=tuple((name, Count(1) if name == "n" else value)
                                            for name, value in error.message.args))
    assert render(one, "en").startswith("options: 1 option is too many to compare")
    assert render(one, "de").startswith("options: 1 Option ist zu viel für einen Vergleich")


def test_a_hybrid_naming_no_option_is_refused_in_german():
    document = _document()
    document["options"].append({"kind": "hybrid", "name": "mix", "base": "gone",
                                "overflow": "api"})
    error = _refusal(document)
    assert str(error) == "options[1] (mix).base: no option named 'gone' in this scenario"
    assert render(error.message, "de") == \
        "options[1] (mix).base: keine Option namens „gone“ in diesem Szenario"


def test_a_file_refusal_names_the_file_in_both_languages(tmp_path):
    path = tmp_path / "bad.llmplan.json"
    path.write_text(json.dumps(_document(workload__hours_per_day=30)))
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    # hours_per_day declares high=24
    assert str(caught.value) == \
        "bad.llmplan.json: workload.hours_per_day: 30 is not allowed; it must be at most 24"
    assert render(caught.value.message, "de") == ("bad.llmplan.json: workload.hours_per_day: "
                                                  "30 ist nicht erlaubt; der Wert darf "
                                                  "höchstens 24 sein")


@pytest.mark.parametrize(("workload", "residency", "german"), [
    # core/costing/hybrid.py: a profile has HOURS_PER_DAY = 24 values
    ({"hourly_profile": [1] * 23}, (),
     "workload.hourly_profile: geben Sie 24 Werte an, einen je Uhrzeitstunde (erhalten: 23)"),
    # 12 busy hours of load 1 and 3: service hours 12 and peak over average 3 / 2 = 1.5
    ({"hourly_profile": [1, 3] * 6 + [0] * 12, "peak_to_average": 1.1}, (),
     "workload.peak_to_average: 1,1 widerspricht dem Stundenprofil (1,5); geben Sie nur eines "
     "von beiden an"),
    # core/costing/regions.py: Germany is a member state of the EU
    ({}, ("de",),
     "residency[0]: „de“ ist kein Rechtsraum (ein Mitgliedstaat der EU ist eu); geben Sie eu, "
     "onprem, us, uk, ch oder den zweibuchstabigen Code eines Landes außerhalb der EU an"),
])
def test_the_load_profile_and_residency_refusals_read_in_german(workload, residency, german):
    document = _document()
    document["workload"].update(workload)
    document["residency"] = list(residency)
    assert render(_refusal(document).message, "de") == german
