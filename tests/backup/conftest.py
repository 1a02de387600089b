"""Whole fupin sites for the backup tests: each a data directory and a database of its own, driven
through the real command line in a separate process, as an administrator would.

The tests run on SQLite, and on PostgreSQL too when DATABASE_URL points to one: each PostgreSQL
site is then a database of its own beside the test database, dropped at the end."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

COUNTY = "220802"
YEAR = "2025"
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
VENDORS = ["sqlite", *(["postgresql"] if POSTGRES_URL.startswith("postgres") else [])]
_numbers = itertools.count(1)


@dataclass
class Site:
    data_dir: Path
    database_url: str | None  # None: SQLite in the data directory

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run_with({}, *args, timeout=timeout)

    def run_with(
        self, extra: dict[str, str], *args: str, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fupin", *args],
            env={**self.environment(), **extra},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def environment(self) -> dict[str, str]:
        env = {**os.environ, "FUPIN_DATA_DIR": str(self.data_dir)}
        env["DJANGO_SETTINGS_MODULE"] = "fupin.settings"
        for name in ("DATABASE_URL", "FUPIN_BACKUP_DIR", "FUPIN_BACKUP_KEEP"):
            env.pop(name, None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def stats(self) -> dict[str, object]:
        return json.loads(self.ok("stats", "--region", COUNTY, "--year", YEAR))

    def listing(self) -> list[str]:
        """The names in the data directory, temporary ones included."""
        return sorted(
            path.relative_to(self.data_dir).as_posix() for path in self.data_dir.rglob("*")
        )

    def households(self) -> int:
        return self.counts()["registry_household"]

    def counts(self) -> dict[str, int]:
        script = (
            "import django, json; django.setup();"
            "from django.db import connection;"
            "cursor = connection.cursor();"
            "tables = connection.introspection.table_names(cursor);"
            "print(json.dumps({t: cursor.execute(f'SELECT COUNT(*) FROM \"{t}\"').fetchone()[0]"
            " for t in tables}))"
        )
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(result.stdout)


class Sites:
    """Makes sites on one vendor and removes their PostgreSQL databases afterwards."""

    def __init__(self, vendor: str, root: Path) -> None:
        self.vendor = vendor
        self.root = root
        self.databases: list[str] = []

    def new(self, name: str) -> Site:
        number = next(_numbers)
        data_dir = self.root / f"{name}-{number}"
        data_dir.mkdir(parents=True)
        if self.vendor == "sqlite":
            return Site(data_dir, None)
        database = f"{urlsplit(POSTGRES_URL).path.lstrip('/')}_backup_{os.getpid()}_{number}"
        self._execute(f"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0")
        self.databases.append(database)
        return Site(data_dir, _with_database(POSTGRES_URL, database))

    def remove_all(self) -> None:
        for database in self.databases:
            self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(_with_database(POSTGRES_URL, "postgres"), autocommit=True) as db:
            db.execute(sql)  # type: ignore[arg-type]


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


@pytest.fixture(scope="package", params=VENDORS)
def sites(request, tmp_path_factory) -> Iterator[Sites]:  # type: ignore[no-untyped-def]
    made = Sites(request.param, tmp_path_factory.mktemp(f"sites-{request.param}"))
    yield made
    made.remove_all()


@dataclass
class County:
    """A small demo county with an uploaded file of every kind, backed up once."""

    site: Site
    archive: Path
    stats: dict[str, object]


@pytest.fixture(scope="package")
def county(sites: Sites) -> County:
    site = sites.new("county")
    site.ok("init", "--province", "22")
    site.ok("demo", "--county", COUNTY, "--scale", "0.02")
    # A cadre's photo with a Chinese name, beside the ledger's evidence the demo uploads.
    photo = site.media / "cadres" / "2026" / "张三.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    archive = site.data_dir.parent / f"{site.data_dir.name}.zip"
    site.ok("backup", str(archive))
    return County(site=site, archive=archive, stats=site.stats())


@dataclass
class Bare:
    """A site that only ran ``fupin init`` (one province's regions, no households), backed up."""

    site: Site
    archive: Path


@pytest.fixture(scope="package")
def bare(sites: Sites) -> Bare:
    site = sites.new("bare")
    site.ok("init", "--province", "11")
    archive = site.data_dir.parent / f"{site.data_dir.name}.zip"
    site.ok("backup", str(archive))
    return Bare(site=site, archive=archive)


@pytest.fixture
def bare_archive(bare: Bare) -> Path:
    return bare.archive


@pytest.fixture(scope="package")
def empty_site(sites: Sites) -> Site:
    """A site with no database yet, for the refusals: none of them may write anything to it."""
    site = sites.new("empty")
    site.ok("restore", "--help")  # the data directory as any first command leaves it
    return site
