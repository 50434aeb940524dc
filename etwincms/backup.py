"""Backups of a site as one ``.tar.gz``, and their restore into an empty instance.

An archive holds the database (SQLite through the online backup API, safe while the site
runs; PostgreSQL as a ``pg_dump --format=custom`` file), the uploaded files (the
content-addressed ``STORAGE_DIR``, where plugins keep theirs too), the instance's
``etwincms.toml`` and ``manifest.json``: format, version, Alembic revisions, time, row
counts per table and the SHA-256 of every other member. The search index is derived, so
it is left out and rebuilt after a restore. A restore reads only the members the manifest
names, checks every checksum before touching the instance, refuses a database or file
store that holds data unless forced, checks the row counts, then migrates the database
if the backup is older than the code.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Engine, make_url

from . import __version__, migrate, stamps
from .config import INSTANCE_FILE
from .errors import EtwinError
from .storage import CHUNK

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/etwincms.sqlite3"
POSTGRES_MEMBER = "database/postgres.dump"
CONFIG_MEMBER = "config/" + INSTANCE_FILE
FILES_PREFIX = "files/materials/"

T = TypeVar("T")
#: Wraps a long loop to show progress (the CLI passes a click progress bar).
Progress = Callable[[Iterable[T], str], Iterable[T]]


class BackupError(EtwinError):
    """A backup or restore that cannot go on (the message says why and what to do)."""


def quietly(items: Iterable[T], _label: str) -> Iterable[T]:
    """The default progress: none."""
    return items


# -- backup --------------------------------------------------------------------------


def create_backup(
    app: Flask, target: Path, progress: Progress = quietly
) -> dict[str, Any]:
    """Write the site's archive to ``target`` (atomically: a temporary name, then renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        members = {database_member(app): dump_database(app, Path(work))}
        config = Path(app.instance_path) / INSTANCE_FILE
        if config.is_file():
            members[CONFIG_MEMBER] = config
        members.update(stored_files(app))
        manifest = build_manifest(app, members, progress)
        partial = Path(work) / "archive.tar.gz"
        write_archive(partial, manifest, members, progress)
        partial.chmod(0o600)  # it holds the secret key and everyone's data
        os.replace(partial, target)
    return manifest


def database_member(app: Flask) -> str:
    return SQLITE_MEMBER if is_sqlite(app.config["DATABASE_URL"]) else POSTGRES_MEMBER


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def dump_database(app: Flask, work: Path) -> Path:
    url = app.config["DATABASE_URL"]
    if is_sqlite(url):
        return copy_sqlite(sqlite_file(url), work / "etwincms.sqlite3")
    return pg_dump(url, work / "postgres.dump")


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(
            "An in-memory SQLite database cannot be backed up or restored."
        )
    return Path(database)


def copy_sqlite(source: Path, target: Path) -> Path:
    """Copy with SQLite's online backup API: a consistent copy while others write."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    return target


def pg_dump(url: str, target: Path) -> Path:
    schema = search_path_schema(url)
    options = ["--schema", schema] if schema else []
    run_pg_tool(
        "pg_dump",
        url,
        ["--format=custom", "--no-owner", "--file", str(target), *options],
    )
    return target


def search_path_schema(url: str) -> str | None:
    """The schema named by ``options=-csearch_path=...`` in the URL, if any: only it is
    dumped, so a database shared by several sites (or test runs) dumps just this one."""
    options = make_url(url).query.get("options") or ""
    for given in options if isinstance(options, tuple) else (options,):
        for option in given.split():  # libpq: several "-cname=value", space-separated
            if option.startswith("-csearch_path="):
                return option.removeprefix("-csearch_path=").split(",")[0]
    return None


def run_pg_tool(tool: str, url: str, arguments: list[str]) -> None:
    """Run ``pg_dump``/``pg_restore`` on the database of ``url`` (password in the env)."""
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            f"{tool} was not found: install the PostgreSQL client tools "
            "(e.g. the postgresql-client package) matching your server's version."
        )
    parsed = make_url(url)
    libpq = parsed.set(drivername="postgresql", password=None)
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    dbname = libpq.render_as_string(hide_password=False)
    done = subprocess.run(  # noqa: S603  (a PostgreSQL tool found on PATH, no shell)
        [program, *arguments, f"--dbname={dbname}"],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


def stored_files(app: Flask) -> dict[str, Path]:
    """Every file of the file store, by archive member name."""
    root = Path(app.config["STORAGE_DIR"])
    if not root.is_dir():
        return {}
    return {
        FILES_PREFIX + path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith("tmp")  # an upload in flight
    }


def build_manifest(
    app: Flask, members: dict[str, Path], progress: Progress = quietly
) -> dict[str, Any]:
    checksums = {
        name: sha256_of(path) for name, path in progress(members.items(), "Checksums")
    }
    return {
        "format": FORMAT,
        "etwincms_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": make_url(app.config["DATABASE_URL"]).get_backend_name(),
        "alembic_revisions": sorted(migrate.current(app)),
        "counts": {
            "tables": row_counts(engine_of(app)),
            "files": sum(name.startswith(FILES_PREFIX) for name in members),
        },
        "checksums": checksums,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the database's (current) schema."""
    names = sorted(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(table(name))) or 0
            for name in names
        }


def engine_of(app: Flask) -> Engine:
    return app.extensions["etwincms"].db.engine


