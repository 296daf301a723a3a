"""Probing over SSH against a fake `ssh` on PATH that replays recorded outputs and failures,
and the probe / profile / --profile commands end to end."""

import json
import sys
from pathlib import Path

import pynvml
import pytest
from fake_nvml import FakeNvml, h100

from core.cli import main
from core.errors import InputError
from core.hardware.probe.remote import MARK, check_host, probe_ssh, remote_script
from core.units import MiB

SMI = Path(__file__).parents[1] / "data" / "nvidia-smi"

FAKE_SSH = """#!{python}
import json, os, sys, time
with open(os.environ["FAKE_SSH_LOG"], "w") as log:
    json.dump(sys.argv[1:], log)
time.sleep(float(os.environ.get("FAKE_SSH_SLEEP", "0")))
sys.stdout.write(open(os.environ["FAKE_SSH_STDOUT"]).read())
sys.stderr.write(open(os.environ["FAKE_SSH_STDERR"]).read())
sys.exit(int(os.environ.get("FAKE_SSH_EXIT", "0")))
"""

# /etc/os-release, /proc/cpuinfo and /proc/meminfo lines of a GPU server
HOST_SECTION = ("hostname=gpu-server-01\ncpu= AMD EPYC 7763 64-Core Processor\ncores=128\n"
                "mem=MemTotal:       1056482424 kB\nos=Ubuntu 22.04.4 LTS")


def recorded(name: str) -> str:
    return "\n".join(line for line in (SMI / name).read_text().splitlines()
                     if not line.startswith("#"))


def replay(sections: dict[str, tuple[str, int]]) -> str:
    """What the remote script prints: each section between its markers."""
    return "".join(f"{MARK}{name}==\n{text}\n{MARK}exit:{code}==\n"
                   for name, (text, code) in sections.items())


class FakeSsh:
    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        self.dir = tmp_path / "fake-bin"
        self.dir.mkdir()
        script = self.dir / "ssh"
        script.write_text(FAKE_SSH.format(python=sys.executable))
        script.chmod(0o755)
        self.log = tmp_path / "ssh-args.json"
        self.stdout, self.stderr = tmp_path / "ssh.out", tmp_path / "ssh.err"
        monkeypatch.setenv("PATH", str(self.dir))
        monkeypatch.setenv("FAKE_SSH_LOG", str(self.log))
        monkeypatch.setenv("FAKE_SSH_STDOUT", str(self.stdout))
        monkeypatch.setenv("FAKE_SSH_STDERR", str(self.stderr))
        self.monkeypatch = monkeypatch
        self.answer("", "", 0)

    def answer(self, stdout: str, stderr: str, code: int, sleep: float = 0.0) -> None:
        self.stdout.write_text(stdout)
        self.stderr.write_text(stderr)
        self.monkeypatch.setenv("FAKE_SSH_EXIT", str(code))
        self.monkeypatch.setenv("FAKE_SSH_SLEEP", str(sleep))

    @property
    def args(self) -> list[str]:
        return json.loads(self.log.read_text())


@pytest.fixture
def ssh(tmp_path, monkeypatch):
    return FakeSsh(tmp_path, monkeypatch)


def a800_server() -> str:
    return replay({"gpus": (recorded("a800-sxm4-80gb-query.csv"), 0),
                   "gpus-basic": ("", 0), "apps": ("", 0), "list": ("", 0),
                   "host": (HOST_SECTION, 0)})


def test_a_server_is_probed_with_its_host_and_gpus(ssh):
    ssh.answer(a800_server(), "", 0)
    profile = probe_ssh("planner@gpu-server-01")
    assert profile.ok and profile.via_ssh and profile.source == "nvidia-smi"
    assert profile.host.name == "gpu-server-01" and profile.host.cpu_cores == 128
    assert profile.host.ram_bytes == 1056482424 * 1024
    assert profile.host.os == "Ubuntu 22.04.4 LTS"
    assert profile.driver_version == "535.86.10"
    assert [gpu.memory_total_bytes for gpu in profile.gpus] == [81920 * MiB] * 2
    # "Disabled" in mig.mode.current, and nvidia-smi -L lists no slices: MIG is off, not n/a
    assert [gpu.mig_enabled for gpu in profile.gpus] == [False, False]


