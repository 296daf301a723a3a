"""The PDF proposal read back: its figures are the Plan's, its dates and sources are there, and
user text prints as typed, however hostile or long."""

import copy
import json
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.cli import main
from core.costing.plan import calculate
from core.costing.scenario import load_scenario, scenario_from_dict
from core.pricing.catalog import default_catalog
from core.report import ReportSettings, build_report
from core.report.bidi import visual
from core.report.charts import nice_ticks
from core.report.words import money
from core.resources import resource_dir

EXAMPLES = resource_dir() / "examples"
TODAY = date(2026, 11, 21)


def _text(pdf: bytes, tmp_path: Path) -> tuple[str, PdfReader]:
    path = tmp_path / "proposal.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages), reader


def _flat(text: str) -> str:
    return " ".join(text.split())


def _proposal(name: str, tmp_path: Path, **settings):
    scenario = load_scenario(EXAMPLES / f"{name}.llmplan.json")
    catalog = default_catalog()
    plan = calculate(scenario, catalog)
    pdf = build_report(plan, scenario, catalog, ReportSettings(today=TODAY, **settings))
    text, reader = _text(pdf, tmp_path)
    return plan, catalog, _flat(text), reader


def test_the_proposal_states_each_options_cost_and_the_catalog_date(tmp_path):
    plan, catalog, text, reader = _proposal("support-assistant", tmp_path,
                                            organisation="ACME GmbH", author="J. Planner")
    for option in plan.options:
        assert option.name in text
        assert money(option.per_year, plan.currency, "en") in text
        assert money(option.tco, plan.currency, "en") in text
    assert f"Recommendation: {plan.recommendation.option}" in text
    assert f"prices retrieved {catalog.retrieved}" in text
    assert "ACME GmbH" in text and "J. Planner" in text and "2026-11-21" in text
    for line in plan.option("On-prem 8x H100 server").cost.lines:
        assert str(line.label) in text  # the itemised breakdown
    pages = len(reader.pages)
    assert f"Page {pages} of {pages}" in text
    assert reader.outline  # bookmarks for the chapters


def test_the_first_page_names_the_oldest_price_and_its_age(tmp_path):
    from core.pricing.ages import price_age_days
    from core.pricing.catalog import KINDS, entries

    _, catalog, _, reader = _proposal("support-assistant", tmp_path)
    cover = _flat(reader.pages[0].extract_text())
    assert "Oldest price" in cover
    rows = [(e.id, e.price_date) for kind in KINDS for e in entries(catalog, kind)]
    oldest_id, oldest_date = max(rows, key=lambda r: price_age_days(r[1], TODAY) or 0)
    # the catalog's oldest row is named there with its date and its age in days
    days = price_age_days(oldest_date, TODAY)
    assert f"{oldest_id} ({oldest_date}, {days:,} days)" in cover


def test_the_proposal_lists_every_price_with_its_source_and_date(tmp_path):
    plan, _, text, _ = _proposal("support-assistant", tmp_path)
    for option in plan.options:
        assert option.source in text
        assert option.price_date in text
    assert "What is not included" in text and "Taxes (VAT)" in text


def test_seed_case_b_says_where_the_article_computes_differently(tmp_path):
    plan, _, text, _ = _proposal("seed-case-b", tmp_path)
    differing = [check for check in plan.references if not check.agrees]
    # seed-cases.md case B: the article's "22.2 million words" are tokens
    assert differing
    for check in differing:
        assert _flat(check.label) in text
    assert "differs" in text


def test_a_german_proposal_uses_german_words_and_money(tmp_path):
    plan, _, text, _ = _proposal("seed-case-a", tmp_path, language="de")
    assert "Zusammenfassung" in text and "Annahmen" in text
    yearly = plan.options[0].per_year
    # seed-cases.md case A: EUR 33,600 a year, written 33.600 € in German
    # (CLDR's German currency pattern '#,##0.00 ¤' puts a no-break space before the sign)
    assert money(yearly, "EUR", "de") == "33.600\u00a0€"
    assert "33.600 €" in text


def test_paper_sizes_are_a4_and_letter(tmp_path):
    _, _, _, a4 = _proposal("seed-case-a", tmp_path, paper="a4")
    _, _, _, letter = _proposal("seed-case-a", tmp_path, paper="letter")
    # ISO 216: 210 x 297 mm = 595 x 842 pt; US Letter 8.5 x 11 in = 612 x 792 pt
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [595, 842]
    assert [round(float(v)) for v in letter.pages[0].mediabox[2:]] == [612, 792]


