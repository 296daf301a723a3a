"""Where the planner keeps its work: scenarios with their revisions, price catalog versions and
hardware profiles in one SQLite file or a team database on PostgreSQL (database: Store). Its
parts: files (where the file is, whether it is ours, backups and recovery), server (a team
database's address, logins and errors), tables (schema, migrations, records), connection
(opening, transactions, settings), catalogs, scenarios, profiles, and sync (a laptop's file
with the team database)."""