def test_the_host_is_one_argument_after_the_options_and_host_keys_stay_checked(ssh):
    ssh.answer(a800_server(), "", 0)
    probe_ssh("gpu-server-01", port=2222)
    args = ssh.args
    assert args[args.index("--") + 1] == "gpu-server-01"
    assert args[-1] == f"sh -c '{remote_script()}'"
    assert "BatchMode=yes" in args and args[args.index("-p") + 1] == "2222"
    assert not any("StrictHostKeyChecking" in arg for arg in args)


@pytest.mark.parametrize(("stderr", "status", "words"), [
    # OpenSSH's own messages
    ("ssh: Could not resolve hostname nosuchhost: Name or service not known",
     "unknown_host", "cannot find host"),
    ("planner@gpu-server-01: Permission denied (publickey).", "auth_failed", "ssh-add"),
    ("Host key verification failed.", "host_key", "connect once with `ssh"),
    ("ssh: connect to host 10.0.0.5 port 22: Connection refused", "unreachable",
     "refused the connection"),
    ("ssh: connect to host 10.0.0.5 port 22: Connection timed out", "unreachable",
     "did not answer"),
    ("kex_exchange_identification: read: Connection reset by peer", "failed",
     "Connection reset by peer"),
])
def test_ssh_failures_become_a_status_with_what_to_do(ssh, stderr, status, words):
    ssh.answer("", stderr + "\n", 255)
    profile = probe_ssh("gpu-server-01")
    assert profile.status == status and words in profile.message and not profile.ok


def test_a_server_without_nvidia_smi_is_named(ssh):
    # dash's message for a missing command, exit 127
    ssh.answer(replay({"gpus": ("sh: 1: nvidia-smi: not found", 127),
                       "host": (HOST_SECTION, 0)}), "", 0)
    profile = probe_ssh("gpu-server-01")
    assert profile.status == "no_nvidia_smi" and "no nvidia-smi" in profile.message


def test_a_server_whose_driver_is_not_loaded_is_named(ssh):
    ssh.answer(replay({"gpus": ("NVIDIA-SMI has failed because it couldn't communicate with "
                                "the NVIDIA driver. Make sure that the latest NVIDIA driver "
                                "is installed and running.", 9)}), "", 0)
    assert probe_ssh("gpu-server-01").status == "driver_not_loaded"


def test_a_server_that_hangs_times_out(ssh):
    ssh.answer(a800_server(), "", 0, sleep=5)
    profile = probe_ssh("gpu-server-01", timeout_s=0.5)
    assert profile.status == "timeout" and "0.5 s" in profile.message


