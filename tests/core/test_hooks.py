"""Every hook of the plugin contract, exercised for real through the application.

One ``test_hook_<name>`` per hookspec in :mod:`etwincms.hookspecs` (the last test fails
when one is missing, as datasette's ``test_plugin_hooks_have_tests`` does). The plugins
are the runnable examples in ``tests/fixtures/plugins/``, one per hook family, which
docs/plugins.md points to:

- ``bookshelf``: startup registration (plus its nav item and search documents);
- ``printview``: request-time UI hooks, ``check_permission`` and ``material_shown``;
- ``staffroom``: ``narrow_permission`` (refusing a core capability on some pages);
- ``eventlog``: events, and a hook another plugin publishes;
- ``diary``: the privacy hooks;
- ``embeds``: the content pipeline (blocks, sanitizer rules, Markdown, wiki links);
- ``spacestats``: a command-line command; ``grepsearch``: a search backend.
- ``fieldtrip``: the project lifecycle (tested in ``test_hooks_lifecycle.py``).

Spaces start with no plugin on (``DEFAULT_PLUGINS = []``); each test switches on what it
needs through the real service, so "only where it is switched on" is checked each time.
"""

from __future__ import annotations

import importlib
import io
import json
import logging
import re
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import etwincms.cli
from etwincms import hookimpl, hookspecs, migrate, registry
from etwincms.app import create_app
from etwincms.content.render import render_markdown
from etwincms.db import commit
from etwincms.errors import StartupError
from etwincms.hooktypes import (
    BlockType,
    ContentType,
    MigrationSource,
    Permission,
    PluginMeta,
    ProjectTemplate,
    SanitizerRules,
    SearchBackendSpec,
)
from etwincms.models import (
    Membership,
    Page,
    Project,
    ProjectPlugin,
    Role,
    User,
    Visibility,
)
from etwincms.permissions import can
from etwincms.plugins import plugin_settings, project_hooks
from etwincms.search import engine
from etwincms.services import materials, members, pages, privacy, revisions, spaces
from etwincms.services import plugins as switches
from etwincms.services.search import SearchQuery, search
from etwincms.testing import (
    AuthActions,
    Factory,
    SpaceWithMembers,
    csrf_token,
    make_config,
)
from tests.fixtures.plugins import (
    bookshelf,
    diary,
    embeds,
    eventlog,
    fieldtrip,
    grepsearch,
    printview,
    spacestats,
    staffroom,
)
from tests.fixtures.plugins.bookshelf import services as shelf
from tests.fixtures.plugins.bookshelf.models import Book

EXAMPLES = [
    bookshelf, printview, eventlog, diary, embeds, spacestats, grepsearch, fieldtrip
]  # fmt: skip


@pytest.fixture
def plugins() -> list[Any]:
    return list(EXAMPLES)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "DEFAULT_PLUGINS": []}


@pytest.fixture
def quiet(session: Session, make: Factory, space: SpaceWithMembers) -> Project:
    """A second space of the same admin, where no plugin is switched on."""
    project = make.space(space.users["admin"], title="Quiet space")
    commit(session)
    return project


@pytest.fixture
def events(caplog: pytest.LogCaptureFixture) -> Callable[[str], list[str]]:
    """What the eventlog example heard since the test began: ``events("page_")``."""
    caplog.set_level(logging.INFO, logger=eventlog.__name__)
    caplog.clear()

    def heard(prefix: str = "") -> list[str]:
        return [
            r.getMessage()
            for r in caplog.records
            if r.name == eventlog.__name__ and r.getMessage().startswith(prefix)
        ]

    return heard


def switch_on(session: Session, space: SpaceWithMembers, *names: str, project=None):
    for name in names:
        switches.enable_plugin(
            session, space.users["admin"], project or space.project, name
        )
    commit(session)


def plugin(name: str, **hooks: Callable[..., Any]) -> types.ModuleType:
    """A throw-away plugin for one test: a module with these hook implementations."""
    module = types.ModuleType(f"inline_{name}")
    module.PLUGIN_NAME = name
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def boot(tmp_path: Path, *plugins: Any, **config: Any) -> Flask:
    return create_app(make_config(tmp_path, None, **config), plugins=list(plugins))


def html(response: Any) -> str:
    return response.get_data(as_text=True)


def post_form(client: FlaskClient, form_url: str, url: str, data: Any) -> Any:
    """Submit a form the way a browser does: with the CSRF token of the page."""
    token = csrf_token(html(client.get(form_url)))
    if isinstance(data, dict):
        data = list(data.items())
    return client.post(url, data=MultiDict([("csrf_token", token), *data]))


def page_html(session: Session, page: Page) -> str:
    """The stored HTML of the page's current revision (rendered when it was saved)."""
    return revisions.get_revision(session, page, page.current_number).rendered_html


# -- Startup hooks -------------------------------------------------------------------


def test_hook_register_hookspecs(
    tmp_path: Path, session: Session, space: SpaceWithMembers, quiet: Project, events
):
    """The bookshelf publishes a hook; the eventlog hears it only where it is on."""
    switch_on(session, space, "bookshelf", "eventlog")
    switch_on(session, space, "bookshelf", project=quiet)
    admin = space.users["admin"]
    shelf.add_book(session, admin, space.project, title="Momo")
    shelf.add_book(session, admin, quiet, title="Matilda")
    assert events("bookshelf_book_added") == []  # not before the commit
    commit(session)
    assert events("bookshelf_book_added") == [
        f"bookshelf_book_added {space.project.slug} Momo"
    ]
    # A plugin implementing another plugin's hook starts without that plugin.
    assert boot(tmp_path / "alone", eventlog)


