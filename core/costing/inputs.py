"""Every scenario input as a person reads it: a label and a unit, in messages. The proposal's
assumptions pages (and anything else that lists inputs) show these, never the field names of
the file format."""

from dataclasses import dataclass

from core.i18n.message import (
    Arg,
    Count,
    Message,
    Money,
    Number,
    Share,
    Term,
    join,
    msg,
    nmsg,
    term,
)


@dataclass(frozen=True)
class Input:
    """label: what the field means; unit: how its value reads (see `value`)."""

    label: Term
    unit: str = ""


# Fields whose meaning is the same wherever they appear, by field name.
FIELDS: dict[str, Input] = {
    "name": Input(term("Name"), "text"),
    "currency": Input(term("Currency"), "text"),
    "catalog": Input(term("Catalog row"), "text"),
    "source": Input(term("Source"), "text"),
    "price_date": Input(term("Price date"), "date"),
    "recommendable": Input(term("May be recommended"), "bool"),
    "region": Input(term("Region of data processing"), "text"),
    "staff_fte": Input(term("Staff operating it"), "fte"),
    "integration": Input(term("One-off integration work"), "money"),
    "scores": Input(term("Non-cost scores (0-5)"), "scores"),
    "model": Input(term("Model"), "text"),
    "finetune": Input(term("Fine-tuning"), "text"),
    # API prices
    "price_in_per_m": Input(term("Input tokens"), "money_per_m"),
    "price_out_per_m": Input(term("Output tokens"), "money_per_m"),
    "price_cached_in_per_m": Input(term("Cached input tokens"), "money_per_m"),
    "cache_hit_rate": Input(term("Input read from the prompt cache"), "share"),
    "price_cache_write_per_m": Input(term("Input written to the prompt cache"), "money_per_m"),
    "cache_write_rate": Input(term("Input written to the cache"), "share"),
    "batch_discount": Input(term("Discount of the batch API"), "share"),
    "batch_share": Input(term("Requests sent through the batch API"), "share"),
    "long_context_threshold": Input(term("Long-context prices above"), "tokens"),
    "price_in_long_per_m": Input(term("Input tokens, long context"), "money_per_m"),
    "price_out_long_per_m": Input(term("Output tokens, long context"), "money_per_m"),
    "training_price_per_m": Input(term("Fine-tuning per 1M training tokens"), "money"),
    "training_tokens_per_run": Input(term("Training tokens per run"), "tokens"),
    "finetune_runs_per_year": Input(term("Fine-tuning runs per year"), "count"),
    "rate_limit_tokens_per_minute": Input(term("Rate limit"), "tokens_per_minute"),
    "fine_tuned": Input(term("Fine-tuned model"), "bool"),
    "price_in_finetuned_per_m": Input(term("Input tokens, fine-tuned model"), "money_per_m"),
    "price_out_finetuned_per_m": Input(term("Output tokens, fine-tuned model"), "money_per_m"),
    "hosting_per_hour": Input(term("Hosting of the fine-tuned model"), "money_per_hour"),
    # cloud
    "gpu": Input(term("GPU"), "text"),
    "gpus_per_instance": Input(term("GPUs per instance"), "count"),
    "profile": Input(term("Probed hardware"), "text"),
    "price_per_hour": Input(term("Price per instance-hour"), "money_per_hour"),
    "price_per_second": Input(term("Price per instance-second"), "money_per_second"),
    "billing": Input(term("Billing"), "choice"),
    "billing_granularity_s": Input(term("Billing granularity"), "seconds"),
    "discount": Input(term("Reserved or spot discount"), "share"),
    "seconds_per_request": Input(term("Busy time per request"), "seconds"),
    "transfer_per_request": Input(term("Transfer cost per request"), "money_small"),
    "transfer_per_gb": Input(term("Transfer price"), "money_per_gb"),
    "storage_gb": Input(term("Storage"), "gb"),
    "storage_per_gb_month": Input(term("Storage price"), "money_per_gb_month"),
    "min_replicas": Input(term("Fewest replicas"), "count"),
    "spare_replicas": Input(term("Spare replicas"), "count"),
    "max_instances": Input(term("Instance quota"), "count"),
    # on-prem
    "gpus_per_server": Input(term("GPUs per server"), "count"),
    "server_price": Input(term("Price of one server"), "money"),
    "gpu_watts": Input(term("Power per GPU"), "watts"),
    "host_watts": Input(term("Power of the host per server"), "watts"),
    "servers": Input(term("Fixed number of servers"), "count"),
    "min_servers": Input(term("Fewest servers"), "count"),
    "spare_servers": Input(term("Spare servers"), "count"),
    "finetune_servers": Input(term("Fine-tuning servers"), "count"),
    "depreciation_years": Input(term("Depreciation period"), "years"),
    "residual_share": Input(term("Residual value after depreciation"), "share"),
    "utilisation": Input(term("Average GPU load for power"), "share"),
    "pue": Input(term("Power usage effectiveness (PUE)"), "number2"),
    "price_per_kwh": Input(term("Electricity price"), "money_per_kwh"),
    "colocation_per_kw_month": Input(term("Colocation"), "money_per_kw_month"),
    "rack_per_server_month": Input(term("Rack space"), "money_per_server_month"),
    "maintenance_share_per_year": Input(term("Maintenance per year, of the hardware price"),
                                        "share"),
    "licence_per_gpu_year": Input(term("Licences"), "money_per_gpu_year"),
    "installation": Input(term("Installation, one-off"), "money"),
    "owned": Input(term("Already owned"), "bool"),
    "book_value": Input(term("Remaining book value"), "money"),
    "remaining_life_years": Input(term("Remaining service life"), "years"),
    "idle_watts_per_gpu": Input(term("Idle power per GPU"), "watts"),
    "host_idle_watts": Input(term("Idle power of the host per server"), "watts"),
    "power_hours": Input(term("Switched on"), "choice"),
    "maintenance_per_year": Input(term("Maintenance per server"), "money_per_year"),
    # hybrid
    "base": Input(term("Base load carried by"), "text"),
    "overflow": Input(term("Overflow sent to"), "text"),
    # model
    "id": Input(term("Model"), "text"),
    "quant": Input(term("Quantization"), "text"),
    "engine": Input(term("Inference engine"), "text"),
    "kv_quant": Input(term("KV cache type"), "text"),
    "nominal_params": Input(term("Parameter count the source uses"), "number0"),
    # fine-tuning
    "method": Input(term("Fine-tuning method"), "choice"),
    "trainable_share": Input(term("Share of parameters trained"), "share_fine"),
    "serving_headroom": Input(term("Serving memory over weights and adapter"), "share"),
    # workload
    "requests_per_hour": Input(term("Requests per service hour"), "number1"),
    "requests_per_day": Input(term("Requests per day"), "number0"),
    "input_tokens": Input(term("Prompt tokens per request"), "tokens"),
    "output_tokens": Input(term("Answer tokens per request"), "tokens"),
    "input_words": Input(term("Prompt words per request"), "words"),
    "output_words": Input(term("Answer words per request"), "words"),
    "tokens_per_word": Input(term("Tokens per word"), "number2"),
    "peak_to_average": Input(term("Peak over average load"), "number2"),
    "hours_per_day": Input(term("Service hours per day"), "hours"),
    "days_per_year": Input(term("Service days per year"), "days"),
    "growth_per_year": Input(term("Growth per year"), "share"),
    "ttft_target_s": Input(term("Time to first token target"), "seconds"),
    "tokens_per_s_per_user": Input(term("Decode speed target per user"), "tokens_per_s"),
    "batch_size": Input(term("Requests a replica serves at once"), "count"),
    "payload_bytes_per_request": Input(term("Bytes transferred per request"), "bytes"),
    "hourly_profile": Input(term("Load in each clock hour"), "profile"),
    # self-hosting
    "staff_cost_per_fte_year": Input(term("Yearly cost of one FTE"), "money"),
    "finetune_cost_per_run": Input(term("Cost per fine-tuning run"), "money"),
    "cost_of_capital": Input(term("Cost of capital per year"), "share"),
    # scenario
    "horizon_months": Input(term("Horizon"), "months"),
    "month_days": Input(term("Days in a month"), "number2"),
    "exchange_rates": Input(term("Exchange rates (units per EUR)"), "rates"),
    "api_price_decline_per_year": Input(term("API price decline per year"), "share"),
    "sensitivity_pct": Input(term("Sensitivity range"), "percent_points"),
    "criteria_weights": Input(term("Weights of the criteria"), "scores"),
    "residency": Input(term("Data may be processed in"), "list"),
    "hardware": Input(term("Probed hardware"), "text"),
    # levers
    "small_model": Input(term("Small model of a cascade"), "text"),
    "small_model_price_ratio": Input(term("Small over large API price"), "share"),
    "cascade_share": Input(term("Requests the small model answers"), "share"),
    "prompt_cut": Input(term("Prompt tokens saved by context management"), "share"),
    "output_cut": Input(term("Output tokens saved by limits"), "share"),
    "batch_api_share": Input(term("API requests that can wait for the batch API"), "share"),
}

