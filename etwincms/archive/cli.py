"""``etwincms export-space``, ``etwincms import`` and ``etwincms retention run``.

Thin commands over :mod:`.export`, :mod:`.importer` and :mod:`.retention`: they build the
application, show progress, turn errors into clear messages (exit code 1, no traceback)
and print a summary line. ``retention run`` is meant for a daily cron job.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from ..db import utcnow
from ..errors import EtwinError


def progress_bar(items: Iterable[Any], label: str) -> Iterator[Any]:
    """A progress bar over a long loop (click hides it when the output is not a tty)."""
    with click.progressbar(list(items), label=label) as shown:
        yield from shown


@click.command("export-space")
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_space_command(slug: str, path: Path) -> None:
    """Write the space SLUG, its people and its files to PATH (.zip or .tar.gz)."""
    from ..app import create_app
    from .export import export_space

    try:
        manifest = export_space(create_app(), slug, path, progress_bar)
    except EtwinError as exc:
        raise click.ClickException(str(exc)) from exc
    sections = ("tables", "shared_tables", "person_tables")
    rows = sum(sum(manifest[section].values()) for section in sections)
    click.echo(
        f"Space {slug} written to {path}: {rows} rows, {manifest['files']} files."
    )
    if manifest["missing_files"]:
        click.echo(
            f"Warning: {len(manifest['missing_files'])} files were missing from storage."
        )


@click.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--slug", default=None, help="A new address for the space (its own is taken)."
)
def import_command(archive: Path, slug: str | None) -> None:
    """Restore the space archive ARCHIVE into this installation (one transaction)."""
    from ..app import create_app
    from ..cli import app_session
    from .importer import import_space

    app = create_app()
    storage = app.extensions["etwincms"].storage
    with app_session(app) as session:
        result = import_space(
            session, archive, storage, slug=slug, progress=progress_bar
        )
    for old, new in sorted(result.renamed_users.items()):
        click.echo(
            f"The username {old!r} is taken here: the imported account is {new!r}."
        )
    click.echo(result.summary())
    click.echo(
        "Imported accounts have no password yet: reset them before people sign in."
    )


@click.group("retention")
def retention_group() -> None:
    """The retention schedule for pupil accounts (run it daily from cron)."""


@retention_group.command("run")
@click.option(
    "--dry-run", is_flag=True, help="Show what would be done; change nothing."
)
@click.option("--actor", default=None, help="The site admin the erasures are made as.")
def retention_run(dry_run: bool, actor: str | None) -> None:
    """Disable, then erase, pupil accounts that belong to no active space."""
    from ..app import create_app
    from ..cli import app_session
    from ..services.account_admin import account_named
    from .retention import Schedule, run_retention

    app = create_app()
    with app_session(app) as session:
        admin = account_named(session, actor) if actor else None
        report = run_retention(
            session,
            admin,
            Schedule.from_config(app.config),
            now=utcnow(),
            dry_run=dry_run,
            say=click.echo,
        )
        if dry_run:
            session.rollback()
    click.echo(report.summary())


def register(cli: click.Group) -> None:
    for command in (export_space_command, import_command, retention_group):
        cli.add_command(command)
