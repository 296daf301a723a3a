"""The SQLite store on real files: history, two writers, migrations, damaged and full disks."""

import hashlib
import multiprocessing
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event

from core.costing.scenario import load_scenario
from core.pricing.catalog import API_DETAILS, ApiPrice, default_catalog
from core.pricing.importers import read_price_file, read_prices
from core.store import files, tables
from core.store.database import (
    ConflictError,
    Store,
    StoreError,
    backups,
    default_db_path,
    restore_latest_backup,
    start_fresh,
)

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"
DATA = Path(__file__).parents[1] / "data" / "prices"


def _scenario(name="Seed case A"):
    return replace(load_scenario(EXAMPLES / "seed-case-a.llmplan.json"), name=name)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_holds_the_bundled_catalog_in_wal_mode(tmp_path):
    with Store(tmp_path / "db.sqlite") as store:
        versions = store.catalog_versions()
        assert [v.version for v in versions] == [1]
        assert versions[0].origin.startswith("bundled catalog")
        assert store.catalog() == default_catalog()
        store._catalogs.clear()  # read back from the tables, not the cache
        assert store.catalog() == default_catalog()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_database_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LLMPLAN_DB", str(tmp_path / "elsewhere.db"))
    assert default_db_path() == tmp_path / "elsewhere.db"
    monkeypatch.delenv("LLMPLAN_DB")
    assert default_db_path().name == "llmplan.db" and "llmplan" in str(default_db_path().parent)


def test_every_save_keeps_a_revision_to_go_back_to(database):
    with Store(database) as store:
        first = store.save_scenario(_scenario(), None)
        assert (first.revision, first.catalog_version) == (1, 1)
        assert store.save_scenario(_scenario(), 1).revision == 1  # nothing changed, no revision
        edited = replace(_scenario(), description="edited")
        assert store.save_scenario(edited, 1).revision == 2
        assert store.load_scenario("Seed case A").scenario.description == "edited"
        assert store.load_scenario("Seed case A", 1).scenario == _scenario()
        restored = store.restore_revision("Seed case A", 1, base_revision=2)
        assert restored.revision == 3
        assert store.load_scenario("Seed case A").scenario == _scenario()
        assert [r.note for r in store.revisions("Seed case A")] == [
            "", "", "restored revision 1"]


def test_a_renamed_scenario_keeps_its_history_and_a_taken_name_is_refused(database):
    with Store(database) as store:
        store.save_scenario(_scenario(), None)
        store.save_scenario(replace(_scenario(), description="edited"), 1)
        store.save_scenario(_scenario("Other"), None)
        with pytest.raises(ConflictError, match="a scenario named 'Other' exists"):
            store.rename_scenario("Seed case A", "Other", 2)
        with pytest.raises(ConflictError, match="saved elsewhere"):
            store.rename_scenario("Seed case A", "Case A", 1)
        info = store.rename_scenario("Seed case A", "Case A", 2)
        assert info.revision == 3
        assert [i.name for i in store.scenarios()] == ["Case A", "Other"]
        assert store.load_scenario("Case A").scenario.name == "Case A"
        assert store.load_scenario("Case A", 2).scenario.description == "edited"
        assert store.revisions("Case A")[-1].note == "renamed from 'Seed case A'"


def test_a_second_writer_is_told_who_saved_and_overwrites_nothing(database, monkeypatch):
    monkeypatch.setenv("LOGNAME", "anna")
    one = Store(database)
    monkeypatch.setenv("LOGNAME", "ben")
    two = Store(database)
    with one, two:
        one.save_scenario(_scenario(), None)
        opened_by_two = two.load_scenario("Seed case A").info.revision
        one.save_scenario(replace(_scenario(), description="first window"), 1)
        with pytest.raises(ConflictError, match=r"saved by anna@\S+ .*at 20\d\d-.* \(revision "
                                                r"2\) after revision 1 was opened"):
            two.save_scenario(replace(_scenario(), description="second window"),
                              opened_by_two)
        assert one.load_scenario("Seed case A").scenario.description == "first window"
        with pytest.raises(ConflictError, match="exists .*saved by anna@"):
            two.save_scenario(_scenario(), None)
        assert [r.author.split("@")[0] for r in two.revisions("Seed case A")] == ["anna"] * 2