def test_hook_register_plugin(app: Flask, tmp_path: Path) -> None:
    registry = app.extensions["etwincms"].registries.plugins
    assert registry["bookshelf"] is bookshelf.PLUGIN
    assert registry.owner["bookshelf"] == "bookshelf"
    with app.app_context():
        available = switches.switchable_plugins()
    assert available["printview"] is printview.PLUGIN
    assert "spacestats" not in available  # space_scoped=False: a site-level plugin
    copycat = plugin("copycat", register_plugin=lambda: bookshelf.PLUGIN)
    with pytest.raises(StartupError, match="Duplicate plugin 'bookshelf'"):
        boot(tmp_path, bookshelf, copycat)


def test_register_plugin_must_return_the_plugins_own_name(tmp_path: Path) -> None:
    liar = plugin(
        "liar", register_plugin=lambda: PluginMeta(name="truth", title="Truth")
    )
    with pytest.raises(StartupError):
        boot(tmp_path, liar)


def test_hook_register_settings(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
):
    """The space's Tools page shows the form, validates it and stores valid values."""
    switch_on(session, space, "bookshelf")
    space.login(auth, "admin")
    tools = f"/s/{space.project.slug}/-/plugins"
    form = html(client.get(tools))
    assert 'name="per_page"' in form and 'value="20"' in form
    save = f"{tools}/bookshelf/settings"

    response = post_form(client, tools, save, {"per_page": "lots", "show_authors": "0"})
    assert response.status_code == 302
    assert "Books per page: not a valid int." in html(client.get(tools))
    assert stored_settings(session, space.project) == {}

    post_form(client, tools, save, {"per_page": "500", "show_authors": "0"})
    assert "Books per page: at most 100." in html(client.get(tools))
    assert stored_settings(session, space.project) == {}

    post_form(client, tools, save, {"per_page": "50", "show_authors": "0"})
    assert stored_settings(session, space.project) == {
        "per_page": 50,
        "show_authors": False,
    }
    assert plugin_settings(space.project, "bookshelf")["per_page"] == 50


def test_a_bool_setting_can_be_turned_on_in_the_form(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
):
    switch_on(session, space, "bookshelf")
    space.login(auth, "admin")
    tools = f"/s/{space.project.slug}/-/plugins"
    save = f"{tools}/bookshelf/settings"
    post_form(client, tools, save, {"per_page": "20", "show_authors": "0"})
    assert stored_settings(session, space.project)["show_authors"] is False
    # What a browser sends for a ticked box: the hidden "0", then the checkbox's "1".
    checked = [("per_page", "20"), ("show_authors", "0"), ("show_authors", "1")]
    post_form(client, tools, save, checked)
    assert stored_settings(session, space.project)["show_authors"] is True


def stored_settings(session: Session, project: Project) -> dict[str, Any]:
    session.expire_all()
    row = session.scalar(
        select(ProjectPlugin).where(
            ProjectPlugin.project_id == project.id, ProjectPlugin.plugin == "bookshelf"
        )
    )
    return dict(row.settings or {})


def test_hook_register_models(app: Flask, tmp_path: Path) -> None:
    models = app.extensions["etwincms"].registries.models
    assert models["bookshelf"] == (Book,)
    assert models["diary"] == (diary.Entry,)
    for plugin_name, owned in models.items():
        for model in owned:
            assert model.__table__.name.startswith(registry.table_prefix(plugin_name))
    tables = inspect(app.extensions["etwincms"].db.engine).get_table_names()
    assert {"bookshelf_book", "diary_entry"} <= set(tables)


@pytest.mark.parametrize("problem", ["claimed twice", "unprefixed table"])
def test_register_models_is_validated_at_boot(tmp_path: Path, problem: str) -> None:
    if problem == "claimed twice":
        other = plugin("bookshelf_copy", register_models=lambda: [Book])
        plugins = [bookshelf, other]
    else:
        plugins = [plugin("shelf", register_models=lambda: [Book])]
    with pytest.raises(StartupError):
        boot(tmp_path, *plugins)


def test_hook_register_migrations(
    tmp_path: Path, empty_database_url: str, database_url: str | None
):
    app = create_app(
        make_config(tmp_path, empty_database_url), plugins=[bookshelf, printview]
    )
    source = app.extensions["etwincms"].registries.migrations["bookshelf"]
    assert source == MigrationSource("bookshelf", bookshelf.MIGRATIONS)
    migrate.upgrade(app)
    assert "bookshelf_0001" in migrate.current(app)
    assert "bookshelf_0001" in migrate.heads(app)
    assert not migrate.pending(app)
    assert "bookshelf_book" in inspect(migrate.engine_of(app)).get_table_names()
    assert migrate.drift(app) == []
    migrate.engine_of(app).dispose()
    again = plugin(
        "again", register_migrations=lambda: [MigrationSource("bookshelf", tmp_path)]
    )
    with pytest.raises(StartupError, match="Duplicate migration branch 'bookshelf'"):
        boot(tmp_path / "dup", bookshelf, again)


