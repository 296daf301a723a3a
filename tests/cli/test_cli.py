"""The `llmplan fit` contract (shared/DESIGN.md) and its error behaviour."""

import json
import subprocess
import sys

import pytest

from core.cli import main
from core.resources import resource_dir
from core.units import GiB
from tests.fakes import LLAMA_31_70B_CONFIG, write_tiny_gguf

CONTRACT_KEYS = {"params", "active_params", "weights_bytes", "kv_bytes_per_token",
                 "kv_cache_bytes", "overhead_bytes", "total_bytes", "gpus", "fits",
                 "headroom_bytes", "max_kv_tokens", "decode_tokens_per_s",
                 "prefill_tokens_per_s", "gpus_needed", "notes"}
DONE_WHEN = ["fit", "--model", "meta-llama/Llama-3.1-70B", "--quant", "Q4_K_M",
             "--gpu", "NVIDIA A100-SXM4-80GB", "--gpus", "1", "--json"]


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_fit_json_has_every_contract_key_with_sensible_values(capsys):
    result = _json(capsys, DONE_WHEN)
    assert set(result) >= CONTRACT_KEYS
    assert result["params"] == 70_553_706_496
    assert result["weights_bytes"] / GiB == pytest.approx(39.60, rel=1e-3)
    assert result["kv_bytes_per_token"] == 327_680
    assert result["fits"] is True and result["gpus"] == 1 and result["gpus_needed"] == 1
    assert 10 < result["decode_tokens_per_s"] < 40
    assert result["max_kv_tokens"] > 100_000


def test_fit_with_a_config_json_path_matches_the_catalog_id(capsys, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA_31_70B_CONFIG))
    by_path = _json(capsys, [*DONE_WHEN[:2], str(config), *DONE_WHEN[3:]])
    by_id = _json(capsys, DONE_WHEN)
    for key in ("params", "weights_bytes", "kv_cache_bytes", "total_bytes", "fits"):
        assert by_path[key] == by_id[key]


def test_fit_without_gpu_gives_null_fits(capsys):
    result = _json(capsys, ["fit", "--model", "meta-llama/Llama-3.1-8B", "--quant", "f16",
                            "--json"])
    assert result["fits"] is None and result["quant"] == "fp16"


def test_human_readable_fit_names_units(capsys):
    assert main(DONE_WHEN[:-1]) == 0
    out = capsys.readouterr().out
    assert "39.59 GiB" in out and "42.51 GB" in out and "FITS" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["fit", "--model", "meta-llama/Llama-3.1-8B", "--quant", "Q4_K_M", "--gpu", "Voodoo"],
     "unknown GPU 'Voodoo'"),
    (["fit", "--model", "meta-llama/Llama-3.1-8B", "--quant", "Q4_K_M", "--context", "-4"],
     "--context: -4 is not allowed"),
    (["fit", "--model", "meta-llama/Llama-3.1-8B", "--quant", "Q9"], "unknown quantization"),
    (["fit", "--quant", "Q4_K_M"], "--model"),
])
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_malformed_config_json_exits_2_through_the_console_script(tmp_path):
    config = tmp_path / "config.json"
    config.write_text('{"model_type": "llama", "hidden_size": "big"}')
    completed = subprocess.run(
        [sys.executable, "-m", "core.cli", "fit", "--model", str(config), "--quant", "Q4_K_M"],
        capture_output=True, text=True)
    assert completed.returncode == 2
    assert "num_hidden_layers" in completed.stderr and "Traceback" not in completed.stderr


def test_recommend_answers_what_runs_on_two_rtx_4090(capsys):
    result = _json(capsys, ["recommend", "--gpu", "RTX 4090", "--gpus", "2", "--json"])
    rows = result["rows"]
    assert rows and all(row["gpus_used"] <= 2 for row in rows)
    models = {row["model_id"] for row in rows}
    # 4-bit 70B fits 48 GB; Llama 3.3 70B stands for 3.1 70B (the same architecture)
    assert "meta-llama/Llama-3.3-70B-Instruct" in models
    assert "meta-llama/Llama-3.1-405B" not in models
    assert rows[0]["quality_loss_pct"] <= 8.0


def test_catalog_list_prints_models_and_gpus(capsys):
    assert main(["catalog", "list"]) == 0
    out = capsys.readouterr().out
    assert "meta-llama/Llama-3.1-405B" in out and "rtx-4090" in out


def test_gguf_file_of_the_asked_type_uses_its_real_size(capsys, tmp_path):
    path = tmp_path / "tiny.gguf"
    write_tiny_gguf(path, {"embd": 12, "output": 14, "rest": 12, "v": 14, "down": 14})
    own = _json(capsys, ["fit", "--model", str(path), "--quant", "Q4_K_M", "--json"])
    assert own["notes"][0].startswith("weights measured from the file's tensor table")
    other = _json(capsys, ["fit", "--model", str(path), "--quant", "Q8_0", "--json"])
    assert other["notes"][0] == ("the files hold Q4_K_M; Q8_0 is estimated from the "
                                 "architecture")
    assert other["weights_bytes"] > own["weights_bytes"]


def test_usage_errors_point_at_the_full_subcommand_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["catalog", "list", "--kind", "prices"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("(see llmplan catalog list --help)\n") and err.count("\n") == 1


def test_fit_headroom_is_per_gpu_in_json_and_text(capsys):
    # Issue 19: 2 x L40S printed the two cards' headroom summed under "per GPU".
    argv = ["fit", "--model", "meta-llama/Llama-3.1-70B", "--quant", "fp8", "--gpu", "L40S",
            "--gpus", "2"]
    result = _json(capsys, [*argv, "--json"])
    card = result["per_gpu"]
    per_gpu = card["kv_capacity_bytes"] - card["kv_cache_bytes"]
    assert result["headroom_bytes"] == card["headroom_bytes"] == per_gpu
    assert result["headroom_bytes_total"] == 2 * per_gpu
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"headroom {per_gpu / GiB:,.2f} GiB per GPU ({2 * per_gpu / GiB:,.2f} GiB on 2 GPUs)" \
        in out


def test_escape_sequences_in_names_never_reach_the_terminal(tmp_path, capsys):
    """An option name carrying OSC 52 (writes the clipboard in some terminals), a cursor move
    and a right-to-left override was echoed raw by `llmplan cost`."""
    document = json.loads((resource_dir() / "examples" / "seed-case-a.llmplan.json")
                          .read_text(encoding="utf-8"))
    hostile = "Lambda\x1b]52;c;ZWNobyBoaQ==\x07 H100\x1b[2J\r\u202eevil"
    document["options"][0]["name"] = hostile
    path = tmp_path / "hostile.llmplan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for argv in (["cost", str(path)], ["cost", str(path), "--json"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out
        assert "\u202e" not in out
        if "--json" in argv:
            json.loads(out)  # still JSON: its own escapes (\u001b) are plain text
        else:
            assert "Lambda]52;c;ZWNobyBoaQ== H100[2Jevil" in out  # the text itself stays


def test_json_output_is_never_infinity_or_nan():
    """json.dumps writes Infinity and NaN, which no strict JSON reader takes; the CLI refuses
    to print a non-finite figure and says why instead (exit 2)."""
    from core.cli.shared import json_text
    from core.errors import InputError

    assert json.loads(json_text({"cost": 1.5})) == {"cost": 1.5}
    for bad in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(InputError, match="infinite or undefined"):
            json_text({"options": [{"per_year": bad}]})
