"""The authorization crawler's machinery: one app, its seeded site, and every request.

:func:`open_crawl` makes an application with every first-party plugin, seeds
:mod:`crawl_site` and :mod:`access_facilities` once, then pins the app's sessions to one
connection inside an outer transaction: each write request runs in a savepoint that is
rolled back afterwards, so a delete allowed to one actor never hides the object from the
next. :func:`cases` turns every rule of ``app.url_map`` into the requests to send (one
per method and target), filling each URL variable from the target's seeded values.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from werkzeug.routing import Rule

from etwincms.app import create_app
from etwincms.db import get_session
from etwincms.testing import (
    AuthActions,
    IsolatedClient,
    create_schema,
    csrf_token,
    empty_tables,
    make_config,
)

from .access_facilities import seed_facilities
from .api_bodies import minimal_body
from .crawl_site import PLUGINS, Site, build_site, png

WRITES = ("POST", "PUT", "PATCH", "DELETE")
LAST = {"auth.logout", "auth.login"}
PAGE_ARGS = {"path", "page_id"}
# Where routes name different objects alike: (blueprint or endpoint, argument) -> key.
ALIASES = {
    ("embed", "item_id"): "embed_id",
    ("forum", "post_id"): "forum_post_id",
    ("blog", "post_id"): "blog_post_id",
    ("meetings_feed", "token"): "feed_token",
    ("partners", "post_id"): "partners_post_id",
    ("partners", "user_id"): "partners_user_id",
    ("partners", "space"): "partners_space",
    ("groups", "user_id"): "group_user_id",
    ("space_admin", "name"): "plugin_name",
    ("api_plugins", "name"): "plugin_name",
    ("plugin_static", "filename"): "plugin_file",
    ("theme_static", "filename"): "theme_file",
    ("editing.restore", "page_id"): "trashed_page_id",
    ("api_pages.restore", "page_id"): "trashed_page_id",
    ("materials.restore", "material_id"): "trashed_material_id",
    ("api_materials.restore", "material_id"): "trashed_material_id",
}
# Content that gets a request past validation to the permission check (the rest is sent
# empty): a form field or JSON member the view reads before it asks ``can()``.
Content = Callable[[dict[str, Any]], dict[str, Any]]  # the target's values -> content
FORMS: dict[str, Content] = {
    "materials.upload": lambda v: {"file": (io.BytesIO(png()), "a.png")},
    "gallery.upload": lambda v: {"file": (io.BytesIO(png()), "a.png")},
    "people.change_role": lambda v: {"role": "pupil_lead"},
    "invites.create": lambda v: {"link_role": "teacher", "days": "7"},
    "editing.revert": lambda v: {"number": "1"},
    "wiki.revert": lambda v: {"number": "1"},
    "assist.move": lambda v: {"page": v["public_page"]["page_id"]},
    "wiki.link_version": lambda v: {"title": "Olive"},
}
BODIES: dict[str, Content] = {
    "api_me.join_by_link": lambda v: {"secret": v["secret"]},
    "api_pages.page_settings": lambda v: {"edit_policy": "members"},
    "wiki_api.article_settings": lambda v: {"protected": True},
    "forum_api.start_topic": lambda v: {"forum_id": v["forum_id"]},
    "wiki_api.link_version": lambda v: {"article_id": v["article_id"]},
    "glossary_api.create_concept": lambda v: {"terms": {"en": {"text": "leaf"}}},
    "meetings_api.schedule_meeting": lambda v: {"starts_at": MEETING_START},
    "meetings_api.attendance": lambda v: {"occurs_at": MEETING_START},
    "moderation_api.decide": lambda v: {
        "item_id": v["pending_item_id"],
        "approve": False,
    },
    "phases_api.phase_update": lambda v: {"starts_on": None, "ends_on": None},
    "phases_api.mobility_create": lambda v: MOBILITY,
    "phases_api.mobility_update": lambda v: MOBILITY,
}
#: A mobility as JSON: its dates must parse before the permission is checked.
MOBILITY = {"starts_on": "2027-03-22", "ends_on": "2027-03-26"}
#: The crawled meeting's start (crawl_site.seed_meetings), as JSON date-times are sent.
MEETING_START = "2027-03-22T10:00:00+00:00"
UPLOADS = {"api_materials.upload", "gallery_api.upload"}
QUERIES = {
    "api_pages.diff": "?from=1&to=1",
    "wiki_api.diff": "?from=1&to=1",
    "moderation_api.shown": "?item_id=page:1",
}
# Values that are the same in every target (site-level arguments).
COMMON = {
    "plugin_name": "forum",
    "plugin": "forum",
    "theme": "default",
    "plugin_file": "forum.css",
    "theme_file": "css/etwincms.css",
    "role": "pupil",
    "capability": "page.create",
    "kind": "csv",
    "number": 1,
}


@dataclass
class Case:
    """One request to send: a rule's method at a URL of one target."""

    endpoint: str
    method: str
    target: str  # "site", "A", "A/public", "A/members", "B", "B/members"
    url: str
    rule: str
    values: dict[str, Any]

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


@dataclass
class Crawl:
    """The app, its seeded site, and the connection every request's session uses."""

    app: Flask
    site: Site
    connection: Connection