def test_hook_register_blueprints(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
):
    switch_on(session, space, "bookshelf")
    on, off = space.project.slug, quiet.slug
    space.login(auth, "admin")
    assert client.get(f"/s/{on}/-/bookshelf/").status_code == 200
    assert client.get(f"/api/v1/projects/{on}/bookshelf/books").json == {"books": []}
    assert client.get(f"/s/{off}/-/bookshelf/").status_code == 404
    response = client.get(f"/api/v1/projects/{off}/bookshelf/books")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    space.login(auth, "outsider")  # not a member: the space does not exist for them
    assert client.get(f"/s/{on}/-/bookshelf/").status_code == 404
    assert client.get(f"/api/v1/projects/{on}/bookshelf/books").status_code == 404
    assert client.get("/-/bookshelf/about").json == {
        "plugin": "bookshelf",
        "title": "Bookshelf",
    }
    loader = app.jinja_env.loader
    assert loader.get_source(app.jinja_env, "bookshelf/index.html")


def test_hook_register_permissions(
    app: Flask,
    tmp_path: Path,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
):
    registry = app.extensions["etwincms"].permissions
    assert registry["bookshelf.add"].writes
    assert registry.owner["bookshelf.add"] == "bookshelf"
    switch_on(session, space, "bookshelf")
    url = f"/s/{space.project.slug}/-/bookshelf/"
    space.login(auth, "observer")  # may read the list, may not add to it
    assert "Add the book" not in html(client.get(url))
    assert post_form(client, url, url, {"title": "Momo"}).status_code == 403
    space.login(auth, "pupil")
    response = post_form(client, url, url, {"title": "Momo", "author": "Ende"})
    assert response.status_code == 302
    assert response.headers["Location"] == url  # url_for filled in the space's slug
    assert "Momo — Ende" in html(client.get(url))
    again = plugin(
        "again", register_permissions=lambda: [Permission("bookshelf.view", "Again")]
    )
    with pytest.raises(StartupError, match=r"Duplicate capability 'bookshelf\.view'"):
        boot(tmp_path, bookshelf, again)


def test_hook_register_content_types(app: Flask, tmp_path: Path) -> None:
    registry = app.extensions["etwincms"].registries.content_types
    assert registry["bookshelf_book"].searchable
    assert registry.owner["bookshelf_book"] == "bookshelf"
    again = plugin(
        "again",
        register_content_types=lambda: [ContentType("bookshelf_book", "Book")],
    )
    with pytest.raises(StartupError, match="Duplicate content type 'bookshelf_book'"):
        boot(tmp_path, bookshelf, again)


VIDEO = "```block:video\nurl: https://{host}/embed/abc\ntitle: Our trip\n```\n"


def test_hook_register_block_types(
    app: Flask, tmp_path: Path, session: Session, space: SpaceWithMembers
):
    assert app.extensions["etwincms"].registries.block_types.owner["video"] == "embeds"
    switch_on(session, space, "embeds")
    body = VIDEO.format(host=embeds.VIDEO_HOST) + "\n" + VIDEO.format(host="evil.test")
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Trip", body=body
    )
    commit(session)
    rendered = page_html(session, page)
    assert rendered.count("<iframe") == 2
    assert f'src="https://{embeds.VIDEO_HOST}/embed/abc"' in rendered
    assert "evil.test" not in rendered  # the sanitizer dropped the foreign frame's src
    assert '<figure class="video">' in rendered
    assert "block:video" not in rendered
    again = plugin("again", register_block_types=lambda: [BlockType("video", "V", str)])
    with pytest.raises(StartupError, match="Duplicate block type 'video'"):
        boot(tmp_path, embeds, again)


def test_code_fences_still_render_when_plugins_register_blocks(
    session: Session, space: SpaceWithMembers
):
    body = "```python\nprint('hi')\n```\n"
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Code", body=body
    )
    commit(session)
    assert "<pre><code" in page_html(session, page)


def test_block_types_render_only_where_their_plugin_is_on(
    session: Session, space: SpaceWithMembers
):
    body = VIDEO.format(host=embeds.VIDEO_HOST)
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Trip", body=body
    )
    commit(session)
    assert "<iframe" not in page_html(session, page)


def test_hook_register_sanitizer_rules(app: Flask, tmp_path: Path) -> None:
    sanitizer = app.extensions["etwincms"].sanitizer
    assert sanitizer.iframe_hosts == {embeds.VIDEO_HOST}
    cleaned = sanitizer.clean(
        f'<iframe src="https://{embeds.VIDEO_HOST}/embed/x"></iframe>'
        '<iframe src="https://evil.test/x"></iframe>'
        f'<iframe src="http://{embeds.VIDEO_HOST}/embed/y"></iframe>'
    )
    assert f'src="https://{embeds.VIDEO_HOST}/embed/x"' in cleaned
    assert "evil.test" not in cleaned and "/embed/y" not in cleaned
    assert "<iframe" not in boot(tmp_path / "none").extensions[
        "etwincms"
    ].sanitizer.clean(f'<iframe src="https://{embeds.VIDEO_HOST}/embed/x"></iframe>')
    for rules in (
        SanitizerRules(tags=frozenset({"script"})),
        SanitizerRules(attributes={"a": frozenset({"onclick"})}),
        SanitizerRules(tags=frozenset({"iframe"})),
    ):
        greedy = plugin("greedy", register_sanitizer_rules=lambda rules=rules: [rules])
        with pytest.raises(StartupError, match="Sanitizer rules may not allow"):
            boot(tmp_path / "greedy", greedy)


