"""Where the planner keeps its work: scenarios with their revisions, price catalog versions and
hardware profiles in one SQLite database (database), with backups, migrations and recovery."""
