"""The ``etwincms`` command: set up the database, manage users and spaces, load the demo, serve.

Every command builds the application with :func:`create_app` (configuration from the
instance folder and ``ETWINCMS_*``), runs inside its context, and commits once at the end.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import migrate
from .app import create_app
from .cli_backup import backup_command, restore_command
from .cli_plugins import plugins_group
from .cli_search import search_group
from .config import INSTANCE_FILE, instance_path_from, write_instance_file
from .db import commit, get_session
from .errors import EtwinError
from .models import User, UserKind


@contextmanager
def app_session(app: Flask | None = None) -> Iterator[Session]:
    """An app + request context and a session committed at the end (rolled back on error).

    Events queued by the work are dispatched to plugins after the commit.
    """
    app = app or create_app()
    with app.test_request_context("/"):
        session = get_session()
        try:
            yield session
            commit(session)
        except EtwinError as exc:
            session.rollback()
            raise click.ClickException(str(exc)) from exc


class EtwinGroup(click.Group):
    """The ``etwincms`` group: core commands, plus those plugins add.

    Plugin commands need the application (its plugins), which needs configuration; so
    they are loaded only when a command is not a core one, and a broken configuration
    leaves the core commands (``init`` above all) working.
    """

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and self.load_plugin_commands():
            command = super().get_command(ctx, name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_plugin_commands()
        return super().list_commands(ctx)

    def load_plugin_commands(self) -> bool:
        if getattr(self, "_plugins_loaded", False):
            return False
        self._plugins_loaded = True
        try:
            app = create_app()
        except EtwinError:
            return False
        app.extensions["etwincms"].plugins.pm.hook.register_cli_commands(cli=self)
        return True


@click.group(cls=EtwinGroup)
@click.version_option(package_name="etwincms")
def main() -> None:
    """etwincms: TwinSpaces for eTwinning and Erasmus+ projects."""


@main.command()
@click.option("--no-admin", is_flag=True, help="Do not create a site admin now.")
@click.option("--admin-username", default="admin", show_default=True)
@click.option("--admin-password", envvar="ETWINCMS_ADMIN_PASSWORD", default=None)
def init(no_admin: bool, admin_username: str, admin_password: str | None) -> None:
    """Create the instance folder and secret key, migrate the database, add a site admin."""
    ensure_instance_file()
    app = create_app()
    migrate.upgrade(app)
    click.echo(f"Database ready: {app.config['DATABASE_URL']}")
    if no_admin:
        return
    with app_session(app) as session:
        if session.scalar(select(func.count()).where(User.is_site_admin)):
            click.echo("A site admin exists already.")
            return
        password = admin_password or click.prompt(
            "Password for the site admin", hide_input=True, confirmation_prompt=True
        )
        create_site_admin(session, admin_username, password)
        click.echo(f"Site admin {admin_username!r} created.")


def ensure_instance_file() -> None:
    """Write ``etwincms.toml`` with a fresh secret key the first time."""
    path = instance_path_from(None) / INSTANCE_FILE
    if not path.exists():
        write_instance_file(path, {"SECRET_KEY": secrets.token_hex(32)})
        click.echo(f"Wrote {path} (keep it private: it holds the secret key).")


def create_site_admin(session: Session, username: str, password: str) -> User:
    from .services.users import create_user

    return create_user(
        session,
        None,
        username=username,
        display_name="Site administrator",
        password=password,
        kind=UserKind.STAFF,
        is_site_admin=True,
    )


@main.group()
def db() -> None:
    """Database migrations (never run at start-up: apply them with `upgrade`)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (`alembic upgrade heads`)."""
    app = create_app()
    migrate.upgrade(app)
    click.echo("Up to date: " + ", ".join(migrate.current(app)))


@db.command("current")
def db_current() -> None:
    """Show, per branch (the core's and each plugin's), the newest revision applied."""
    app = create_app()
    applied = migrate.applied(app)
    lines = [head for head in migrate.heads(app) if head in applied]
    click.echo("\n".join(sorted(lines)) or "(empty database)")


@db.command("heads")
def db_heads() -> None:
    """Show the newest revision of every branch."""
    click.echo("\n".join(migrate.heads(create_app())))


@db.command("check")
def db_check() -> None:
    """Fail when the models and the migrated database differ."""
    differences = migrate.drift(create_app())
    if differences:
        raise click.ClickException(f"Models and migrations differ: {differences}")
    click.echo("Models match the migrations.")


@main.group()
def user() -> None:
    """Accounts."""


@user.command("create")
@click.argument("username")
@click.option("--display-name", required=True)
@click.option(
    "--kind", type=click.Choice([k.value for k in UserKind]), default="teacher"
)
@click.option("--email", default=None)
@click.option("--site-admin", is_flag=True)
@click.password_option()
def user_create(
    username: str,
    display_name: str,
    kind: str,
    email: str | None,
    site_admin: bool,
    password: str,
) -> None:
    """Create an account."""
    from .services.users import create_user

    with app_session() as session:
        create_user(
            session,
            None,
            username=username,
            display_name=display_name,
            password=password,
            kind=kind,
            email=email,
            is_site_admin=site_admin,
        )
    click.echo(f"User {username!r} created.")


@user.command("disable")
@click.argument("username")
def user_disable(username: str) -> None:
    """Disable an account: signed out everywhere, tokens revoked, no sign-in."""
    from .services import account_admin

    with app_session() as session:
        account = account_admin.account_named(session, username)
        account_admin.disable(session, None, account)
    click.echo(f"User {account.username!r} disabled.")


@user.command("enable")
@click.argument("username")
def user_enable(username: str) -> None:
    """Let a disabled account sign in again."""
    from .services import account_admin

    with app_session() as session:
        account = account_admin.account_named(session, username)
        account_admin.enable(session, None, account)
    click.echo(f"User {account.username!r} enabled.")


@main.group()
def space() -> None:
    """Spaces."""


@space.command("create")
@click.argument("title")
@click.option(
    "--admin", "admin_username", required=True, help="Username of the first admin."
)
@click.option("--slug", default=None)
def space_create(title: str, admin_username: str, slug: str | None) -> None:
    """Create a space with a teacher as its admin."""
    from .services.spaces import create_space

    with app_session() as session:
        admin = session.scalar(select(User).where(User.username == admin_username))
        if admin is None:
            raise click.ClickException(f"No user {admin_username!r}.")
        project = create_space(session, admin, title=title, slug=slug)
        click.echo(f"Space created: /s/{project.slug}/")


@main.command()
def demo() -> None:
    """Load the demo space (idempotent; refuses a database that holds other data)."""
    from .demo import DemoRefused, load_demo

    with app_session() as session:
        try:
            result = load_demo(session)
        except DemoRefused as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(result.summary())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Processes (keep 1 on SQLite; use PostgreSQL for more).",
)
@click.option("--dev", is_flag=True, help="Use Flask's development server with reload.")
def serve(host: str, port: int, workers: int, dev: bool) -> None:
    """Serve the application (gunicorn when installed, else the development server)."""
    create_app()  # fail fast on bad configuration, before forking workers
    click.echo(f"Serving etwincms on http://{host}:{port}/ (Ctrl+C to stop)")
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if dev or gunicorn is None:
        run_dev_server(create_app, host, port, reload=dev)
        return
    args = [
        gunicorn,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--no-control-socket",
        "--access-logfile",
        "-",
        "etwincms.wsgi:app",
    ]
    raise SystemExit(subprocess.call(args))  # noqa: S603


def run_dev_server(
    factory: Callable[[], Flask], host: str, port: int, *, reload: bool
) -> None:
    app: Any = factory()
    app.run(host=host, port=port, debug=reload, use_reloader=reload)


main.add_command(plugins_group)
main.add_command(search_group)
main.add_command(backup_command)
main.add_command(restore_command)
