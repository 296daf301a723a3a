"""The corpus of issue 22: every hostile, huge or broken input it lists, made into tmp_path by
the test and given to the real CLI (`python -m core`) as a child process. Each case asserts
what the issue asks of every run (tests/fuzz/harness.check_outcome: exit 0 or 2, a refusal in
one line naming the file or field, under 10 s and 300 MB, no control characters printed, a
refused database byte-identical) and, where the input has a right answer, that answer: the
hostile value refused at its field, or a correct result (a price of 0 never stored, a
formula-like name exported with its apostrophe).

The hostile values are the issue's own: 10^9 layers, a negative sliding_window, "abc" where a
number belongs, more experts per token than experts, 10^400, 5,000-digit integers, nesting
100,000 deep, a key given twice, NaN; GGUF headers claiming 10^9 tensors or KV entries; 2^62
safetensors shapes; 10,000 options, a 1 MB note, a 100 kB option name, exchange rates of EUR 2
and 1e-300, 1e308; prices of 0, negative, 1e300 and unknown GPUs; `--date 2026-13-45<script>`;
a server printing without end or a 5,000-digit MemTotal; a flipped database page,
schema_version "0", a truncated file, a folder, /dev/null."""

import json
import math
import os
import re
import shutil
import sqlite3
import struct
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.declared import MAX_LINE, MAX_NAME, MAX_TEXT
from core.pricing.checks import MAX_CATALOG_ROWS, MAX_FILE_BYTES, MAX_ROWS
from tests.fuzz import seeds
from tests.fuzz.harness import (
    CONTROL,
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    Outcome,
    check_outcome,
    digest_folder,
    run_cli,
)

pytestmark = pytest.mark.fuzz

# Hostile values, from issue 22's list.
HUGE_COUNT = 10**9  # layers, GGUF blocks, tensors, KV entries
TEN_TO_400 = "1" + "0" * 400  # an integer beyond float range, as JSON text
DIGITS_5000 = "9" * 5000  # beyond Python's 4,300-digit int() limit
DEEP = 100_000  # nesting depth
SHAPE_2_62 = 2**62  # a safetensors dimension
OPTIONS_10000 = 10_000
NOTE_1_MB = 1_000_000
NAME_100_KB = 100_000
# Terminal escapes a hostile name carries: OSC 52 (write the clipboard), clear screen, a
# carriage return that overwrites the line, a right-to-left override.
ESCAPES = "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\rowned\u202e"
HTML = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"evil.example\",\"click\")"  # no '/': names may not hold one
BAD_DATE = "2026-13-45<script>"


@dataclass
class Case:
    """One corpus case: the arguments, what the refusal must name, the exit it must end with,
    and checks of the result."""

    args: tuple[str | Path, ...]
    names: tuple[str, ...] = ()
    expect: int | None = EXIT_BAD_INPUT
    env: dict[str, str] = field(default_factory=dict)
    probe: bool = False
    unchanged: Path | None = None  # a folder (a database's) that must stay byte-identical
    after: Callable[[Outcome], None] | None = None


CASES: dict[str, Callable[[Path], Case]] = {}


def case(name: str) -> Callable[[Callable[[Path], Case]], Callable[[Path], Case]]:
    def register(make: Callable[[Path], Case]) -> Callable[[Path], Case]:
        assert name not in CASES
        CASES[name] = make
        return make
    return register


# --- config.json ---------------------------------------------------------------------------------


def _config_case(tmp: Path, text: str | bytes, *names: str) -> Case:
    path = tmp / "config.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return Case(("fit", "--model", path, *seeds.FIT), names or ("config.json",))


def _with(config: dict, **changes: object) -> str:
    return json.dumps({**config, **changes})


def _raw(config: dict, key: str, raw: str) -> str:
    """The config with `key`'s value written as raw JSON text."""
    return json.dumps({**config, key: "@@"}).replace('"@@"', raw)


@case("config: 10^9 layers")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_LLAMA_CONFIG, num_hidden_layers=HUGE_COUNT),
                        "num_hidden_layers")


@case("config: negative sliding_window")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_MOE_CONFIG, sliding_window=-4096),
                        "sliding_window")


@case("config: negative sliding_window, Qwen2 with use_sliding_window")
def _(tmp: Path) -> Case:
    config = {**seeds.TINY_LLAMA_CONFIG, "model_type": "qwen2", "use_sliding_window": True,
              "max_window_layers": 1}
    return _config_case(tmp, _with(config, sliding_window=-1), "sliding_window")


@case("config: sliding_window 'abc'")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_MOE_CONFIG, sliding_window="abc"),
                        "sliding_window")


@case("config: hidden_size 'abc'")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_LLAMA_CONFIG, hidden_size="abc"), "hidden_size")


@case("config: a list where heads belong")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_LLAMA_CONFIG, num_attention_heads=[4]),
                        "num_attention_heads")


@case("config: more experts per token than experts")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_MOE_CONFIG, num_experts_per_tok=8),
                        "num_experts_per_tok")


@case("config: 10^400 hidden_size")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "hidden_size", TEN_TO_400),
                        "hidden_size")


@case("config: 1e400 intermediate_size")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "intermediate_size", "1e400"),
                        "intermediate_size")


@case("config: 5,000-digit vocab_size")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "vocab_size", DIGITS_5000),
                        "vocab_size")


@case("config: 1e308 max_position_embeddings")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "max_position_embeddings", "1e308"),
                        "max_position_embeddings")


@case("config: nesting 100,000 deep")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "rope_scaling",
                                  "[" * DEEP + "]" * DEEP), "config.json")


@case("config: a key given twice")
def _(tmp: Path) -> Case:
    text = json.dumps(seeds.TINY_LLAMA_CONFIG).replace('"hidden_size": 256',
                                                      '"hidden_size": 256, "hidden_size": 8')
    return _config_case(tmp, text, "hidden_size")


@case("config: NaN")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "hidden_size", "NaN"),
                        "config.json")


@case("config: -Infinity")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _raw(seeds.TINY_LLAMA_CONFIG, "vocab_size", "-Infinity"),
                        "config.json")


@case("config: 0 key/value heads")
def _(tmp: Path) -> Case:
    return _config_case(tmp, _with(seeds.TINY_LLAMA_CONFIG, num_key_value_heads=0),
                        "num_key_value_heads")


@case("config: not UTF-8")
def _(tmp: Path) -> Case:
    return _config_case(tmp, b'{"model_type": "\xff\xfe"}', "config.json")


@case("config: empty file")
def _(tmp: Path) -> Case:
    return _config_case(tmp, b"", "config.json")


@case("config: a JSON list, not an object")
def _(tmp: Path) -> Case:
    return _config_case(tmp, "[1, 2, 3]", "config.json")


@case("config: 17 MB (above the 16 MB cap), never read")
def _(tmp: Path) -> Case:
    path = tmp / "config.json"
    with path.open("wb") as handle:  # sparse: no 17 MB written to disk
        handle.truncate(17 * 1024 * 1024)
    return Case(("fit", "--model", path, *seeds.FIT), ("config.json",))


