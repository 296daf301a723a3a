"""Where the planner keeps its work: scenarios with their revisions, price catalog versions and
hardware profiles in one SQLite database (database: Store). Its parts: files (where the file is,
whether it is ours, backups and recovery), tables (schema, migrations, records), connection
(opening, transactions, settings), catalogs, scenarios and profiles."""