def _document(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.llmplan.json").read_text(encoding="utf-8"))


def test_hostile_user_text_prints_as_typed(tmp_path):
    document = _document("seed-case-a")
    document["name"] = "<b>Ops & Co</b> Grüße € 😀 🫠"
    document["notes"] = ["<script>alert(1)</script> &amp; <para>"]
    document["options"][0]["name"] = "Cloud <i>fast & <cheap>"  # option names may not hold '/'
    scenario = scenario_from_dict(document)
    catalog = default_catalog()
    plan = calculate(scenario, catalog)
    pdf = build_report(plan, scenario, catalog,
                       ReportSettings(organisation="Müller & Söhne <GmbH>", today=TODAY))
    text = _flat(_text(pdf, tmp_path)[0])
    assert "<b>Ops & Co</b> Grüße € 😀" in text
    # DejaVu Sans has no glyph for U+1FAE0: its name is printed instead of an empty box
    assert "[MELTING FACE]" in text
    assert "<script>alert(1)</script> &amp; <para>" in text
    assert "Cloud <i>fast & <cheap>" in text and "Müller & Söhne <GmbH>" in text


def test_right_to_left_text_is_drawn_in_visual_order_inside_left_to_right_lines():
    # Unicode Bidirectional Algorithm (UAX #9): a right-to-left run is reversed for drawing
    # (rule L2), brackets inside it are mirrored (L4), digits and Latin runs keep their order
    # and the line stays left to right (HL1), so a name set into a sentence reads as typed
    assert visual("Support assistant") == "Support assistant"
    assert visual("שרת פנימי (on-prem)") == "ימינפ תרש (on-prem)"
    assert visual("Server (שרת פנימי)") == "Server (ימינפ תרש)"
    assert visual("שרת's cost\nשרת") == "תרש's cost\nתרש"
    # Arabic letters take their joined forms (Arabic Presentation Forms-B): khah initial
    # U+FEA7, alef final U+FE8E, dal isolated U+FEA9, meem isolated U+FEE1, then reversed
    assert visual("خادم") == "\ufee1\ufea9\ufe8e\ufea7"


def test_right_to_left_names_reach_the_proposal_joined(tmp_path):
    document = _document("seed-case-a")
    document["options"][0]["name"] = "خادم البيانات"  # Arabic: "data server"
    scenario = scenario_from_dict(document)
    catalog = default_catalog()
    pdf = build_report(calculate(scenario, catalog), scenario, catalog,
                       ReportSettings(today=TODAY))
    text = _text(pdf, tmp_path)[0]
    # the joined presentation forms are printed (text extractors may reorder the run, so the
    # order is checked on visual() above); the unjoined letters never reach the page
    assert "\ufea7\ufe8e\ufea9\ufee1" in text or "\ufee1\ufea9\ufe8e\ufea7" in text
    assert "خادم" not in text


def test_ten_options_long_names_and_long_notes_flow_onto_more_pages(tmp_path):
    document = _document("support-assistant")
    first = document["options"][0]
    options = []
    for index in range(10):
        option = copy.deepcopy(first)
        option["name"] = f"Option{index:02d} " + "with a very long descriptive name " * 4
        options.append(option)
    document["options"] = options
    document["name"] = "A scenario whose name goes on and on " * 6
    # one note just under core.declared.MAX_TEXT (10,000 characters)
    document["notes"] = [" ".join(f"A long note, word{index:03d}." for index in range(450))]
    scenario = scenario_from_dict(document)
    catalog = default_catalog()
    plan = calculate(scenario, catalog)
    pdf = build_report(plan, scenario, catalog, ReportSettings(today=TODAY, paper="letter"))
    text, reader = _text(pdf, tmp_path)
    flat = _flat(text)
    assert all(f"Option{index:02d}" in flat for index in range(10))
    assert all(f"word{index:03d}." in flat for index in range(450))  # across page breaks
    assert len(reader.pages) > 12


def test_report_settings_are_checked():
    scenario = load_scenario(EXAMPLES / "seed-case-a.llmplan.json")
    catalog = default_catalog()
    with pytest.raises(ValueError, match="paper 'a3'"):
        build_report(calculate(scenario, catalog), scenario, catalog,
                     replace(ReportSettings(), paper="a3"))


def test_chart_ticks_are_round_and_cover_the_range():
    # 0 .. 1,330,000 EUR (support-assistant's largest cumulative cost is about that size)
    ticks = nice_ticks(0, 1_330_000)
    assert ticks[0] == 0 and ticks[-1] >= 1_330_000
    steps = {round(b - a, 6) for a, b in pairwise(ticks)}
    assert steps == {500_000} or steps == {250_000}
    assert nice_ticks(5, 5)[0] <= 5 <= nice_ticks(5, 5)[-1]


def test_the_cli_writes_the_proposal(tmp_path, capsys):
    out = tmp_path / "proposal.pdf"
    code = main(["report", str(EXAMPLES / "seed-case-a.llmplan.json"), "-o", str(out),
                 "--language", "de", "--paper", "letter", "--author", "Zoë"])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().out
    assert "Zoë" in _flat(_text(out.read_bytes(), tmp_path)[0])


def test_the_cli_names_a_bad_file_or_folder(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.json"), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "cannot read" in capsys.readouterr().err
    code = main(["report", str(EXAMPLES / "seed-case-a.llmplan.json"), "-o",
                 str(tmp_path / "no" / "such" / "folder.pdf")])
    assert code == 2
    assert "cannot write" in capsys.readouterr().err


def test_the_fit_table_shows_headroom_per_gpu(tmp_path):
    # Issue 19: the PDF repeated the headroom summed over a replica's GPUs under "per GPU".
    plan, _, text, _ = _proposal("support-assistant", tmp_path)
    assert "Headroom per GPU" in text
    for option in plan.options:
        capacity = option.cost.capacity
        if capacity is None or capacity.replica is None or capacity.replica.fit is None:
            continue
        result = capacity.replica.fit
        card = result.per_gpu
        assert result.gpus > 1  # both self-hosted options run 2-GPU replicas
        assert result.headroom_bytes == card.kv_capacity - card.kv_cache
        assert f"{result.headroom_bytes / 2**30:,.1f} GiB" in text


def test_the_proposal_says_whether_fine_tuning_fits(tmp_path):
    # Issue 19: the fine-tuning memory comes with a verdict per self-hosted option's GPUs.
    document = _document("support-assistant")
    document["finetune"] = {"method": "lora", "trainable_share": 0.001}
    scenario = scenario_from_dict(document)
    catalog = default_catalog()
    plan = calculate(scenario, catalog)
    pdf = build_report(plan, scenario, catalog, ReportSettings(today=TODAY))
    text = _flat(_text(pdf, tmp_path)[0])
    assert "Fine-tuning fits on 8 × H100 SXM 80GB" in text
    assert "Fine-tuning does not fit on 1 × H100 SXM 80GB" in text
    assert "activations" in text and "Korthikanti" in text