def _save_many(path: str, name: str, count: int) -> None:
    with Store(path) as store:
        revision = None
        for index in range(count):
            revision = store.save_scenario(replace(_scenario(name), description=str(index)),
                                           revision).revision


def test_two_processes_writing_at_once_lose_nothing(database):
    path = database
    Store(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(path, name, 15))
               for name in ("left", "right")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    with Store(path) as store:
        assert [len(store.revisions(name)) for name in ("left", "right")] == [15, 15]
        assert store.load_scenario("right").scenario.description == "14"
    if store.path is not None:
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_import_adds_a_version_and_scenarios_keep_theirs(database):
    with Store(database) as store:
        store.save_scenario(_scenario(), None)
        outcome = store.import_prices(read_price_file(DATA / "skypilot/aws/vms.csv",
                                                      price_date="2026-11"))
        assert outcome.version.version == 2
        assert {c.change for c in outcome.changes} == {"added"}
        assert len(store.catalog(2).cloud) == len(store.catalog(1).cloud) + 4
        assert store.load_scenario("Seed case A").catalog_version == 1
        moved = store.move_scenario_catalog("Seed case A")
        assert (moved.catalog_version, moved.revision) == (2, 2)
        again = store.import_prices(read_price_file(DATA / "skypilot/aws/vms.csv",
                                                    price_date="2026-11"))
        assert again.version is None and len(store.catalog_versions()) == 2


def test_a_new_edition_of_the_bundled_catalog_is_added_on_open(tmp_path):
    path = tmp_path / "db.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '2020-01-01' WHERE key = 'bundled_catalog'")
    with Store(path) as store:
        assert len(store.catalog_versions()) == 2
        assert store.catalog() == default_catalog()
    with Store(path) as store:
        assert len(store.catalog_versions()) == 2  # once per edition