@case("config: terminal escapes in model_type are read, never printed")
def _(tmp: Path) -> Case:
    made = _config_case(tmp, _with(seeds.TINY_LLAMA_CONFIG, model_type="x" + ESCAPES))
    return Case(made.args[:-1], expect=EXIT_OK)  # the text report, which names the type


# --- GGUF --------------------------------------------------------------------------------------


def _gguf_case(tmp: Path, data: bytes, *names: str, expect: int = EXIT_BAD_INPUT) -> Case:
    path = tmp / "model.gguf"
    path.write_bytes(data)
    return Case(("fit", "--model", path, "--gpu", "h100-sxm", "--json"),
                names or ("model.gguf",), expect)


def _gguf(moe: bool = False, **metadata: seeds.Typed) -> bytes:
    seed, tensors = seeds.gguf_seed(moe)
    arch = seed["general.architecture"][1]
    seed |= {key if key.startswith("general.") else f"{arch}.{key}": value
             for key, value in metadata.items()}
    return seeds.gguf_bytes(seed, tensors)


@case("gguf: a header claiming 10^9 tensors")
def _(tmp: Path) -> Case:
    seed, tensors = seeds.gguf_seed()
    return _gguf_case(tmp, seeds.gguf_bytes(seed, tensors, tensor_count=HUGE_COUNT))


@case("gguf: a header claiming 10^9 KV entries")
def _(tmp: Path) -> Case:
    seed, tensors = seeds.gguf_seed()
    return _gguf_case(tmp, seeds.gguf_bytes(seed, tensors, kv_count=HUGE_COUNT))


@case("gguf: a header claiming 10^7 tensors (under the cap) in a small file")
def _(tmp: Path) -> Case:
    seed, tensors = seeds.gguf_seed()
    return _gguf_case(tmp, seeds.gguf_bytes(seed, tensors, tensor_count=10**7), "truncated")


@case("gguf: 10^9 blocks")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(block_count=("u32", HUGE_COUNT)), "block_count")


@case("gguf: expert_count 'abc'")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(True, expert_count=("str", "abc")), "expert_count")


@case("gguf: expert_count NaN")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(True, expert_count=("f32", float("nan"))), "expert_count")


@case("gguf: expert_count inf")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(True, expert_count=("f64", float("inf"))), "expert_count")


@case("gguf: more experts per token than experts")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(True, expert_used_count=("u32", 8)), "expert_used_count")


@case("gguf: 0 attention heads")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf(**{"attention.head_count": ("u32", 0)}), "head_count")


@case("gguf: truncated in the tensor table")
def _(tmp: Path) -> Case:
    data = _gguf()
    return _gguf_case(tmp, data[:len(data) * 3 // 4], "truncated")


@case("gguf: truncated in the header")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, _gguf()[:10], "truncated")


@case("gguf: a string claiming 2^60 bytes")
def _(tmp: Path) -> Case:
    data = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**60)
    return _gguf_case(tmp, data, "not plausible")


@case("gguf: arrays nested 100,000 deep")
def _(tmp: Path) -> Case:
    nested = (struct.pack("<IQ", seeds.GGUF_TYPES["arr"], 1)) * DEEP + struct.pack(
        "<IQ", seeds.GGUF_TYPES["u32"], 0)
    data = (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + seeds.gguf_string("deep")
            + struct.pack("<I", seeds.GGUF_TYPES["arr"]) + nested)
    return _gguf_case(tmp, data)


@case("gguf: a tensor of 2^62 x 2^62 elements")
def _(tmp: Path) -> Case:
    seed, tensors = seeds.gguf_seed()
    tensors[0] = ("token_embd.weight", (SHAPE_2_62, SHAPE_2_62), seeds.F16)
    return _gguf_case(tmp, seeds.gguf_bytes(seed, tensors), "token_embd.weight")


@case("gguf: terminal escapes in general.name are never printed")
def _(tmp: Path) -> Case:
    made = _gguf_case(tmp, _gguf(**{"general.name": ("str", "tiny" + ESCAPES)}),
                      expect=EXIT_OK)
    return Case(made.args[:-1], expect=EXIT_OK)


@case("gguf: no GGUF magic")
def _(tmp: Path) -> Case:
    return _gguf_case(tmp, b"GGML" + _gguf()[4:], "GGUF")


# --- safetensors ---------------------------------------------------------------------------------


def _safetensors_case(tmp: Path, data: bytes, *names: str) -> Case:
    folder = seeds.model_folder(tmp / "model")
    (folder / "model.safetensors").write_bytes(data)
    return Case(("fit", "--model", folder, *seeds.FIT), names or ("model.safetensors",))


def _header(**tensors: list[int]) -> dict:
    header, offset = {}, 0
    for name, shape in {**seeds.llama_tensors(), **tensors}.items():
        size = 2
        for dim in shape:
            size *= dim
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    return header


@case("safetensors: 2^62 x 2^62 shapes")
def _(tmp: Path) -> Case:
    header = _header(**{"model.embed_tokens.weight": [SHAPE_2_62, SHAPE_2_62]})
    return _safetensors_case(tmp, seeds.safetensors_bytes(header, bytes(64)),
                             "model.embed_tokens.weight")


@case("safetensors: data_offsets that disagree with the shape")
def _(tmp: Path) -> Case:
    header = _header()
    header["model.norm.weight"]["data_offsets"][1] += 2
    return _safetensors_case(tmp, seeds.safetensors_bytes(header), "model.norm.weight")


@case("safetensors: a download cut short after the header is still counted")
def _(tmp: Path) -> Case:
    made = _safetensors_case(tmp, seeds.safetensors_bytes(_header(), bytes(64)))
    made.expect = EXIT_OK

    def counted(outcome: Outcome) -> None:  # only headers are read; the count is exact
        assert json.loads(outcome.stdout)["params"] == sum(
            math.prod(shape) for shape in seeds.llama_tensors().values())

    made.after = counted
    return made


@case("safetensors: a header of no tensors")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes({"__metadata__": {}}),
                             "model.safetensors")


@case("safetensors: header length larger than the file")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes({}, length=50_000_000),
                             "model.safetensors")


@case("safetensors: header length 2^64 - 1")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes({}, length=2**64 - 1),
                             "model.safetensors")


@case("safetensors: a header that is not JSON")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes(b"{not json at all"),
                             "model.safetensors")


@case("safetensors: a header that is not UTF-8")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes(b'{"\xff": 1}'), "model.safetensors")


@case("safetensors: a header nested 100,000 deep")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, seeds.safetensors_bytes(
        b'{"__metadata__": ' + b"[" * DEEP + b"]" * DEEP + b"}"), "model.safetensors")


@case("safetensors: a 5,000-digit dimension")
def _(tmp: Path) -> Case:
    text = json.dumps(_header()).replace("[512, 256]", f"[{DIGITS_5000}, 256]", 1)
    return _safetensors_case(tmp, seeds.safetensors_bytes(text.encode()), "model.safetensors")


