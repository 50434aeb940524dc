"""``etwincms backup [PATH]`` and ``etwincms restore PATH [--force]``.

``backup`` writes one ``.tar.gz`` (database, uploaded files, ``etwincms.toml``, manifest)
while the site keeps running; ``restore`` checks an archive, restores it into an empty
instance and database (``--force`` replaces what is there), migrates the database if
the backup is older than the code and rebuilds the search index. The work itself lives
in :mod:`etwincms.backup`; these commands add the progress bars and messages.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import click

from . import backup
from .config import instance_path_from

T = TypeVar("T")


def progress_bar(items: Iterable[T], label: str) -> Iterator[T]:
    """Show a progress bar over a long loop (click hides it when output is not a tty)."""
    with click.progressbar(list(items), label=label) as shown:
        yield from shown


def default_name() -> str:
    return datetime.now(UTC).strftime("etwincms-backup-%Y%m%d-%H%M%S.tar.gz")


@click.command("backup")
@click.argument("path", required=False, type=click.Path(dir_okay=True))
def backup_command(path: str | None) -> None:
    """Write a backup archive to PATH (a file, or a folder to put it in; default: here)."""
    from .app import create_app

    target = Path(path or default_name())
    if target.is_dir() or (path or "").endswith(("/", os.sep)):
        target = target / default_name()
    try:
        manifest = backup.create_backup(create_app(), target, progress_bar)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(manifest["counts"]["tables"].values())
    click.echo(
        f"Backup written to {target}: {rows} rows, {manifest['counts']['files']} files."
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Replace a database or file store holding data."
)
@click.pass_context
def restore_command(ctx: click.Context, path: Path, force: bool) -> None:
    """Restore the backup at PATH into this instance, then rebuild the search index."""
    from .app import create_app
    from .cli_search import rebuild

    with tempfile.TemporaryDirectory(prefix="etwincms-restore-") as work:
        try:
            manifest = backup.unpack(path, Path(work), progress_bar)
            if backup.install_config(Path(work), instance_path_from(None)):
                click.echo("Restored etwincms.toml into the instance folder.")
            migrated = backup.restore_into(
                create_app(), Path(work), manifest, force=force, progress=progress_bar
            )
        except backup.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
    if migrated:
        click.echo("The backup was older than this version: migrations applied.")
    click.echo(f"Restored the backup of {manifest['created_at']}.")
    ctx.invoke(rebuild)
