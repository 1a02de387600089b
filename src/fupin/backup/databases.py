"""The two databases fupin runs on, as backup and restore see them: a consistent copy taken while
the site runs, the rows each table holds in that copy, and putting a copy in place.

SQLite is copied with SQLite's online backup (``Connection.backup``), which reads one snapshot
while the site goes on writing; PostgreSQL with ``pg_dump`` in a snapshot exported by our own
transaction, so the row counts of the manifest describe exactly the rows of the dump."""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction

from .archive import sync_directory
from .errors import BackupError

# Tables that ``fupin init`` fills by itself (migrations, the national division codes, the shipped
# standards and policy catalogue): rows there do not make a database "hold data".
INIT_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "regions_region",
        "registry_policy",
        "standards_standard",
    }
)

DUMP_TIMEOUT_SECONDS = 6 * 60 * 60


@dataclass(frozen=True)
class Snapshot:
    """What a dump holds, read from the same snapshot as the dump itself."""

    counts: dict[str, int]  # table name → rows
    migrations: list[str]  # applied migrations as "app.name", sorted


class Database(Protocol):
    vendor: str
    dump_name: str  # the database's file name inside the archive

    def dump(self, target: Path) -> Snapshot: ...

    def replace_with(self, dump: Path) -> None: ...

    def check_integrity(self, dump: Path) -> list[str]: ...


def current_database() -> Database:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SqliteDatabase()
    if vendor == "postgresql":
        return PostgresDatabase()
    raise BackupError(f"不支持备份 {vendor} 数据库（只支持 SQLite 和 PostgreSQL）")


def live_counts() -> dict[str, int]:
    """Rows per table in the database as it is now."""
    with connection.cursor() as cursor:
        return _count_tables(cursor, connection.introspection.table_names(cursor))


def live_migrations() -> list[str]:
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations")
        return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