@case("safetensors: a negative dimension")
def _(tmp: Path) -> Case:
    header = _header(**{"model.norm.weight": [-256]})
    return _safetensors_case(tmp, seeds.safetensors_bytes(header), "model.norm.weight")


@case("safetensors: an unknown dtype")
def _(tmp: Path) -> Case:
    header = _header()
    header["model.norm.weight"]["dtype"] = "Q99"
    return _safetensors_case(tmp, seeds.safetensors_bytes(header), "model.norm.weight")


@case("safetensors: a file of 5 bytes")
def _(tmp: Path) -> Case:
    return _safetensors_case(tmp, b"\x01\x02\x03\x04\x05", "model.safetensors")


# --- scenario files ------------------------------------------------------------------------------


def _scenario_case(tmp: Path, document: dict | str, *names: str, expect: int = EXIT_BAD_INPUT,
                   json_output: bool = True) -> Case:
    path = tmp / "plan.llmplan.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return Case(("cost", path, *(("--json",) if json_output else ())),
                names or ("plan.llmplan.json",), expect)


@case("scenario: 10,000 options")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    api = document["options"][0]
    document["options"] = [{**api, "name": f"option {i}"} for i in range(OPTIONS_10000)]
    return _scenario_case(tmp, document, "options")


@case("scenario: 50 options, the most a scenario takes, are costed in time")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    options = document["options"]
    document["options"] = [{**options[i % len(options)], "name": f"option {i}"}
                           for i in range(50)]
    return _scenario_case(tmp, document, expect=EXIT_OK)


@case("scenario: a 1 MB note")
def _(tmp: Path) -> Case:
    return _scenario_case(tmp, {**seeds.scenario(), "notes": ["x" * NOTE_1_MB]}, "notes")


@case("scenario: a 100 kB option name")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["options"][0]["name"] = "n" * NAME_100_KB
    return _scenario_case(tmp, document, "options[0].name")


@case("scenario: exchange_rates EUR 2")
def _(tmp: Path) -> Case:
    return _scenario_case(tmp, {**seeds.scenario(), "exchange_rates": {"EUR": 2}},
                          "exchange_rates.EUR")


@case("scenario: an exchange rate of 1e-300")
def _(tmp: Path) -> Case:
    return _scenario_case(tmp, {**seeds.scenario(), "exchange_rates": {"USD": 1e-300}},
                          "exchange_rates.USD")


@case("scenario: an exchange rate of 1e15")
def _(tmp: Path) -> Case:
    return _scenario_case(tmp, {**seeds.scenario(), "exchange_rates": {"USD": 1e15}},
                          "exchange_rates.USD")


@case("scenario: 1e308 price")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["options"][0]["price_in_per_m"] = 1e308
    return _scenario_case(tmp, document, "options[0].price_in_per_m")


@case("scenario: 10^400 requests")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["workload"] = {"requests_per_day": "@@", "input_tokens": 100, "output_tokens": 10}
    return _scenario_case(tmp, json.dumps(document).replace('"@@"', TEN_TO_400),
                          "workload.requests_per_day")


@case("scenario: a 5,000-digit horizon")
def _(tmp: Path) -> Case:
    text = json.dumps({**seeds.scenario(), "horizon_months": "@@"})
    return _scenario_case(tmp, text.replace('"@@"', DIGITS_5000), "horizon_months")


@case("scenario: NaN")
def _(tmp: Path) -> Case:
    text = json.dumps({**seeds.scenario(), "horizon_months": "@@"})
    return _scenario_case(tmp, text.replace('"@@"', "NaN"), "plan.llmplan.json")


@case("scenario: nesting 100,000 deep")
def _(tmp: Path) -> Case:
    text = json.dumps({**seeds.scenario(), "notes": "@@"})
    return _scenario_case(tmp, text.replace('"@@"', "[" * DEEP + "]" * DEEP),
                          "plan.llmplan.json")


@case("scenario: a key given twice")
def _(tmp: Path) -> Case:
    text = json.dumps(seeds.scenario()).replace('"horizon_months": 36',
                                                '"horizon_months": 36, "horizon_months": 1')
    assert '"horizon_months": 1' in text
    return _scenario_case(tmp, text, "horizon_months")


@case("scenario: 'abc' where a number belongs")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["workload"]["input_tokens"] = "abc"
    return _scenario_case(tmp, document, "workload.input_tokens")


def _named(tmp: Path, name: str, json_output: bool) -> Case:
    document = seeds.scenario()
    document["options"][0]["name"] = name
    document["name"] = name
    made = _scenario_case(tmp, document, expect=EXIT_OK, json_output=json_output)

    def kept_as_data(outcome: Outcome) -> None:
        if json_output:
            plan = json.loads(outcome.stdout)  # still valid JSON, the name in it
            assert plan["options"][0]["name"].startswith(name[:5])
        else:  # as text, without its control characters
            assert re.sub(CONTROL, "", name)[:12] in outcome.stdout

    made.after = kept_as_data
    return made


@case("scenario: an HTML option name prints as text")
def _(tmp: Path) -> Case:
    return _named(tmp, HTML, json_output=False)


@case("scenario: a formula option name prints as text")
def _(tmp: Path) -> Case:
    return _named(tmp, FORMULA, json_output=True)


@case("scenario: terminal escapes in names never reach the terminal (text)")
def _(tmp: Path) -> Case:
    return _named(tmp, "GPT" + ESCAPES, json_output=False)


@case("scenario: terminal escapes in names never reach the terminal (JSON)")
def _(tmp: Path) -> Case:
    return _named(tmp, "GPT" + ESCAPES, json_output=True)


@case("scenario: 17 MB (above the 16 MB cap), never read")
def _(tmp: Path) -> Case:
    path = tmp / "plan.llmplan.json"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    return Case(("cost", path), ("plan.llmplan.json",))


@case("scenario: a file name with a line break is named on one line")
def _(tmp: Path) -> Case:
    path = tmp / "plan\nx.llmplan.json"
    path.write_text(json.dumps({**seeds.scenario(), "horizon_months": -1}))
    return Case(("cost", path), ("horizon_months",))


@case("scenario: a list where an option's kind belongs")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["options"][0]["kind"] = []  # 'internal error: unhashable type: list'
    return _scenario_case(tmp, document, "options[0].kind")


@case("scenario: a folder")
def _(tmp: Path) -> Case:
    (tmp / "plan.llmplan.json").mkdir()
    return Case(("cost", tmp / "plan.llmplan.json"), ("plan.llmplan.json",))


@case("report: 1,000 notes of 10,000 characters")
def _(tmp: Path) -> Case:
    # each within core.declared's MAX_ITEMS x MAX_TEXT, 10 MB in all: minutes in the PDF
    return _scenario_case(tmp, {**seeds.scenario(), "notes": ["word " * 2000] * 1000},
                          "notes")


