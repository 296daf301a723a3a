"""Writing the files users keep: whole or not at all, and never through a link or a pipe."""

import os

import pytest

from core.cli import main
from core.errors import InputError
from core.files import write_atomically


def test_a_file_is_written_and_replaced_whole(tmp_path):
    path = tmp_path / "out.json"
    write_atomically(path, "first")
    write_atomically(path, "second")
    assert path.read_text() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no partial left


def test_a_symlink_a_fifo_or_a_folder_is_refused_and_left_as_it_is(tmp_path):
    """`-o` replaced a symbolic link with a file (and would block on a FIFO)."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, kind in ((link, "a symbolic link"), (fifo, "not a regular file"),
                       (tmp_path, "a folder")):
        with pytest.raises(InputError, match=f"it is {kind}"):
            write_atomically(path, "data")
    assert link.is_symlink() and target.read_text() == "keep me"


def test_the_cli_says_so_in_one_line(tmp_path, capsys):
    link = tmp_path / "proposal.pdf"
    link.symlink_to(tmp_path / "somewhere.pdf")
    from core.resources import resource_dir

    example = resource_dir() / "examples" / "seed-case-a.llmplan.json"
    assert main(["report", str(example), "-o", str(link)]) == 2
    err = capsys.readouterr().err
    assert "is a symbolic link" in err and len(err.strip().splitlines()) == 1


def test_a_huge_price_or_scenario_file_is_refused_before_it_is_read(tmp_path, capsys):
    """A 3 GB price file was read whole before the 64 MB cap refused it; the size is now
    checked first (a sparse file: nothing is written to disk)."""
    import time

    for name, argv, words in (
            ("prices.csv", ["catalog", "import", "--dry-run"], "a price file above 67 MB"),
            ("big.llmplan.json", ["cost"], "a JSON file above 17 MB")):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(3 * 1024**3)
        started = time.perf_counter()
        assert main([*argv, str(path)]) == 2
        assert time.perf_counter() - started < 2
        err = capsys.readouterr().err
        assert "3,221 MB" in err and words in err


def _huge_and_deep(tmp_path, base: dict, key_path: tuple[str, ...]) -> dict[str, object]:
    """The document with the number at key_path written as 10^400 and as a 5,001-digit
    integer, and a file nested 100,000 deep."""
    import json

    cases: dict[str, object] = {}
    for label, digits in (("10^400", 400), ("5,001 digits", 5000)):
        document = json.loads(json.dumps(base))
        target = document
        for key in key_path[:-1]:
            target = target[key]
        target[key_path[-1]] = "HUGE"
        path = tmp_path / f"{label}.json"
        path.write_text(json.dumps(document).replace('"HUGE"', "1" + "0" * digits))
        cases[label] = path
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    cases["deep"] = deep
    return cases


def test_overlong_integers_and_deep_nesting_exit_2_naming_the_field(tmp_path, capsys):
    """10^400 raised OverflowError, a 5,001-digit integer Python's int-digit limit and deep
    nesting RecursionError: each printed 'internal error' and exit 1."""
    import json

    from core.resources import resource_dir
    from tests.fakes import LLAMA_31_70B_CONFIG

    scenario = json.loads((resource_dir() / "examples" / "seed-case-a.llmplan.json")
                          .read_text(encoding="utf-8"))
    for label, path in _huge_and_deep(tmp_path, scenario,
                                      ("workload", "requests_per_hour")).items():
        assert main(["cost", str(path)]) == 2, label
        err = capsys.readouterr().err
        assert "internal error" not in err and len(err.strip().splitlines()) == 1
        if label != "deep":
            assert "workload.requests_per_hour: the number is beyond any plausible" in err
        else:
            assert "nested too deeply" in err
    config = tmp_path / "config"
    config.mkdir()
    for label, path in _huge_and_deep(config, LLAMA_31_70B_CONFIG,
                                      ("num_hidden_layers",)).items():
        assert main(["fit", "--model", str(path), "--gpu", "h100-sxm"]) == 2, label
        err = capsys.readouterr().err
        assert "internal error" not in err and len(err.strip().splitlines()) == 1


def test_a_key_given_twice_is_refused_not_guessed(tmp_path, capsys):
    """With a key twice the last value won silently (other readers take the first)."""
    path = tmp_path / "twice.llmplan.json"
    path.write_text('{"format": "llmplan-scenario", "format_version": 1, "name": "a", '
                    '"name": "b", "workload": {}, "options": []}', encoding="utf-8")
    assert main(["cost", str(path)]) == 2
    assert "the key 'name' appears twice" in capsys.readouterr().err
