"""Running the llmplan CLI on hostile input and checking what issue 22 asks of every run:
exit 0 or 2 (never 1 with 'internal error', never a traceback), a refusal in exactly one line
on stderr naming the file or field, within 10 s and 300 MB, no control characters printed, and
a refused database left byte for byte as it was.

`run_cli` runs `python -m core` as a child process (the corpus): its wall time and its own peak
resident memory (os.wait4's rusage of that one child) are measured, and an address-space limit
(RLIMIT_AS, set in the child) stops a runaway child before it can take the test machine with
it. `call_main`
runs core.cli.main in this process (the hypothesis tests, where a process per example would
cost half a second each)."""

import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Issue 22, "Done when": every case ends "within 10 s and 300 MB".
TIME_LIMIT_S = 10.0
MEMORY_LIMIT_BYTES = 300 * 1000 * 1000
# A child past this much address space fails to allocate instead of swapping the CI machine to
# death; it is a safety net, far above the 300 MB the test asserts on resident memory (Python
# with numpy and SQLAlchemy maps several hundred MB it never touches).
ADDRESS_SPACE_CAP_BYTES = 4 * 1024 * 1024 * 1024
# A killed runaway child is waited for this long past TIME_LIMIT_S before the test gives up.
GRACE_S = 20.0
# What the test keeps of a child's stdout and stderr; more is read and dropped.
KEPT_OUTPUT_BYTES = 8 * 1024 * 1024

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
# `llmplan probe` exits 1 when it cannot read GPUs (README, "When it cannot read GPUs"): a
# status line of its own, not an internal error.
PROBE_FAILED_PREFIX = "llmplan: probe: "

# C0 controls except newline and tab, DEL, C1 controls, and the Unicode direction overrides
# and isolates (core.safe_text drops the same set; written out here so a change there is
# caught, not copied).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Outcome:
    """One run of the CLI."""

    argv: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_bytes: int | None  # None in-process (the test process's peak says nothing)
    killed: bool = False

    def describe(self) -> str:
        return (f"llmplan {' '.join(a[:80] for a in self.argv)}\n  exit {self.code} after "
                f"{self.seconds:.2f} s, peak RSS {self.peak_rss_bytes}\n  stderr: "
                f"{self.stderr[:2000]!r}\n  stdout: {self.stdout[:600]!r}")


# `python -m core ARGS` with the address-space cap set first, in the child itself (a
# preexec_fn is not safe where the test runs children from several threads), and the child's
# own peak resident memory written where the test reads it: /proc's VmHWM of the program
# after exec. (wait4's ru_maxrss of a child counts the memory of the test process it was
# forked from, hundreds of MB that are not the CLI's.)
_BOOT = f"""
import resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_CAP_BYTES}, {ADDRESS_SPACE_CAP_BYTES}))
peak_file, sys.argv = sys.argv[1], ["llmplan", *sys.argv[2:]]
try:
    runpy.run_module("core", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        peak = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    with open(peak_file, "w") as out:
        out.write(peak[0] if peak else "")
"""
def _drain(stream: io.BufferedReader, kept: list[bytes]) -> None:
    size = 0
    while chunk := stream.read1(65536):
        if size < KEPT_OUTPUT_BYTES:
            kept.append(chunk)
            size += len(chunk)