@case("report: the most text a scenario holds is laid out in time")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    for index, option in enumerate(document["options"]):  # unbreakable: the slowest to wrap
        option["name"] = str(index) + "n" * (MAX_NAME - 1)
        option["source"] = "s" * MAX_LINE
    figure = {"label": "L" * MAX_NAME, "quoted": 1, "path": "p" * MAX_LINE,
              "source": "s" * MAX_LINE, "explanation": "e" * MAX_LINE}
    document["reference_figures"] = [figure] * 20
    document["notes"] = ["word " * (MAX_TEXT // 5)] * 10
    document["name"] = "N" * MAX_NAME
    path = tmp / "plan.llmplan.json"
    path.write_text(json.dumps(document))
    return Case(("report", path, "-o", tmp / "plan.pdf"), expect=EXIT_OK)


@case("report: escapes and HTML in names")
def _(tmp: Path) -> Case:
    document = seeds.scenario()
    document["options"][0]["name"] = HTML + ESCAPES
    path = tmp / "plan.llmplan.json"
    path.write_text(json.dumps(document))
    return Case(("report", path, "-o", tmp / "plan.pdf"), expect=EXIT_OK)


# --- price files -------------------------------------------------------------------------------

# One row per hostile price (issue 22: price 0, negative, 1e300, unknown GPU, and NaN) and one
# good row; the good one must be taken and none of the others stored.
BAD_PRICES = ("0", "-3", "1e300", "nan")


def _import(tmp: Path, template: Path, path: Path, *extra: str) -> Case:
    db = seeds.copy_database(template, tmp / "db")
    made = Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01", "--json",
                 *extra), (path.name,), EXIT_OK)
    made.after = lambda outcome: _stored_prices_are_plausible(db, outcome)
    return made


def _stored_prices_are_plausible(db: Path, outcome: Outcome) -> None:
    from core.hardware.gpus import gpu_catalog
    from core.store.database import Store

    result = json.loads(outcome.stdout)
    assert result["taken"] == 1, outcome.describe()  # the good row, nothing else
    known = {gpu.id for gpu in gpu_catalog()}
    with Store(db) as store:
        catalog = store.catalog()
    for instance in catalog.cloud:
        assert instance.gpu in known, instance
        assert instance.price_per_hour is None or 0 < instance.price_per_hour <= 10_000, \
            instance
    for api in catalog.api:
        for price in (api.price_in_per_m, api.price_out_per_m, api.price_cached_in_per_m):
            assert price is None or 0 < price <= 10_000, api


@case("prices: LiteLLM JSON with 0, negative, 1e300 and 'nan' prices")
def _(tmp: Path, template: Path) -> Case:
    good = {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-6,
            "output_cost_per_token": 1e-5}
    document: dict[str, object] = {"good-model": good}
    for index, price in enumerate(BAD_PRICES):  # NaN as JSON is refused whole: its own case
        value = price if price == "nan" else float(price)
        document[f"bad-{index}"] = {**good, "input_cost_per_token": value}
    path = tmp / "model_prices_and_context_window.json"
    path.write_text(json.dumps(document))
    return _import(tmp, template, path)


def _genai_document(models: list[dict]) -> list[dict]:
    return [{"id": "openai", "name": "OpenAI", "api_pattern": "https://api\\.openai\\.com",
             "models": models}]


_GENAI_GOOD = {"id": "good-model", "match": {"equals": "good-model"},
               "prices": {"input_mtok": 2.5, "output_mtok": 10}}


@case("prices: genai-prices with 0, negative, 1e300 prices, bad tiers, times and dates")
def _(tmp: Path, template: Path) -> Case:
    bad: list[dict] = [{**_GENAI_GOOD, "id": f"bad-{i}",
                        "prices": {"input_mtok": float(price), "output_mtok": 10}}
                       for i, price in enumerate(BAD_PRICES[:3])]
    bad += [
        {**_GENAI_GOOD, "id": "tier-start", "prices": {
            "input_mtok": {"base": 1, "tiers": [{"start": 1e30, "price": 2}]},
            "output_mtok": 3}},
        {**_GENAI_GOOD, "id": "tier-list", "prices": {
            "input_mtok": {"base": 1, "tiers": "many"}, "output_mtok": 3}},
        {**_GENAI_GOOD, "id": "clock", "prices": [
            {"prices": {"input_mtok": 1, "output_mtok": 2}},
            {"constraint": {"start_time": "99:99:00Z", "end_time": "x"},
             "prices": {"input_mtok": 1, "output_mtok": 2}}]},
        {**_GENAI_GOOD, "id": "date", "prices": [
            {"prices": {"input_mtok": 1, "output_mtok": 2}},
            {"constraint": {"start_date": "2026-13-45"},
             "prices": {"input_mtok": 1, "output_mtok": 2}}]},
        {**_GENAI_GOOD, "id": "only-constrained", "prices": [
            {"constraint": {"start_date": "2026-01-01"},
             "prices": {"input_mtok": 1, "output_mtok": 2}}]},
        {**_GENAI_GOOD, "id": "string-prices", "prices": "cheap"},
        {**_GENAI_GOOD, "id": "empty-list", "prices": []},
        {**_GENAI_GOOD, "id": "per-request", "prices": {"input_mtok": 1, "output_mtok": 2,
                                                       "requests_kcount": 5}},
        "not a model", {"match": {}, "prices": {"input_mtok": 1, "output_mtok": 2}}]
    path = tmp / "data.json"
    path.write_text(json.dumps(_genai_document([_GENAI_GOOD, *bad])))
    return _import(tmp, template, path)


