"""`llmplan sync`, `llmplan store info` and `llmplan scenario` on a team database, as a user
runs them."""

import json
from pathlib import Path

from core.cli import main
from core.store.database import Store

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"
SEED_A = EXAMPLES / "seed-case-a.llmplan.json"


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sync_while_the_server_is_down_says_so_and_a_later_one_sends_the_work(
        capsys, postgres, tmp_path):
    laptop = str(tmp_path / "laptop.db")
    assert _run(capsys, "scenario", "import", str(SEED_A), "--db", laptop)[0] == 0
    before = (tmp_path / "laptop.db").read_bytes()
    code, out, err = _run(capsys, "sync", "--db", laptop,
                          "--team", "postgresql://anna:s3cret@127.0.0.1:1/team")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "cannot reach the team database" in err
    assert "s3cret" not in err and "anna:***@127.0.0.1:1" in err
    assert (tmp_path / "laptop.db").read_bytes() == before  # nothing of it changed
    url = postgres.url(postgres.new_database())
    code, out, _ = _run(capsys, "sync", "--db", laptop, "--team", url)
    assert code == 0
    assert "Scenarios to the team: 1 (1 revision)" in out
    assert "to the team: 'Seed case A: one H100 on Lambda, billed per second'" in out
    assert f"Team         {url} (`llmplan sync`)" in _run(capsys, "store", "info", "--db",
                                                               laptop)[1]
    code, out, _ = _run(capsys, "sync", "--db", laptop, "--json")  # the team remembered
    assert code == 0
    report = json.loads(out)
    assert report["team"] == url and report["pushed"] == {} and report["conflicts"] == {}


def test_an_address_with_a_password_is_used_but_not_remembered(capsys, postgres, tmp_path):
    laptop = str(tmp_path / "laptop.db")
    database = postgres.new_database()
    postgres.execute("CREATE ROLE ulla LOGIN PASSWORD 'in-the-url'")
    postgres.execute(f"GRANT ALL ON DATABASE {database} TO ulla")
    postgres.execute("GRANT ALL ON SCHEMA public TO ulla", database)
    with_password = postgres.url(database, user="ulla:in-the-url")
    code, out, _ = _run(capsys, "sync", "--db", laptop, "--team", with_password)
    assert code == 0
    assert "Not remembered" in out and "~/.pgpass" in out and "in-the-url" not in out
    with Store(laptop) as store:
        assert store.setting("team_database") is None


def test_store_info_and_history_on_a_team_database_name_the_role_and_authors(
        capsys, postgres, monkeypatch):
    url = postgres.url(postgres.new_database())
    monkeypatch.setenv("LOGNAME", "anna")
    assert _run(capsys, "scenario", "import", str(SEED_A), "--db", url, "--name", "A")[0] == 0
    code, out, _ = _run(capsys, "scenario", "rename", "A", "Case A", "--db", url)
    assert code == 0 and "'A' is now 'Case A'" in out
    code, out, _ = _run(capsys, "scenario", "history", "Case A", "--db", url)
    assert code == 0 and out.count("by anna@") == 2 and "renamed from 'A'" in out
    code, out, _ = _run(capsys, "store", "info", "--db", url)
    assert code == 0
    assert f"Database     {url}" in out and "Role         llmplan_test" in out
    assert "kept by the server" in out
    code, _, err = _run(capsys, "store", "backup", "--db", url)
    assert code == 2 and "its server keeps the backups" in err
    code, _, err = _run(capsys, "store", "start-fresh", "--db", url)
    assert code == 2 and "works on a database file" in err
