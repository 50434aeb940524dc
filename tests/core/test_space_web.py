"""Starting a space and changing its settings in the browser (over HTTP)."""

from __future__ import annotations

from typing import Any

from etwincms.testing import csrf_token


def test_a_teacher_starts_a_space_from_the_blended_mobility_template(
    client: Any, auth: Any, make: Any, session: Any
) -> None:
    make.user("teacher", school=make.school("es"))
    session.commit()
    auth.login("teacher")
    page = client.get("/spaces/new").get_data(as_text=True)
    assert "Erasmus+ blended mobility (IVET)" in page
    response = client.post(
        "/spaces/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Bees and Orchards",
            "languages": "en, es",
            "subjects": "Agriculture",
            "template": "erasmus_blended",
            "start_date": "2026-09-01",
            "end_date": "2027-06-30",
        },
    )
    assert response.headers["Location"].endswith("/s/bees-and-orchards/")
    home = client.get("/s/bees-and-orchards/").get_data(as_text=True)
    for title in (
        "Before the mobility",
        "Mobility diary",
        "Evaluation",
        "Dissemination",
    ):
        assert title in home
    assert "Settings" in home  # the founder is the space's admin


def test_bad_input_keeps_what_was_typed(
    client: Any, auth: Any, make: Any, session: Any
):
    make.user("teacher")
    session.commit()
    auth.login("teacher")
    page = client.get("/spaces/new").get_data(as_text=True)
    response = client.post(
        "/spaces/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Bees",
            "description": "about bees",
            "start_date": "2026-13-01",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Use a date like" in html and "about bees" in html


def test_pupils_cannot_start_spaces(client: Any, auth: Any, space: Any) -> None:
    space.login(auth, "pupil")
    assert client.get("/spaces/new").status_code == 403


def test_admins_change_details_make_public_and_archive(
    client: Any, auth: Any, space: Any
):
    slug = space.project.slug
    space.login(auth, "admin")
    page = client.get(f"/s/{slug}/-/settings").get_data(as_text=True)
    response = client.post(
        f"/s/{slug}/-/settings",
        data={
            "csrf_token": csrf_token(page),
            "title": "Renamed",
            "is_public": "1",
            "languages": "en, nl",
        },
    )
    assert response.status_code == 302
    assert "Renamed" in client.get(f"/s/{slug}/").get_data(as_text=True)
    token = csrf_token(client.get(f"/s/{slug}/-/settings").get_data(as_text=True))
    client.post(f"/s/{slug}/-/settings/archive", data={"csrf_token": token})
    settings = client.get(f"/s/{slug}/-/settings").get_data(as_text=True)
    assert "Reopen the space" in settings
    assert (
        client.get(f"/s/{slug}/-/new").status_code == 403
    )  # archived: nothing changes
    auth.logout()
    assert client.get(f"/s/{slug}/").status_code == 200  # public now, for everyone


def test_teachers_cannot_change_the_space_settings(client: Any, auth: Any, space: Any):
    space.login(auth, "teacher")
    assert client.get(f"/s/{space.project.slug}/-/settings").status_code == 403


def test_admins_give_pupils_page_creation_but_never_member_management(
    client: Any, auth: Any, space: Any, session: Any
) -> None:
    slug = space.project.slug
    space.login(auth, "admin")
    page = client.get(f"/s/{slug}/-/settings/roles").get_data(as_text=True)
    assert "never" in page and 'name="pupil:page.create"' in page
    assert 'name="pupil:member.manage"' not in page
    client.post(
        f"/s/{slug}/-/settings/roles",
        data={"csrf_token": csrf_token(page), "pupil:page.create": "allow"},
    )
    forged = client.post(
        f"/s/{slug}/-/settings/roles",
        data={"csrf_token": csrf_token(page), "pupil:member.manage": "allow"},
    )
    assert "can never be given" in client.get(forged.headers["Location"]).get_data(
        as_text=True
    )
    auth.logout()
    space.login(auth, "pupil")
    assert client.get(f"/s/{slug}/-/new").status_code == 200
    assert client.get(f"/s/{slug}/-/people/pupils").status_code == 403


def test_teachers_cannot_change_roles(client: Any, auth: Any, space: Any) -> None:
    space.login(auth, "teacher")
    assert client.get(f"/s/{space.project.slug}/-/settings/roles").status_code == 403
