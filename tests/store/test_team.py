"""The store on a real PostgreSQL server (the throwaway cluster of tests/postgres.py): logins
without a kept password, TLS, roles, writers at once, faults, migrations, and the sync between
a laptop's file and the team database."""

import json
import multiprocessing
import re
import time
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event

from core.costing.scenario import load_scenario
from core.i18n.render import render
from core.pricing.importers import read_prices
from core.store import server, tables
from core.store.database import ConflictError, Store, StoreError
from core.store.sync import sync

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"
README = Path(__file__).parents[2] / "README.md"


def _scenario(name="Seed case A", description=None):
    scenario = replace(load_scenario(EXAMPLES / "seed-case-a.llmplan.json"), name=name)
    return scenario if description is None else replace(scenario, description=description)


def _prices(key: str, price: float):
    """A one-row price file in llmplan's own format (a negotiated API price)."""
    document = {"format": "llmplan-prices", "version": 1, "retrieved": "2026-12-01",
                "exchange_rates": {"base": "EUR", "rates": {"EUR": 1.0}, "source": "none",
                                   "date": "2026-12-01"},
                "api_models": [{"id": key, "provider": "Acme", "model": "m",
                                "price_in_per_m": price, "price_out_per_m": price * 4,
                                "currency": "EUR", "source": "negotiated contract",
                                "price_date": "2026-12-01"}]}
    text = json.dumps(document)
    return read_prices(text.encode(), f"{key}.json")


def _login(cluster, tmp_path, monkeypatch, role: str, password: str,
           grants: str = "") -> None:
    """A role with a password that libpq finds in a password file (PGPASSFILE)."""
    cluster.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    passfile = tmp_path / f"{role}.pgpass"
    existing = Path(passfile.parent / "all.pgpass")
    lines = existing.read_text() if existing.exists() else ""
    existing.write_text(lines + f"127.0.0.1:{cluster.port}:*:{role}:{password}\n"
                        f"localhost:{cluster.port}:*:{role}:{password}\n")
    existing.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(existing))


