"""`llmplan catalog`, `llmplan scenario` and `llmplan store` as a user runs them."""

import json
import os
from datetime import date
from pathlib import Path

import pytest

from core.cli import main
from core.cli.shared import format_staleness
from core.costing.scenario import load_scenario
from core.pricing.ages import staleness

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"
DATA = Path(__file__).parents[1] / "data" / "prices"
SEED_B = EXAMPLES / "seed-case-b.llmplan.json"
SEED_B_NAME = "Seed case B: Llama 2 70B on AWS vs the OpenAI API"


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *argv):
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_import_reports_taken_and_skipped_rows_and_adds_a_version(capsys):
    code, out, _ = _run(capsys, "catalog", "import", str(DATA / "skypilot/gcp/vms.csv"),
                        "--date", "2026-11")
    assert code == 0
    assert "gcp/vms.csv (skypilot): 3 rows taken, 9 skipped" in out
    assert "skipped 6 x GPU-only row" in out
    assert "Catalog version 2 added: 3 added, 0 changed, 0 removed" in out
    listed = _json(capsys, "catalog", "list", "--kind", "cloud", "--search", "a3-highgpu",
                   "--json")
    assert listed["catalog_version"] == 2
    rows = {r["id"]: r for r in listed["prices"]["cloud_instances"]}
    assert rows["gcp-a3-highgpu-1g@us-central1"]["price_per_hour"] == 5.38327
    assert rows["gcp-a3-highgpu-1g@us-central1"]["price_date"] == "2026-11"
    diff = _json(capsys, "catalog", "diff", "--json")
    assert (diff["old"], diff["new"]) == (1, 2) and len(diff["changes"]) == 3


def test_dry_run_stores_nothing(capsys):
    code, out, _ = _run(capsys, "catalog", "import", "--dry-run",
                        str(DATA / "model_prices_and_context_window.json"))
    assert code == 0 and "Would add a catalog version" in out
    versions = _json(capsys, "catalog", "list", "--kind", "versions", "--json")["versions"]
    assert len(versions) == 1