# Fields whose meaning depends on where they are, by (class name, field name).
BY_CLASS: dict[tuple[str, str], Input] = {
    ("SelfHosting", "staff_fte"): Input(term("Staff running the self-hosted service"), "fte"),
    ("SelfHosting", "finetune_runs_per_year"): Input(term("Fine-tuning runs per year"),
                                                      "count"),
    ("Levers", "cache_hit_rate"): Input(term("Prompt tokens served from cache"), "share"),
    ("Levers", "quant"): Input(term("Quantization that needs fewer GPUs"), "text"),
    ("Levers", "batch_size"): Input(term("Requests per replica with more batching"), "count"),
    ("OnPremOption", "seconds_per_request"): Input(term("Server time per request"), "seconds"),
    ("Uncertainty", "samples"): Input(term("Monte Carlo samples"), "count"),
    ("Uncertainty", "seed"): Input(term("Random seed of the samples"), "count"),
    ("Uncertainty", "provider_correlation"): Input(
        term("Correlation of one provider's API prices"), "number"),
    ("Uncertainty", "speed_model_error"): Input(
        term("Throughput drawn from the speed model's measured error"), "bool"),
}

CRITERIA_LABELS: dict[str, Term] = {
    "cost": term("Cost"), "data_control": term("Data control"),
    "scalability": term("Scalability"), "team_skills": term("Team skills"),
    "time_to_launch": term("Time to launch"),
}

