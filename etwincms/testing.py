"""Pytest fixtures for etwincms and its plugins (loaded through the ``pytest11`` entry point).

Shaped like Flask's tutorial (flaskr): ``app`` is a fresh application per test with the
plugins named by the ``plugins`` fixture (override it: ``return [my_plugin]``), on the
database chosen by ``ETWINCMS_TEST_DATABASE_URL`` (unset: a SQLite file in the test's
temporary folder; set: that PostgreSQL database, in a schema of its own per run).
``client``, ``session``, ``make`` (build schools, users, spaces, members through the real
services), ``auth`` (sign in through the real form) and ``space`` (a space with a member
of every role) cover what a plugin's tests need. The schema is made with ``create_all``
for speed (once per process: :mod:`etwincms.testing_schema`); test your migrations
separately (``etwincms.migrate.upgrade`` + ``drift``).
"""

from __future__ import annotations

import contextvars
import os
import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import Database, commit, get_session
from etwincms.models import Membership, Project, Role, School, User, UserKind
from etwincms.services import members, spaces, users
from etwincms.testing_schema import create_schema, empty_tables

PASSWORD = "correct-horse-1"  # noqa: S105  (test accounts only)
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "PASSWORD_HASH": "fast",
    # A search right after a save finds it: the request applies its own outbox rows.
    "SEARCH_DRAIN": "inline",
    # Every test that shows a visitor a page twice checks that no change was missed.
    "PAGE_CACHE_VERIFY": True,
}


@pytest.fixture(autouse=True)
def dispose_databases(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close the connection pools of every app a test creates (no unclosed connections)."""
    created: list[Database] = []
    original_init = Database.__init__

    def tracking_init(self: Database, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        created.append(self)

    monkeypatch.setattr(Database, "__init__", tracking_init)
    yield
    for database in created:
        database.dispose()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str | None]:
    """The PostgreSQL URL of the PostgreSQL pass, or None for per-test SQLite files.

    Each test session gets its own schema, so concurrent runs on one database never see
    each other's tables; the schema is dropped at the end.
    """
    url = os.environ.get("ETWINCMS_TEST_DATABASE_URL") or None
    if not url:
        yield None
        return
    schema = f"etwtest_{os.getpid()}"
    with postgres_admin(url) as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield with_search_path(url, schema)
    with postgres_admin(url) as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


def with_search_path(url: str, schema: str) -> str:
    """The test session's schema first; commits do not wait for the disk (a test's data
    need not outlive a power cut, and thousands of commits each waited for a flush)."""
    separator = "&" if "?" in url else "?"
    options = f"-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
    return f"{url}{separator}options={options}"


@contextmanager
def postgres_admin(url: str) -> Iterator[Any]:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


@pytest.fixture
def empty_database_url(tmp_path: Any, database_url: str | None) -> Iterator[str]:
    """An empty database to migrate from: a SQLite file, or a fresh PostgreSQL schema.

    For testing migrations (``etwincms.migrate.upgrade`` then ``drift``): the ``app``
    fixture's database is made with ``create_all`` instead.
    """
    if database_url is None:
        yield f"sqlite:///{tmp_path / 'migrated.db'}"
        return
    base_url = database_url.split("?", 1)[0]
    schema = f"etwmig_{uuid.uuid4().hex[:10]}"
    with postgres_admin(base_url) as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield with_search_path(base_url, schema)
    with postgres_admin(base_url) as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def make_config(
    tmp_path: Any, database_url: str | None, **extra: Any
) -> dict[str, Any]:
    return {
        **TEST_CONFIG,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'test.db'}",
        # The PostgreSQL pass searches with the PostgreSQL backend, as deployments do.
        "SEARCH_BACKEND": (
            "postgres" if (database_url or "").startswith("postgresql") else "whoosh"
        ),
        **extra,
    }


@pytest.fixture
def plugins() -> list[Any]:
    """The plugins the ``app`` fixture loads; none by default (override in your conftest)."""
    return []


@pytest.fixture
def app_config(tmp_path: Any, database_url: str | None) -> dict[str, Any]:
    return make_config(tmp_path, database_url)


class IsolatedClient(FlaskClient):
    """A test client whose requests never share ``g`` (or a session) with the test.

    Flask reuses an app context that is already pushed, and the ``session`` fixture keeps
    one pushed; running each request in an empty ``contextvars.Context`` gives it its own
    app context, as a real server would.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return contextvars.Context().run(super().open, *args, **kwargs)


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for every app of the test process.

    A suite makes an application per test, and each would lex, parse and compile the
    same templates again; Jinja keys the bytecode by template name and file and checks it
    against the source, so a changed template is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedBytecodeCache()


