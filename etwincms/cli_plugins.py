"""``etwincms plugins ...``: what is installed, and the commands plugins add.

``plugins list`` shows, per plugin: name, version, the hooks it implements, whether it
ships templates and static files, its migration head, and in how many spaces it is on.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, packages_distributions, version
from typing import Any

import click
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import func, select

from . import migrate
from .models import ProjectPlugin
from .plugins import CORE_PLUGINS
from .theming import plugin_dirs


def plugin_rows(app: Flask, session: Any) -> list[dict[str, Any]]:
    """One row per loaded plugin (the core's modules last)."""
    state = app.extensions["etwincms"]
    pm = state.plugins.pm
    spaces_on = dict(
        session.execute(
            select(ProjectPlugin.plugin, func.count())
            .where(ProjectPlugin.enabled.is_(True))
            .group_by(ProjectPlugin.plugin)
        ).all()
    )
    heads = branch_heads(app)
    dirs = plugin_dirs(pm)
    rows = []
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin)
        folder = dirs.get(name)
        rows.append(
            {
                "name": name,
                "version": distribution_version(plugin),
                "hooks": sorted(
                    caller.name for caller in pm.get_hookcallers(plugin) or []
                ),
                "templates": bool(folder and (folder / "templates").is_dir()),
                "static": bool(folder and (folder / "static").is_dir()),
                "migration_head": heads.get(name, "-"),
                "spaces": spaces_on.get(name, 0),
                "core": name in CORE_PLUGINS,
            }
        )
    return sorted(rows, key=lambda row: (row["core"], row["name"]))


def branch_heads(app: Flask) -> dict[str, str]:
    scripts = ScriptDirectory.from_config(migrate.alembic_config(app))
    heads = {}
    for head in scripts.get_revisions("heads"):
        for label in head.branch_labels or ():
            heads[label] = head.revision
        for base_label in scripts.get_revision(head.revision).branch_labels or ():
            heads[base_label] = head.revision
    for source_branch in app.extensions["etwincms"].registries.migrations:
        if source_branch not in heads:
            revision = scripts.get_revision(f"{source_branch}@head")
            heads[source_branch] = revision.revision if revision else "-"
    return heads


def distribution_version(plugin: Any) -> str:
    """The version of the installed distribution that ships the plugin's package."""
    package = getattr(plugin, "__name__", "").split(".", 1)[0]
    for distribution in packages_distributions().get(
        package, [package.replace("_", "-")]
    ):
        try:
            return version(distribution)
        except PackageNotFoundError:
            continue
    return "-"


def format_rows(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        kind = "core" if row["core"] else f"on in {row['spaces']} space(s)"
        files = ", ".join(k for k in ("templates", "static") if row[k]) or "no files"
        lines.append(f"{row['name']}  {row['version']}  [{kind}]")
        lines.append(f"    migrations: {row['migration_head']}   {files}")
        lines.append(f"    hooks: {', '.join(row['hooks'])}")
    return "\n".join(lines)


@click.group("plugins")
def plugins_group() -> None:
    """Installed plugins, and switching them on or off in a space."""


@plugins_group.command("list")
def plugins_list() -> None:
    """Show every loaded plugin: version, hooks, files, migration head, spaces using it."""
    from .app import create_app
    from .cli import app_session

    app = create_app()
    with app_session(app) as session:
        click.echo(format_rows(plugin_rows(app, session)))


@plugins_group.command("enable")
@click.argument("space_slug")
@click.argument("plugin")
def plugins_enable(space_slug: str, plugin: str) -> None:
    """Switch a plugin on in a space."""
    switch(space_slug, plugin, on=True)


@plugins_group.command("disable")
@click.argument("space_slug")
@click.argument("plugin")
def plugins_disable(space_slug: str, plugin: str) -> None:
    """Switch a plugin off in a space (its content is kept)."""
    switch(space_slug, plugin, on=False)


def switch(space_slug: str, plugin: str, *, on: bool) -> None:
    from .cli import app_session
    from .models import Project
    from .services import plugins

    with app_session() as session:
        project = session.scalar(select(Project).where(Project.slug == space_slug))
        if project is None:
            raise click.ClickException(f"No space {space_slug!r}.")
        (plugins.enable_plugin if on else plugins.disable_plugin)(
            session, None, project, plugin
        )
    click.echo(f"{plugin} is {'on' if on else 'off'} in {space_slug}.")
