"""``etwincms export-site SLUG PATH.zip``: write a space's dissemination export to a file.

For operators (no permission check: they run the site). The zip is written next to
``PATH`` and moved into place only when complete, so a refused or broken export never
leaves a half-written file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from sqlalchemy import select

from ..models import Project
from .site import build_site


@click.command("export-site")
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export_site_command(slug: str, path: Path) -> None:
    """Write the static site of the space SLUG's public content to PATH (a zip)."""
    from ..cli import app_session

    with app_session() as session:
        project = session.scalar(select(Project).where(Project.slug == slug))
        if project is None:
            raise click.ClickException(f"No space with the address {slug!r}.")
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("wb") as target:
                summary = build_site(session, project, target)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"{path}: {summary.pages} page(s), {summary.files} file(s)")
