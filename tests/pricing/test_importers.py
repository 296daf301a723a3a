"""Price file importers: the published formats, what they skip and why, and bad input."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InputError
from core.pricing.catalog import default_catalog, diff_catalogs, merge_catalogs
from core.pricing.importers import catalog_csv, catalog_json, read_price_file, read_prices

# Samples in tests/data/prices keep the column names and row shapes of the published files:
# LiteLLM's model_prices_and_context_window.json (sample_spec and entries as in BerriAI/litellm),
# SkyPilot catalog v8 vms.csv per cloud (gcp, lambda and runpod rows copied from
# skypilot-org/skypilot-catalog; aws rows in its v8 column order), and a gpuhunt per-provider
# CSV (dstackai/gpuhunt's columns).
DATA = Path(__file__).parents[1] / "data" / "prices"
SAMPLES = [DATA / "model_prices_and_context_window.json", DATA / "skypilot/aws/vms.csv",
           DATA / "skypilot/gcp/vms.csv", DATA / "skypilot/lambda/vms.csv",
           DATA / "skypilot/runpod/vms.csv", DATA / "gpuhunt/aws.csv"]


def _skips(result):
    """Where each row was left out, and why in English."""
    return {skip.where: str(skip.reason) for skip in result.skipped}


def test_litellm_prices_per_token_become_prices_per_million():
    result = read_price_file(DATA / "model_prices_and_context_window.json",
                             price_date="2026-11-01")
    assert result.format == "litellm"
    prices = {price.id: price for price in result.catalog.api}
    assert set(prices) == {"openai/gpt-4o", "openai/gpt-4o-mini",
                           "anthropic/claude-3-5-sonnet-20241022", "gemini/gemini-1.5-pro",
                           "groq/llama-3.1-8b-instant", "bedrock/ai21.j2-mid-v1"}
    gpt4o = prices["openai/gpt-4o"]
    # 2.5e-06 and 1e-05 USD per token, cache read 1.25e-06, batch input 1.25e-06 (the file).
    assert (gpt4o.price_in_per_m, gpt4o.price_out_per_m) == (2.5, 10.0)
    assert gpt4o.price_cached_in_per_m == 1.25 and gpt4o.batch_discount == 0.5
    assert gpt4o.provider == "OpenAI" and gpt4o.price_date == "2026-11-01"
    # input_cost_per_token_above_128k_tokens 2.5e-06, output 1e-05: the tier is carried
    gemini = prices["gemini/gemini-1.5-pro"]
    assert gemini.long_context_threshold == 128_000
    assert (gemini.price_in_long_per_m, gemini.price_out_long_per_m) == (2.5, 10.0)
    # cache_creation_input_token_cost 3.75e-06; deprecation_date 2025-10-01 (before the date)
    sonnet = prices["anthropic/claude-3-5-sonnet-20241022"]
    assert sonnet.price_cache_write_per_m == 3.75 and sonnet.deprecated
    skipped = _skips(result)
    assert skipped["text-embedding-3-small"].startswith("not a text-generation model")
    assert skipped["1024-x-1024/dall-e-2"].startswith("not a text-generation model")
    assert "is 0" in skipped["ollama/llama3"]  # a $0 price is unknown, never taken as 0
    assert "sample_spec" not in skipped


def test_skypilot_gcp_sums_the_host_and_its_gpus_per_region():
    result = read_price_file(DATA / "skypilot/gcp/vms.csv", price_date="2026")
    prices = {c.id: c for c in result.catalog.cloud}
    # host 1.18251 + 1x H100 4.20076, host 2.36502 + 2x H100 8.40152, europe-west4
    # host 1.24163 + 1x H100 12.73552 (rows of the sample file).
    assert prices["gcp-a3-highgpu-1g@us-central1"].price_per_hour == pytest.approx(5.38327)
    assert prices["gcp-a3-highgpu-2g@us-central1"].price_per_hour == pytest.approx(10.76654)
    assert prices["gcp-a3-highgpu-1g@europe-west4"].price_per_hour == pytest.approx(13.97715)
    assert prices["gcp-a3-highgpu-2g@us-central1"].gpus == 2
    assert {c.gpu for c in prices.values()} == {"h100-sxm"}
    reasons = list(_skips(result).values())
    assert any(r.startswith("no GPU price for the host: A100 x1") for r in reasons)
    assert any(r.startswith("duplicate:") for r in reasons)
    assert sum(r.startswith("GPU-only row") for r in reasons) == 6


def test_skypilot_aws_takes_gpu_instances_and_says_why_others_are_left_out():
    result = read_price_file(DATA / "skypilot/aws/vms.csv")
    prices = {c.id: c for c in result.catalog.cloud}
    assert prices["aws-p5.48xlarge@us-east-1"].price_per_hour == 55.04  # REFERENCES.md
    assert prices["aws-p5.48xlarge@us-east-1"].gpus == 8
    assert prices["aws-p5.48xlarge@us-east-1"].gpu == "h100-sxm"
    assert prices["aws-p4d.24xlarge@us-east-1"].gpu == "a100-sxm4-40gb"
    assert prices["aws-g5.xlarge@us-east-1"].gpu == "a10g"
    # GpuInfo says 16384 MiB; NVIDIA's T4 reports 15360 MiB: the same card within 10%
    assert prices["aws-g4dn.xlarge@us-east-1"].gpu == "t4"
    assert _skips(result) == {
        "line 2": "no GPU", "line 4": "duplicate: aws-p5.48xlarge@us-east-1 in another zone",
        "line 8": "no Price", "line 9": "Price is NaN (unknown)"}


def test_skypilot_cloud_comes_from_the_folder_and_pcie_from_the_gpu_info():
    runpod = read_price_file(DATA / "skypilot/runpod/vms.csv")
    assert {c.provider for c in runpod.catalog.cloud} == {"RunPod"}
    assert {c.gpu for c in runpod.catalog.cloud} == {"a100-pcie-80gb"}  # GpuInfo 'A100 PCIe'
    lambda_ = read_price_file(DATA / "skypilot/lambda/vms.csv")
    assert {c.id for c in lambda_.catalog.cloud} == {
        "lambda-gpu_8x_v100@us-east-1", "lambda-gpu_1x_a6000@europe-central-1",
        "lambda-gpu_1x_a6000@us-east-1", "lambda-gpu_2x_a6000@us-east-1"}
    # GpuInfo's 16384 MiB picks the 16 GB V100, SXM2 as Lambda's 8-GPU servers use
    assert lambda_.catalog.find_cloud("lambda-gpu_8x_v100@us-east-1").gpu == "v100-sxm2-16gb"


def test_the_lambda_catalog_keeps_the_rtx_6000_at_24_gb_and_takes_b200_and_gh200():
    # rows of skypilot-org/skypilot-catalog catalogs/v9/lambda/vms.csv (commit 2c3d7ea, CRLF
    # as there): gpu_1x_rtx6000 is the 24 GB Quadro RTX 6000 ('SizeInMiB': 24576), never the
    # 48 GB RTX 6000 Ada; B200 rows have 184320 MiB, GH200 98304 MiB
    result = read_price_file(DATA / "skypilot-v9/lambda/vms.csv")
    gpus = {c.id: c.gpu for c in result.catalog.cloud}
    assert gpus["lambda-gpu_1x_rtx6000@us-east-1"] == "quadro-rtx-6000"
    assert gpus["lambda-gpu_8x_b200_sxm6@us-east-1"] == "b200"
    assert gpus["lambda-gpu_1x_gh200@us-east-1"] == "gh200-96gb"
    assert gpus["lambda-gpu_8x_a100_80gb_sxm4@us-east-1"] == "a100-sxm4-80gb"
    assert result.catalog.find_cloud("lambda-gpu_8x_b200_sxm6@us-east-1").price_per_hour == 53.52
    assert not result.skipped


def test_gcp_h200_b200_and_nolssd_machines_are_priced_host_plus_gpus():
    # rows of skypilot-org/skypilot-catalog catalogs/v9/gcp/vms.csv (commit 2c3d7ea): the A4
    # machine row says 0.0 and its B200 row 64.44 in us-east4; a3-ultragpu-8g 12.266 + H200 x8
    # 74.49392; G4 machines have no GPU row
    result = read_price_file(DATA / "skypilot-v9/gcp/vms.csv")
    prices = {c.id: c for c in result.catalog.cloud}
    assert prices["gcp-a4-highgpu-8g@us-east4"].gpu == "b200"
    assert prices["gcp-a4-highgpu-8g@us-east4"].price_per_hour == pytest.approx(64.44)
    assert prices["gcp-a3-ultragpu-8g@us-east4"].gpu == "h200-sxm"
    assert prices["gcp-a3-ultragpu-8g@us-east4"].price_per_hour == pytest.approx(86.75992)
    assert prices["gcp-a3-edgegpu-8g-nolssd@europe-west4"].gpu == "h100-sxm"
    assert prices["gcp-a4-highgpu-8g@europe-west4"].gpus == 8
    g4 = [s.reason for s in result.skipped if str(s.reason).startswith("GCP G4 machine")]
    assert len(g4) == 2


def test_a_gpu_memory_that_fits_no_card_of_the_name_is_skipped_not_guessed():
    # before: a memory matching no candidate fell back to every candidate of the name
    text = ("InstanceType,AcceleratorName,AcceleratorCount,Price,Region,GpuInfo\n"
            "box,RTX6000,1,0.5,us,\"{'Gpus': [{'Name': 'RTX6000', 'MemoryInfo': "
            "{'SizeInMiB': 12288}}]}\"\n")
    result = read_prices(text.encode(), "lambda/vms.csv")
    assert not result.catalog.cloud
    assert str(result.skipped[0].reason).startswith("no catalog GPU RTX6000 with 12 GB per GPU")


def test_skypilot_file_of_unknown_cloud_asks_for_the_provider(tmp_path):
    path = tmp_path / "vms.csv"
    path.write_text("InstanceType,AcceleratorName,AcceleratorCount,Price,Region\n"
                    "box,H100,1,2.0,x\n")
    with pytest.raises(InputError, match="give --provider"):
        read_price_file(path)
    assert read_price_file(path, provider="Acme").catalog.cloud[0].provider == "Acme"


def test_gpuhunt_leaves_out_spot_zero_and_duplicate_offers():
    result = read_price_file(DATA / "gpuhunt/aws.csv")
    assert {c.id: c.price_per_hour for c in result.catalog.cloud} == {
        "aws-p5.48xlarge@us-east-1": 55.04, "aws-g5.xlarge@us-east-1": 1.006,
        "aws-g4dn.xlarge@us-east-1": 0.526}
    reasons = _skips(result)
    assert reasons["line 3"].startswith("spot price")
    assert reasons["line 6"] == "no GPU"
    assert reasons["line 7"].startswith("duplicate")
    assert "is 0" in reasons["line 8"]


@pytest.mark.parametrize("exporter", [catalog_csv, catalog_json])
def test_own_exports_read_back_unchanged(exporter, tmp_path):
    catalog = default_catalog()
    path = tmp_path / ("prices.csv" if exporter is catalog_csv else "prices.json")
    path.write_text(exporter(catalog), encoding="utf-8")
    result = read_price_file(path)
    assert result.skipped == ()
    assert diff_catalogs(catalog, merge_catalogs(catalog, result.catalog)) == ()
    assert result.catalog.api == catalog.api and result.catalog.cloud == catalog.cloud
    assert result.catalog.rates == catalog.rates


def test_formula_text_is_exported_inert_and_imports_back_unchanged(tmp_path):
    """OWASP's CSV-injection rule: a cell starting with = + - @ (or a tab) reads as a formula in
    a spreadsheet; the export puts an apostrophe before it and the import takes it off."""
    from dataclasses import replace

    catalog = default_catalog()
    hostile = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+cmd|' /C calc'!A0",
               "-2+3", "\t=1"]
    api = tuple(replace(price, source=text) for price, text in zip(catalog.api, hostile,
                                                                   strict=False))
    catalog = replace(catalog, api=api + catalog.api[len(hostile):])
    text = catalog_csv(catalog)
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.lstrip('"').startswith(("=", "+", "@", "-2"))
    path = tmp_path / "prices.csv"
    path.write_text(text, encoding="utf-8")
    assert [p.source for p in read_price_file(path).catalog.api[:5]] == hostile


def test_own_csv_rows_with_bad_values_are_skipped_by_line():
    text = ("kind,id,provider,name,gpu,gpus,price_per_hour,currency,source,price_date\n"
            "cloud,a,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n"
            "cloud,b,X,box,h100-sxm,1,-3,USD,quote,2026-01\n"
            "cloud,c,X,box,tpu,1,2,USD,quote,2026-01\n"
            "cloud,a,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n"
            "gpu,d,X,box,h100-sxm,1,2.5,USD,quote,2026-01\n")
    result = read_prices(text.encode(), "mine.csv")
    assert [c.id for c in result.catalog.cloud] == ["a"]
    assert _skips(result) == {"line 3": "price_per_hour is negative: -3",
                              "line 4": "unknown GPU name: tpu",
                              "line 5": "duplicate: cloud a",
                              "line 6": "unknown kind: 'gpu' (api, cloud, energy, hardware or "
                                        "exchange_rate)"}


@pytest.mark.parametrize(("data", "message"), [
    ("Preis; Anbieter\n1,5; X\n".encode("utf-16"), "UTF-16"),
    ("instance_name,location,price\nMünchen,x,1\n".encode("latin-1"), "not UTF-8"),
    (b"", "is empty"),
    (b"a,b\n1,2\n", "not a known price file"),
    (b'{"gpt": ', "not valid JSON"),
    (b"InstanceType,AcceleratorName,AcceleratorCount,Price,Region\nx,\x00,1,2,r\n", "NUL"),
    (b"instance_name,location,price,gpu_count,gpu_name\nx,y,1,1,H100\n", "not a known"),
])
def test_unreadable_files_get_one_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        read_prices(data, "prices.csv")


def test_a_required_column_missing_is_named():
    text = "instance_name,location,price,gpu_count,gpu_name,spot\n"
    with pytest.raises(InputError, match="lacks AcceleratorName"):
        read_prices(b"InstanceType,AcceleratorCount,Price,Region\n", "vms.csv",
                    format="skypilot", provider="AWS")
    assert read_prices(text.encode(), "aws.csv").taken == 0


def test_a_utf8_bom_is_accepted():
    data = (DATA / "gpuhunt/aws.csv").read_bytes()
    assert read_prices(b"\xef\xbb\xbf" + data, "aws.csv").taken == 3


def test_a_file_without_dates_gives_undated_rows_unless_a_date_is_given():
    # the import day says nothing of when the copy was made: a stale copy must not look new
    result = read_price_file(DATA / "gpuhunt/aws.csv")
    assert {c.price_date for c in result.catalog.cloud} == {""}
    dated = read_price_file(DATA / "gpuhunt/aws.csv", price_date="2026-11-21")
    assert {c.price_date for c in dated.catalog.cloud} == {"2026-11-21"}


# --- fuzzing: every input ends in a clean result or one InputError ----------------------------


def _read_or_error(data: bytes, name: str):
    try:
        result = read_prices(data, name, price_date="2026-01")
    except InputError as error:
        assert str(error) and "\n" not in str(error)
        return None
    for instance in result.catalog.cloud:
        assert instance.price_per_hour is None or 0 < instance.price_per_hour < 1e5
        assert instance.gpus >= 1
    for api in result.catalog.api:
        for value in (api.price_in_per_m, api.price_out_per_m, api.price_cached_in_per_m):
            assert value is None or 0 < value < 1e5
    return result


FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["vms.csv", "x.json", "aws.csv"]))
def test_random_bytes_never_crash_an_importer(data, name):
    _read_or_error(data, name)


@FUZZ
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0, 1))
def test_truncated_files_import_cleanly_or_fail_cleanly(sample, cut):
    data = sample.read_bytes()
    _read_or_error(data[:int(len(data) * cut)], str(sample))


@FUZZ
@given(sample=st.sampled_from(SAMPLES[1:]), order=st.randoms(use_true_random=False),
       drop=st.integers(0, 3))
def test_shuffled_or_missing_columns_never_crash(sample, order, drop):
    lines = sample.read_text().splitlines()
    header = lines[0].split(",")
    order.shuffle(header)
    lines[0] = ",".join(header[drop:])
    _read_or_error("\n".join(lines).encode(), str(sample))


@FUZZ
@given(price=st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                       st.sampled_from(["1e400", "-1e400", "nan", "inf", "0", "", "1,5", "x"]),
                       st.integers(-10**30, 10**30).map(str)))
def test_huge_odd_or_missing_prices_are_skipped_never_taken(price):
    text = (DATA / "gpuhunt/aws.csv").read_text().replace("55.04", price, 1)
    result = _read_or_error(text.encode(), "aws.csv")
    assert result is not None  # the file stays readable; only that row may be skipped
    document = json.loads((DATA / "model_prices_and_context_window.json").read_text())
    try:
        document["gpt-4o"]["input_cost_per_token"] = json.loads(price) if price else None
    except ValueError:
        document["gpt-4o"]["input_cost_per_token"] = price
    _read_or_error(json.dumps(document).encode(), "litellm.json")


def test_an_import_keeps_the_source_and_date_of_the_rates_it_does_not_name():
    """An EUR-only rates block (EUR is always 1) replaced the USD rate's source and date."""
    from dataclasses import replace

    base = default_catalog()
    only_eur = replace(base, rates={"EUR": 1.0}, rates_source="a price file", rates_date="2026")
    merged = merge_catalogs(base, only_eur)
    assert (merged.rates_source, merged.rates_date) == (base.rates_source, base.rates_date)
    assert merged.rates == base.rates
    gbp = replace(base, rates={"EUR": 1.0, "GBP": 0.83}, rates_source="Bank of England",
                  rates_date="2026-11-30")
    merged = merge_catalogs(base, gbp)
    assert merged.rates["GBP"] == 0.83 and merged.rates["USD"] == base.rates["USD"]
    assert "Bank of England (GBP)" in merged.rates_source
    assert f"{base.rates_source} (CHF, USD)" in merged.rates_source
    assert merged.rates_date == base.rates_date  # the older date: the USD rate's