def _readme_grants() -> list[str]:
    """The SQL block the README gives for the team roles, as statements."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", text[text.index("### Who may do what"):], re.S)
    assert block, "README: no SQL block under 'Who may do what'"
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", block.group(1)).split(";")]
    return [s for s in statements if s]


# --- addresses, logins, TLS -----------------------------------------------------------------


def test_an_unreachable_server_is_named_with_its_password_masked_in_bounded_time():
    started = time.monotonic()
    with pytest.raises(StoreError) as refused:
        Store("postgresql://planner:s3cret@127.0.0.1:1/llmplan")
    assert time.monotonic() - started < server.CONNECT_TIMEOUT_S + 5
    message = str(refused.value)
    assert refused.value.kind == "offline"
    assert "postgresql://planner:***@127.0.0.1:1/llmplan" in message
    assert "s3cret" not in message and "local file still works" in message


def test_an_address_with_a_password_is_not_kept_in_settings():
    with pytest.raises(StoreError, match=r"holds a password.*~/.pgpass"):
        server.refuse_password("postgresql://planner:s3cret@db/llmplan", "the settings file")
    server.refuse_password("postgresql://planner@db/llmplan?sslmode=verify-full", "settings")


def test_the_password_comes_from_the_password_file_and_a_wrong_one_is_named(
        postgres, tmp_path, monkeypatch):
    database = postgres.new_database()
    _login(postgres, tmp_path, monkeypatch, "anna", "from-pgpass")
    postgres.execute(f"GRANT ALL ON DATABASE {database} TO anna")
    postgres.execute("GRANT ALL ON SCHEMA public TO anna", database)
    with Store(postgres.url(database, user="anna")) as store:
        assert store.role == "anna" and store.author.endswith("(role anna)")
        assert store.save_scenario(_scenario(), None).revision == 1
    with pytest.raises(StoreError, match="refused the login") as refused:
        Store(postgres.url(database, user="anna").replace("anna@", "anna:wrong@"))
    assert "wrong" not in str(refused.value) and refused.value.kind == "denied"


def test_a_service_file_names_the_server(postgres, tmp_path, monkeypatch):
    database = postgres.new_database()
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[team]\nhost=127.0.0.1\nport={postgres.port}\ndbname={database}\n"
                        "user=llmplan_test\n")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    with Store("postgresql:///?service=team") as store:
        assert store.catalog_versions() and store.role == "llmplan_test"


def test_tls_with_verify_full_connects_and_a_wrong_authority_is_refused(postgres, tmp_path):
    database = postgres.new_database()
    query = f"sslmode=verify-full&sslrootcert={postgres.ca_file}"
    with Store(postgres.url(database, host="localhost", query=query)) as store:
        assert store.catalog_versions()
    other = tmp_path / "other-ca.crt"
    import subprocess
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=someone else", "-keyout", str(tmp_path / "k"), "-out",
                    str(other)], check=True, capture_output=True)
    with pytest.raises(StoreError, match="cannot reach the team database") as refused:
        Store(postgres.url(database, host="localhost",
                           query=f"sslmode=verify-full&sslrootcert={other}"))
    assert "certificate" in str(refused.value)


# --- roles -------------------------------------------------------------------------------------


def test_the_readme_roles_let_planners_save_scenarios_but_not_change_the_catalog(
        postgres, tmp_path, monkeypatch):
    for role in ("llmplan_owner", "catalog_maintainer", "planner", "reader"):
        _login(postgres, tmp_path, monkeypatch, role, f"{role}-pw")  # CREATE ROLE, a password
    statements = _readme_grants()
    postgres.execute(next(s for s in statements if s.startswith("CREATE DATABASE")))
    try:
        Store(postgres.url("llmplan", user="llmplan_owner")).close()  # creates the tables
        for statement in statements:
            if statement.startswith("GRANT"):
                postgres.execute(statement, "llmplan", user="llmplan_owner")
        postgres.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", "llmplan",
                         user="llmplan_owner")
        with Store(postgres.url("llmplan", user="catalog_maintainer")) as maintainer:
            assert maintainer.import_prices(_prices("acme-m", 1.0)).version is not None
            maintainer.save_scenario(_scenario("Maintainer's"), None)
        with Store(postgres.url("llmplan", user="planner")) as planner:
            saved = planner.save_scenario(_scenario(), None)
            planner.save_scenario(_scenario(description="edited"), saved.revision)
            with pytest.raises(StoreError, match=r"role 'planner' may not change this") as no:
                planner.import_prices(_prices("acme-m", 0.5))
            assert no.value.kind == "denied" and "Traceback" not in str(no.value)
            assert len(planner.catalog_versions()) == 2
            planner.delete_scenario("Maintainer's")
        with Store(postgres.url("llmplan", user="reader")) as reader:
            assert reader.load_scenario("Seed case A").scenario.description == "edited"
            with pytest.raises(StoreError, match="role 'reader' may not change this"):
                reader.save_scenario(_scenario(description="mine"), 2)
            with pytest.raises(StoreError, match="may not change this"):
                reader.import_prices(_prices("acme-m", 0.5))
    finally:
        postgres.execute("DROP DATABASE IF EXISTS llmplan WITH (FORCE)")


# --- several writers ---------------------------------------------------------------------------


def _save_over(url: str, base: int, description: str, user: str, queue) -> None:
    import os

    os.environ["LOGNAME"] = user
    try:
        with Store(url) as store:
            store.save_scenario(_scenario(description=description), base)
        queue.put((user, "saved"))
    except ConflictError as error:
        queue.put((user, str(error)))


def test_two_processes_saving_the_same_team_scenario_lose_nothing(postgres):
    url = postgres.url(postgres.new_database())
    with Store(url) as store:
        base = store.save_scenario(_scenario(), None).revision
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_save_over, args=(url, base, f"{who}'s edit", who, queue))
               for who in ("anna", "ben")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    outcomes = dict(queue.get(timeout=10) for _ in workers)
    winner = next(who for who, said in outcomes.items() if said == "saved")
    loser = next(who for who in outcomes if who != winner)
    assert re.search(rf"saved by {winner}@\S+ .*at 20\d\d-.*not saved", outcomes[loser])
    with Store(url) as store:
        revisions = store.revisions("Seed case A")
        assert [r.revision for r in revisions] == [1, 2]
        assert revisions[-1].author.startswith(f"{winner}@")
        assert store.load_scenario("Seed case A").scenario.description == f"{winner}'s edit"


def _import(url: str, key: str, price: float) -> None:
    with Store(url) as store:
        store.import_prices(_prices(key, price))


def test_two_catalog_imports_at_once_both_land_as_versions_in_order(postgres):
    url = postgres.url(postgres.new_database())
    Store(url).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_import, args=(url, key, price))
               for key, price in (("acme-one", 1.0), ("acme-two", 2.0))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with Store(url) as store:
        versions = store.catalog_versions()
        assert len(versions) == 3 and [v.version for v in versions] == sorted(
            v.version for v in versions)
        latest = {price.id for price in store.catalog().api}
        assert {"acme-one", "acme-two"} <= latest  # the second import merged onto the first


# --- faults ------------------------------------------------------------------------------------


def test_a_writer_waiting_too_long_for_the_lock_is_told_and_saves_nothing(postgres, monkeypatch):
    url = postgres.url(postgres.new_database())
    monkeypatch.setattr(server, "LOCK_TIMEOUT_S", 1)
    with Store(url) as store:
        with psycopg.connect(url) as holder:
            holder.execute(f"SELECT pg_advisory_lock({server.WRITE_LOCK})")
            with pytest.raises(StoreError, match="another llmplan is writing") as busy:
                store.save_scenario(_scenario(), None)
        assert busy.value.kind == "busy"
        assert store.scenarios() == []
        assert store.save_scenario(_scenario(), None).revision == 1  # and works again


def test_a_statement_timeout_is_named_and_saves_nothing(postgres, monkeypatch):
    url = postgres.url(postgres.new_database())
    monkeypatch.setattr(server, "STATEMENT_TIMEOUT_S", 1)
    monkeypatch.setattr(server, "LOCK_TIMEOUT_S", 0)  # 0: no lock timeout of its own
    with Store(url) as store:
        with psycopg.connect(url) as holder:
            holder.execute("LOCK TABLE scenario IN ACCESS EXCLUSIVE MODE")
            with pytest.raises(StoreError, match="did not answer within 1 s") as slow:
                store.save_scenario(_scenario(), None)
        assert slow.value.kind == "busy" and store.scenarios() == []


def test_a_connection_dropped_mid_save_keeps_nothing_of_it_and_the_next_save_works(postgres):
    url = postgres.url(postgres.new_database())
    with Store(url) as store:
        store.save_scenario(_scenario(), None)

        def drop(connection, _cursor, statement, *_args):
            if statement.startswith("INSERT INTO scenario_revision"):
                pid = connection.connection.dbapi_connection.info.backend_pid
                with psycopg.connect(url, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

        event.listen(store.engine, "before_cursor_execute", drop)
        with pytest.raises(StoreError, match="cannot reach the team database") as lost:
            store.save_scenario(_scenario(description="lost"), 1)
        assert lost.value.kind == "offline"
        event.remove(store.engine, "before_cursor_execute", drop)
        assert [r.revision for r in store.revisions("Seed case A")] == [1]
        assert store.load_scenario("Seed case A").info.revision == 1
        assert store.save_scenario(_scenario(description="kept"), 1).revision == 2


# --- schema ------------------------------------------------------------------------------------


def test_a_schema_2_team_database_is_upgraded_and_keeps_its_scenarios(postgres):
    database = postgres.new_database()
    url = postgres.url(database)
    with Store(url) as store:
        store.save_scenario(_scenario(), None)
    for table in ("catalog_version", "scenario_revision"):
        postgres.execute(f"ALTER TABLE {table} DROP COLUMN uid, DROP COLUMN author", database)
    postgres.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'", database)
    with Store(url) as store:
        assert store.schema_version() == tables.SCHEMA_VERSION
        assert store.load_scenario("Seed case A").scenario == _scenario()
        assert len(store.revision_uids()["Seed case A"][0]) == 32


def test_a_newer_or_foreign_team_database_is_refused_untouched(postgres):
    database = postgres.new_database()
    url = postgres.url(database)
    Store(url).close()
    postgres.execute(f"UPDATE meta SET value = '{tables.SCHEMA_VERSION + 1}' "
                     "WHERE key = 'schema_version'", database)
    with pytest.raises(StoreError, match="written by a newer llmplan") as newer:
        Store(url)
    assert newer.value.kind == "newer"
    foreign = postgres.new_database()
    postgres.execute("CREATE TABLE invoices (id int)", foreign)
    with pytest.raises(StoreError, match=r"not an llmplan database \(tables: invoices\)"):
        Store(postgres.url(foreign))


# --- sync --------------------------------------------------------------------------------------


def test_a_laptop_offline_for_days_sends_its_new_scenarios_when_back(database, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setenv("LOGNAME", "anna")
    with Store(tmp_path / "laptop.db") as laptop:
        with pytest.raises(StoreError) as offline:  # the team server is not reachable
            Store("postgresql://anna@127.0.0.1:1/team")
        assert offline.value.kind == "offline"
        laptop.save_scenario(_scenario("Support desk"), None)
        laptop.save_scenario(_scenario("Support desk", "second thoughts"), 1)
        laptop.save_scenario(_scenario("Claims"), None)
        with Store(database) as team:
            report = sync(laptop, team)
            assert report.pushed == {"Support desk": 2, "Claims": 1} and not report.conflicts
            assert [r.author.split("@")[0] for r in team.revisions("Support desk")] == [
                "anna", "anna"]
            assert team.load_scenario("Support desk").scenario.description == "second thoughts"
            assert not sync(laptop, team).changed  # a second sync finds nothing to do


def test_a_laptop_pulls_the_teams_catalog_and_revisions(database, tmp_path):
    with Store(tmp_path / "laptop.db") as laptop, Store(database) as team:
        team.save_scenario(_scenario(), None)
        sync(laptop, team)
        negotiated = team.import_prices(_prices("acme-discount", 0.8)).version
        assert negotiated is not None
        team.save_scenario(_scenario(description="reviewed"), 1)
        report = sync(laptop, team)
        assert [v.uid for v in report.pulled_catalogs] == [negotiated.uid]
        assert report.pulled == {"Seed case A": 1}
        assert laptop.catalog_versions()[-1].uid == negotiated.uid
        assert any(p.id == "acme-discount" for p in laptop.catalog().api)
        assert laptop.load_scenario("Seed case A").scenario.description == "reviewed"


def test_scenarios_saved_on_both_sides_are_named_and_neither_is_overwritten(database, tmp_path):
    with Store(tmp_path / "laptop.db") as laptop, Store(database) as team:
        team.save_scenario(_scenario(), None)
        sync(laptop, team)
        laptop.save_scenario(_scenario(description="laptop"), 1)
        team.save_scenario(_scenario(description="team"), 1)
        report = sync(laptop, team)
        assert list(report.conflicts) == ["Seed case A"]
        assert re.search(r"saved on both sides.*here revision 2 by .* on the team revision 2",
                         render(report.conflicts["Seed case A"], "en"))
        assert laptop.load_scenario("Seed case A").scenario.description == "laptop"
        assert team.load_scenario("Seed case A").scenario.description == "team"
        laptop.rename_scenario("Seed case A", "Seed case A (laptop)", 2)
        report = sync(laptop, team)  # as the conflict advised: both are kept, on both sides
        assert report.conflicts == {} and report.renamed == {}
        assert report.pushed == {"Seed case A (laptop)": 3}
        assert report.pulled == {"Seed case A": 2}
        for store in (laptop, team):
            assert store.load_scenario("Seed case A").scenario.description == "team"
            assert store.load_scenario("Seed case A (laptop)").scenario.description == "laptop"
            assert [r.note for r in store.revisions("Seed case A (laptop)")] == [
                "", "", "renamed from 'Seed case A'"]
        assert not sync(laptop, team).changed


def test_a_rename_on_one_side_is_followed_on_the_other(database, tmp_path):
    with Store(tmp_path / "laptop.db") as laptop, Store(database) as team:
        team.save_scenario(_scenario(), None)
        sync(laptop, team)
        laptop.rename_scenario("Seed case A", "Case A, reviewed", 1)
        report = sync(laptop, team)
        assert report.renamed == {"Case A, reviewed": "Seed case A"}
        assert report.pushed == {"Case A, reviewed": 1} and not report.conflicts
        assert [s.name for s in team.scenarios()] == ["Case A, reviewed"]
        assert len(team.revisions("Case A, reviewed")) == 2
        team.rename_scenario("Case A, reviewed", "Case A", 2)  # and back, from the team
        report = sync(laptop, team)
        assert report.renamed == {"Case A": "Case A, reviewed"} and report.pulled == {
            "Case A": 1}
        assert [s.name for s in laptop.scenarios()] == ["Case A"]
        assert "renamed: 'Case A, reviewed' is now 'Case A'" in [
            render(line, "en") for line in report.lines()]


def test_a_planner_without_catalog_rights_keeps_local_catalogs_and_is_told(
        postgres, tmp_path, monkeypatch):
    _login(postgres, tmp_path, monkeypatch, "pia", "pia-pw")
    postgres.execute("CREATE DATABASE team_pia")
    Store(postgres.url("team_pia")).close()
    postgres.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO pia", "team_pia")
    postgres.execute("GRANT INSERT, UPDATE, DELETE ON scenario, scenario_revision TO pia",
                     "team_pia")
    postgres.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO pia", "team_pia")
    try:
        with Store(tmp_path / "laptop.db") as laptop, \
                Store(postgres.url("team_pia", user="pia")) as team:
            sync(laptop, team)
            local = laptop.import_prices(_prices("my-quote", 3.0)).version
            assert local is not None
            laptop.save_scenario(_scenario("Pinned"), None)  # computed with the local import
            laptop.save_scenario(_scenario("Plain"), None, catalog_version=1)
            report = sync(laptop, team)
            assert [v.uid for v, _ in report.kept_catalogs] == [local.uid]
            assert "may not add catalog versions" in render(report.kept_catalogs[0][1], "en")
            assert report.pushed == {"Plain": 1}
            assert "use-catalog" in render(report.conflicts["Pinned"], "de")
            assert [s.name for s in team.scenarios()] == ["Plain"]
    finally:
        postgres.execute("DROP DATABASE team_pia WITH (FORCE)")


def test_a_reviewer_with_select_only_keeps_its_scenarios_and_is_told(
        postgres, tmp_path, monkeypatch):
    _login(postgres, tmp_path, monkeypatch, "rita", "rita-pw")
    postgres.execute("CREATE DATABASE team_rita")
    Store(postgres.url("team_rita")).close()
    postgres.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO rita", "team_rita")
    try:
        with Store(tmp_path / "laptop.db") as laptop, \
                Store(postgres.url("team_rita", user="rita")) as team:
            laptop.save_scenario(_scenario("Review notes"), None)
            report = sync(laptop, team)
            assert report.pushed == {}
            assert render(report.conflicts["Review notes"], "en") == (
                "the role 'rita' may not save scenarios")
            assert team.scenarios() == []
            assert laptop.load_scenario("Review notes").info.revision == 1
    finally:
        postgres.execute("DROP DATABASE team_rita WITH (FORCE)")