def test_an_older_schema_is_migrated_after_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        store.save_scenario(_scenario(), None)
    current = tables.SCHEMA_VERSION
    monkeypatch.setattr(tables, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(tables, "MIGRATIONS", {**tables.MIGRATIONS, current: lambda connection: (
        connection.exec_driver_sql("ALTER TABLE scenario ADD COLUMN tags TEXT DEFAULT ''"))})
    with Store(path) as store:
        assert store.schema_version() == current + 1
        assert store.load_scenario("Seed case A").scenario == _scenario()
    with sqlite3.connect(path) as connection:
        assert "tags" in [row[1] for row in connection.execute("PRAGMA table_info(scenario)")]
    copy = next(p for p in backups(path) if p.name.endswith(f"before-schema-{current + 1}.db"))
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                  ).fetchone() == (str(current),)
        assert connection.execute("SELECT count(*) FROM scenario").fetchone() == (1,)


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite"
    Store(path).close()
    current = tables.SCHEMA_VERSION
    monkeypatch.setattr(tables, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(tables, "MIGRATIONS", {**tables.MIGRATIONS, current: lambda connection: (
        connection.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x"))})
    with pytest.raises(StoreError, match=f"upgrading the database from schema {current}"):
        Store(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                  ).fetchone() == (str(current),)


def _as_schema_2(connection: sqlite3.Connection) -> None:
    """Schema 2 had no uid or author on catalog versions and scenario revisions."""
    for table in ("catalog_version", "scenario_revision"):
        connection.execute(f"DROP INDEX ix_{table}_uid")
        connection.execute(f"ALTER TABLE {table} DROP COLUMN uid")
        connection.execute(f"ALTER TABLE {table} DROP COLUMN author")
    connection.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def test_a_schema_1_database_gains_the_api_price_details_and_keeps_its_prices(tmp_path):
    # schema 1 (llmplan before the December 2026 catalog) had no api_price.details column
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        before = store.catalog()
    with sqlite3.connect(path) as connection:
        _as_schema_2(connection)
        connection.execute("ALTER TABLE api_price DROP COLUMN details")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store(path) as store:
        assert store.schema_version() == tables.SCHEMA_VERSION
        assert store.catalog(1).api == tuple(replace(
            price, **{name: ApiPrice.__dataclass_fields__[name].default
                      for name in API_DETAILS}) for price in before.api)


def test_a_schema_2_database_gains_uids_and_authors_and_keeps_its_history(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        store.save_scenario(_scenario(), None)
        store.save_scenario(replace(_scenario(), description="second"), 1)
    with sqlite3.connect(path) as connection:
        _as_schema_2(connection)
    with Store(path) as store:
        assert store.schema_version() == tables.SCHEMA_VERSION
        assert [r.author for r in store.revisions("Seed case A")] == ["", ""]  # not known
        assert store.load_scenario("Seed case A").scenario.description == "second"
        store.save_scenario(_scenario(), 2)
        assert store.revisions("Seed case A")[-1].author == store.author
    with sqlite3.connect(path) as connection:
        uids = [row[0] for row in connection.execute("SELECT uid FROM scenario_revision")]
        versions = [row[0] for row in connection.execute("SELECT uid FROM catalog_version")]
    assert len(set(uids)) == 3 and all(len(uid) == 32 for uid in uids + versions)


def test_a_schema_version_of_0_is_refused_as_damaged_untouched(tmp_path):
    """Schema 0 looked like an old database to migrate and failed with KeyError: 0."""
    path = tmp_path / "db.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    before = _digest(path)
    with pytest.raises(StoreError, match="schema 0, which no llmplan wrote") as error:
        Store(path)
    assert error.value.kind == "corrupt" and _digest(path) == before


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "db.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = _digest(path)
    with pytest.raises(StoreError, match="newer llmplan .*schema 99") as error:
        Store(path)
    assert error.value.kind == "newer" and _digest(path) == before


@pytest.mark.parametrize("damage", ["garbage", "overwritten pages", "other tables"])
def test_a_damaged_or_foreign_file_is_refused_and_left_in_place(tmp_path, damage):
    path = tmp_path / "db.sqlite"
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "overwritten pages":
        with Store(path) as store:
            store.save_scenario(_scenario(), None)
        data = bytearray(path.read_bytes())
        data[100:len(data) // 2] = os.urandom(len(data) // 2 - 100)
        path.write_bytes(bytes(data))
    else:
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE invoices (id INTEGER)")
    before = _digest(path)
    with pytest.raises(StoreError) as error:
        Store(path)
    assert error.value.kind == "corrupt"
    assert "left as it is" in str(error.value) and _digest(path) == before


def test_start_fresh_keeps_the_damaged_file_beside_the_new_one(tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"garbage" * 100)
    aside = start_fresh(path)
    assert aside.read_bytes() == b"garbage" * 100
    with Store(path) as store:
        assert store.scenarios() == []


def test_two_fresh_starts_at_the_same_moment_keep_both_damaged_files(tmp_path, monkeypatch):
    """The second move aside used the same one-second name and replaced the first damaged
    file; a frozen clock makes both moves happen 'at the same time'."""
    import core.store.files as store_files

    class Frozen(store_files.datetime):
        @classmethod
        def now(cls, tz=None):
            return store_files.datetime(2026, 12, 2, 12, 0, 0, tzinfo=tz)

    monkeypatch.setattr(store_files, "datetime", Frozen)
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"first damage")
    first = start_fresh(path)
    path.write_bytes(b"second damage")
    (path.parent / (path.name + "-wal")).write_bytes(b"journal")
    second = start_fresh(path)
    assert first != second
    assert first.read_bytes() == b"first damage" and second.read_bytes() == b"second damage"
    assert (second.parent / (second.name + "-wal")).read_bytes() == b"journal"


def test_restore_takes_the_newest_readable_backup(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        store.save_scenario(_scenario(), None)
        store.backup("manual")
    path.write_bytes(b"garbage" * 100)
    used, aside = restore_latest_backup(path)
    assert used.name.endswith("-manual.db") and aside.read_bytes() == b"garbage" * 100
    with Store(path) as store:
        assert store.load_scenario("Seed case A").scenario == _scenario()


def test_restore_without_a_backup_says_so(tmp_path):
    with pytest.raises(StoreError, match="no readable backup"):
        restore_latest_backup(tmp_path / "db.sqlite")


def _limit_pages(store: Store) -> None:
    """Let SQLite report a full disk once the file grows by a few pages (max_page_count)."""
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()
    event.listen(store.engine, "connect", lambda connection, _: connection.execute(
        f"PRAGMA max_page_count = {pages + 2}"))


def test_a_full_disk_is_named_and_nothing_is_half_written(tmp_path):
    with Store(tmp_path / "db.sqlite") as store:
        store.save_scenario(_scenario(), None)
        _limit_pages(store)
        header = "kind,id,provider,name,gpu,gpus,price_per_hour,currency,source,price_date\n"
        many = header + "".join(f"cloud,box-{n},Acme,box,h100-sxm,1,{1 + n / 1000},USD,"
                                "quote,2026-11\n" for n in range(2000))
        with pytest.raises(StoreError, match="the disk is full") as error:
            store.import_prices(read_prices(many.encode(), "many.csv"))
        assert error.value.kind == "full"
        with pytest.raises(StoreError, match="the disk is full"):
            store.save_scenario(replace(_scenario(), description="x" * 50_000), 1)
        assert len(store.catalog_versions()) == 1
        assert store.load_scenario("Seed case A").scenario == _scenario()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM api_price").scalar() == \
                len(default_catalog().api)


def test_a_read_only_folder_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    path = tmp_path / "ro" / "db.sqlite"
    Store(path).close()
    before = _digest(path)
    if os.geteuid() == 0:  # root writes anywhere: report what a user account would see
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda target, mode: (
            False if Path(target) in (path, path.parent) and mode & os.W_OK
            else real_access(target, mode)))
    else:
        path.parent.chmod(0o555)
        path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only") as error:
            Store(path)
        assert error.value.kind == "readonly"
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert _digest(path) == before


def test_a_write_sqlite_refuses_as_read_only_is_named(tmp_path):
    path = tmp_path / "db.sqlite"
    with Store(path) as store:
        store.save_scenario(_scenario(), None)
        read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        event.listen(read_only, "connect", files.on_connect)
        event.listen(read_only, "begin", files.on_begin)
        store.engine, store._writer = read_only, read_only.execution_options(
            llmplan_write=True)
        with pytest.raises(StoreError, match="is read-only") as error:
            store.save_scenario(replace(_scenario(), description="x"), 1)
        assert error.value.kind == "readonly"
        assert store.load_scenario("Seed case A").scenario == _scenario()


def test_hardware_profiles_are_kept_and_never_replaced_silently(database):
    with Store(database) as store:
        store.save_profile("gpu-server", {"gpus": 8}, "gpu01", "2026-11-21T10:00:00Z")
        with pytest.raises(ConflictError, match="exists"):
            store.save_profile("gpu-server", {"gpus": 4}, "gpu01", "2026-11-22T10:00:00Z")
        store.save_profile("gpu-server", {"gpus": 4}, "gpu01", "2026-11-22T10:00:00Z",
                           replace=True)
        assert store.load_profile("gpu-server") == {"gpus": 4}
        assert [p.taken_at for p in store.profiles()] == ["2026-11-22T10:00:00Z"]


@pytest.mark.parametrize(("given", "words"), [
    ("mysql://planner:secret@db.example/llmplan", "'mysql://' is not a database llmplan opens"),
    ("/dev/null", "is not a regular file"),
])
def test_a_database_place_that_is_no_file_is_refused_without_traces(given, words, tmp_path,
                                                                   monkeypatch):
    """A URL became a folder named 'mysql:' (its password in the path) and /dev/null got a
    /dev/null-journal beside it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=words) as refused:
        Store(given)
    assert "secret" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # no folder, no journal


def test_a_folder_as_the_database_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