def _csv_case(tmp: Path, template: Path, seed: Path, name: str, good_line: int,
              price_column: str, gpu_column: str) -> Case:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(seed.read_text())))
    good = rows[good_line - 2]
    bad = [{**good, price_column: price, "instance_name": f"bad{i}.x", "InstanceType":
            f"bad{i}.x"} for i, price in enumerate(BAD_PRICES)]
    bad.append({**good, gpu_column: "Z9000", "instance_name": "z.x", "InstanceType": "z.x"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(good), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows([good, *bad])
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue())
    return _import(tmp, template, path)


@case("prices: SkyPilot CSV with 0, negative, 1e300, NaN prices and an unknown GPU")
def _(tmp: Path, template: Path) -> Case:
    return _csv_case(tmp, template, seeds.SKYPILOT, "aws/vms.csv", 3, "Price", "AcceleratorName")


@case("prices: gpuhunt CSV with 0, negative, 1e300, NaN prices and an unknown GPU")
def _(tmp: Path, template: Path) -> Case:
    return _csv_case(tmp, template, seeds.GPUHUNT, "aws.csv", 2, "price", "gpu_name")


def _own_rows(kind_good: dict, price_key: str) -> list[dict]:
    rows = [{**kind_good, "id": f"bad-{i}", price_key: price}
            for i, price in enumerate(BAD_PRICES)]
    return rows


@case("prices: our JSON with 0 and 1e300 prices and an unknown GPU")
def _(tmp: Path, template: Path) -> Case:
    document = json.loads(seeds.own_json())
    good = document["cloud_instances"][0]
    document["cloud_instances"] = [good] + [
        {**good, "id": f"bad-{i}", "price_per_hour": price}
        for i, price in enumerate((0, 1e300))] + [{**good, "id": "bad-gpu", "gpu": "Z9000"}]
    api = document["api_models"][0]
    document["api_models"] = [{**api, "id": "bad-api", "price_in_per_m": 1e300}]
    document["energy"] = document["hardware"] = []
    path = tmp / "prices.json"
    path.write_text(json.dumps(document))
    return _import(tmp, template, path)


@case("prices: our JSON with a negative price")
def _(tmp: Path, template: Path) -> Case:
    document = json.loads(seeds.own_json())
    document["cloud_instances"][1]["price_per_hour"] = -3
    path = tmp / "prices.json"
    path.write_text(json.dumps(document))
    db = seeds.copy_database(template, tmp / "db")
    made = _import(tmp, template, path)
    made.expect, made.names, made.unchanged = None, ("price_per_hour", "negative"), db.parent
    check = made.after
    assert check is not None
    made.after = lambda outcome: check(outcome) if outcome.code == EXIT_OK else None
    return made


@case("prices: our CSV with 0, negative, 1e300, NaN prices and an unknown GPU")
def _(tmp: Path, template: Path) -> Case:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(seeds.own_csv())))
    good = next(row for row in rows if row["kind"] == "cloud")
    bad = [{**good, "id": f"bad-{i}", "price_per_hour": p} for i, p in enumerate(BAD_PRICES)]
    bad.append({**good, "id": "bad-gpu", "gpu": "Z9000"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(good), lineterminator="\n")
    writer.writeheader()
    writer.writerows([good, *bad])
    path = tmp / "prices.csv"
    path.write_text(buffer.getvalue())
    return _import(tmp, template, path)


@case("prices: --date 2026-13-45<script>")
def _(tmp: Path, template: Path) -> Case:
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", seeds.GPUHUNT, "--db", db, "--date", BAD_DATE),
                ("--date",), unchanged=db.parent)


@case("prices: --date 99999-01-01")
def _(tmp: Path, template: Path) -> Case:
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", seeds.GPUHUNT, "--db", db, "--date", "99999-01-01"),
                ("--date",), unchanged=db.parent)


def _own_rates_case(tmp: Path, template: Path, rates: dict, *names: str) -> Case:
    document = json.loads(seeds.own_json())
    document["exchange_rates"]["rates"] = rates
    path = tmp / "prices.json"
    path.write_text(json.dumps(document))
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db), names, unchanged=db.parent)


@case("prices: our JSON with exchange rate EUR 2")
def _(tmp: Path, template: Path) -> Case:
    return _own_rates_case(tmp, template, {"EUR": 2.0, "USD": 1.08}, "EUR")


@case("prices: our JSON with an exchange rate of 1e-300")
def _(tmp: Path, template: Path) -> Case:
    return _own_rates_case(tmp, template, {"EUR": 1.0, "USD": 1e-300}, "USD")


@case("prices: our CSV with an exchange rate of 1e-300")
def _(tmp: Path, template: Path) -> Case:
    text = seeds.own_csv()
    lines = text.splitlines()
    usd = next(i for i, line in enumerate(lines) if line.startswith("exchange_rate,USD,"))
    cells = lines[usd].split(",")
    cells[lines[0].split(",").index("rate_per_eur")] = "1e-300"
    lines[usd] = ",".join(cells)
    path = tmp / "prices.csv"
    path.write_text("\n".join(lines) + "\n")
    db = seeds.copy_database(template, tmp / "db")
    made = Case(("catalog", "import", path, "--db", db, "--json"), ("USD", "rate_per_eur"),
                expect=None)

    def rate_not_stored(outcome: Outcome) -> None:
        if outcome.code == EXIT_OK:
            from core.store.database import Store

            with Store(db) as store:
                assert store.catalog().rates.get("USD", 1.0) > 1e-6

    made.after = rate_not_stored
    return made


@case("prices: LiteLLM with a list as a model's mode")
def _(tmp: Path, template: Path) -> Case:
    document = json.loads(seeds.LITELLM.read_text())
    document["gpt-4o"]["mode"] = []  # 'internal error: unhashable type: list'
    path = tmp / "model_prices_and_context_window.json"
    path.write_text(json.dumps(document))
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01", "--dry-run"),
                expect=EXIT_OK)


@case("prices: LiteLLM keys with terminal escapes are never printed")
def _(tmp: Path, template: Path) -> Case:
    document = json.loads(seeds.LITELLM.read_text())
    document["gpt-4o" + ESCAPES] = {**document["gpt-4o"], "input_cost_per_token": 0}
    document["x" + ESCAPES] = {"litellm_provider": "openai" + ESCAPES,
                               "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}
    path = tmp / "model_prices_and_context_window.json"
    path.write_text(json.dumps(document))
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01"),
                expect=EXIT_OK)


@case("prices: a formula-like model name is exported with an apostrophe")
def _(tmp: Path, template: Path) -> Case:
    document = {FORMULA: {"litellm_provider": "openai", "mode": "chat",
                          "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}
    path = tmp / "model_prices_and_context_window.json"
    path.write_text(json.dumps(document))
    db = seeds.copy_database(template, tmp / "db")
    assert run_cli("catalog", "import", path, "--db", db, "--date", "2025-06-01").code == 0
    exported = tmp / "export.csv"
    made = Case(("catalog", "export", "-o", exported, "--db", db), expect=EXIT_OK)

    def neutralised(outcome: Outcome) -> None:
        text = exported.read_text()
        assert "'" + FORMULA.replace('"', '""') in text or "'=HYPERLINK" in text, text[-400:]
        assert ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text

    made.after = neutralised
    return made


def _many_rows(tmp: Path, template: Path, count: int) -> Case:
    header, good = seeds.GPUHUNT.read_text().splitlines()[:2]
    rows = [good.replace("p5.48xlarge", f"x{i}.big").replace(",H100,", f",Z{i % 5000},")
            for i in range(count - 1)]
    path = tmp / "aws.csv"
    path.write_text("\n".join([header, good, *rows]) + "\n")
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01", "--dry-run"),
                ("aws.csv",), unchanged=db.parent)


@case("prices: 100,000 rows (the most read), 5,000 unknown GPU names")
def _(tmp: Path, template: Path) -> Case:
    # issue 22: a 100,000-row CSV took 83 s (the GPU-name cache keyed on the instance name)
    made = _many_rows(tmp, template, MAX_ROWS)
    made.expect = EXIT_OK
    return made


@case("prices: 100,000 rows with a wide column, just under 64 MB")
def _(tmp: Path, template: Path) -> Case:
    # 600 MB: a StringIO of the text (4 bytes a character) and every row's every column held
    header, good = seeds.GPUHUNT.read_text().splitlines()[:2]
    wide = "," + "p" * 600
    rows = [good.replace("p5.48xlarge", f"x{i}.big").replace(",H100,", f",Z{i % 5000},")
            .replace(',"{""zone"": ""us-east-1a""}"', wide) for i in range(MAX_ROWS - 1)]
    path = tmp / "aws.csv"
    path.write_text("\n".join([header, good, *rows]) + "\n")
    assert path.stat().st_size <= MAX_FILE_BYTES
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01", "--dry-run"),
                expect=EXIT_OK)