def run_cli(*args: str | Path, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Outcome:
    """`python -m core ARGS` as a child process, measured. `env` is added to a clean
    environment (PATH, HOME, LANG and LLMPLAN_DB from this process unless given)."""
    argv = tuple(str(arg) for arg in args)
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LLMPLAN_DB",
                                                    "TMPDIR") if key in os.environ}
    environment["PYTHONPATH"] = str(REPO)
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    environment.update(env or {})
    handle, peak_file = tempfile.mkstemp(prefix="llmplan-peak-")
    os.close(handle)
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", _BOOT, peak_file, *argv],
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
                             cwd=cwd or REPO)
    assert child.stdout is not None and child.stderr is not None
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [threading.Thread(target=_drain, args=(child.stdout, out), daemon=True),
               threading.Thread(target=_drain, args=(child.stderr, err), daemon=True)]
    for reader in readers:
        reader.start()
    killed = False
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > TIME_LIMIT_S + GRACE_S and not killed:
            child.kill()
            killed = True
        time.sleep(0.01)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, by wait4
    for reader in readers:
        reader.join(5)
    child.stdout.close()
    child.stderr.close()
    written = Path(peak_file).read_text().strip()
    os.unlink(peak_file)
    # VmHWM in kB; where the child wrote none, wait4's figure (an overestimate)
    peak = int(written) * 1024 if written.isdigit() else usage.ru_maxrss * 1024
    return Outcome(argv, child.returncode, b"".join(out).decode("utf-8", "replace"),
                   b"".join(err).decode("utf-8", "replace"), seconds, peak, killed)


def call_main(*args: str | Path) -> Outcome:
    """core.cli.main(ARGS) in this process, its stdout and stderr captured."""
    from core.cli import main

    argv = tuple(str(arg) for arg in args)
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse refusing an argument
            code = exit_.code if isinstance(exit_.code, int) else EXIT_INTERNAL
    return Outcome(argv, code, out.getvalue(), err.getvalue(), time.monotonic() - started,
                   None)


def control_characters(text: str) -> list[str]:
    """The control characters in `text`, as escapes (empty when it is clean)."""
    return sorted({f"U+{ord(char):04X}" for char in CONTROL.findall(text)})


def check_outcome(outcome: Outcome, *, names: tuple[str, ...] = (),
                  expect: int | None = None, probe: bool = False) -> Outcome:
    """Assert what issue 22 asks of every run.

    names: a refusal (exit 2) must name at least one of these (a file's name, a field).
    expect: the exit code this case must end with (the hostile value is refused, 2, or the
        input is correct and read, 0).
    probe: `llmplan probe` may also exit 1 with its own one-line status.
    """
    report = outcome.describe()
    assert not outcome.killed, f"still running after {TIME_LIMIT_S + GRACE_S:.0f} s\n{report}"
    allowed = {EXIT_OK, EXIT_BAD_INPUT} | ({EXIT_INTERNAL} if probe else set())
    assert outcome.code in allowed, f"exit code not 0 or 2\n{report}"
    both = outcome.stdout + outcome.stderr
    assert "Traceback (most recent call last)" not in both, f"a traceback\n{report}"
    assert "internal error" not in outcome.stderr, f"an internal error\n{report}"
    assert not control_characters(both), \
        f"control characters {control_characters(both)} printed\n{report}"
    assert outcome.seconds < TIME_LIMIT_S, f"took {outcome.seconds:.1f} s\n{report}"
    if outcome.peak_rss_bytes is not None:
        assert outcome.peak_rss_bytes < MEMORY_LIMIT_BYTES, \
            f"peak memory {outcome.peak_rss_bytes / 1e6:.0f} MB\n{report}"
    if expect is not None:
        assert outcome.code == expect, f"expected exit {expect}\n{report}"
    if outcome.code == EXIT_BAD_INPUT:
        line = outcome.stderr.rstrip("\n")
        assert line and "\n" not in line, f"a refusal is not one line on stderr\n{report}"
        assert line.startswith("llmplan: error: "), f"not llmplan's error line\n{report}"
        if names:
            assert any(name in line for name in names), f"names none of {names}\n{report}"
    if outcome.code == EXIT_INTERNAL:  # probe only
        line = outcome.stderr.rstrip("\n").splitlines()[-1:]
        assert line and line[0].startswith(PROBE_FAILED_PREFIX), \
            f"a probe failure without its status line\n{report}"
    return outcome


def digest_folder(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes (a database and its journals,
    backups and moved-aside copies)."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}