def test_hook_register_search_backends(
    app: Flask, tmp_path: Path, session: Session, space: SpaceWithMembers
):
    registered = app.extensions["etwincms"].registries.search_backends
    assert registered.owner["grep"] == "grepsearch"
    assert {"whoosh", "postgres"} <= set(registered)  # the core's, through the hook
    app.config["SEARCH_BACKEND"] = "grep"  # chosen before the first search
    switch_on(session, space, "bookshelf")
    shelf.add_book(session, space.users["pupil"], space.project, title="The Hobbit")
    commit(session)
    backend = engine.get_backend()
    assert isinstance(backend, grepsearch.GrepBackend)
    backend.index(documents(space.project))  # as `etwincms search rebuild` does
    pupil, outsider = space.users["pupil"], space.users["outsider"]
    found = search(session, pupil, SearchQuery("hobbit"))
    assert [hit.title for hit in found.hits] == ["The Hobbit"]
    assert search(session, outsider, SearchQuery("hobbit")).hits == []
    again = plugin(
        "again", register_search_backends=lambda: [SearchBackendSpec("grep", dict)]
    )
    with pytest.raises(StartupError, match="Duplicate search backend 'grep'"):
        boot(tmp_path, grepsearch, again)


def test_an_unknown_search_backend_is_named_in_the_error(
    app: Flask, session: Session, space: SpaceWithMembers
) -> None:
    app.config["SEARCH_BACKEND"] = "lucene"
    with pytest.raises(
        ValueError, match="'lucene' \\(installed: grep, postgres, whoosh\\)"
    ):
        engine.make_backend()


def test_hook_register_project_templates(
    app: Flask,
    tmp_path: Path,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
):
    templates = app.extensions["etwincms"].registries.project_templates
    assert templates.owner["reading_club"] == "bookshelf"
    admin = space.users["admin"]
    project = spaces.create_space(
        session, admin, title="Readers", template="reading_club"
    )
    commit(session)
    assert switches.enabled_names(project) == ["bookshelf"]
    rows = session.execute(
        select(Page.path, Page.title).where(Page.project_id == project.id)
    )
    assert sorted(rows) == [
        ("reading-club", "Reading club"),
        ("reading-club/reviews", "Reviews"),
    ]
    space.login(auth, "admin")
    assert client.get(f"/s/{project.slug}/-/bookshelf/").status_code == 200
    assert client.get(f"/s/{project.slug}/-/printview/").status_code == 404
    again = plugin(
        "again",
        register_project_templates=lambda: [ProjectTemplate("blank", "Blank again")],
    )
    with pytest.raises(StartupError, match="Duplicate space template 'blank'"):
        boot(tmp_path, again)


def test_hook_register_cli_commands(
    app: Flask,
    app_config: dict[str, Any],
    session: Session,
    space: SpaceWithMembers,
    monkeypatch: pytest.MonkeyPatch,
):
    # The hook adds commands to the group it is handed...
    group = click.Group("etwincms")
    app.extensions["etwincms"].plugins.pm.hook.register_cli_commands(cli=group)
    assert group.commands["space-stats"] is spacestats.space_stats
    core_commands = {"export-site", "export-space", "import", "retention"}
    assert set(group.commands) == {"space-stats"} | core_commands
    # ... and `etwincms <command>` loads plugin commands on demand, from the app that
    # the instance configuration describes (here: this test's database and plugins).
    monkeypatch.setattr(
        etwincms.cli, "create_app", lambda: create_app(app_config, plugins=EXAMPLES)
    )
    monkeypatch.setattr(etwincms.cli.main, "commands", dict(etwincms.cli.main.commands))
    monkeypatch.setattr(etwincms.cli.main, "_plugins_loaded", False, raising=False)
    pages.create_page(session, space.users["admin"], space.project, title="Second")
    commit(session)
    result = CliRunner().invoke(etwincms.cli.main, ["space-stats", space.project.slug])
    assert result.exit_code == 0, result.output
    assert result.output == f"{space.project.slug}: 1 page(s)\n"
    result = CliRunner().invoke(etwincms.cli.main, ["space-stats", "nowhere"])
    assert result.exit_code == 1 and "No space 'nowhere'." in result.output


def test_hook_prepare_jinja_env(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
):
    assert app.jinja_env.filters["byline"] is bookshelf.byline
    switch_on(session, space, "bookshelf")
    shelf.add_book(
        session, space.users["admin"], space.project, title="Dune", author="Herbert"
    )
    commit(session)
    space.login(auth, "pupil")
    assert "<li>Dune — Herbert</li>" in html(
        client.get(f"/s/{space.project.slug}/-/bookshelf/")
    )


def test_hook_startup(app: Flask, tmp_path: Path) -> None:
    assert app.config["BOOKSHELF_MAX_BOOKS"] == 500  # the plugin's default
    seen: list[bool] = []
    watcher = plugin(
        "watcher",
        startup=lambda app: seen.append("bookshelf.index" in app.view_functions),
    )
    boot(tmp_path / "ok", bookshelf, watcher, BOOKSHELF_MAX_BOOKS=3)
    assert seen == [True]  # called after every blueprint was mounted
    with pytest.raises(StartupError, match="BOOKSHELF_MAX_BOOKS"):
        boot(tmp_path / "bad", bookshelf, BOOKSHELF_MAX_BOOKS=0)


# -- Request-time hooks (project-scoped) ---------------------------------------------


def test_hook_nav_items(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
):
    switch_on(session, space, "bookshelf")
    link = f'href="/s/{space.project.slug}/-/bookshelf/">Bookshelf</a>'
    space.login(auth, "observer")
    assert link in html(client.get(f"/s/{space.project.slug}/"))
    space.login(auth, "admin")
    assert "/-/bookshelf/" not in html(client.get(f"/s/{quiet.slug}/"))


