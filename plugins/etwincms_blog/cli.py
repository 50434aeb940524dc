"""``etwincms blog-publish-due``: publish the scheduled posts whose time has come.

Reading a space's blog already does this, so a site needs no cron for readers to see a
scheduled post; run this command from cron (every few minutes) so that search finds the
post and other plugins hear of it on time even when nobody opens the blog.
"""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.models import Project
from etwincms.services.spaces import enabled_plugins

from . import services


def publish_everywhere(session: Session) -> int:
    """Publish due posts in every space that has the blog switched on; answer how many."""
    projects = session.scalars(select(Project).order_by(Project.id))
    return sum(
        services.publish_due(session, project)
        for project in projects
        if "blog" in enabled_plugins(project)
    )


@click.command("blog-publish-due")
def publish_due_command() -> None:
    """Publish the scheduled blog posts whose time has come."""
    from etwincms.cli import app_session

    with app_session() as session:
        count = publish_everywhere(session)
    click.echo(f"{count} scheduled post(s) published")