@case("prices: 100,001 rows, refused before parsing")
def _(tmp: Path, template: Path) -> Case:
    # a 62 MB CSV of 620,000 rows took 25 s and 1.2 GB
    return _many_rows(tmp, template, MAX_ROWS + 1)


@case("prices: usable rows past the catalog's limit are refused, nothing stored")
def _(tmp: Path, template: Path) -> Case:
    # importing 100,000 usable rows took 10 s and 280 MB, and every later command 8 s
    header, good = seeds.GPUHUNT.read_text().splitlines()[:2]
    rows = [good.replace("p5.48xlarge", f"x{i}.big") for i in range(MAX_CATALOG_ROWS)]
    path = tmp / "aws.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--date", "2025-06-01"),
                ("aws.csv",), unchanged=db.parent)


@case("prices: a 20 MB LiteLLM file, refused before parsing")
def _(tmp: Path, template: Path) -> Case:
    # a 60 MB one took 25 s and 640 MB
    entry = json.dumps({"litellm_provider": "openai", "mode": "chat",
                        "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6})
    count = 20_000_000 // (len(entry) + 16)
    path = tmp / "model_prices_and_context_window.json"
    path.write_text("{" + ",".join(f'"m{i}": {entry}' for i in range(count)) + "}")
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db, "--dry-run"), (path.name,),
                unchanged=db.parent)


@case("prices: 65 MB (above the 64 MB cap), never read")
def _(tmp: Path, template: Path) -> Case:
    path = tmp / "aws.csv"
    with path.open("wb") as handle:
        handle.write(seeds.GPUHUNT.read_bytes())
        handle.truncate(65 * 1024 * 1024)
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db), ("aws.csv",), unchanged=db.parent)


@case("prices: UTF-16, not UTF-8")
def _(tmp: Path, template: Path) -> Case:
    path = tmp / "aws.csv"
    path.write_bytes(seeds.GPUHUNT.read_text().encode("utf-16"))
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db), ("aws.csv",), unchanged=db.parent)


@case("prices: NaN in LiteLLM JSON")
def _(tmp: Path, template: Path) -> Case:
    path = tmp / "prices.json"
    path.write_text('{"m": {"litellm_provider": "openai", "input_cost_per_token": NaN}}')
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db), ("prices.json",), unchanged=db.parent)


@case("prices: LiteLLM JSON nested 100,000 deep")
def _(tmp: Path, template: Path) -> Case:
    path = tmp / "prices.json"
    path.write_text('{"m": ' + "[" * DEEP + "]" * DEEP + "}")
    db = seeds.copy_database(template, tmp / "db")
    return Case(("catalog", "import", path, "--db", db), ("prices.json",), unchanged=db.parent)


# --- hardware profiles ---------------------------------------------------------------------------


def _profile_case(tmp: Path, text: str, *names: str, expect: int = EXIT_BAD_INPUT) -> Case:
    path = tmp / "server.json"
    path.write_text(text)
    return Case(("profile", "show", path, "--json"), names or ("server.json",), expect)


def _profile_raw(key: str, raw: str) -> str:
    document = seeds.profile_document()
    document["gpus"][0][key] = "@@"
    return json.dumps(document).replace('"@@"', raw)


@case("profile: 10^400 bytes of memory")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("memory_total_bytes", TEN_TO_400),
                         "memory_total_bytes")


@case("profile: a 5,000-digit memory figure")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("memory_free_bytes", DIGITS_5000),
                         "memory_free_bytes")


@case("profile: NaN power")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("power_limit_watts", "NaN"), "server.json")


@case("profile: 'abc' as the memory")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("memory_total_bytes", '"abc"'), "memory_total_bytes")


@case("profile: negative memory")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("memory_total_bytes", "-1"), "memory_total_bytes")


@case("profile: more memory free than there is")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("memory_free_bytes", str(10**12)),
                         "memory_free_bytes")


@case("profile: 10,000 GPUs")
def _(tmp: Path) -> Case:
    document = seeds.profile_document()
    gpu = document["gpus"][0]
    document["gpus"] = [{**gpu, "index": i} for i in range(10_000)]
    return _profile_case(tmp, json.dumps(document), "gpus")


@case("profile: a GPU index given twice")
def _(tmp: Path) -> Case:
    document = seeds.profile_document()
    document["gpus"][1]["index"] = document["gpus"][0]["index"]
    return _profile_case(tmp, json.dumps(document), "index")


@case("profile: taken_at '<script>'")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, json.dumps({**seeds.profile_document(),
                                          "taken_at": "<script>"}), "taken_at")


@case("profile: nesting 100,000 deep")
def _(tmp: Path) -> Case:
    return _profile_case(tmp, _profile_raw("name", "[" * DEEP + "]" * DEEP), "server.json")


@case("profile: terminal escapes in the GPU name are never printed")
def _(tmp: Path) -> Case:
    document = seeds.profile_document()
    document["gpus"][0]["name"] = "A800" + ESCAPES
    document["host"]["name"] = "host" + ESCAPES
    path = tmp / "server.json"
    path.write_text(json.dumps(document))
    return Case(("profile", "show", path), expect=EXIT_OK)


@case("profile: fit on a profile with 1e308 bandwidth")
def _(tmp: Path) -> Case:
    made = _profile_case(tmp, _profile_raw("bandwidth_gbps", "1e308"), "bandwidth_gbps")
    return Case(("fit", "--model", "Qwen/Qwen3-8B", "--quant", "bf16", "--profile",
                 made.args[2]), made.names)


@case("profile: a bad profile is not imported and the database is unchanged")
def _(tmp: Path, template: Path) -> Case:
    path = tmp / "server.json"
    path.write_text(_profile_raw("memory_total_bytes", TEN_TO_400))
    db = seeds.copy_database(template, tmp / "db")
    return Case(("profile", "import", path, "--db", db, "--name", "bad"),
                ("memory_total_bytes",), unchanged=db.parent)


# --- nvidia-smi over SSH -------------------------------------------------------------------------


def _probe_case(tmp: Path, stdout: str | bytes, stderr: str | bytes = b"", code: int = 0,
                expect: int | None = EXIT_OK) -> Case:
    env = seeds.fake_ssh(tmp / "bin", stdout, stderr, code)
    written = tmp / "server.json"
    made = Case(("probe", "--ssh", "gpu-server-01", "-o", written), expect=expect, env=env,
                probe=True)

    def written_profile_reads_back(outcome: Outcome) -> None:
        if outcome.code == EXIT_OK:  # what the probe wrote, its own reader takes
            check_outcome(run_cli("profile", "show", written, "--json"), expect=EXIT_OK)

    made.after = written_profile_reads_back
    return made