def test_hook_project_admin_items(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
):
    switch_on(session, space, "printview")
    space.login(auth, "admin")
    tools = html(client.get(f"/s/{space.project.slug}/-/plugins"))
    assert f'<a href="/s/{space.project.slug}/-/printview/">Printing</a>' in tools
    assert "-/printview/" not in html(client.get(f"/s/{quiet.slug}/-/plugins"))


@pytest.fixture
def welcome(session: Session, space: SpaceWithMembers) -> Page:
    page = pages.create_page(
        session, space.users["admin"], space.project, title="<i>Tea</i> time"
    )
    commit(session)
    return page


def test_hook_item_actions(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    welcome: Page,
):
    url = f"/s/{space.project.slug}/{welcome.path}"
    action = f'<a href="/s/{space.project.slug}/-/printview/{welcome.id}">'
    space.login(auth, "pupil")
    assert action not in html(client.get(url))  # printview is off
    switch_on(session, space, "printview")
    assert action + "Printable version</a>" in html(client.get(url))
    space.login(auth, "observer")  # may read the page, may not print it
    assert action not in html(client.get(url))


def test_hook_template_slot(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    welcome: Page,
):
    admin = space.users["admin"]
    spaces.update_space(session, admin, space.project, title="Roots <b>& shoots</b>")
    switch_on(session, space, "printview")
    space.login(auth, "pupil")
    home = html(client.get(f"/s/{space.project.slug}/"))
    # A plain str is escaped by the core...
    assert "Every page of Roots &lt;b&gt;&amp; shoots&lt;/b&gt; can be printed." in home
    # ... Markup is the plugin's own HTML, built with Markup.format (which escapes).
    page = html(client.get(f"/s/{space.project.slug}/{welcome.path}"))
    assert (
        '<p class="printview-hint">Print “&lt;i&gt;Tea&lt;/i&gt; time” from its menu.</p>'
        in page
    )
    switches.disable_plugin(session, admin, space.project, "printview")
    commit(session)
    assert "printview-hint" not in html(
        client.get(f"/s/{space.project.slug}/{welcome.path}")
    )


def test_hook_extra_template_context(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
):
    """An operator's template override uses the variable the plugin adds."""
    override = Path(app.instance_path) / "templates" / "spaces" / "home.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "default:spaces/home.html" %}{% block content %}{{ super() }}'
        '<a id="print-help" href="{{ print_help_url }}">Printing</a>{% endblock %}'
    )
    switch_on(session, space, "printview")
    space.login(auth, "admin")
    expected = f'<a id="print-help" href="/s/{space.project.slug}/-/printview/">'
    assert expected in html(client.get(f"/s/{space.project.slug}/"))
    assert '<a id="print-help" href="">' in html(client.get(f"/s/{quiet.slug}/"))


def test_hook_extra_assets(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
):
    switch_on(session, space, "printview")
    space.login(auth, "admin")
    home = html(client.get(f"/s/{space.project.slug}/"))
    link = re.search(
        r'<link rel="stylesheet" href="(/static/plugins/printview/print\.css\?v=\w+)">',
        home.split("</head>")[0],
    )
    assert link, "the stylesheet is linked in <head>, with a cache-busting version"
    css = client.get(link.group(1))
    assert css.status_code == 200 and b"@media print" in css.data
    css.close()
    assert "printview/print.css" not in html(client.get(f"/s/{quiet.slug}/"))


def test_hook_markdown_extensions(
    app: Flask, session: Session, space: SpaceWithMembers, quiet: Project
):
    switch_on(session, space, "embeds")
    admin = space.users["admin"]
    on = pages.create_page(session, admin, space.project, title="E", body="mc^2^")
    off = pages.create_page(session, admin, quiet, title="E", body="mc^2^")
    again = pages.create_page(session, admin, space.project, title="F", body="x^3^")
    commit(session)
    assert "mc<sup>2</sup>" in page_html(session, on)
    assert "x<sup>3</sup>" in page_html(session, again)
    assert "mc^2^" in page_html(session, off)
    assert len(app.extensions["etwincms"].parsers) == 1  # built once per plugin set


FRESH = plugin(
    "fresh", markdown_extensions=lambda project: [lambda md: md.enable("table")]
)


@pytest.mark.parametrize("plugins", [[*EXAMPLES, FRESH]])
def test_markdown_parsers_are_cached_per_plugin_set(
    app: Flask, session: Session, space: SpaceWithMembers
):
    switch_on(session, space, "fresh")
    for _ in range(3):
        render_markdown("text", project=space.project)
    assert len(app.extensions["etwincms"].parsers) == 1


def test_hook_resolve_wikilink(
    session: Session, space: SpaceWithMembers, quiet: Project
) -> None:
    switch_on(session, space, "embeds")
    admin, body = space.users["admin"], "See [[video:abc123]] and [[Nowhere]]."
    on = pages.create_page(session, admin, space.project, title="Links", body=body)
    off = pages.create_page(session, admin, quiet, title="Links", body=body)
    commit(session)
    rendered = page_html(session, on)
    assert 'href="https://www.youtube.com/watch?v=abc123"' in rendered
    assert ">Video abc123</a>" in rendered
    assert 'class="wikilink-missing"' in rendered  # [[Nowhere]]: not the plugin's
    assert "youtube" not in page_html(session, off)
    assert "/-/missing?title=video:abc123" in page_html(session, off)


def test_hook_check_permission(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    welcome: Page,
):
    """printview lets whoever may read a public page print it (observers included)."""
    switch_on(session, space, "printview")
    url = f"/s/{space.project.slug}/-/printview/{welcome.id}"
    space.login(auth, "observer")
    assert client.get(url).status_code == 403
    pages.set_page_access(
        session,
        space.users["admin"],
        space.project,
        welcome,
        visibility=Visibility.PUBLIC,
    )
    commit(session)
    assert client.get(url).status_code == 200
    assert can(space.users["observer"], "printview.page", space.project, welcome)


