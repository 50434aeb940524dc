"""Search over the API: only what the caller may read, with snippets, facets and pages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Visibility
from etwincms.services import pages
from etwincms.testing import Factory, SpaceWithMembers


@pytest.fixture
def pages_about_olives(
    session: Session, space: SpaceWithMembers, make: Factory
) -> dict[str, Any]:
    """A public space with a public and a members-only page, and a private space."""
    admin, project = space.users["admin"], space.project
    project.is_public = True
    project.languages = ["en"]  # English stemming: "olive" finds "olives"
    public = pages.create_page(
        session,
        admin,
        project,
        title="Olive harvest",
        body="We picked olives in November.",
        visibility=Visibility.PUBLIC,
    )
    hidden = pages.create_page(
        session, admin, project, title="Marks", body="Olive test results."
    )
    other_admin = make.user("other_admin")
    other = make.space(other_admin, title="Quiet space")
    pages.create_page(session, other_admin, other, title="Olives", body="Secret olive")
    commit(session)
    return {"public": public, "hidden": hidden, "other": other}


def titles(answer: Any) -> list[str]:
    return [hit["title"] for hit in answer.json["hits"]]


def test_members_find_their_spaces_pages_with_snippets(
    api: Any, space: SpaceWithMembers, pages_about_olives: dict[str, Any]
) -> None:
    answer = api("pupil").get("/search?q=olive")
    assert answer.status_code == 200
    assert sorted(titles(answer)) == ["Marks", "Olive harvest"]
    assert answer.json["total"] == 2 and answer.json["pages"] == 1
    hit = answer.json["hits"][0]
    assert hit["title"] == "Olive harvest"  # a match in the title comes first
    assert hit["space"] == {"slug": space.project.slug, "title": "Test space"}
    assert "<mark>olives</mark>" in hit["snippet"]
    public = pages_about_olives["public"]
    assert hit["url"].endswith(f"/s/{space.project.slug}/-/id/{public.id}")
    assert hit["type"] == "page" and hit["updated_at"]
    assert hit["language"] == space.project.languages[0]
    assert answer.json["facets"] == {
        "space": {space.project.slug: 2},
        "type": {"page": 2},
        "language": {space.project.languages[0]: 2},
    }
    assert answer.json["suggestion"] is None


def test_anonymous_callers_find_public_pages_only(
    api: Any, pages_about_olives: dict[str, Any]
) -> None:
    answer = api(None).get("/search?q=olive")
    assert titles(answer) == ["Olive harvest"]
    assert answer.json["total"] == 1
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_outsiders_never_see_a_hint_of_hidden_pages(
    api: Any, space: SpaceWithMembers, pages_about_olives: dict[str, Any]
) -> None:
    answer = api("outsider").get("/search?q=olive")
    assert titles(answer) == ["Olive harvest"]
    assert answer.json["facets"]["space"] == {space.project.slug: 1}
    assert "Marks" not in answer.get_data(as_text=True)
    assert "Secret" not in answer.get_data(as_text=True)


def test_filters_and_pages(
    api: Any, space: SpaceWithMembers, pages_about_olives: dict[str, Any]
) -> None:
    admin = api("admin")
    slug = space.project.slug
    assert admin.get(f"/search?q=olive&space={slug}").json["total"] == 2
    assert admin.get("/search?q=olive&space=elsewhere").json["total"] == 0
    assert admin.get("/search?q=olive&type=poll").json["hits"] == []
    second = admin.get("/search?q=olive&page=2").json
    assert (second["hits"], second["page"], second["total"]) == ([], 2, 2)


def test_a_site_admin_finds_everything(
    api: Any, pages_about_olives: dict[str, Any]
) -> None:
    assert api("site_admin").get("/search?q=olive").json["total"] == 3


def test_an_empty_query_finds_nothing(api: Any) -> None:
    answer = api("teacher").get("/search")
    assert answer.status_code == 200
    assert answer.json == {
        "hits": [],
        "total": 0,
        "page": 1,
        "pages": 1,
        "facets": {"space": {}, "type": {}, "language": {}},
        "suggestion": None,
    }


def test_a_misspelt_query_gets_a_suggestion_and_a_language_filter_narrows(
    api: Any, pages_about_olives: Any
) -> None:
    teacher = api("teacher")
    assert teacher.get("/search?q=olvies").json["suggestion"] == "olives"
    found = teacher.get("/search?q=olive").json
    language = next(iter(found["facets"]["language"]))
    assert teacher.get(f"/search?q=olive&language={language}").json["total"] == 2
    assert teacher.get("/search?q=olive&language=fi").json["total"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=two", "page"),
        (f"q={'x' * 201}", "q"),
        ("q=olive%00", "q"),
    ],
)
def test_invalid_arguments_name_the_field(api: Any, query: str, field: str) -> None:
    answer = api("teacher").get(f"/search?{query}")
    assert answer.status_code == 422 and field in answer.json["errors"]
