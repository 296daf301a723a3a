import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _database_in_tmp(tmp_path, monkeypatch):
    """Every test gets its own database file; none touches the user's data folder."""
    monkeypatch.setenv("LLMPLAN_DB", str(tmp_path / "llmplan.db"))


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path, monkeypatch):
    """The desktop app's QSettings go to a file in tmp_path, not the user's settings."""
    monkeypatch.setenv("LLMPLAN_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster (tests/postgres.py), started once for the session when a
    test asks for it. Skipped where the server is not installed, except under `make test`
    (LLMPLAN_REQUIRE_POSTGRES=1), where that fails."""
    from tests.postgres import REQUIRED, Cluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        reason = "PostgreSQL's server (initdb, pg_ctl) is not installed: scripts/system-deps.sh"
        if os.environ.get(REQUIRED):
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = Cluster(binaries)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Where a store test keeps its database: a file, and a database of its own on the test
    cluster; the test runs once on each."""
    if request.param == "sqlite":
        return str(tmp_path / "db.sqlite")
    cluster = request.getfixturevalue("postgres")
    return cluster.url(cluster.new_database())