def greedy_rule(user: Any, capability: str, project: Any, obj: Any) -> bool | None:
    """A careless rule: yes to everything it is asked about."""
    return True


GREEDY = plugin(
    "greedy",
    register_permissions=lambda: [
        Permission("greedy.manage", "Manage greedily", pupil_grantable=False)
    ],
    check_permission=greedy_rule,
)


@pytest.mark.parametrize("plugins", [[*EXAMPLES, GREEDY]])
def test_check_permission_has_limits(session: Session, space: SpaceWithMembers):
    """Only plugins' capabilities, and never for pupils when they may not hold them."""
    observer, project = space.users["observer"], space.project
    assert not can(observer, "greedy.manage", project)  # not on in the space yet
    switch_on(session, space, "greedy")
    assert can(observer, "greedy.manage", project)
    for role in ("pupil", "pupil_lead"):
        assert not can(space.users[role], "greedy.manage", project)
    # The core's capabilities follow docs/permissions.md; plugins cannot widen them.
    assert not can(observer, "member.manage", project)
    assert not can(space.users["pupil"], "page.publish", project)


@pytest.mark.parametrize("plugins", [[*EXAMPLES, GREEDY]])
def test_check_permission_never_gives_outsiders_what_pupils_may_not_hold(
    session: Session, make: Factory, space: SpaceWithMembers
):
    switch_on(session, space, "greedy")
    stray = make.user("stray_pupil", kind="pupil", school=make.school("es"))
    commit(session)
    assert not can(stray, "greedy.manage", space.project)
    assert not can(space.users["outsider"], "greedy.manage", space.project)


GENEROUS = plugin(
    "generous",
    narrow_permission=lambda user, capability, project, obj: True,
)


@pytest.mark.parametrize("plugins", [[*EXAMPLES, staffroom, GENEROUS]])
def test_hook_narrow_permission(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
):
    """staffroom keeps its pages to teachers: the pupil gets a 404, the teacher reads
    it; a plugin answering ``True`` grants nothing (an observer may still not edit)."""
    admin, project = space.users["admin"], space.project
    room = pages.create_page(session, admin, project, title="Staff room", body="Plans")
    notes = pages.create_page(
        session, admin, project, title="Notes", body="Secret", parent=room
    )
    commit(session)
    pupil, teacher = space.users["pupil"], space.users["teacher"]
    assert can(pupil, "page.view", project, notes)  # not switched on yet
    switch_on(session, space, "staffroom", "generous")
    assert not can(pupil, "page.view", project, notes)
    assert not can(pupil, "page.view", project, room)
    assert can(teacher, "page.view", project, notes)
    assert not can(space.users["observer"], "page.edit", project, notes)
    space.login(auth, "pupil")
    assert client.get(f"/s/{project.slug}/{notes.path}").status_code == 404
    auth.logout()
    space.login(auth, "teacher")
    assert client.get(f"/s/{project.slug}/{notes.path}").status_code == 200


def staff_room_hits(session: Session, space: SpaceWithMembers, role: str) -> Any:
    return search(session, space.users[role], SearchQuery("lesson"))


@pytest.mark.parametrize("plugins", [[*EXAMPLES, staffroom]])
def test_hook_search_audience(session: Session, space: SpaceWithMembers):
    """staffroom gives its pages an audience: pupils' results, totals and facets leave
    them out as soon as it is switched on (the space is indexed again), and switching
    it off brings them back."""
    admin, project = space.users["admin"], space.project
    room = pages.create_page(session, admin, project, title="Staff room", body="x")
    pages.create_page(session, admin, project, title="Plan", body="lesson", parent=room)
    pages.create_page(session, admin, project, title="Open day", body="lesson")
    commit(session)
    assert staff_room_hits(session, space, "pupil").total == 2
    switch_on(session, space, "staffroom")
    found = staff_room_hits(session, space, "pupil")
    assert [hit.title for hit in found.hits] == ["Open day"]
    assert (found.total, found.facets["type"]) == (1, {"page": 1})
    switches.disable_plugin(session, admin, project, "staffroom")
    commit(session)
    assert staff_room_hits(session, space, "pupil").total == 2


@pytest.mark.parametrize("plugins", [[*EXAMPLES, staffroom]])
def test_hook_search_audiences(session: Session, space: SpaceWithMembers):
    """The staff hold the staffroom audience: teachers find its pages, pupils do not,
    and neither do visitors of the public space."""
    admin, project = space.users["admin"], space.project
    project.is_public = True
    switch_on(session, space, "staffroom")
    room = pages.create_page(session, admin, project, title="Staff room", body="x")
    plan = pages.create_page(
        session, admin, project, title="Plan", body="lesson", parent=room
    )
    open_day = pages.create_page(
        session, admin, project, title="Open day", body="lesson"
    )
    for page in (plan, open_day):
        pages.set_page_access(
            session, admin, project, page, visibility=Visibility.PUBLIC
        )
    commit(session)
    for role, expected in (("teacher", 2), ("admin", 2), ("pupil", 1)):
        assert staff_room_hits(session, space, role).total == expected, role
    visitor = search(session, None, SearchQuery("lesson"))
    assert [hit.title for hit in visitor.hits] == ["Open day"]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(out, "PNG")
    return out.getvalue()