# Where data may be processed, by the codes a scenario's residency rule and regions use.
JURISDICTIONS: dict[str, Term] = {
    "eu": term("the EU"), "onprem": term("the company's premises"), "us": term("the USA"),
    "uk": term("the United Kingdom"), "ch": term("Switzerland"), "ca": term("Canada"),
    "jp": term("Japan"), "sg": term("Singapore"), "in": term("India"), "cn": term("China"),
}


def jurisdiction(code: str) -> Arg:
    """A jurisdiction code in words ('eu' -> 'the EU'); another code as given, in capitals."""
    return JURISDICTIONS.get(code.lower(), code.upper())


GROUPS: dict[str, Term] = {
    "workload": term("Workload"), "model": term("Model"), "finetune": term("Fine-tuning"),
    "self_hosting": term("Self-hosting"), "levers": term("Levers to cut cost"),
    "hardware": term("Probed hardware"), "uncertainty": term("Ranges (Monte Carlo run)"),
}

CHOICES: dict[str, Term] = {
    "on_demand": term("on demand, billed only while serving"),
    "service_hours": term("during service hours"),
    "always_on": term("always on, 24 hours a day"),
    "full": term("full fine-tuning"), "lora": term("LoRA"), "qlora": term("QLoRA"),
    "seed-rule": term("the sources' rule of thumb"),
}


def input_for(class_name: str, field_name: str) -> Input:
    """The label and unit of a scenario field; a field without one shows its name as words."""
    found = BY_CLASS.get((class_name, field_name)) or FIELDS.get(field_name)
    return found or Input(Term(field_name.replace("_", " ")), "text")


def value(unit: str, raw: object, currency: str) -> Arg:
    """A field's value in words, with its unit and the option's currency."""
    if raw is None:
        return term("not set")
    if isinstance(raw, bool):
        return term("yes") if raw else term("no")
    if isinstance(raw, str):
        if unit == "choice" and raw in CHOICES:
            return CHOICES[raw]
        return raw or "—"
    if isinstance(raw, tuple):
        if unit == "list":  # the residency rule's jurisdictions
            return join([jurisdiction(str(item)) for item in raw]) if raw else term("none")
        if unit == "profile":
            return msg("{n} hours, the highest {peak}", n=Count(len(raw)),
                       peak=Number(max(raw, default=0), 2))
        return ", ".join(str(item) for item in raw)
    if isinstance(raw, dict):
        return _mapping(unit, raw)
    if not isinstance(raw, int | float):
        return str(raw)
    return _figure(unit, float(raw), currency) or Number(raw, 0 if float(raw).is_integer()
                                                         else 2)


