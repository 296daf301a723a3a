"""The price-age warning and why an importer left a row out are messages: English by str()
(what `--json` prints), German with German words, dates, number formats and plural forms (issue
24). A price row's source text is stored data and stays as the file gave it."""

from datetime import date
from pathlib import Path

from core.i18n.render import render
from core.pricing.ages import staleness
from core.pricing.importers import read_price_file, read_prices

DATA = Path(__file__).parents[1] / "data" / "prices"


def test_the_price_age_warning_takes_plural_forms_and_german_dates():
    today = date(2026, 11, 21)
    # a price dated 2024 counts from 2024-01-01 (price_age_days): 1,055 days on 2026-11-21
    one = staleness([("server", "2024"), ("fresh", "2026-10")], today, max_age_days=365)
    assert one.stale[0].age_days == 1055
    assert render(one.warning(), "de") == (
        "1 Preis ist älter als 365 Tage oder undatiert: server (2024, 1.055 Tage). Prüfen Sie "
        "ihn oder importieren Sie einen neueren Katalog.")
    assert str(one.warning()) == ("1 price older than 365 days or undated: server (2024, 1,055 "
                                  "days). Re-check it or import a newer catalog.")
    # December 2024 counts from 2024-12-01: 720 days; an undated price has no age
    three = staleness([("server", "2024"), ("rack", "2024-12"), ("quote", "")], today,
                      max_age_days=300)
    assert render(three.warning(), "de") == (
        "3 Preise sind älter als 300 Tage oder undatiert: server (2024, 1.055 Tage); rack "
        "(Dezember 2024, 720 Tage); quote (kein Datum). Prüfen Sie sie oder importieren Sie "
        "einen neueren Katalog.")
    assert str(three.warning()) == (
        "3 prices older than 300 days or undated: server (2024, 1,055 days); rack (2024-12, "
        "720 days); quote (no date). Re-check them or import a newer catalog.")
    # a price of yesterday against a limit of 0 days: one day old
    day = staleness([("quote", "2026-11-20")], today, max_age_days=0)
    assert "quote (20.11.2026, 1 Tag)" in render(day.warning(), "de")
    assert "quote (2026-11-20, 1 day)" in str(day.warning())
    assert staleness([("fresh", "2026-10")], today).warning() is None


def test_rows_left_out_say_why_in_german():
    text = ("kind,id,provider,name,gpu,gpus,price_per_hour,currency,source,price_date\n"
            "cloud,a,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n"
            "cloud,b,X,box,h100-sxm,1,-3,USD,quote,2026-01\n"
            "cloud,c,X,box,tpu,1,2,USD,quote,2026-01\n"
            "cloud,a,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n"
            "cloud,e,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n"
            "cloud,e,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n")
    result = read_prices(text.encode(), "mine.csv")
    german = {skip.where: render(skip.reason, "de") for skip in result.skipped}
    assert german == {"line 3": "price_per_hour ist negativ: -3",
                      "line 4": "unbekannter GPU-Name: tpu",
                      "line 5": "doppelt: cloud a",
                      "line 7": "doppelt: cloud e"}
    # the summary counts rows by the reason before their particulars: 2 duplicates
    kind, count, first = result.skip_summary()[0]
    assert (render(kind, "de"), str(kind), count, first.where) == ("doppelt", "duplicate", 2,
                                                                   "line 5")


def test_the_importers_reasons_read_german():
    # tests/data/prices: LiteLLM's ollama/llama3 row prices 0 per token; genai-prices' embedding
    # model has no output price; the gpuhunt file's third line is a spot offer
    litellm = read_price_file(DATA / "model_prices_and_context_window.json")
    reasons = {skip.where: render(skip.reason, "de") for skip in litellm.skipped}
    assert reasons["ollama/llama3"] == ("input_cost_per_token ist 0 (ein fehlender Preis ist "
                                        "unbekannt, nie 0)")
    assert reasons["text-embedding-3-small"] == "kein Modell zur Texterzeugung: Modus embedding"
    genai = read_price_file(DATA / "genai-prices" / "data.json")
    reasons = {skip.where: render(skip.reason, "de") for skip in genai.skipped}
    assert reasons["openai/text-embedding-3-small"].startswith(
        "keine Preise für Eingabe- und Ausgabe-Token (ein Embedding-, Bild- oder Audiomodell")
    gpuhunt = read_price_file(DATA / "gpuhunt" / "aws.csv")
    reasons = {skip.where: render(skip.reason, "de") for skip in gpuhunt.skipped}
    assert reasons["line 3"] == "Spot-Preis: nur On-Demand-Preise werden importiert"
