"""What the benchmarks share: scratch databases, worker processes, the machine's description and
the measurements a worker takes of itself (peak memory, database version)."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Several people may benchmark against one server: each can name their own scratch database.
SCRATCH_DATABASE = os.environ.get("BENCH_SCRATCH_DATABASE", "fupin_bench")


# --- the parent: scratch databases and worker processes -----------------------------------------


def postgres_url() -> str | None:
    """The PostgreSQL server to measure on: ``BENCH_POSTGRES_URL``, or a postgres ``DATABASE_URL``."""
    url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://", "pgsql://")) else None


@contextmanager
def scratch_environment(database: str) -> Iterator[dict[str, str]]:
    """The environment of a worker using an empty scratch database (not yet migrated).

    SQLite: ``fupin.sqlite3`` in a temporary ``FUPIN_DATA_DIR``. PostgreSQL: the database
    ``fupin_bench`` (or ``BENCH_SCRATCH_DATABASE``) created beside the one the URL names (the role
    needs CREATEDB), dropped on leaving. Either way the data directory is temporary, so no one's own data is touched.
    """
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fupin.settings",
            "FUPIN_DATA_DIR": data_dir,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
        env.pop("DATABASE_URL", None)  # SQLite: fupin.sqlite3 in the temporary data directory
        server_url = None
        if database == "postgresql":
            server_url = postgres_url()
            assert server_url is not None
            env["DATABASE_URL"] = create_scratch_database(server_url)
        try:
            yield env
        finally:
            if server_url is not None:
                drop_scratch_database(server_url)


def run_django(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", *command, "--verbosity=0"],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
    )


def run_worker(env: dict[str, str], module: str, *arguments: str) -> dict[str, Any]:
    """Run ``python -m module arguments…`` and return the JSON object its last line prints."""
    answer = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    if answer.returncode != 0:
        sys.stderr.write(answer.stderr)
        answer.check_returncode()
    return json.loads(answer.stdout.strip().splitlines()[-1])


def write_result(benchmark: str, database: str, result: dict[str, Any]) -> Path:
    """``bench/results/<benchmark>-<database>.json``; prints where it went."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{benchmark}-{database}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"  written to {path.relative_to(PROJECT_ROOT)}\n")
    return path


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(server_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(_database_url(server_url, urlsplit(server_url).path.lstrip("/")))


def create_scratch_database(server_url: str) -> str:
    with _admin_connection(server_url) as connection:
        connection.autocommit = True
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {SCRATCH_DATABASE} ENCODING 'UTF8' TEMPLATE template0")
    return _database_url(server_url, SCRATCH_DATABASE)


def drop_scratch_database(server_url: str) -> None:
    with _admin_connection(server_url) as connection:
        connection.autocommit = True
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError):
        memory_gb = None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "system": platform.platform(),
        "python": platform.python_version(),
    }


# --- the workers: what a worker process measures of itself -------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"
