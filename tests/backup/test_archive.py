"""The archive and the database clients, in process: what no command-line run can show."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from fupin.backup import databases, services
from fupin.backup.archive import Archive, ArchiveWriter
from fupin.backup.databases import Snapshot
from fupin.backup.errors import BackupError


class FakeDatabase:
    """A database whose dump is a small file, to test the archive around it."""

    vendor = "sqlite"
    dump_name = "database.sqlite3"

    def dump(self, target: Path) -> Snapshot:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 1000)
        return Snapshot(counts={"registry_household": 0}, migrations=[])


@pytest.fixture
def fake_database(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "current_database", FakeDatabase)
    media = tmp_path / "media"
    (media / "visits").mkdir(parents=True)
    (media / "visits" / "照片.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    monkeypatch.setattr(settings, "MEDIA_ROOT", media)
    return media


def test_a_backup_that_fails_half_way_leaves_neither_the_file_nor_a_temporary_one(
    fake_database, monkeypatch, tmp_path
):
    target = tmp_path / "out" / "fupin.zip"
    target.parent.mkdir()

    def fail(self, root, prefix):  # type: ignore[no-untyped-def]
        # The database is in the archive being written, under a hidden name only.
        assert [p.name.startswith(".fupin.zip.") for p in target.parent.iterdir()] == [True]
        raise OSError("磁盘已满")

    monkeypatch.setattr(ArchiveWriter, "add_tree", fail)
    with pytest.raises(OSError):
        services.create_backup(target)
    assert list(target.parent.iterdir()) == []


def test_a_backup_appears_under_its_name_complete(fake_database, tmp_path):
    report = services.create_backup(tmp_path / "fupin.zip")
    with zipfile.ZipFile(report.path) as archive:
        assert archive.namelist() == ["database.sqlite3", "media/visits/照片.jpg", "manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"]["media/visits/照片.jpg"]["size"] == 5002
    assert (
        report.media_files == 1 and [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    )


@pytest.mark.parametrize("name", ["media/../../etc/cron.d/x", "/etc/passwd", "media\\..\\x"])
def test_an_archive_with_a_member_outside_its_directory_is_refused(tmp_path, name):
    path = tmp_path / "evil.zip"
    files = {name: {"size": 1, "sha256": "0"}, "database.sqlite3": {"size": 1, "sha256": "0"}}
    write_archive(path, manifest_with(files=files), files)
    with pytest.raises(BackupError, match="不安全"):
        Archive(path)


def test_an_archive_whose_manifest_lacks_the_database_is_refused(tmp_path):
    path = tmp_path / "incomplete.zip"
    manifest = manifest_with(files={})
    del manifest["counts"]
    write_archive(path, manifest, {})
    with pytest.raises(BackupError, match=r"清单 manifest\.json 不完整，缺少 counts"):
        Archive(path)
    write_archive(path, manifest_with(files={}), {})
    with pytest.raises(BackupError, match=r"没有数据库文件 database\.sqlite3"):
        Archive(path)


def manifest_with(*, files: dict) -> dict:  # type: ignore[type-arg]
    return {
        "format": "fupin-backup",
        "format_version": 1,
        "fupin_version": "0.1.0",
        "created_at": "2026-12-03T02:30:00+08:00",
        "database": {"vendor": "sqlite", "file": "database.sqlite3"},
        "migrations": [],
        "counts": {},
        "files": files,
    }


def write_archive(path: Path, manifest: dict, members: dict) -> None:  # type: ignore[type-arg]
    with zipfile.ZipFile(path, "w") as archive:
        for name in members:
            archive.writestr(name, "x")
        archive.writestr("manifest.json", json.dumps(manifest))


def test_the_postgres_password_goes_in_the_environment_never_on_the_command_line(
    monkeypatch, tmp_path
):
    database = {
        "NAME": "fupin",
        "USER": "fupin",
        "PASSWORD": "s3cret-密码",
        "HOST": "db.example",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    monkeypatch.setattr(settings, "DATABASES", {"default": database})
    program = tmp_path / "pg_dump"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(settings, "PG_BIN_DIR", str(tmp_path))
    calls = []

    def run(command, **options):  # type: ignore[no-untyped-def]
        calls.append((command, options["env"]))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(databases.subprocess, "run", run)
    databases._run_client("pg_dump", ["--format=plain"], failure="失败")
    [(command, env)] = calls
    assert command == [str(program), "--format=plain"]
    assert all("s3cret" not in argument for argument in command)
    assert env["PGPASSWORD"] == "s3cret-密码" and env["PGHOST"] == "db.example"
    assert env["PGPORT"] == "5433" and env["PGDATABASE"] == "fupin"
    assert env["PGSSLMODE"] == "require"


def test_a_failing_postgres_client_reports_its_last_lines(monkeypatch, tmp_path):
    program = tmp_path / "psql"
    program.write_text(
        "#!/bin/sh\necho 'ERROR:  permission denied for schema public' >&2\nexit 3\n"
    )
    program.chmod(0o755)
    monkeypatch.setattr(settings, "PG_BIN_DIR", str(tmp_path))
    with pytest.raises(BackupError, match="permission denied") as refusal:
        databases._run_client("psql", [], failure="psql 恢复失败，数据库保持原样")
    assert "数据库保持原样" in refusal.value.message


def test_a_missing_postgres_client_says_which_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "PG_BIN_DIR", str(tmp_path))
    monkeypatch.setattr(databases.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(databases.shutil, "which", lambda program: None)
    with pytest.raises(BackupError, match="postgresql-client"):
        databases.find_postgres_program("pg_dump")
