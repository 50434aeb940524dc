"""The "Dissemination export" page, its download, the API twin, the command and the
migration: who may use them, and what they answer."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

import etwincms.cli
from etwincms import migrate
from etwincms.app import create_app
from etwincms.export.settings import space_licence
from etwincms.testing import AuthActions, RoleClient, make_config

from . import showcase
from .conftest import World

STAFF = ("admin", "teacher")
OTHERS = ("pupil", "pupil_lead", "observer", "outsider")


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, world: World) -> RoleClient:
    return RoleClient(
        client, auth, world.users, base=f"/s/{world.project.slug}/-/export"
    )


def zip_names(data: bytes) -> set[str]:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("role", STAFF)
def test_admins_and_teachers_see_the_page_and_download(
    browser: RoleClient, role: str
) -> None:
    browser.login(role)
    page = browser.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dissemination export" in html and 'name="licence"' in html
    answer = browser.get("/site.zip", buffered=True)
    assert answer.status_code == 200
    assert answer.mimetype == "application/zip"
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "pages/welcome.html" in zip_names(answer.get_data())


@pytest.mark.parametrize("role", (*OTHERS, None))
def test_pupils_observers_outsiders_and_visitors_may_not(
    browser: RoleClient, role: str
) -> None:
    browser.login(role)
    for path in ("/", "/site.zip"):
        assert browser.get(path, buffered=True).status_code in {302, 401, 403, 404}, (
            path
        )
    answer = browser.post("/licence", {"licence": "cc-by-4.0"})
    assert answer.status_code in {302, 401, 403, 404}
    assert answer.status_code != 302 or "/login" in answer.headers["Location"]


def test_the_page_warns_when_the_space_is_not_public(
    browser: RoleClient, world: World
) -> None:
    browser.login("teacher")
    assert "This space is not public yet" not in browser.get("/").get_data(as_text=True)
    world.project.is_public = False
    world.session.commit()
    assert "This space is not public yet" in browser.get("/").get_data(as_text=True)


def test_a_teacher_chooses_the_licence(browser: RoleClient, world: World) -> None:
    browser.login("teacher")
    answer = browser.post("/licence", {"licence": "cc-by-nc-sa-4.0"})
    assert answer.status_code == 302
    world.session.expire_all()
    assert space_licence(world.session, world.project).key == "cc-by-nc-sa-4.0"
    page = browser.get("/").get_data(as_text=True)
    assert 'value="cc-by-nc-sa-4.0" checked' in page
    refused = browser.post("/licence", {"licence": "public-domain-ish"})
    assert refused.status_code == 400
    assert "Choose one of the licences" in refused.get_data(as_text=True)


def test_a_pupil_may_not_choose_the_licence(browser: RoleClient, world: World) -> None:
    browser.login("pupil")
    browser.post("/licence", {"licence": "cc-by-4.0"})
    world.session.expire_all()
    assert space_licence(world.session, world.project).key == "all-rights-reserved"


def test_a_refused_export_says_why_on_the_page(browser: RoleClient) -> None:
    showcase.LEAK["on"] = True
    browser.login("admin")
    answer = browser.get("/site.zip", buffered=True)
    assert answer.status_code == 409
    assert "Glacier story" in answer.get_data(as_text=True)
    assert "The export was not made" in answer.get_data(as_text=True)


def test_a_failing_plugin_is_named_on_the_page(browser: RoleClient) -> None:
    showcase.LEAK["fail"] = True
    browser.login("teacher")
    answer = browser.get("/site.zip", buffered=True)
    assert answer.status_code == 409
    assert "could not hand over its public content" in answer.get_data(as_text=True)


def test_the_space_navigation_links_the_page_for_staff_only(
    browser: RoleClient, world: World
) -> None:
    link = f'href="/s/{world.project.slug}/-/export/"'
    browser.login("teacher")
    assert link in browser.client.get(f"/s/{world.project.slug}/").get_data(
        as_text=True
    )
    browser.login("admin")
    tools = browser.client.get(f"/s/{world.project.slug}/-/plugins").get_data(
        as_text=True
    )
    assert link in tools
    browser.login("pupil")
    assert link not in browser.client.get(f"/s/{world.project.slug}/").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("role", "status"), [("teacher", 200), ("pupil", 403), (None, 404)]
)
def test_the_api_answers_the_zip_to_staff_only(
    browser: RoleClient, world: World, role: str | None, status: int
) -> None:
    browser.login(role)
    answer = browser.client.get(
        f"/api/v1/projects/{world.project.slug}/export/site", buffered=True
    )
    assert answer.status_code in ({status} if role is not None else {401, 403, 404})
    if status == 200:
        assert answer.mimetype == "application/zip"
        assert "showcase/story.html" in zip_names(answer.get_data())


def test_the_api_refusal_is_a_problem_document(
    browser: RoleClient, world: World
) -> None:
    showcase.LEAK["on"] = True
    browser.login("teacher")
    answer = browser.client.get(
        f"/api/v1/projects/{world.project.slug}/export/site", buffered=True
    )
    assert answer.status_code == 409
    assert answer.mimetype == "application/problem+json"
    assert "Glacier story" in answer.get_json()["detail"]


def test_the_openapi_document_lists_the_export(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/projects/{slug}/export/site" in paths


def run_cli(
    app_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch, *args: str
) -> Any:
    monkeypatch.setattr(
        etwincms.cli, "create_app", lambda: create_app(app_config, plugins=[showcase])
    )
    monkeypatch.setattr(etwincms.cli.main, "commands", dict(etwincms.cli.main.commands))
    monkeypatch.setattr(etwincms.cli.main, "_plugins_loaded", False, raising=False)
    return CliRunner().invoke(etwincms.cli.main, list(args))


def test_the_command_writes_the_zip(
    world: World,
    app_config: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "site.zip"
    result = run_cli(
        app_config, monkeypatch, "export-site", world.project.slug, str(target)
    )
    assert result.exit_code == 0, result.output
    assert "page(s)" in result.output
    assert "pages/welcome/visit-diary.html" in zip_names(target.read_bytes())


def test_the_command_leaves_no_file_when_refused(
    world: World,
    app_config: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    showcase.LEAK["on"] = True
    target = tmp_path / "site.zip"
    result = run_cli(
        app_config, monkeypatch, "export-site", world.project.slug, str(target)
    )
    assert result.exit_code == 1
    assert "Glacier story" in result.output
    assert list(tmp_path.glob("site.zip*")) == []
    unknown = run_cli(
        app_config, monkeypatch, "export-site", "no-such-space", str(target)
    )
    assert unknown.exit_code == 1 and "no-such-space" in unknown.output


def test_the_migration_makes_the_table_the_model_describes(
    tmp_path: Path, empty_database_url: str, app: Flask
) -> None:
    migrated = create_app(make_config(tmp_path, empty_database_url))
    migrate.upgrade(migrated, "export@head")
    mine = [diff for diff in migrate.drift(migrated) if "export_settings" in repr(diff)]
    assert mine == []
    migrate.engine_of(migrated).dispose()