def write_archive(
    target: Path, manifest: dict[str, Any], members: dict[str, Path], progress: Progress
) -> None:
    with tarfile.open(target, "w:gz") as archive:
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        archive.addfile(info, io.BytesIO(data))
        for name, path in progress(members.items(), "Writing the archive"):
            archive.add(path, arcname=name, recursive=False)


# -- restore -------------------------------------------------------------------------


def unpack(archive: Path, work: Path, progress: Progress = quietly) -> dict[str, Any]:
    """Extract the manifest's members into ``work``, checking each one's SHA-256.

    Members are written under names the manifest lists and this module checks, never
    under a path taken as is from the archive.
    """
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = read_manifest(tar)
            expected = manifest["checksums"]
            check_members(tar, expected)
            for name in progress(sorted(expected), "Checking and unpacking"):
                extract_checked(tar, name, expected[name], work)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} is not a readable backup: {exc}") from exc
    return manifest


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    stream = tar.extractfile(MANIFEST)
    if stream is None:
        raise BackupError(
            "The archive has no manifest.json: it is not an etwincms backup."
        )
    manifest = json.loads(stream.read())
    if manifest.get("format", 0) > FORMAT:
        raise BackupError("The backup was made by a newer etwincms: upgrade first.")
    return manifest


def check_members(tar: tarfile.TarFile, expected: dict[str, str]) -> None:
    present = {member.name for member in tar.getmembers() if member.isfile()}
    missing = sorted(set(expected) - present)
    unexpected = sorted(present - set(expected) - {MANIFEST})
    if missing or unexpected:
        raise BackupError(
            f"The archive is damaged: missing {missing}, unexpected {unexpected}."
        )
    for name in expected:
        safe_member(name)


def safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive names an unsafe path: {name!r}.")
    return path


def extract_checked(tar: tarfile.TarFile, name: str, checksum: str, work: Path) -> None:
    target = work.joinpath(*safe_member(name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(name)
    if source is None:  # check_members kept regular files only; a guard all the same
        raise BackupError(f"{name} is not a file in the archive.")
    digest = hashlib.sha256()
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != checksum:
        raise BackupError(
            f"The checksum of {name} does not match: the archive is damaged."
        )


def install_config(work: Path, instance: Path) -> bool:
    """Put the backed-up ``etwincms.toml`` in an instance that has none (True if done)."""
    source, target = work / CONFIG_MEMBER, instance / INSTANCE_FILE
    if not source.is_file() or target.exists():
        return False
    instance.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return True


def holds_data(app: Flask) -> list[str]:
    """What already holds data in the target: its database tables, its file store."""
    found = []
    if inspect(engine_of(app)).get_table_names():
        found.append(f"the database {make_url(app.config['DATABASE_URL']).database}")
    root = Path(app.config["STORAGE_DIR"])
    if root.is_dir() and any(path.is_file() for path in root.rglob("*")):
        found.append(f"the file store {root}")
    return found


def restore_into(
    app: Flask,
    work: Path,
    manifest: dict[str, Any],
    *,
    force: bool,
    progress: Progress = quietly,
) -> bool:
    """Restore the unpacked backup into ``app``'s database and file store.

    :returns: whether migrations were applied (the backup was older than the code).
    """
    occupied = holds_data(app)
    if occupied and not force:
        verb = "holds" if len(occupied) == 1 else "hold"
        raise BackupError(
            f"{' and '.join(occupied)} {verb} data: restore with --force to replace it."
        )
    restore_database(app, work, manifest, force=force)
    restore_files(app, work, progress)
    check_counts(app, manifest)
    migrated = bool(migrate.pending(app))
    if migrated:
        migrate.upgrade(app)
    renew_site_stamp(app)
    return migrated


def renew_site_stamp(app: Flask) -> None:
    """Pages cached from before the restore must not be served from it."""
    with app.extensions["etwincms"].db.session() as session:
        stamps.touch(session)
        session.commit()


def restore_database(
    app: Flask, work: Path, manifest: dict[str, Any], *, force: bool
) -> None:
    url = app.config["DATABASE_URL"]
    backend = make_url(url).get_backend_name()
    if backend != manifest["database"]:
        raise BackupError(
            f"The backup is of a {manifest['database']} database, not {backend}."
        )
    engine_of(app).dispose()  # no pooled connection sees the database change under it
    if is_sqlite(url):
        target = sqlite_file(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(work / SQLITE_MEMBER, target)
        return
    clean = ["--clean", "--if-exists"] if force else []
    arguments = ["--no-owner", "--no-acl", "--single-transaction", *clean]
    run_pg_tool("pg_restore", url, [*arguments, str(work / POSTGRES_MEMBER)])


def restore_files(app: Flask, work: Path, progress: Progress = quietly) -> None:
    root, unpacked = Path(app.config["STORAGE_DIR"]), work / FILES_PREFIX
    files = (
        [path for path in unpacked.rglob("*") if path.is_file()]
        if unpacked.is_dir()
        else []
    )
    for path in progress(files, "Restoring files"):
        target = root / path.relative_to(unpacked)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def check_counts(app: Flask, manifest: dict[str, Any]) -> None:
    """Every table has the rows the manifest counted (before any migration)."""
    found = row_counts(engine_of(app))
    expected = manifest["counts"]["tables"]
    wrong = sorted(name for name in expected if found.get(name) != expected[name])
    if wrong:
        raise BackupError(f"Restored row counts differ from the manifest in {wrong}.")