@contextmanager
def open_crawl(tmp_path: Path, database_url: str | None) -> Iterator[Crawl]:
    """The app with its seeded site, sessions pinned to one rolled-back connection."""
    config = make_config(tmp_path, database_url, API_RATE_LIMIT="100000 per minute")
    app = create_app(config, plugins=PLUGINS)
    app.test_client_class = IsolatedClient
    database = app.extensions["etwincms"].db
    create_schema(database.engine)
    with app.test_request_context("/"):
        site = build_site(get_session())
        seed_facilities(get_session(), site)
    try:
        with pinned(database) as connection:
            yield Crawl(app, site, connection)
    finally:
        if database_url:
            empty_tables(database.engine)
        database.dispose()


@contextmanager
def pinned(database: Any) -> Iterator[Connection]:
    """Bind every session to one connection in a transaction that is never committed."""
    database.engine.dispose()
    savepoints_work_on_sqlite(database.engine)
    connection = database.engine.connect()
    outer = connection.begin()
    database.sessionmaker.configure(
        bind=connection, join_transaction_mode="create_savepoint"
    )
    try:
        yield connection
    finally:
        outer.rollback()
        connection.close()


def savepoints_work_on_sqlite(engine: Engine) -> None:
    # pysqlite begins transactions itself and breaks SAVEPOINT; SQLAlchemy's recipe.
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def explicit_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def cases(app: Flask, site: Site) -> Iterator[tuple[Rule, Case | None]]:
    """Every rule x method x target, with its URL filled from the seeded values
    (``None`` for a rule with a variable the seeded site has no value for). Signing
    out comes last: it would make the rest of an actor's crawl anonymous."""
    for rule in sorted(app.url_map.iter_rules(), key=crawl_order):
        for target in targets_of(rule):
            values = target_values(site, target)
            url = fill(rule, values)
            for method in sorted(rule.methods - {"OPTIONS"}):
                yield (
                    rule,
                    url
                    and Case(
                        rule.endpoint,
                        method,
                        target,
                        url + QUERIES.get(rule.endpoint, ""),
                        rule.rule,
                        values,
                    ),
                )


def crawl_order(rule: Rule) -> tuple[bool, str]:
    return (rule.endpoint in LAST, rule.rule)


def targets_of(rule: Rule) -> tuple[str, ...]:
    if "slug" not in rule.arguments:
        return ("site",)
    if rule.arguments & PAGE_ARGS and not rule.endpoint.endswith("restore"):
        return ("A/public", "A/members", "B/members")
    return ("A", "B")


def target_values(site: Site, target: str) -> dict[str, Any]:
    space, _, page = target.partition("/")
    if space == "site":
        return {**COMMON, **site.common}
    values = site.values[space]
    return {**COMMON, **site.common, **values, **values.get(f"{page}_page", {})}


def fill(rule: Rule, values: dict[str, Any]) -> str | None:
    try:
        args = {name: value_for(rule, name, values) for name in rule.arguments}
    except KeyError:
        return None
    built = rule.build(args, append_unknown=False)
    return built[1] if built else None


def value_for(rule: Rule, name: str, values: dict[str, Any]) -> Any:
    blueprint = rule.endpoint.split(".")[0].removesuffix("_api")
    key = ALIASES.get((rule.endpoint, name)) or ALIASES.get((blueprint, name)) or name
    choices = getattr(rule._converters[name], "items", None)
    if values.get(key) is None and choices:
        return sorted(choices)[0]  # an <any(...)> variable: its first choice
    return values[key]


class Actor:
    """A test client signed in as one crawler actor, with its CSRF token and API token."""

    def __init__(self, crawl: Crawl, name: str) -> None:
        self.name, self.crawl = name, crawl
        self.client: FlaskClient = crawl.app.test_client()
        user = crawl.site.users.get(name)
        if user is not None:
            answer = AuthActions(self.client).login(user.username)
            assert answer.status_code == 302, f"could not sign in as {name}"
        page = self.client.get("/spaces" if user else "/login")
        self.csrf = csrf_token(page.get_data(as_text=True))
        secret = crawl.site.tokens.get(name)
        self.api_headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        self.spec = crawl.app.test_client().get("/api/v1/openapi.json").get_json()

    def send(self, case: Case) -> tuple[int, str]:
        """The status and ``Location`` of ``case`` as this actor; all rolled back."""
        headers = self.api_headers if case.is_api else {}
        kwargs: dict[str, Any] = {"method": case.method, "headers": headers}
        if case.method in WRITES:
            kwargs |= self.content(case)
        savepoint = self.crawl.connection.begin_nested()
        try:
            with self.client.open(case.url, **kwargs) as response:
                return response.status_code, response.headers.get("Location", "")
        finally:
            savepoint.rollback()

    def content(self, case: Case) -> dict[str, Any]:
        """The form (with the CSRF token) or JSON a write is sent with."""
        if not case.is_api:
            form = FORMS.get(case.endpoint, lambda v: {})(case.values)
            return {"data": {**form, "csrf_token": self.csrf}}
        if case.endpoint in UPLOADS:
            return {"data": {"file": (io.BytesIO(png()), "a.png")}}
        body = minimal_body(self.spec, case.rule, case.method)
        return {"json": body | BODIES.get(case.endpoint, lambda v: {})(case.values)}
