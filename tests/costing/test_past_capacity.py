"""Issue 19: past its capacity an option has no break-even and no payback, and every sentence
says so (an option at 231% load got 'break-even at 430,156 requests a day' and 'payback in
month 0')."""

import json

from pypdf import PdfReader

from core.cli import main
from core.costing.plan import calculate
from core.costing.scenario import scenario_from_dict
from core.i18n.render import render
from core.pricing.catalog import default_catalog
from core.report import ReportSettings, build_report

# 3,600 s / 36 s per request = 100 requests an hour per server (a measured time, so the
# capacity is plain arithmetic); the server's yearly cost is its price over 5 years.
SECONDS_PER_REQUEST = 36
PER_SERVER = 3600 / SECONDS_PER_REQUEST


def _document(requests_per_hour, servers=1, growth=0.0, price=10_000.0, api_price=10.0):
    return {
        "format": "llmplan-scenario", "format_version": 1, "name": "past capacity",
        "currency": "EUR", "horizon_months": 36,
        "workload": {"requests_per_hour": requests_per_hour, "input_tokens": 800,
                     "output_tokens": 200, "growth_per_year": growth},
        "options": [
            {"kind": "api", "name": "api", "price_in_per_m": api_price,
             "price_out_per_m": api_price},
            {"kind": "onprem", "name": "own", "server_price": price, "servers": servers,
             "seconds_per_request": SECONDS_PER_REQUEST, "gpu_watts": 0,
             "price_per_kwh": 0.1}]}


def _plan(document):
    return calculate(scenario_from_dict(document), default_catalog())


def test_an_option_over_capacity_has_no_payback_and_no_break_even():
    # 231 requests an hour on one server that carries 100: 100 / 231 = 43% of the load.
    plan = _plan(_document(231))
    assert plan.option("own").cost.carries is False
    payback = plan.payback[0]
    assert payback.month is None and payback.month_with_price_decline is None
    assert payback.shortfall.option == "own" and payback.shortfall.units == 1
    assert payback.shortfall.share == PER_SERVER / 231
    assert str(payback.reason) == \
        "no payback: own carries only 43% of the peak load at its 1 server"
    assert payback.sentence == payback.reason
    assert render(payback.reason, "de").startswith("keine Amortisation: own ")
    even = plan.break_even[0]
    assert even.requests_per_day is None and even.tokens_per_day is None
    assert even.within_capacity is False and even.cheaper_above is None
    assert str(even.note) == "no break-even: own carries only 43% of the peak load at its 1 server"
    assert render(even.note, "de").startswith("kein Break-even: own ")


def test_costs_that_meet_beyond_capacity_are_no_break_even():
    # 50 requests an hour fit one server (100 an hour). The API costs 1,000 tokens x 20 per 1M
    # = 0.02 a request, 0.02 x 8,760 h = 175.2 a year per request an hour; the server's fixed
    # yearly cost Y meets it at Y / 175.2 requests an hour, beyond 100 when Y > 17,520.
    plan = _plan(_document(50, price=100_000.0, api_price=20.0))
    own = plan.option("own")
    assert own.cost.carries is True
    meet = own.per_year / (0.02 * 8760)
    assert meet > PER_SERVER
    even = plan.break_even[0]
    assert even.requests_per_day is None and even.within_capacity is False
    share = PER_SERVER / meet
    assert str(even.note) == (f"no break-even: where the costs meet, {meet * 24:,.0f} requests "
                              f"a day, own carries only {share:.0%} of the peak load at its 1 "
                              "server")
    # German groups thousands with a dot: 4,110 is 4.110
    per_day = f"{meet * 24:,.0f}".replace(",", ".")
    assert render(even.note, "de").startswith(
        f"kein Break-even: wo sich die Kosten treffen, bei {per_day} Anfragen pro Tag, own ")


def test_a_grown_load_beyond_capacity_has_no_payback():
    # 60 requests an hour growing 50% a year: 60, 90, then 135 in year 3 on a server that
    # carries 100: 100 / 135 = 74%.
    plan = _plan(_document(60, growth=0.5))
    payback = plan.payback[0]
    assert payback.month is None
    assert payback.shortfall.year == 3
    assert str(payback.reason) == ("no payback: by year 3, own carries only 74% of the peak "
                                   "load at its 1 server")


def test_an_option_within_capacity_keeps_its_payback_and_break_even():
    plan = _plan(_document(90))
    assert plan.payback[0].shortfall is None and plan.payback[0].reason is None
    assert plan.break_even[0].shortfall is None


def test_the_cli_and_the_json_say_there_is_no_payback(tmp_path, capsys):
    path = tmp_path / "over.llmplan.json"
    path.write_text(json.dumps(_document(231)))
    assert main(["cost", str(path)]) == 0
    text = capsys.readouterr().out
    assert "own vs api: no payback: own carries only 43% of the peak load at its 1 server" \
        in text
    assert "api vs own: no break-even: own carries only 43%" in text
    assert main(["cost", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    payback, even = document["payback"][0], document["break_even"][0]
    assert payback["month"] is None and payback["month_with_price_decline"] is None
    assert payback["reason"].startswith("no payback: own carries only 43%")
    assert payback["shortfall"]["carried_share"] == round(PER_SERVER / 231, 4)
    assert even["requests_per_day"] is None and even["within_capacity"] is False
    assert even["shortfall"]["option"] == "own"


def test_the_proposal_says_there_is_no_payback(tmp_path):
    scenario = scenario_from_dict(_document(231))
    plan = calculate(scenario, default_catalog())
    pdf = build_report(plan, scenario, default_catalog(), ReportSettings())
    path = tmp_path / "proposal.pdf"
    path.write_bytes(pdf)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    # English percentages as Babel writes them (43%), one server in the singular
    assert "Buying own has no payback against api: own carries only 43% of the peak load " \
           "at its 1 server." in text
    assert "No payback: own carries only 43%" in text
    assert "No break-even: own carries only 43%" in text
    assert "pays back against api in month" not in text