def test_a_file_that_is_not_a_price_file_is_refused_in_one_line(capsys, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("name,comment\nx,y\n")
    code, out, err = _run(capsys, "catalog", "import", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("llmplan: error: notes.csv: not a known price file")
    empty = tmp_path / "aws.csv"
    empty.write_text("instance_name,location,price,gpu_count,gpu_name,spot\nx,y,0,1,H100,"
                     "False\n")
    code, _, err = _run(capsys, "catalog", "import", str(empty))
    assert code == 2 and "no usable price in it (1 x price is 0" in err


def test_an_export_imports_back_without_a_change(capsys, tmp_path):
    for name in ("prices.csv", "prices.json"):
        assert _run(capsys, "catalog", "export", "-o", str(tmp_path / name))[0] == 0
        code, out, _ = _run(capsys, "catalog", "import", str(tmp_path / name))
        assert code == 0 and "Nothing changed" in out
    assert not list(tmp_path.glob(".*.partial"))


def test_scenarios_are_imported_shown_exported_and_moved(capsys, tmp_path):
    code, out, _ = _run(capsys, "scenario", "import", str(SEED_B))
    assert code == 0 and out.startswith(f"Saved '{SEED_B_NAME}' as revision 1")
    code, _, err = _run(capsys, "scenario", "import", str(SEED_B))
    assert code == 2 and "--replace" in err
    listed = _json(capsys, "scenario", "list", "--json")
    assert [(s["name"], s["revision"], s["catalog_version"]) for s in listed] == [
        (SEED_B_NAME, 1, 1)]
    shown = _json(capsys, "scenario", "show", SEED_B_NAME, "--json")
    assert shown["stored"]["catalog_version"] == 1
    # Seed 004's prices are dated 2023: older than a year, so the plan warns.
    assert "older than 365 days" in shown["price_ages"]["warning"]
    code, out, _ = _run(capsys, "scenario", "show", SEED_B_NAME)
    assert code == 0 and "WARNING:" in out and "catalog version 1" in out
    exported = tmp_path / "b.llmplan.json"
    assert _run(capsys, "scenario", "export", SEED_B_NAME, "-o", str(exported))[0] == 0
    assert load_scenario(exported) == load_scenario(SEED_B)
    _run(capsys, "catalog", "import", str(DATA / "gpuhunt/aws.csv"))
    code, out, _ = _run(capsys, "scenario", "show", SEED_B_NAME)
    assert "version 2 is newer" in out
    code, out, _ = _run(capsys, "scenario", "show", SEED_B_NAME, "--language", "de")
    assert out.startswith(f"Szenario '{SEED_B_NAME}', Revision 1 von 1, berechnet mit "
                          "Katalogversion 1 (Version 2 ist neuer")
    assert "Optionen, Jahr 1" in out and "WARNUNG: " in out
    code, out, _ = _run(capsys, "scenario", "use-catalog", SEED_B_NAME)
    assert code == 0 and "catalog version 2 from revision 2 on" in out
    code, out, _ = _run(capsys, "scenario", "history", SEED_B_NAME)
    assert "moved to catalog version 2" in out


def test_a_damaged_database_names_the_way_out_and_start_fresh_keeps_it(capsys):
    path = Path(os.environ["LLMPLAN_DB"])
    path.write_bytes(b"not a database" * 64)
    code, out, err = _run(capsys, "scenario", "list")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "llmplan store start-fresh" in err and "restore-backup" in err
    code, out, _ = _run(capsys, "store", "start-fresh")
    assert code == 0 and "the old file is kept as" in out
    kept = next(path.parent.glob(path.name + ".broken-*"))
    assert kept.read_bytes() == b"not a database" * 64
    assert _run(capsys, "scenario", "list")[0] == 0


def test_cost_shows_the_age_of_its_prices(capsys):
    document = _json(capsys, "cost", str(SEED_B), "--json", "--max-price-age", "100000")
    assert document["price_ages"]["warning"] is None
    ages = {p["price_date"] for p in document["price_ages"]["prices"]}
    assert "2023" in ages
    code, out, _ = _run(capsys, "cost", str(SEED_B))
    assert code == 0
    # seed case B: the AWS, OpenAI and serving prices are all dated 2023, over 365 days old
    assert "Prices: the oldest is" in out and "WARNING: 3 prices older than 365 days" in out
    code, out, _ = _run(capsys, "cost", str(SEED_B), "--language", "de")
    assert code == 0
    assert "Preise: der älteste ist" in out
    assert "WARNUNG: 3 Preise sind älter als 365 Tage oder undatiert" in out


def test_the_price_warning_has_a_singular_and_german_figures():
    # 2024-01-01 to 2026-12-03 is 1,067 days; 2026-11-03 is 30 days.
    ages = staleness([("Box (quote)", "2024-01-01"), ("API", "2026-11-03")],
                     date(2026, 12, 3), 1000)
    english = format_staleness(ages)
    assert english == [
        "Prices: the oldest is Box (quote), dated 2024-01-01 (1,067 days old).",
        "WARNING: 1 price older than 1,000 days or undated: Box (quote) (2024-01-01, 1,067 "
        "days). Re-check it or import a newer catalog."]
    german = format_staleness(ages, "de")
    assert german == [
        "Preise: der älteste ist Box (quote), Stand 01.01.2024 (1.067 Tage alt).",
        "WARNUNG: 1 Preis ist älter als 1.000 Tage oder undatiert: Box (quote) (01.01.2024, "
        "1.067 Tage). Prüfen Sie ihn oder importieren Sie einen neueren Katalog."]


def test_an_impossible_or_future_import_date_is_refused(capsys):
    """--date was stored as given: '2026-13-45<script>' and year 99999 went into the catalog."""
    for given, words in (("2026-13-45<script>", "is not a date"),
                         ("99999-01-01", "is not a date"),
                         ("2999-01-01", "is in the future")):
        with pytest.raises(SystemExit) as stopped:  # argparse refuses it: exit 2
            main(["catalog", "import", "--dry-run", "--date", given,
                  str(DATA / "skypilot/gcp/vms.csv")])
        err = capsys.readouterr().err
        assert stopped.value.code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_retire_marks_rows_the_providers_file_no_longer_lists_and_lists_them_apart(capsys):
    # the genai-prices fixture lists two Anthropic models; the bundled catalog has four others
    code, out, _ = _run(capsys, "catalog", "import", str(DATA / "genai-prices/data.json"),
                        "--date", "2026-08-01", "--retire")
    assert code == 0 and "Catalog version 2 added" in out
    listed = _json(capsys, "catalog", "list", "--kind", "api", "--search", "anthropic",
                   "--json")
    rows = {r["id"]: r for r in listed["prices"]["api_models"]}
    assert rows["anthropic/claude-opus-5-5"]["retired"] is True
    assert "retired" not in rows["anthropic/claude-sonnet-4-5"]
    text = _run(capsys, "catalog", "list", "--kind", "api", "--search", "anthropic")[1]
    current, retired = text.split("retired (kept for old plans, never recommended)")
    assert "anthropic/claude-sonnet-4-5" in current and "anthropic/claude-opus-5-5" in retired
    # Google is not in the file: its rows stay current (only the file's providers retire)
    google = _json(capsys, "catalog", "list", "--kind", "api", "--search", "gemini", "--json")
    assert google["prices"]["api_models"]
    assert all("retired" not in r for r in google["prices"]["api_models"])


def test_an_undated_import_says_how_many_rows_have_no_date(capsys):
    code, out, _ = _run(capsys, "catalog", "import", str(DATA / "gpuhunt/aws.csv"))
    assert code == 0
    assert "3 rows have no date (the file gives none)" in out