@pytest.fixture
def app(
    app_config: dict[str, Any], database_url: str | None, plugins: list[Any]
) -> Iterator[Flask]:
    app = create_app(app_config, plugins=plugins)
    app.jinja_env.bytecode_cache = TEMPLATES
    app.test_client_class = IsolatedClient
    engine = app.extensions["etwincms"].db.engine
    create_schema(engine)
    yield app
    if database_url:
        empty_tables(engine)
    engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session inside a request context (services build URLs for wiki links)."""
    with app.test_request_context("/"):
        yield get_session()


@dataclass
class Factory:
    """Builds schools, users, spaces and members through the real services."""

    session: Session
    counter: int = 0
    schools: dict[str, School] = field(default_factory=dict)

    def school(self, key: str = "es", country: str | None = None) -> School:
        if key not in self.schools:
            self.schools[key] = users.create_school(
                self.session,
                None,
                name=f"School {key.upper()}",
                country=country or key.upper(),
                city="City",
            )
        return self.schools[key]

    def user(
        self,
        username: str | None = None,
        *,
        kind: str = "teacher",
        school: School | None = None,
        site_admin: bool = False,
    ) -> User:
        self.counter += 1
        username = username or f"user{self.counter}"
        return users.create_user(
            self.session,
            None,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            kind=UserKind(kind),
            school=school,
            is_site_admin=site_admin,
        )

    def space(self, admin: User, **fields: Any) -> Project:
        fields.setdefault("title", f"Space {self.counter}")
        return spaces.create_space(
            self.session, admin, school=admin_school(self, admin), **fields
        )

    def member(
        self,
        project: Project,
        user: User,
        role: Role | str,
        school: School | None = None,
    ) -> Membership:
        return members.add_member(
            self.session, None, project, user, Role(role), school=school
        )


def admin_school(factory: Factory, admin: User) -> School | None:
    return next((s for s in factory.schools.values() if s.id == admin.school_id), None)


@pytest.fixture
def make(session: Session) -> Factory:
    return Factory(session)


class AuthActions:
    """Sign in and out through the real forms (CSRF token included)."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, username: str, password: str = PASSWORD, **extra: Any) -> Any:
        token = csrf_token(self._client.get("/login").get_data(as_text=True))
        data = {
            "username": username,
            "password": password,
            "csrf_token": token,
            **extra,
        }
        return self._client.post("/login", data=data)

    def logout(self) -> Any:
        token = csrf_token(self._client.get("/spaces").get_data(as_text=True))
        return self._client.post("/logout", data={"csrf_token": token})


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if match is None:
        raise LookupError("no CSRF token in the page")
    return match.group(1)


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


class RoleClient:
    """The test client signed in as the member of some role, posting with a CSRF token.

    Paths are relative to ``base`` (a plugin's ``/s/<space>/-/<plugin>``, say), so a
    permission table reads ``browser.login("pupil"); browser.post("/new", {...})``.
    """

    def __init__(
        self,
        client: FlaskClient,
        auth: AuthActions,
        users: Mapping[str, User],
        base: str = "",
    ) -> None:
        self.client, self.auth, self.users, self.base = client, auth, users, base

    def login(self, role: str | None) -> None:
        """Sign in as the member with ``role`` (``None``: an anonymous visitor)."""
        if self.client.get("/spaces").status_code == 200:
            self.auth.logout()
        if role is not None:
            answer = self.auth.login(self.users[role].username)
            if answer.status_code != 302:
                raise AssertionError(f"could not sign in as the {role}")

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(self.base + path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = {**(data or {}), "csrf_token": self.token()}
        return self.client.post(self.base + path, data=data, **kwargs)

    def token(self) -> str:
        # Signed in: the sign-out form carries one; anonymous: the sign-in form does.
        page = self.client.get("/spaces")
        if page.status_code != 200:
            page = self.client.get("/login")
        return csrf_token(page.get_data(as_text=True))


@contextmanager
def count_statements(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine executes inside the block."""
    statements: list[str] = []
    engine = app.extensions["etwincms"].db.engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


ROLES = ("admin", "teacher", "pupil_lead", "pupil", "observer")


@dataclass
class SpaceWithMembers:
    """A space with one member of every role, two schools, and a non-member teacher.

    ``users["admin"]`` ... ``users["observer"]``, plus ``users["outsider"]`` (a teacher
    admin of another space) and ``users["site_admin"]``; everyone's password is
    :data:`PASSWORD`. Pupils belong to the admin's school.
    """

    project: Project
    users: dict[str, User]

    def login(self, auth: AuthActions, role: str) -> Any:
        """Sign in through the form as the member with ``role`` (or outsider/site_admin)."""
        return auth.login(self.users[role].username)


@pytest.fixture
def space(session: Session, make: Factory) -> SpaceWithMembers:
    """A committed space with members of every role (see :class:`SpaceWithMembers`)."""
    home, partner = make.school("es"), make.school("de")
    admin = make.user("admin_user", school=home)
    project = make.space(admin, title="Test space")
    users = {"admin": admin}
    for role, kind, school in (
        ("teacher", "teacher", partner),
        ("pupil_lead", "pupil", home),
        ("pupil", "pupil", home),
        ("observer", "staff", None),
    ):
        users[role] = make.user(f"{role}_user", kind=kind, school=school)
        make.member(project, users[role], Role(role), school=school)
    users["outsider"] = make.user("outsider_user", school=partner)
    make.space(users["outsider"], title="Another space")
    users["site_admin"] = make.user("site_admin_user", kind="staff", site_admin=True)
    commit(session)
    return SpaceWithMembers(project, users)
