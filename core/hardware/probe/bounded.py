"""Run a probe command with a deadline and a cap on what it may print: a server (or a broken
tool) that prints without end must cost neither unbounded memory nor unbounded time."""

import os
import selectors
import subprocess
import time
from dataclasses import dataclass

# nvidia-smi's query, list and process tables for 8 GPUs with a few hundred processes, and a
# host section, come to tens of kB; 4 MiB leaves room for any real server and bounds memory.
MAX_OUTPUT_BYTES = 4 * 1024 * 1024
_CHUNK = 65536


class TooMuchOutput(Exception):
    """The command printed more than the cap; it was stopped."""


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def run_bounded(command: list[str], timeout_s: float,
                limit: int = MAX_OUTPUT_BYTES) -> Finished:
    """Run `command` (no shell, stdin closed), reading its output in chunks.

    Raises:
        subprocess.TimeoutExpired: it ran past `timeout_s` (it is killed).
        TooMuchOutput: stdout and stderr together passed `limit` bytes (it is killed).
        OSError: it cannot be started.
    """
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    out_fd, err_fd = process.stdout.fileno(), process.stderr.fileno()
    out: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    size = 0
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        for stream in (process.stdout, process.stderr):
            selector.register(stream, selectors.EVENT_READ)
        try:
            while selector.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise subprocess.TimeoutExpired(command, timeout_s)
                for key, _ in selector.select(min(left, 0.5)):
                    chunk = os.read(key.fd, _CHUNK)
                    if not chunk:
                        selector.unregister(key.fileobj)
                        continue
                    size += len(chunk)
                    if size > limit:
                        raise TooMuchOutput(f"more than {limit // (1024 * 1024)} MiB of output")
                    out[key.fd].append(chunk)
            returncode = process.wait(max(0.0, deadline - time.monotonic()))
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            process.stdout.close()
            process.stderr.close()
    stdout, stderr = (b"".join(out[fd]).decode("utf-8", "replace") for fd in (out_fd, err_fd))
    return Finished(returncode, stdout, stderr)
