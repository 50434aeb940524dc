"""The ``etwincms`` command, run with Click's CliRunner on a fresh instance folder.

Every test points ``ETWINCMS_INSTANCE_PATH`` at its own temporary folder and unsets
``ETWINCMS_DATABASE_URL``, so the commands use their SQLite default inside that folder.
In the PostgreSQL pass of the suite these tests stay on SQLite: what they check is the
command line (files, messages, exit codes, the demo's content), not the database engine,
which the migration and service tests cover on both.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import func, select

from etwincms.app import create_app
from etwincms.cli import main
from etwincms.db import get_session
from etwincms.demo import DEMO_PASSWORD, demo_data
from etwincms.models import Membership, Page, Project, Role, User

SECRET = "long-enough-pw"
CORE_HEAD = "0006_content_stamp"  # the core migration branch's newest
FORUM_HEAD = "forum_0002"


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith("ETWINCMS_"):
            monkeypatch.delenv(name)
    path = tmp_path / "instance"
    monkeypatch.setenv("ETWINCMS_INSTANCE_PATH", str(path))
    monkeypatch.setenv("ETWINCMS_PASSWORD_HASH", "fast")
    return path


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def ok(*args: str, input: str | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def refused(*args: str) -> Result:
    """A command that fails as a clean CLI error: exit code 1, message, no traceback."""
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    return result


@pytest.fixture
def initialised(instance: Path) -> Path:
    ok("init", "--no-admin")
    return instance


@pytest.fixture
def web_app(initialised: Path) -> Iterator[Flask]:
    """An app on the same instance, as `etwincms serve` would create it."""
    app = create_app({"INSTANCE_PATH": str(initialised), "TESTING": True})
    yield app
    app.extensions["etwincms"].db.dispose()


def query(app: Flask, statement: Any) -> list[Any]:
    with app.test_request_context("/"):
        return list(get_session().execute(statement))


def count(app: Flask, model: Any) -> int:
    return query(app, select(func.count()).select_from(model))[0][0]


# ---------------------------------------------------------------- init and db


def test_init_writes_a_private_instance_file_and_migrates(instance: Path) -> None:
    result = ok("init", "--no-admin")
    config = instance / "etwincms.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert len(tomllib.loads(config.read_text())["secret_key"]) >= 32
    assert (instance / "etwincms.db").exists()
    assert "Database ready" in result.output
    # Installed plugins (the forum and others) are loaded by the CLI: one head per
    # branch, and the database is at every one of them.
    heads = sorted(ok("db", "heads").output.split())
    assert CORE_HEAD in heads and FORUM_HEAD in heads
    assert sorted(ok("db", "current").output.split()) == heads
    assert "Models match the migrations." in ok("db", "check").output


def test_db_current_on_an_empty_database_says_so(instance: Path) -> None:
    instance.mkdir()
    (instance / "etwincms.toml").write_text('secret_key = "x"\n')
    assert ok("db", "current").output.strip() == "(empty database)"


def test_running_init_twice_is_harmless(initialised: Path) -> None:
    config = (initialised / "etwincms.toml").read_text()
    result = ok("init", "--no-admin")
    assert "Wrote" not in result.output
    assert (initialised / "etwincms.toml").read_text() == config
    current = ok("db", "current").output.split()
    assert sorted(current) == sorted(ok("db", "heads").output.split())
    assert CORE_HEAD in current


def test_init_creates_the_site_admin_only_once(instance: Path) -> None:
    result = ok("init", "--admin-password", SECRET)
    assert "Site admin 'admin' created." in result.output
    result = ok("init", "--admin-password", "another-password")
    assert "A site admin exists already." in result.output
    app = create_app({"INSTANCE_PATH": str(instance), "TESTING": True})
    admins = query(app, select(User.username).where(User.is_site_admin))
    assert [row[0] for row in admins] == ["admin"]


# ---------------------------------------------------------------- users and spaces


def test_user_create_makes_an_account(initialised: Path, web_app: Flask) -> None:
    result = ok("user", "create", "bob", "--display-name", "Bob", "--password", SECRET)
    assert "User 'bob' created." in result.output
    rows = query(
        web_app, select(User.display_name, User.kind).where(User.username == "bob")
    )
    assert [(name, kind.value) for name, kind in rows] == [("Bob", "teacher")]


def test_user_create_asks_for_the_password_twice(initialised: Path) -> None:
    result = ok(
        "user", "create", "bob", "--display-name", "Bob", input=f"{SECRET}\n" * 2
    )
    assert "User 'bob' created." in result.output


def test_a_duplicate_username_is_a_clear_error(initialised: Path) -> None:
    ok("user", "create", "bob", "--display-name", "Bob", "--password", SECRET)
    result = refused(
        "user", "create", "bob", "--display-name", "B2", "--password", SECRET
    )
    assert "The username 'bob' is taken." in result.output


def test_space_create_makes_the_user_its_admin(
    initialised: Path, web_app: Flask
) -> None:
    ok("user", "create", "bob", "--display-name", "Bob", "--password", SECRET)
    result = ok("space", "create", "My Space", "--admin", "bob")
    assert "Space created: /s/my-space/" in result.output
    rows = query(
        web_app,
        select(Project.title, Membership.role, User.username)
        .join(Membership, Membership.project_id == Project.id)
        .join(User, User.id == Membership.user_id),
    )
    assert rows == [("My Space", Role.ADMIN, "bob")]


def test_space_create_with_an_unknown_admin_is_a_clear_error(
    initialised: Path, web_app: Flask
) -> None:
    result = refused("space", "create", "My Space", "--admin", "nobody")
    assert "No user 'nobody'." in result.output
    assert count(web_app, Project) == 0


# ---------------------------------------------------------------- demo


def test_demo_loads_and_prints_the_address_and_password(initialised: Path) -> None:
    result = ok("demo")
    assert "/s/green-roots/" in result.output
    assert DEMO_PASSWORD == "etwinning-demo"
    assert "etwinning-demo" in result.output
    assert "maria" in result.output


def test_loading_the_demo_twice_changes_nothing(
    initialised: Path, web_app: Flask
) -> None:
    ok("demo")
    before = (count(web_app, User), count(web_app, Page), count(web_app, Membership))
    assert "Already loaded" in ok("demo").output
    after = (count(web_app, User), count(web_app, Page), count(web_app, Membership))
    assert after == before


def test_the_demo_refuses_a_database_with_other_users(
    initialised: Path, web_app: Flask
) -> None:
    ok("user", "create", "bob", "--display-name", "Bob", "--password", SECRET)
    result = refused("demo")
    assert "only loaded into an empty database" in result.output
    assert count(web_app, User) == 1
    assert count(web_app, Project) == 0
    assert count(web_app, Page) == 0


def test_the_demo_refuses_a_database_with_a_site_admin(instance: Path) -> None:
    ok("init", "--admin-password", SECRET)
    assert "only loaded into an empty database" in refused("demo").output


@pytest.fixture
def demo(initialised: Path, web_app: Flask) -> Flask:
    ok("demo")
    return web_app


def test_the_demo_has_every_page_of_its_toml_file(demo: Flask) -> None:
    expected = sorted(entry["path"] for entry in demo_data()["pages"])
    rows = query(
        demo, select(Page.path).join(Project).where(Project.slug == "green-roots")
    )
    assert sorted(row[0] for row in rows) == expected


def test_demo_pupils_are_members_with_pupil_roles(demo: Flask) -> None:
    expected = {
        entry["username"]: Role(entry["role"])
        for entry in demo_data()["users"]
        if entry["kind"] == "pupil"
    }
    rows = query(
        demo,
        select(User.username, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(User.kind == "pupil"),
    )
    assert dict(rows) == expected
    assert set(expected.values()) == {Role.PUPIL, Role.PUPIL_LEAD}


def test_public_demo_pages_never_name_a_pupil(demo: Flask) -> None:
    data = demo_data()
    pupils = [u["display_name"] for u in data["users"] if u["kind"] == "pupil"]
    public = [p["path"] for p in data["pages"] if p.get("visibility") == "public"]
    assert public
    client = demo.test_client()
    for path in ["", *public]:
        response = client.get(f"/s/green-roots/{path}")
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert not [name for name in pupils if name in html], path


def test_members_only_demo_pages_are_hidden_from_visitors(demo: Flask) -> None:
    client = demo.test_client()
    hidden = [p for p in demo_data()["pages"] if p.get("visibility") != "public"]
    for entry in hidden:
        response = client.get(f"/s/green-roots/{entry['path']}")
        assert response.status_code in {302, 404}, entry["path"]
        assert entry["title"] not in response.get_data(as_text=True)