def test_hook_material_shown(
    client: FlaskClient,
    session: Session,
    space: SpaceWithMembers,
    quiet: Project,
    welcome: Page,
):
    """printview shows the letterhead to visitors of public pages; nothing else."""
    admin, project = space.users["admin"], space.project
    pages.set_page_access(
        session, admin, project, welcome, visibility=Visibility.PUBLIC
    )
    project.is_public = True

    def upload(name: str, where: Project = project) -> str:
        found = materials.attach_material(
            session, admin, where, io.BytesIO(png()), filename=name
        )
        session.flush()
        return f"/s/{project.slug}/-/materials/{found.id}"

    letterhead, other = upload("letterhead.png"), upload("holiday.png")
    elsewhere = upload("letterhead.png", where=quiet)  # asked for through this space
    commit(session)

    def status(url: str) -> int:
        response = client.get(url, buffered=True)
        response.close()
        return response.status_code

    # Without the hook's answer, a visitor is asked to sign in, as for any file.
    assert status(f"{letterhead}/letterhead.png") == 302
    switch_on(session, space, "printview")
    assert status(f"{letterhead}/letterhead.png") == 200
    assert status(f"{letterhead}/-/thumbnail") == 200
    printed = html(client.get(f"/s/{project.slug}/-/printview/{welcome.id}"))
    assert f'src="{letterhead}/letterhead.png"' in printed
    # Only that file: not the library, not its details, not another file of the space.
    assert status(f"/s/{project.slug}/-/materials") == 302
    assert status(letterhead) == 302
    assert status(f"{other}/holiday.png") == 302
    # Another space's material is never served through this one: the visitor is refused
    # as for an id that does not exist (so neither answer tells which ids exist).
    assert status(f"{elsewhere}/letterhead.png") == 302
    # Switched off in the space, the plugin is no longer asked.
    switches.disable_plugin(session, admin, project, "printview")
    commit(session)
    assert status(f"{letterhead}/letterhead.png") == 302


def documents(project: Project) -> list[Any]:
    batches = project_hooks(project).search_documents(project=project)
    return [document for batch in batches for document in batch]


def test_hook_search_documents(
    session: Session, space: SpaceWithMembers, quiet: Project
) -> None:
    switch_on(session, space, "bookshelf")
    switch_on(session, space, "bookshelf", project=quiet)
    admin = space.users["admin"]
    book = shelf.add_book(session, admin, space.project, title="Momo", author="Ende")
    shelf.add_book(session, admin, quiet, title="Matilda")
    switches.disable_plugin(session, admin, quiet, "bookshelf")
    commit(session)
    (document,) = documents(space.project)
    assert (document.id, document.type, document.plugin) == (
        f"bookshelf_book:{book.id}",
        "bookshelf_book",
        "bookshelf",
    )
    assert (document.title, document.body, document.project_id) == (
        "Momo",
        "Ende",
        space.project.id,
    )
    assert document.url == f"/s/{space.project.slug}/-/bookshelf/"
    assert documents(quiet) == []  # switched off: its books are kept, not offered


# -- Events (after commit, project-scoped) -------------------------------------------


def test_hook_page_saved(
    session: Session, space: SpaceWithMembers, quiet: Project, events
) -> None:
    switch_on(session, space, "eventlog")
    admin = space.users["admin"]
    page = pages.create_page(session, admin, space.project, title="Plan")
    assert events("page_saved") == []  # queued, not told yet
    commit(session)
    assert events("page_saved") == ["page_saved plan r1 new=True"]
    revisions.save_revision(
        session, admin, space.project, page, body="More", base_number=1
    )
    commit(session)
    assert events("page_saved")[-1] == "page_saved plan r2 new=False"
    pages.create_page(session, admin, space.project, title="Draft")
    session.rollback()  # never happened: never told
    commit(session)
    pages.create_page(session, admin, quiet, title="Elsewhere")  # eventlog is off
    commit(session)
    assert len(events("page_saved")) == 2


def test_hook_page_deleted(session: Session, space: SpaceWithMembers, events) -> None:
    switch_on(session, space, "eventlog")
    admin = space.users["admin"]
    page = pages.create_page(session, admin, space.project, title="Old")
    commit(session)
    pages.trash_page(session, admin, space.project, page)
    assert events("page_deleted") == []
    commit(session)
    assert events("page_deleted") == ["page_deleted old"]


def test_hook_page_moved(session: Session, space: SpaceWithMembers, events) -> None:
    switch_on(session, space, "eventlog")
    admin = space.users["admin"]
    parent = pages.create_page(session, admin, space.project, title="Trip")
    child = pages.create_page(session, admin, space.project, title="Photos")
    commit(session)
    pages.move_page(session, admin, space.project, child, parent=parent)
    commit(session)
    assert events("page_moved") == ["page_moved photos -> trip/photos"]


def test_hook_member_added(
    session: Session, make: Factory, space: SpaceWithMembers, quiet: Project, events
):
    switch_on(session, space, "eventlog")
    admin, newcomer = space.users["admin"], make.user("newcomer")
    members.add_member(session, admin, space.project, newcomer, Role.TEACHER)
    members.add_member(session, admin, quiet, newcomer, Role.TEACHER)
    assert events("member_added") == []
    commit(session)
    assert events("member_added") == [
        f"member_added {space.project.slug} newcomer as teacher"
    ]


def test_hook_member_removed(session: Session, space: SpaceWithMembers, events):
    switch_on(session, space, "eventlog")
    observer = space.users["observer"]
    membership = session.scalar(
        select(Membership).where(
            Membership.project_id == space.project.id,
            Membership.user_id == observer.id,
        )
    )
    members.remove_member(session, space.users["admin"], membership)
    commit(session)
    assert events("member_removed") == [
        f"member_removed {space.project.slug} observer_user"
    ]