def _count_tables(cursor: object, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # type: ignore[attr-defined]
        counts[table] = cursor.fetchone()[0]  # type: ignore[attr-defined]
    return counts


def tables_with_data(counts: dict[str, int]) -> dict[str, int]:
    """The tables holding rows that ``fupin init`` does not write by itself."""
    return {table: rows for table, rows in counts.items() if rows and table not in INIT_TABLES}


# --- SQLite ------------------------------------------------------------------------------------


class SqliteDatabase:
    vendor = "sqlite"
    dump_name = "database.sqlite3"

    @property
    def path(self) -> Path:
        name = str(settings.DATABASES["default"]["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise BackupError("内存中的 SQLite 数据库不能恢复，请用数据库文件（DATABASE_URL）")
        return Path(name)

    def exists(self) -> bool:
        return self.path.exists()

    def dump(self, target: Path) -> Snapshot:
        # The site's own connection: the online backup reads one consistent snapshot, and in WAL
        # mode the site goes on writing meanwhile.
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            # The copy stands alone in one file, without a -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            return _sqlite_snapshot(copy)
        finally:
            copy.close()

    def check_integrity(self, dump: Path) -> list[str]:
        """The problems SQLite finds in the file: its page structure, then its foreign keys."""
        with _sqlite_file(dump) as db:
            result = [row[0] for row in db.execute("PRAGMA integrity_check")]
            problems = [] if result == ["ok"] else [f"PRAGMA integrity_check：{r}" for r in result]
            problems += [
                f"外键检查：{table} 第 {rowid} 行指向 {parent} 中不存在的行"
                for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check")
            ]
        return problems

    def replace_with(self, dump: Path) -> None:
        """Put ``dump`` (a file in the database's own directory) in place of the database in one
        rename. The old file is first taken out of WAL mode, which SQLite allows only when no
        other program has it open: that is how we know the site is stopped."""
        path = self.path
        connection.close()
        if path.exists():
            old = sqlite3.connect(path, timeout=5, isolation_level=None)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                mode = old.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
                if mode != "delete":
                    raise BackupError(
                        "数据库正被其他程序使用（fupin serve 或后台任务进程仍在运行？）。"
                        "请先停止它们，再恢复。"
                    )
                # Nobody writes to the old file while it is swapped out.
                old.execute("BEGIN EXCLUSIVE")
                os.replace(dump, path)
            except sqlite3.OperationalError as error:
                raise BackupError(
                    f"数据库正被其他程序使用，无法恢复（{error}）。请先停止 fupin serve 和后台任务进程。"
                ) from error
            finally:
                old.close()
        else:
            os.replace(dump, path)
        for suffix in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        sync_directory(path.parent)


def _sqlite_snapshot(db: sqlite3.Connection) -> Snapshot:
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    counts = {
        table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        for table in sorted(tables)
    }
    migrations = []
    if "django_migrations" in tables:
        migrations = sorted(
            f"{app}.{name}" for app, name in db.execute("SELECT app, name FROM django_migrations")
        )
    return Snapshot(counts=counts, migrations=migrations)


@contextmanager
def _sqlite_file(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield db
    except sqlite3.DatabaseError as error:
        raise BackupError(f"备份中的数据库文件已损坏：{error}") from error
    finally:
        db.close()


# --- PostgreSQL --------------------------------------------------------------------------------

# Empties the schema before the dump is loaded, in the same transaction: tables a newer
# migration added, which the dump does not know, must not survive a restore.
_EMPTY_PUBLIC_SCHEMA = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    LOOP
        EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
            CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
            item.relname);
    END LOOP;
    -- The sequences of the tables went with them; any left stood alone.
    FOR item IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'
    LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', item.relname);
    END LOOP;
END
$$;
"""


class PostgresDatabase:
    vendor = "postgresql"
    dump_name = "database.sql"

    def dump(self, target: Path) -> Snapshot:
        if connection.in_atomic_block:
            raise BackupError("不能在事务中备份 PostgreSQL 数据库")
        with transaction.atomic(), connection.cursor() as cursor:
            # The first statement of the transaction fixes its snapshot, which pg_dump then shares.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            _run_client(
                "pg_dump",
                [
                    "--format=plain",
                    "--no-owner",
                    "--no-privileges",
                    "--encoding=UTF8",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ],
                failure="pg_dump 备份失败",
            )
            counts = _count_tables(cursor, connection.introspection.table_names(cursor))
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
        return Snapshot(counts=counts, migrations=migrations)

    def check_integrity(self, dump: Path) -> list[str]:
        # PostgreSQL checks the dump as it loads it (every constraint is validated); a failure
        # rolls the whole restore back.
        return []

    def replace_with(self, dump: Path) -> None:
        """Empty the schema and load the dump with psql in one transaction: it either all
        happens or the database stays as it was."""
        connection.close()
        preamble = dump.with_name("empty-schema.sql")
        preamble.write_text(_EMPTY_PUBLIC_SCHEMA, encoding="utf-8")
        _run_client(
            "psql",
            [
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--file={preamble}",
                f"--file={dump}",
            ],
            failure="psql 恢复失败，数据库保持原样",
        )


def _run_client(program: str, arguments: list[str], *, failure: str) -> None:
    """Run a PostgreSQL client with the connection in its environment: the password travels in
    PGPASSWORD, never on a command line that every user of the machine can read."""
    executable = find_postgres_program(program)
    database = settings.DATABASES["default"]
    environment = {**os.environ, "PGCLIENTENCODING": "UTF8", "PGDATABASE": str(database["NAME"])}
    for variable, value in (
        ("PGHOST", database.get("HOST")),
        ("PGPORT", database.get("PORT")),
        ("PGUSER", database.get("USER")),
        ("PGPASSWORD", database.get("PASSWORD")),
    ):
        if value:
            environment[variable] = str(value)
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = str(sslmode)
    try:
        result = subprocess.run(
            [str(executable), *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=DUMP_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{failure}：{program} 超时") from error
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise BackupError(f"{failure}：\n{detail}")


def find_postgres_program(program: str) -> Path:
    """``pg_dump`` or ``psql``: from FUPIN_PG_BIN, else the newest PostgreSQL installed under
    /usr/lib/postgresql (a newer pg_dump reads older servers, not the reverse), else on PATH."""
    candidates: list[Path] = []
    if settings.PG_BIN_DIR:
        candidates.append(Path(settings.PG_BIN_DIR) / program)
    # Debian's versioned directories, then those of the PostgreSQL packages for RHEL.
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin"):
        directories = sorted(glob.glob(pattern), key=_version_key, reverse=True)
        candidates += [Path(directory) / program for directory in directories]
    if found := shutil.which(program):
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        f"找不到 PostgreSQL 的 {program} 命令：请安装 PostgreSQL 客户端"
        "（Debian：apt-get install postgresql-client），或用 FUPIN_PG_BIN 指明其所在目录"
    )


def _version_key(directory: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", directory))