def _mapping(unit: str, raw: dict[object, object]) -> Arg:
    if not raw:
        return term("none")
    parts: list[Arg] = []
    for key, item in raw.items():
        figure = Number(float(item), 4 if unit == "rates" else 1) if isinstance(
            item, int | float) else str(item)
        parts.append(msg("{key}: {value}", key=CRITERIA_LABELS.get(str(key), str(key)),
                         value=figure))
    return join(parts)


def _figure(unit: str, amount: float, currency: str) -> Arg | None:
    money = {"money": 0, "money_small": 4, "money_per_m": 2, "money_per_hour": 2,
             "money_per_second": 5, "money_per_gb": 3, "money_per_gb_month": 3,
             "money_per_kwh": 3, "money_per_kw_month": 0, "money_per_server_month": 0,
             "money_per_gpu_year": 0, "money_per_year": 0}
    if unit in money:
        cash = Money(amount, currency, money[unit] if amount < 1000 else 0)
        return _per(unit, cash)
    if unit == "share":
        return Share(amount, 0 if abs(amount * 100 - round(amount * 100)) < 1e-9 else 1)
    if unit == "share_fine":
        return Share(amount, 2)
    if unit == "percent_points":
        return Share(amount / 100)
    if unit in ("number0", "number1", "number2"):
        return Number(amount, int(unit[-1]))
    counted = {"count": None, "tokens": ("{n} token", "{n} tokens"),
               "words": ("{n} word", "{n} words"), "hours": ("{n} hour", "{n} hours"),
               "days": ("{n} day", "{n} days"), "years": ("{n} year", "{n} years"),
               "months": ("{n} month", "{n} months"), "fte": ("{n} FTE", "{n} FTE")}
    if unit in counted:
        number: Count | Number = (Count(int(amount)) if amount.is_integer()
                                  else Number(amount, 2))
        return _counted(unit, number)
    return _measured(unit, amount)


def _per(unit: str, cash: Money) -> Message | Money:
    if unit == "money_per_m":
        return msg("{money} per 1M tokens", money=cash)
    if unit == "money_per_hour":
        return msg("{money} per hour", money=cash)
    if unit == "money_per_second":
        return msg("{money} per second", money=cash)
    if unit == "money_per_gb":
        return msg("{money} per GB", money=cash)
    if unit == "money_per_gb_month":
        return msg("{money} per GB and month", money=cash)
    if unit == "money_per_kwh":
        return msg("{money} per kWh", money=cash)
    if unit == "money_per_kw_month":
        return msg("{money} per kW and month", money=cash)
    if unit == "money_per_server_month":
        return msg("{money} per server and month", money=cash)
    if unit == "money_per_gpu_year":
        return msg("{money} per GPU and year", money=cash)
    if unit == "money_per_year":
        return msg("{money} a year", money=cash)
    return cash


def _counted(unit: str, n: Count | Number) -> Message | Count | Number:
    if unit == "tokens":
        return nmsg("{n} token", "{n} tokens", n=n)
    if unit == "words":
        return nmsg("{n} word", "{n} words", n=n)
    if unit == "hours":
        return nmsg("{n} hour", "{n} hours", n=n)
    if unit == "days":
        return nmsg("{n} day", "{n} days", n=n)
    if unit == "years":
        return nmsg("{n} year", "{n} years", n=n)
    if unit == "months":
        return nmsg("{n} month", "{n} months", n=n)
    if unit == "fte":
        return msg("{n} FTE", n=n)
    return n


def _measured(unit: str, amount: float) -> Message | None:
    if unit == "seconds":
        return msg("{value} s", value=Number(amount, 2 if amount < 10 else 0))
    if unit == "watts":
        return msg("{value} W", value=Number(amount, 0))
    if unit == "gb":
        return msg("{value} GB", value=Number(amount, 0 if amount >= 10 else 1))
    if unit == "bytes":
        return msg("{value} bytes", value=Number(amount, 0))
    if unit == "tokens_per_minute":
        return msg("{value} tokens per minute", value=Number(amount, 0))
    if unit == "tokens_per_s":
        return msg("{value} tokens/s", value=Number(amount, 1))
    return None