def test_a_server_that_prints_without_end_is_stopped_at_the_output_cap(tmp_path, monkeypatch):
    """A login that prints forever grew the probe by about 1 GB a second until the timeout;
    the output is now read in chunks and the run stopped past
    core.hardware.probe.bounded.MAX_OUTPUT_BYTES."""
    import resource

    endless = tmp_path / "endless-bin"
    endless.mkdir()
    script = endless / "ssh"
    script.write_text(f"#!{sys.executable}\nimport sys\nline = 'x' * 4095 + '\\n'\n"
                      "while True:\n    sys.stdout.write(line)\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(endless))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    profile = probe_ssh("gpu-server-01", timeout_s=20)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # Linux: KiB
    assert profile.status == "failed" and "MiB of output" in profile.message
    assert grown_kib < 64 * 1024  # the 4 MiB cap and its joins, not gigabytes


def test_no_ssh_client_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert probe_ssh("gpu-server-01").status == "no_ssh"


@pytest.mark.parametrize("host", ["-oProxyCommand=touch /tmp/x", "gpu; rm -rf ~", "a b", "",
                                  "$(reboot)", "host`id`", "user@@host"])
def test_a_host_that_is_not_a_host_name_is_refused(host):
    with pytest.raises(InputError, match="is not a host name"):
        check_host(host)


@pytest.mark.parametrize("host", ["gpu-server-01", "planner@gpu.example.org", "10.0.0.5",
                                  "fe80::1", "my_alias"])
def test_host_names_addresses_and_aliases_are_accepted(host):
    assert check_host(host) == host


# --- the commands ----------------------------------------------------------------------------


def test_probe_over_ssh_writes_a_profile_the_laptop_plans_on(ssh, tmp_path, capsys):
    ssh.answer(a800_server(), "", 0)
    server = tmp_path / "server.json"
    assert main(["probe", "--ssh", "gpu-server-01", "-o", str(server)]) == 0
    out = capsys.readouterr().out
    assert "gpu-server-01 (Ubuntu 22.04.4 LTS)" in out and "NVIDIA A800-SXM4-80GB" in out
    assert "bandwidth_gbps" in out  # the A800 is not in the catalog: its figures are asked for
    # the planner adds the missing figure to the file, as the message says
    document = json.loads(server.read_text())
    for gpu in document["gpus"]:
        gpu["catalog_id"] = "a100-sxm4-80gb"
    server.write_text(json.dumps(document))
    assert main(["fit", "--model", "meta-llama/Llama-3.1-70B", "--quant", "bf16", "--profile",
                 str(server), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["gpus"] == 2 and result["profile"]["host"] == "gpu-server-01"
    assert result["profile"]["free_bytes_per_gpu"] == (81920 - 34639) * MiB
    assert result["per_gpu"]["memory_bytes"] == (81920 - 34639) * MiB
    assert result["fits"] is False and result["profile"]["fits_on_total_memory"] is True
    assert any("not on what is free now" in note for note in result["notes"])


def test_probe_failures_exit_1_with_one_line_and_save_nothing(ssh, tmp_path, capsys):
    ssh.answer("", "Host key verification failed.\n", 255)
    server = tmp_path / "server.json"
    assert main(["probe", "--ssh", "gpu-server-01", "-o", str(server), "--save", "x"]) == 1
    captured = capsys.readouterr()
    assert "host key" in captured.err and "Traceback" not in captured.err + captured.out
    assert not server.exists()
    assert main(["profile", "list"]) == 0
    assert "No saved hardware profiles" in capsys.readouterr().out


def test_a_bad_host_exits_2(capsys):
    assert main(["probe", "--ssh=-oProxyCommand=x"]) == 2
    assert "is not a host name" in capsys.readouterr().err
    # an empty host probed this machine instead of saying the host is missing
    assert main(["probe", "--ssh", ""]) == 2
    assert "'' is not a host name" in capsys.readouterr().err


def test_probe_without_a_driver_exits_1_with_the_hint(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    FakeNvml([], init_error=pynvml.NVML_ERROR_LIBRARY_NOT_FOUND).install(monkeypatch)
    assert main(["probe"]) == 1
    assert "NVML ships with the NVIDIA driver" in capsys.readouterr().err


def test_saved_profiles_are_listed_shown_exported_planned_on_and_deleted(monkeypatch, tmp_path,
                                                                         capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    FakeNvml([h100(), h100(uuid="GPU-2", bus="00000000:2A:00.0")]).install(monkeypatch)
    assert main(["probe", "--save", "lab"]) == 0
    assert "Profile saved as 'lab'" in capsys.readouterr().out
    assert main(["probe", "--save", "lab"]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.startswith("lab ")
    assert main(["recommend", "--profile", "lab", "--context", "8192", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert table["gpus"] == 2 and "2 x NVIDIA H100 80GB HBM3" in table["notes"][0]
    exported = tmp_path / "lab.json"
    assert main(["profile", "export", "lab", "-o", str(exported)]) == 0
    assert main(["profile", "delete", "lab"]) == 0
    assert main(["profile", "import", str(exported), "--name", "lab-again"]) == 0
    capsys.readouterr()
    assert main(["fit", "--model", "meta-llama/Llama-3.1-70B", "--quant", "fp8",
                 "--profile", "lab-again"]) == 0
    out = capsys.readouterr().out
    assert "2 x H100 SXM 80GB" in out and "FITS" in out
    # 81559 MiB less 520 MiB reserved by the driver, per GPU
    assert "memory free at that time (79.14 GiB of 79.65 GiB per GPU)" in out


def test_fit_refuses_both_a_gpu_and_a_profile(capsys):
    assert main(["fit", "--model", "Qwen/Qwen2.5-7B", "--quant", "bf16", "--gpu", "h100",
                 "--profile", "x.json"]) == 2
    assert "not both" in capsys.readouterr().err


def test_a_missing_profile_is_named(capsys):
    assert main(["fit", "--model", "Qwen/Qwen2.5-7B", "--quant", "bf16",
                 "--profile", "nothing-saved"]) == 2
    assert "no hardware profile named 'nothing-saved'" in capsys.readouterr().err


def test_a_profile_attached_to_a_scenario_sizes_its_on_prem_option(monkeypatch, tmp_path,
                                                                   capsys):
    example = Path(__file__).parents[2] / "resources" / "examples" / \
        "support-assistant.llmplan.json"
    scenario_file = tmp_path / "assistant.llmplan.json"
    scenario_file.write_text(example.read_text())
    monkeypatch.setenv("PATH", str(tmp_path))
    FakeNvml([h100(), h100(uuid="GPU-2", bus="00000000:2A:00.0")]).install(monkeypatch)
    assert main(["probe", "--save", "lab"]) == 0
    assert main(["profile", "attach", "lab", "--scenario", str(scenario_file),
                 "--option", "On-prem 8x H100 server", "--as", "lab-server"]) == 0
    capsys.readouterr()
    document = json.loads(scenario_file.read_text())
    onprem = document["options"][3]
    assert onprem["profile"] == "lab-server" and "gpu" not in onprem
    assert document["hardware"]["lab-server"]["gpus"][0]["name"] == "NVIDIA H100 80GB HBM3"
    assert main(["cost", str(scenario_file), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    option = next(o for o in plan["options"] if o["name"] == "On-prem 8x H100 server")
    assert any("hardware profile 'lab-server' (2 x NVIDIA H100 80GB HBM3" in note
               for note in option["notes"])
    # two probed GPUs per server instead of the file's eight: Llama 3.1 70B FP8 needs one
    # server per replica of 2 GPUs, so more servers than with 8 GPUs each
    assert main(["cost", str(example), "--json"]) == 0
    eight = next(o for o in json.loads(capsys.readouterr().out)["options"]
                 if o["name"] == "On-prem 8x H100 server")
    assert option["units"] > eight["units"]


def test_attaching_to_an_api_option_or_a_missing_one_is_refused(monkeypatch, tmp_path, capsys):
    example = Path(__file__).parents[2] / "resources" / "examples" / \
        "support-assistant.llmplan.json"
    monkeypatch.setenv("PATH", str(tmp_path))
    FakeNvml([h100()]).install(monkeypatch)
    profile_file = tmp_path / "lab.json"
    assert main(["probe", "-o", str(profile_file)]) == 0
    out = tmp_path / "out.llmplan.json"
    assert main(["profile", "attach", str(profile_file), "--scenario", str(example),
                 "--option", "OpenAI GPT-4o", "-o", str(out)]) == 2
    assert "is an API" in capsys.readouterr().err
    assert main(["profile", "attach", str(profile_file), "--scenario", str(example),
                 "--option", "Nope", "-o", str(out)]) == 2
    assert "no option named 'Nope'" in capsys.readouterr().err
    assert not out.exists()


def test_absurd_host_figures_from_a_server_are_left_unknown(ssh):
    """A 5,000-digit MemTotal raised Python's int-digit limit ('internal error'); a server's
    figures beyond any machine are not taken."""
    host = ("hostname=" + "h" * 5000 + "\ncpu=x\ncores=" + "9" * 9000
            + "\nmem=MemTotal: " + "9" * 5000 + " kB\nos=Linux")
    ssh.answer(a800_server().replace(HOST_SECTION, host), "", 0)
    profile = probe_ssh("gpu-server-01")
    assert profile.ok
    assert profile.host.ram_bytes is None and profile.host.cpu_cores is None
    assert len(profile.host.name) <= 200
