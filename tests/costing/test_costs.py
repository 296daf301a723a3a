"""Each cost term with hand-checked numbers, and properties that hold for any input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.costing.capacity import Capacity, unit_capacity
from core.costing.costs import (
    api_cost,
    capital_recovery_factor,
    cloud_cost,
    onprem_cost,
)
from core.costing.scenario import ApiOption, CloudOption, OnPremOption, SelfHosting, Workload
from core.hardware.gpus import match_gpu
from core.model.spec import find_model

# 10 requests an hour, 8 hours a day, 100 days: 8,000 requests a year.
WORK = Workload(requests_per_hour=10, input_tokens=1000, output_tokens=500, hours_per_day=8,
                days_per_year=100)
NO_STAFF = SelfHosting()
UNCHECKED = Capacity(None, 1, 1, "not checked")


def _lines(cost):
    return {str(line.label): line.per_year for line in cost.lines}


def _notes(cost):
    return [str(note) for note in cost.notes]


def test_api_input_output_and_cache():
    option = ApiOption(name="api", price_in_per_m=2.0, price_out_per_m=8.0,
                       price_cached_in_per_m=0.5, cache_hit_rate=0.25)
    cost = api_cost(option, WORK, 10)
    # 8,000 requests x 1,000 tokens = 8M input tokens: 6M fresh at 2, 2M cached at 0.5;
    # 4M output tokens at 8.
    assert _lines(cost) == pytest.approx({"input tokens": 12.0, "cached input tokens": 1.0,
                                          "output tokens": 32.0})
    assert cost.per_year == pytest.approx(45.0)


def test_api_batch_discount_long_context_tier_and_training():
    option = ApiOption(name="api", price_in_per_m=2.0, price_out_per_m=8.0,
                       batch_discount=0.5, batch_share=0.4, long_context_threshold=800,
                       price_in_long_per_m=4.0, price_out_long_per_m=16.0,
                       training_price_per_m=25.0, training_tokens_per_run=2e6,
                       finetune_runs_per_year=3)
    cost = api_cost(option, WORK, 10)
    # Prompts of 1,000 tokens are above 800: 8M x 4 + 4M x 16 = 96, times (1 - 0.4 x 0.5);
    # training 3 runs x 2M tokens x 25 per 1M = 150.
    assert cost.per_year == pytest.approx(96 * 0.8 + 150)
    assert any("long-context" in note for note in _notes(cost))


def test_api_rate_limit_is_a_capacity_ceiling():
    # Peak 10 x 3 = 30 requests/h x 1,500 tokens = 750 tokens a minute.
    work = Workload(requests_per_hour=10, input_tokens=1000, output_tokens=500,
                    peak_to_average=3)
    option = ApiOption(name="api", price_in_per_m=1, price_out_per_m=1,
                       rate_limit_tokens_per_minute=700)
    cost = api_cost(option, work, 10)
    assert cost.carries is False and cost.utilisation == pytest.approx(750 / 700)


def test_api_unknown_price_is_unknown_not_zero():
    cost = api_cost(ApiOption(name="api", price_in_per_m=1.0), WORK, 10)
    assert cost.per_year is None
    assert any("unknown" in note for note in _notes(cost))


def test_cloud_on_demand_bills_busy_seconds_with_granularity_and_discount():
    option = CloudOption(name="c", price_per_hour=36.0, billing="on_demand",
                         seconds_per_request=7, billing_granularity_s=60, discount=0.25)
    capacity = Capacity(3600 / 7, 1, 1, "measured")
    cost = cloud_cost(option, WORK, 10, capacity, NO_STAFF)
    # 70 s busy an hour, billed as 120 s at 0.01 per second, 800 service hours, 25% off.
    assert cost.per_year == pytest.approx(120 * 0.01 * 800 * 0.75)
    assert cost.utilisation == pytest.approx(70 / 3600)


def test_cloud_always_on_with_spares_transfer_and_storage():
    option = CloudOption(name="c", price_per_hour=2.0, billing="always_on", spare_replicas=1,
                         transfer_per_gb=0.1, storage_gb=100, storage_per_gb_month=0.05)
    capacity = Capacity(50.0, 1, 1, "measured")  # peak 10/h needs one instance
    cost = cloud_cost(option, WORK, 10, capacity, SelfHosting(staff_fte=0.5,
                                                              staff_cost_per_fte_year=1000))
    lines = _lines(cost)
    assert lines["instances serving (1)"] == pytest.approx(2.0 * 8760)
    assert lines["spare instances (1)"] == pytest.approx(2.0 * 8760)
    # 8,000 requests x 1,500 tokens x 4 bytes = 0.048 GB at 0.1 per GB.
    assert lines["data transfer (per GB)"] == pytest.approx(0.0048)
    assert lines["storage"] == pytest.approx(60.0)
    assert lines["staff"] == pytest.approx(500.0)
    assert cost.units == 2 and cost.serving_units == 1
    assert cost.utilisation == pytest.approx(0.2) and cost.carries is True


def test_cloud_service_hours_round_up_to_whole_hours_and_a_quota_caps_capacity():
    work = Workload(requests_per_hour=100, input_tokens=1, output_tokens=1, hours_per_day=7.5,
                    days_per_year=200)
    option = CloudOption(name="c", price_per_hour=1.0, billing="service_hours",
                         billing_granularity_s=3600, max_instances=2)
    cost = cloud_cost(option, work, 100, Capacity(40.0, 1, 1, "measured"), NO_STAFF)
    # 100 requests/h at 40 per instance: 3 instances, each billed 8 h x 200 days.
    assert cost.per_year == pytest.approx(3 * 8 * 200)
    assert cost.carries is False
    assert any("quota is 2" in note for note in _notes(cost))


def test_capital_recovery_factor():
    # r(1+r)^n / ((1+r)^n - 1) at 8% over 5 years: 0.2504565 (annuity tables).
    assert capital_recovery_factor(0.08, 5) == pytest.approx(0.2504565, abs=1e-7)
    assert capital_recovery_factor(0.0, 4) == 0.25


def test_onprem_terms():
    option = OnPremOption(name="o", gpus_per_server=4, server_price=100_000, gpu_watts=500,
                          host_watts=1000, servers=1, spare_servers=1, depreciation_years=4,
                          residual_share=0.2, utilisation=0.5, pue=1.5, price_per_kwh=0.2,
                          colocation_per_kw_month=100, rack_per_server_month=50,
                          maintenance_share_per_year=0.1, licence_per_gpu_year=1000,
                          installation=8000)
    cost = onprem_cost(option, WORK, 10, UNCHECKED, NO_STAFF, None)
    lines = _lines(cost)
    # Two servers: 200,000, 20% residual, straight line over 4 years.
    assert lines["servers (2)"] == pytest.approx((200_000 - 40_000) / 4)
    assert lines["installation"] == pytest.approx(2000)
    # Idle: no catalog GPU, so the GPUs' idle draw is unknown and counts 0 W; the host idles
    # at its full 1,000 W (host_idle_watts defaults to host_watts); the load adds half of the
    # other 2,000 W: 2 x (1,000 + 2,000 x 50%) W x PUE 1.5 x 8,760 h = 52,560 kWh at 0.2.
    assert lines["power"] == pytest.approx(52_560 * 0.2)
    assert lines["colocation"] == pytest.approx(6 * 100 * 12)
    assert lines["rack space"] == pytest.approx(2 * 50 * 12)
    assert lines["maintenance"] == pytest.approx(20_000)
    assert lines["licences"] == pytest.approx(8 * 1000)
    assert cost.capex == 208_000
    # Depreciation and installation are not monthly payments.
    assert cost.cash_per_year == pytest.approx(cost.per_year - 40_000 - 2000)


def test_onprem_cost_of_capital_replaces_straight_line_depreciation():
    option = OnPremOption(name="o", server_price=100_000, servers=1, gpu_watts=0,
                          price_per_kwh=0.0, maintenance_share_per_year=0, depreciation_years=5)
    cost = onprem_cost(option, WORK, 10, UNCHECKED, SelfHosting(cost_of_capital=0.08), None)
    assert _lines(cost)["servers (1)"] == pytest.approx(100_000 * 0.2504565, rel=1e-6)


def test_onprem_fixed_servers_that_cannot_carry_the_peak():
    option = OnPremOption(name="o", server_price=1, servers=1, gpu_watts=0, price_per_kwh=0)
    cost = onprem_cost(option, WORK, 10, Capacity(5.0, 1, 1, "measured"), NO_STAFF, None)
    assert cost.carries is False
    assert "1 server carries 5 requests/h; the peak is 10" in _notes(cost)


def test_capacity_from_the_fit_engine_packs_replicas_into_servers():
    # Llama 3.1 8B bf16 fits on one H100: an 8-GPU server holds 8 replicas.
    model = find_model("meta-llama/Llama-3.1-8B")
    gpu = match_gpu("NVIDIA H100 80GB HBM3")
    server = unit_capacity(OnPremOption(name="o", gpus_per_server=8), gpu, model, "bf16", None,
                           "fp16", WORK)
    single = unit_capacity(CloudOption(name="c", gpus_per_instance=1), gpu, model, "bf16", None,
                           "fp16", WORK)
    assert server.replicas_per_unit == 8 and single.replicas_per_unit == 1
    assert server.requests_per_hour_per_unit == pytest.approx(
        8 * single.requests_per_hour_per_unit)
    # Llama 3.1 405B in fp8 needs more than one 1-GPU instance per replica.
    big = unit_capacity(CloudOption(name="c"), gpu, find_model("meta-llama/Llama-3.1-405B"),
                        "fp8", None, "fp16", WORK)
    assert big.units_per_replica > 1


def test_a_per_user_speed_target_lowers_the_batch():
    # Llama 3.1 8B bf16 on one H100: batch 64 gives each user under 100 tokens/s.
    model = find_model("meta-llama/Llama-3.1-8B")
    gpu = match_gpu("NVIDIA H100 80GB HBM3")

    def capacity(target):
        work = Workload(requests_per_hour=1, input_tokens=1000, output_tokens=500,
                        batch_size=64, tokens_per_s_per_user=target)
        return unit_capacity(CloudOption(name="c"), gpu, model, "bf16", None, "fp16", work)

    free, strict, impossible = capacity(None), capacity(100), capacity(1000)
    assert free.replica.batch == 64 and free.replica.decode_tokens_per_s < 100
    assert strict.replica.batch < 64 and strict.replica.decode_tokens_per_s >= 100
    assert strict.requests_per_hour_per_unit < free.requests_per_hour_per_unit
    assert impossible.replica.batch == 1
    assert "below the target 1,000" in str(impossible.replica.notes[0])


# --- properties ----------------------------------------------------------------------------------

prices = st.floats(min_value=0, max_value=1e4, allow_nan=False)
volumes = st.floats(min_value=0, max_value=1e6, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(price_in=prices, price_out=prices, cached=prices, hit=shares, share=shares,
       discount=shares, low=volumes, high=volumes)
def test_api_cost_is_never_negative_and_grows_with_volume(price_in, price_out, cached, hit,
                                                          share, discount, low, high):
    option = ApiOption(name="api", price_in_per_m=price_in, price_out_per_m=price_out,
                       price_cached_in_per_m=cached, cache_hit_rate=hit, batch_share=share,
                       batch_discount=discount)
    low, high = sorted((low, high))
    cost_low, cost_high = api_cost(option, WORK, low), api_cost(option, WORK, high)
    assert 0 <= cost_low.per_year <= cost_high.per_year * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(price=prices, billing=st.sampled_from(["on_demand", "service_hours", "always_on"]),
       seconds=st.floats(min_value=0.01, max_value=600), spare=st.integers(0, 3),
       transfer=prices, low=volumes, high=volumes)
def test_cloud_cost_is_never_negative_and_grows_with_volume(price, billing, seconds, spare,
                                                            transfer, low, high):
    option = CloudOption(name="c", price_per_hour=price, billing=billing,
                         seconds_per_request=seconds, spare_replicas=spare,
                         transfer_per_request=transfer)
    capacity = Capacity(3600 / seconds, 1, 1, "measured")
    low, high = sorted((low, high))
    cost_low = cloud_cost(option, WORK, low, capacity, NO_STAFF).per_year
    cost_high = cloud_cost(option, WORK, high, capacity, NO_STAFF).per_year
    assert 0 <= cost_low <= cost_high * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(price=prices, kwh=st.floats(min_value=0, max_value=2), years=st.floats(0.5, 10),
       residual=shares, rate=st.floats(0, 0.3), seconds=st.floats(min_value=0.01, max_value=600),
       low=volumes, high=volumes)
def test_onprem_cost_is_never_negative_and_grows_with_volume(price, kwh, years, residual, rate,
                                                             seconds, low, high):
    option = OnPremOption(name="o", server_price=price, gpu_watts=700, host_watts=2000,
                          price_per_kwh=kwh, depreciation_years=years, residual_share=residual)
    capacity = Capacity(3600 / seconds, 1, 1, "measured")
    common = SelfHosting(cost_of_capital=rate)
    low, high = sorted((low, high))
    cost_low = onprem_cost(option, WORK, low, capacity, common, None).per_year
    cost_high = onprem_cost(option, WORK, high, capacity, common, None).per_year
    assert 0 <= cost_low <= cost_high * (1 + 1e-9)