def test_hook_project_created(
    app: Flask,
    session: Session,
    space: SpaceWithMembers,
    monkeypatch: pytest.MonkeyPatch,
    events,
):
    admin = space.users["admin"]
    spaces.create_space(session, admin, title="Without the log")
    commit(session)
    monkeypatch.setitem(app.config, "DEFAULT_PLUGINS", ["eventlog"])
    project = spaces.create_space(session, admin, title="With the log")
    assert events("project_created") == []
    commit(session)
    assert events("project_created") == [
        f"project_created {project.slug} by admin_user"
    ]


def test_hook_plugin_enabled(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, events
) -> None:
    """Switched on from the Tools page: the plugin itself hears it, then others do."""
    space.login(auth, "admin")
    tools = f"/s/{space.project.slug}/-/plugins"
    post_form(client, tools, f"{tools}/eventlog", {"enabled": "1"})
    post_form(client, tools, f"{tools}/bookshelf", {"enabled": "1"})
    post_form(client, tools, f"{tools}/bookshelf", {"enabled": "0"})
    post_form(client, tools, f"{tools}/bookshelf", {"enabled": "1"})
    slug = space.project.slug
    assert events("plugin_enabled") == [
        f"plugin_enabled {slug} eventlog",
        f"plugin_enabled {slug} bookshelf",
        f"plugin_enabled {slug} bookshelf",  # on again: told again
    ]


def test_hook_plugin_disabled(
    session: Session, space: SpaceWithMembers, events
) -> None:
    switch_on(session, space, "eventlog", "bookshelf")
    switches.disable_plugin(session, space.users["admin"], space.project, "bookshelf")
    assert events("plugin_disabled") == []
    commit(session)
    assert events("plugin_disabled") == [
        f"plugin_disabled {space.project.slug} bookshelf"
    ]


def test_a_plugin_hears_that_it_was_switched_off(
    session: Session, space: SpaceWithMembers, events
) -> None:
    switch_on(session, space, "eventlog")
    switches.disable_plugin(session, space.users["admin"], space.project, "eventlog")
    commit(session)
    assert events("plugin_disabled") == [
        f"plugin_disabled {space.project.slug} eventlog"
    ]


def test_hook_user_registered(session: Session, make: Factory, events) -> None:
    """Site-wide: told although no space has switched the eventlog on."""
    make.user("newbie")
    assert events("user_registered") == []
    commit(session)
    assert events("user_registered") == ["user_registered newbie"]
    make.user("ghost")
    session.rollback()
    commit(session)
    assert events("user_registered") == ["user_registered newbie"]


# -- Privacy (site-wide) -------------------------------------------------------------


@pytest.fixture
def diary_entries(session: Session, space: SpaceWithMembers) -> list[diary.Entry]:
    entries = [
        diary.Entry(
            project_id=space.project.id, author_id=space.users[role].id, text=text_
        )
        for role, text_ in (("pupil", "I planted beans."), ("teacher", "Day one."))
    ]
    session.add_all(entries)
    commit(session)
    return entries


def test_hook_personal_data_export(
    session: Session, space: SpaceWithMembers, diary_entries: list[Any]
) -> None:
    pupil = space.users["pupil"]
    data = privacy.export_personal_data(session, space.users["site_admin"], pupil)
    json.dumps(data)  # JSON-ready
    assert [e["text"] for e in data["diary"]["entries"]] == ["I planted beans."]
    assert data["etwincms.core_plugins.privacy"]["account"]["username"] == (
        "pupil_user"
    )


def test_hook_personal_data_erase(
    session: Session, space: SpaceWithMembers, diary_entries: list[Any]
) -> None:
    pupil = space.users["pupil"]
    privacy.erase_personal_data(session, space.users["site_admin"], pupil)
    commit(session)
    session.expire_all()
    left = session.scalars(select(diary.Entry.text).order_by(diary.Entry.id)).all()
    assert left == ["Day one."]  # the pupil's entry is gone, the teacher's stays
    assert session.get(User, pupil.id).username == f"former-member-{pupil.id}"


# -- The contract itself -------------------------------------------------------------


def hookspec_names() -> list[str]:
    return sorted(
        name
        for name in dir(hookspecs)
        if callable(getattr(hookspecs, name))
        and getattr(getattr(hookspecs, name), "etwincms_spec", None) is not None
    )


def test_hookspecs_are_found() -> None:
    """The collector below sees the specs (so the parametrized test is not empty)."""
    names = hookspec_names()
    assert {"register_plugin", "nav_items", "page_saved", "personal_data_erase"} <= set(
        names
    )
    assert "hookspec" not in names and "annotations" not in names


def hook_tests() -> set[str]:
    """``test_hook_*`` names here and in the sibling ``test_hooks_<area>.py`` modules."""
    names = {name for name, value in globals().items() if callable(value)}
    for path in Path(__file__).parent.glob("test_hooks_*.py"):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        names |= {name for name in vars(module) if callable(getattr(module, name))}
    return {name for name in names if name.startswith("test_hook_")}


@pytest.mark.parametrize("name", hookspec_names())
def test_every_hookspec_has_a_test(name: str) -> None:
    """Every hook of the contract is exercised by a ``test_hook_<name>`` test, here or in
    a ``test_hooks_<area>.py`` module beside this one."""
    assert f"test_hook_{name}" in hook_tests(), f"write test_hook_{name}"