@case("ssh: a server printing 8 MiB (past the 4 MiB cap)")
def _(tmp: Path) -> Case:
    line = "x" * 4095 + "\n"
    return _probe_case(tmp, line * 2048, expect=EXIT_INTERNAL)


@case("ssh: a 5,000-digit MemTotal")
def _(tmp: Path) -> Case:
    host = seeds.HOST_SECTION.replace("1056482424", DIGITS_5000)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(host=host)))


@case("ssh: a MemTotal in superscript digits")
def _(tmp: Path) -> Case:
    host = seeds.HOST_SECTION.replace("1056482424", "²³").replace("cores=128", "cores=¹²⁸")
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(host=host)))


@case("ssh: a 5,000-digit memory.total from nvidia-smi")
def _(tmp: Path) -> Case:
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("81920", DIGITS_5000)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: inf and nan from nvidia-smi")
def _(tmp: Path) -> Case:
    gpus = (seeds.recorded("a800-sxm4-80gb-query.csv").replace("81920", "inf", 1)
            .replace("34447", "nan").replace("400.00", "1e400"))
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: a 5,000-digit GPU index")
def _(tmp: Path) -> Case:
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("0, NVIDIA", DIGITS_5000
                                                              + ", NVIDIA", 1)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: a 5,000-digit GPU index and MIG size in nvidia-smi -L")
def _(tmp: Path) -> Case:
    listing = (f"GPU {DIGITS_5000}: NVIDIA A800 (UUID: GPU-1)\n"
               f"  MIG 1g.{DIGITS_5000}gb     Device  0: (UUID: MIG-1)\n"
               "GPU 0: NVIDIA A800 (UUID: GPU-2)\n"
               f"  MIG 1g.{DIGITS_5000}gb     Device  0: (UUID: MIG-2)")
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(listing=listing)))


@case("ssh: a 5,000-digit exit code")
def _(tmp: Path) -> Case:
    text = seeds.replay(seeds.ssh_sections()).replace("exit:0==", f"exit:{DIGITS_5000}==", 1)
    return _probe_case(tmp, text, expect=None)  # the GPU section never ends: a failed probe


@case("ssh: 1e20 MiB of GPU memory")
def _(tmp: Path) -> Case:
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("81920", "1e20")
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: 20,000 lost-GPU lines (2 MB, under the cap)")
def _(tmp: Path) -> Case:
    # each lost GPU searched for a free index from 0: 16 s for these 20,000 lines
    line = ("Unable to determine the device handle for GPU0000:{:02x}:00.0: GPU is lost. "
            "Reboot the system to recover this GPU")
    gpus = "\n".join(line.format(i % 256) for i in range(20_000))
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)), expect=None)


@case("ssh: a total memory of 0 with memory free")
def _(tmp: Path) -> Case:
    # the probe wrote a profile its own reader refused (free more than total)
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace(", 81920,", ", 0,", 1)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: a GPU index printed twice")
def _(tmp: Path) -> Case:
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("1, NVIDIA", "0, NVIDIA", 1)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)))


@case("ssh: terminal escapes in names and on stderr are never printed")
def _(tmp: Path) -> Case:
    # no carriage return in the row: nvidia-smi's rows are lines, and one split by a CR is
    # not a GPU row (a case of its own below)
    escapes = ESCAPES.replace("\r", "")
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("NVIDIA A800", "A800" + escapes)
    host = seeds.HOST_SECTION.replace("gpu-server-01", "srv" + ESCAPES)
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus, host=host)),
                       "warning" + ESCAPES + "\n")


@case("ssh: a carriage return inside a GPU row")
def _(tmp: Path) -> Case:
    gpus = seeds.recorded("a800-sxm4-80gb-query.csv").replace("NVIDIA A800", "A800\rx")
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)), expect=None)


@case("ssh: a failing login with escapes on stderr")
def _(tmp: Path) -> Case:
    return _probe_case(tmp, b"", ("x" * 5000) + ESCAPES + "\n", 255, expect=EXIT_INTERNAL)


@case("ssh: 100,000 GPU rows under the output cap")
def _(tmp: Path) -> Case:
    row = "{i}, G, [N/A], 0:{i}, 1, 8, [N/A], 1, 7, [N/A], 1, 1, 1, 1, 1, 1, On, D, Off, Off"
    gpus = "\n".join(row.format(i=i) for i in range(100_000))
    return _probe_case(tmp, seeds.replay(seeds.ssh_sections(gpus=gpus)), expect=None)


@case("ssh: bytes that are not UTF-8")
def _(tmp: Path) -> Case:
    text = seeds.replay(seeds.ssh_sections()).encode().replace(b"NVIDIA A800", b"\xff\xfe\x9b")
    return _probe_case(tmp, text)


# --- the database ------------------------------------------------------------------------------


def _db_case(tmp: Path, template: Path, damage: Callable[[Path], None], *names: str,
             command: tuple[str, ...] = ("store", "info")) -> Case:
    db = seeds.copy_database(template, tmp / "db")
    damage(db)
    return Case((*command, "--db", db), names or ("llmplan.db",), unchanged=db.parent)


def _flip_page(page: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        size = struct.unpack(">H", data[16:18])[0] or 65536  # SQLite header: page size
        start = (page if page >= 0 else len(data) // size + page) * size
        data[start:start + size] = bytes(b ^ 0xFF for b in data[start:start + size])
        path.write_bytes(bytes(data))
    return damage


def _set_schema(value: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                               (value,))
        connection.close()
    return damage


@case("db: page 2 flipped")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _flip_page(1))


@case("db: a middle page flipped")
def _(tmp: Path, template: Path) -> Case:
    db = template
    pages = db.stat().st_size // 4096
    return _db_case(tmp, template, _flip_page(pages // 2))


@case("db: the last page flipped")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _flip_page(-1), command=("scenario", "list"))


@case("db: garbage bytes in the middle")
def _(tmp: Path, template: Path) -> Case:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle:middle + 3000] = bytes((i * 7919) % 256 for i in range(3000))
        path.write_bytes(bytes(data))
    return _db_case(tmp, template, damage, command=("catalog", "list", "--kind", "versions"))


@case("db: schema_version '0'")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _set_schema("0"), "schema 0")


@case("db: schema_version 'abc'")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _set_schema("abc"))


@case("db: schema_version of 5,000 digits")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _set_schema(DIGITS_5000))


@case("db: schema_version 99 (a newer llmplan)")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _set_schema("99"), "newer")


@case("db: truncated to half")
def _(tmp: Path, template: Path) -> Case:
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    return _db_case(tmp, template, damage, command=("scenario", "list"))


@case("db: only the SQLite header left")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, lambda path: path.write_bytes(path.read_bytes()[:100]))


@case("db: another program's SQLite file")
def _(tmp: Path, template: Path) -> Case:
    def damage(path: Path) -> None:
        path.unlink()
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE invoices (id INTEGER)")
        connection.close()
    return _db_case(tmp, template, damage)


