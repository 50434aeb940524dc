"""Teachers set blogs up in the browser, and follow the weekly reflections."""

from __future__ import annotations

from datetime import date, timedelta

from etwincms_blog import services
from etwincms_blog.models import Blog

from .conftest import BlogSpace, Browser, text


def test_a_teacher_creates_a_blog_and_changes_its_settings(
    browser: Browser, blog: BlogSpace
) -> None:
    browser.login("teacher")
    form = {
        "title": "Mobility diary Valencia 2026",
        "description": "One entry a week",
        "visibility": "members",
        "writer_roles": ["admin", "teacher", "pupil"],
        "travellers": [str(blog.user("pupil").id)],
    }
    assert browser.post("/new", form).status_code == 302
    diary = blog.session.query(Blog).one()
    assert diary.writer_roles == ["admin", "teacher", "pupil"]
    assert services.traveller_ids(blog.session, diary) == {blog.user("pupil").id}
    page = text(browser.get(f"/b/{diary.id}/settings"))
    assert "Mobility diary Valencia 2026" in page and "checked" in page

    bad = {**form, "reflection_start": "2026-03-10", "reflection_end": "2026-03-01"}
    answer = browser.post(f"/b/{diary.id}/settings", bad)
    assert answer.status_code == 400 and "before the first" in text(answer)
    assert (
        browser.post(
            f"/b/{diary.id}/settings", {**form, "writer_roles": []}
        ).status_code
        == 400
    )
    dates = {**form, "reflection_start": "2026-03-02", "reflection_end": "2026-03-15"}
    assert browser.post(f"/b/{diary.id}/settings", dates).status_code == 302
    blog.session.refresh(diary)
    assert (diary.reflection_start, diary.reflection_end) == (
        date(2026, 3, 2),
        date(2026, 3, 15),
    )


def test_teachers_see_who_has_not_written_this_week(
    browser: Browser, blog: BlogSpace
) -> None:
    today = date.today()
    diary = blog.make_blog(
        reflection_start=today - timedelta(days=7), reflection_end=today
    )
    blog.write("pupil", diary, "This week")
    browser.login("teacher")
    page = text(browser.get(f"/b/{diary.id}/reflections"))
    assert "Not written yet this week: Pupil_Lead_User" in page
    browser.login("pupil_lead")
    assert "You have not written this week" in text(browser.get(f"/b/{diary.id}"))
    browser.login("pupil")
    assert "Your reflection for this week is written" in text(
        browser.get(f"/b/{diary.id}")
    )


def test_travellers_narrow_who_is_asked(browser: Browser, blog: BlogSpace) -> None:
    today = date.today()
    diary = blog.make_blog(
        reflection_start=today, reflection_end=today + timedelta(days=6)
    )
    services.set_travellers(
        blog.session, blog.user("admin"), blog.project, diary, [blog.user("pupil").id]
    )
    blog.session.commit()
    browser.login("teacher")
    page = text(browser.get(f"/b/{diary.id}/reflections"))
    assert "Not written yet this week: Pupil_User" in page
    assert "Pupil_Lead_User" not in page
