"""A throwaway PostgreSQL cluster for the store's tests: Debian's postgresql package (initdb,
pg_ctl) in a temporary folder, run as an unprivileged user when the tests run as root, on a free
port of 127.0.0.1, with TLS (a CA and a server certificate for localhost made with openssl) and
password logins (scram-sha-256) for every role but the test superuser.

`make test` sets LLMPLAN_REQUIRE_POSTGRES=1: there, a missing server fails the tests instead of
skipping them (scripts/system-deps.sh installs it).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "llmplan_test"
REQUIRED = "LLMPLAN_REQUIRE_POSTGRES"


def server_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them in /usr/lib/postgresql/N/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_user() -> str | None:
    """PostgreSQL refuses to run as root: the 'postgres' user Debian's package makes, else
    'nobody'. None when the tests do not run as root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL")


class Cluster:
    """initdb, start, and (at the end of the test session) stop and remove."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="llmplan-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._databases = 0
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C")
        self._tls()
        settings = (f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                    f"unix_socket_directories = '{self.folder}'\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    f"ssl = on\nssl_cert_file = '{self.folder}/server.crt'\n"
                    f"ssl_key_file = '{self.folder}/server.key'\n")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        (self.data / "pg_hba.conf").write_text(
            f"local all all trust\nhost all {SUPERUSER} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n")
        self._own(self.data / "pg_hba.conf")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "start")

    def _own(self, path: Path) -> None:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([str(self.binaries / program), *args], check=True, cwd=self.folder,
                       user=self.user, capture_output=True, timeout=120)

    def _tls(self) -> None:
        """A CA and a server certificate for localhost and 127.0.0.1 it signed."""
        folder = self.folder

        def openssl(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, cwd=folder, capture_output=True,
                           timeout=60)

        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=llmplan test CA", "-keyout", "ca.key", "-out", "ca.crt")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", "server.key", "-out", "server.csr")
        (folder / "san.ext").write_text("subjectAltName = DNS:localhost, IP:127.0.0.1\n")
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt")
        for name in ("server.key", "server.crt", "ca.crt"):
            self._own(folder / name)
        (folder / "server.key").chmod(0o600)
        (folder / "ca.crt").chmod(0o644)

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.crt"

    def url(self, database: str, user: str = SUPERUSER, host: str = "127.0.0.1",
            query: str = "") -> str:
        return (f"postgresql://{user}@{host}:{self.port}/{database}"
                + (f"?{query}" if query else ""))

    def execute(self, sql: str, database: str = "postgres", user: str = SUPERUSER) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=user, dbname=database,
                             autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]  # the tests write the SQL

    def new_database(self) -> str:
        """An empty database of its own for one test: its name."""
        self._databases += 1
        name = f"llmplan_{self._databases}"
        self.execute(f"CREATE DATABASE {name}")
        return name

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