@case("db: a folder")
def _(tmp: Path, template: Path) -> Case:
    def damage(path: Path) -> None:
        path.unlink()
        path.mkdir()
    return _db_case(tmp, template, damage)


@case("db: /dev/null")
def _(tmp: Path, template: Path) -> Case:
    folder = tmp / "cwd"
    folder.mkdir()
    return Case(("store", "info", "--db", "/dev/null"), ("/dev/null",), unchanged=folder)


@case("db: LLMPLAN_DB=/dev/null")
def _(tmp: Path, template: Path) -> Case:
    return Case(("scenario", "list"), ("/dev/null",), env={"LLMPLAN_DB": "/dev/null"})


def _tamper(table: str, raw: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute(f"UPDATE {table} SET document = ?", (raw,))
        connection.close()
    return damage


@case("db: a saved scenario with a 5,000-digit number")
def _(tmp: Path, template: Path) -> Case:
    raw = json.dumps(seeds.scenario("seed-case-a.llmplan.json")).replace(
        '"horizon_months": 12', f'"horizon_months": {DIGITS_5000}')
    return _db_case(tmp, template, _tamper("scenario_revision", raw), "horizon_months",
                    command=("scenario", "show", "Seed case A: one H100 on Lambda, billed per "
                                                 "second"))


@case("db: a saved scenario nested 100,000 deep")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _tamper("scenario_revision", "[" * DEEP + "]" * DEEP),
                    "Seed case A", command=("scenario", "show", "Seed case A: one H100 on "
                                                                "Lambda, billed per second"))


@case("db: a saved profile with a 5,000-digit number")
def _(tmp: Path, template: Path) -> Case:
    raw = json.dumps(seeds.profile_document()).replace("85899345920", DIGITS_5000)
    assert DIGITS_5000 in raw
    return _db_case(tmp, template, _tamper("hardware_profile", raw), "lab",
                    command=("profile", "show", "lab"))


@case("db: a saved profile nested 100,000 deep")
def _(tmp: Path, template: Path) -> Case:
    return _db_case(tmp, template, _tamper("hardware_profile", "[" * DEEP + "]" * DEEP), "lab",
                    command=("profile", "show", "lab"))


# --- the test ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeds.make_database(tmp_path_factory.mktemp("template") / "db")


def _make(name: str, tmp: Path, template: Path) -> Case:
    make = CASES[name]
    if make.__code__.co_argcount == 2:
        return make(tmp, template)  # type: ignore[call-arg]
    return make(tmp)


@dataclass
class Ran:
    """A case made and run: its outcome and the digest of its folder before the run."""

    made: Case
    before: dict[str, str] | None
    outcome: Outcome


def _run(made: Case) -> Ran:
    before = digest_folder(made.unchanged) if made.unchanged else None
    return Ran(made, before, run_cli(*made.args, env=made.env))


# Children run side by side, at most one per CPU so each keeps its time within the limit: the
# corpus is mostly Python starting up (0.5 s a case), and two CPUs halve its time.
WORKERS = max(1, min(4, len(os.sched_getaffinity(0))))


@pytest.fixture(scope="module")
def ran(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
        database_template: Path) -> dict[str, Ran | BaseException]:
    """Every corpus case this session selected, made one after the other and run in
    parallel; a case that cannot be made keeps its exception for its test."""
    selected = [item.callspec.params["name"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec")
                and "name" in item.callspec.params]
    made: dict[str, Case | BaseException] = {}
    for name in selected:
        try:
            made[name] = _make(name, tmp_path_factory.mktemp("case"), database_template)
        except Exception as error:  # reported by the case's own test
            made[name] = error
    results: dict[str, Ran | BaseException] = {
        name: case for name, case in made.items() if isinstance(case, BaseException)}
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {name: pool.submit(_run, case) for name, case in made.items()
                   if isinstance(case, Case)}
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except Exception as error:
                results[name] = error
    return results


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_input_is_refused_in_one_line_or_read_correctly_in_bounds(
        name: str, ran: dict[str, Ran | BaseException]) -> None:
    """Exit 0 or 2 (never an internal error or a traceback), one line naming the file or
    field, under 10 s and 300 MB, no control characters printed, a refused database
    unchanged; and the case's own right answer."""
    result = ran[name]
    if isinstance(result, BaseException):
        raise result
    made, outcome = result.made, result.outcome
    check_outcome(outcome, names=made.names, expect=made.expect, probe=made.probe)
    if made.unchanged is not None and outcome.code != EXIT_OK:
        assert digest_folder(made.unchanged) == result.before, \
            f"the database folder changed on a refusal\n{outcome.describe()}"
    if made.after is not None:
        made.after(outcome)


def test_the_corpus_covers_every_input_kind() -> None:
    """Each kind issue 22 names has cases (a kind dropped from the corpus fails here)."""
    kinds = {name.split(":")[0] for name in CASES}
    assert kinds >= {"config", "gguf", "safetensors", "scenario", "report", "prices",
                     "profile", "ssh", "db"}


def test_a_chart_legend_of_50_long_names_fits_on_a_page() -> None:
    """50 options (scenario.MAX_OPTIONS) with 100-character names made a legend of 50 lines,
    a chart taller than the page: reportlab's LayoutError, an 'internal error' of `report`.
    (The whole proposal of 50 options is not in the corpus: it takes 13 s or more.)"""
    from core.costing.scenario import MAX_OPTIONS
    from core.report import charts
    from core.report.layout import register_fonts

    register_fonts()
    series = [charts.Series(f"{i} " + "n" * 97, [1.0, 2.0], [float(i), float(i + 1)], i)
              for i in range(MAX_OPTIONS)]
    drawing = charts.line_chart("Cumulative cost", series, [], "month", 480, "en")
    a4_frame_height = 710  # the body frame of an A4 page (core.report.layout)
    assert drawing.height < a4_frame_height


@pytest.mark.parametrize(("what", "script"), [
    ("prints without end", f"exec {shutil.which('yes') or '/usr/bin/yes'} 'x, y, z'"),
    ("prints escapes and 5,000 digits", "printf '0, A800\\033]52;c;eA==\\007, [N/A], 0:27, 1, "
     + "9" * 5000 + ", [N/A], 1, 1, [N/A], 1, 1, 1, 1, 1, 1, On, D, Off, Off\\n'"),
])
def test_the_local_nvidia_smi_is_bounded_and_its_output_never_printed_raw(
        what: str, script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where NVML cannot be loaded, `llmplan probe` runs this machine's nvidia-smi through the
    same bounded runner and parser as over SSH: it ends with a profile or its one-line
    status, in time, printing no control character."""
    import pynvml
    from fake_nvml import FakeNvml

    from tests.fuzz.harness import call_main

    folder = tmp_path / "bin"
    folder.mkdir()
    smi = folder / "nvidia-smi"
    smi.write_text(f"#!/bin/sh\n{script}\n")
    smi.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    FakeNvml([], init_error=pynvml.NVML_ERROR_LIBRARY_NOT_FOUND).install(monkeypatch)
    check_outcome(call_main("probe"), probe=True)
