"""The blog's part in the project lifecycle: contributions, pupils' posts waiting for a
teacher before they are public, the static export and the Erasmus+ starter blogs."""

from __future__ import annotations

import io
import re
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.moderation.consent import record_shown
from etwincms.moderation.models import Consent, ConsentLevel
from etwincms.plugins import project_hooks
from etwincms.services import materials
from etwincms_blog import services
from etwincms_blog.models import Blog

from .conftest import BlogSpace, Browser, text


def hook_items(blog: BlogSpace, hook: str) -> list[Any]:
    batches = getattr(project_hooks(blog.project), hook)(project=blog.project)
    return [item for batch in batches for item in batch or ()]


def waiting_ids(blog: BlogSpace) -> list[str]:
    return [p.item.id for p in hook_items(blog, "pending_publications")]


def decide(blog: BlogSpace, item_id: str, approve: bool) -> Any:
    hooks = project_hooks(blog.project)
    handled = hooks.decide_publication(
        project=blog.project,
        item_id=item_id,
        approve=approve,
        actor=blog.user("teacher"),
    )
    commit(blog.session)
    return handled


@pytest.fixture
def public_diary(blog: BlogSpace) -> Blog:
    blog.make_public()
    return blog.make_blog(visibility="public")


def test_contributions_are_the_live_posts_once_each(blog: BlogSpace) -> None:
    diary = blog.make_blog(visibility="public")
    blog.make_public()
    shown = blog.write("teacher", diary, "Welcome")
    waiting = blog.write("pupil", diary, "My first day")
    blog.write("pupil", diary, "Secret draft", status="draft")

    items = {c.id: c for c in hook_items(blog, "space_contributions")}

    assert set(items) == {f"blog_post:{shown.id}", f"blog_post:{waiting.id}"}
    welcome = items[f"blog_post:{shown.id}"]
    assert welcome.public and not welcome.output
    assert welcome.url == f"/s/{blog.project.slug}/-/blog/p/{shown.id}"
    assert welcome.author_id == blog.user("teacher").id
    assert welcome.created_at.tzinfo is not None
    assert not items[f"blog_post:{waiting.id}"].public


def test_a_pupils_public_post_waits_and_a_teachers_does_not(
    blog: BlogSpace, public_diary: Blog, browser: Browser
) -> None:
    teachers = blog.write("teacher", public_diary, "Programme of the week")
    pupils = blog.write("pupil", public_diary, "Olive harvest")
    members = blog.make_blog("Members' corner")
    blog.write("pupil", members, "Only for us")

    assert waiting_ids(blog) == [f"blog_post:{pupils.id}"]
    assert pupils.publication == "pending" and teachers.publication == ""
    listing = text(browser.get(f"/b/{public_diary.id}"))  # a visitor
    assert "Programme of the week" in listing and "Olive harvest" not in listing
    assert browser.get(f"/p/{pupils.id}").status_code == 404
    browser.login("teacher")
    assert "Olive harvest" in text(browser.get(f"/b/{public_diary.id}"))
    browser.login("pupil")
    assert "waiting for a teacher" in text(browser.get(f"/p/{pupils.id}"))


def test_approving_makes_the_post_public_and_rejecting_keeps_it_members_only(
    blog: BlogSpace, public_diary: Blog, browser: Browser
) -> None:
    approved = blog.write("pupil", public_diary, "Approved story")
    rejected = blog.write("pupil_lead", public_diary, "Rejected story")

    assert decide(blog, f"blog_post:{approved.id}", True) is True
    assert decide(blog, f"blog_post:{rejected.id}", False) is True

    assert waiting_ids(blog) == []
    assert (approved.publication, rejected.publication) == ("approved", "rejected")
    assert rejected.publication_requested_at is None
    listing = text(browser.get(f"/b/{public_diary.id}"))
    assert "Approved story" in listing and "Rejected story" not in listing
    public = {c.id for c in hook_items(blog, "space_contributions") if c.public}
    assert public == {f"blog_post:{approved.id}"}


def test_a_pupils_edit_of_an_approved_post_waits_again(
    blog: BlogSpace, public_diary: Blog
) -> None:
    post = blog.write("pupil", public_diary, "Story")
    decide(blog, f"blog_post:{post.id}", True)
    services.edit_post(blog.session, blog.user("pupil"), blog.project, post, body="New")
    commit(blog.session)
    assert waiting_ids(blog) == [f"blog_post:{post.id}"]


def test_other_ids_are_not_the_blogs_and_decided_posts_cannot_be_decided_again(
    blog: BlogSpace, public_diary: Blog
) -> None:
    post = blog.write("pupil", public_diary, "Story")
    assert decide(blog, "gallery_item:1", True) is None
    decide(blog, f"blog_post:{post.id}", False)
    with pytest.raises(ValidationError, match="does not wait"):
        decide(blog, f"blog_post:{post.id}", True)


def test_a_post_showing_a_pupil_without_public_consent_is_refused_with_the_reason(
    blog: BlogSpace, public_diary: Blog
) -> None:
    post = blog.write("pupil", public_diary, "Group photo")
    item = f"blog_post:{post.id}"
    record_shown(blog.session, blog.project, item, [blog.user("pupil").id])
    commit(blog.session)

    with pytest.raises(ValidationError, match="without consent for public use"):
        decide(blog, item, True)
    blog.session.rollback()
    assert waiting_ids(blog) == [item]

    pupil_id = blog.user("pupil").id
    blog.session.add(Consent(pupil_id=pupil_id, level=ConsentLevel.PUBLIC, note=""))
    commit(blog.session)
    assert decide(blog, item, True) is True


def test_making_a_blog_public_queues_its_pupils_posts_and_checks_consent(
    blog: BlogSpace,
) -> None:
    blog.make_public()
    diary = blog.make_blog()
    by_pupil = blog.write("pupil", diary, "Members' story")
    by_teacher = blog.write("teacher", diary, "Teacher's photo")
    record_shown(
        blog.session,
        blog.project,
        f"blog_post:{by_teacher.id}",
        [blog.user("pupil").id],
    )
    commit(blog.session)
    admin = blog.user("admin")
    with pytest.raises(ValidationError, match="without consent"):
        services.update_blog(
            blog.session, admin, blog.project, diary, visibility="public"
        )
    blog.session.rollback()

    services.delete_post(blog.session, admin, blog.project, by_teacher)
    services.update_blog(blog.session, admin, blog.project, diary, visibility="public")
    commit(blog.session)
    assert waiting_ids(blog) == [f"blog_post:{by_pupil.id}"]


def test_the_export_has_public_posts_without_pupil_names_or_external_resources(
    blog: BlogSpace, public_diary: Blog
) -> None:
    picture = materials.attach_material(
        blog.session, blog.user("teacher"), blog.project, _png(), filename="mill.png"
    )
    commit(blog.session)
    address = f"/s/{blog.project.slug}/-/materials/{picture.id}/mill.png"
    body = (
        f"We saw the mill.\n\n![The mill]({address})\n\n"
        '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n'
        "![remote](https://example.org/cat.png)\n\n<script>alert(1)</script>"
    )
    pupils = blog.write("pupil", public_diary, "Mill visit", body=body)
    decide(blog, f"blog_post:{pupils.id}", True)
    blog.write("pupil", public_diary, "Still waiting")
    blog.write("teacher", blog.make_blog("Members only"), "Internal notes")

    pages = hook_items(blog, "public_export")

    assert [page.title for page in pages] == ["Mill visit", "Mobility diary"]
    page, listing = pages
    assert listing.path == f"blog/blog-{public_diary.id}.html"
    assert f'href="{page.url}"' in listing.html
    assert page.path == f"blog/post-{pupils.id}.html"
    assert page.url == f"/s/{blog.project.slug}/-/blog/p/{pupils.id}"
    pupil = blog.user("pupil")
    for name in (pupil.display_name, pupil.username):
        assert name not in page.html and name not in page.text
    assert "pupil, School ES" in page.html
    assert "<script" not in page.html and "<iframe" not in page.html
    assert not re.search(r"<[^>]*\bsrc=\"(https?:)?//", page.html)
    assert [f.path for f in page.files] == [f"blog/files/{picture.id}-mill.png"]
    assert page.files[0].storage_key == picture.storage_key
    assert f'src="files/{picture.id}-mill.png"' in page.html
    assert "mill" in page.text.lower()


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), "olive").save(data, "PNG")
    data.seek(0)
    return data


def test_the_erasmus_template_creates_a_bulletin_and_a_diary_once(
    blog: BlogSpace,
) -> None:
    hooks = project_hooks(blog.project)
    for _round in range(2):
        hooks.space_template_applied(
            project=blog.project, template="erasmus_blended", user=blog.user("admin")
        )
        commit(blog.session)
    blogs = list(blog.session.query(Blog).filter_by(project_id=blog.project.id))
    assert [(b.title, b.writer_roles) for b in blogs] == [
        ("Teachers' bulletin", ["admin", "teacher"]),
        ("Mobility diary", ["admin", "teacher", "pupil_lead", "pupil"]),
    ]
    mobility = SimpleNamespace(
        id=1, title="Porto", starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 14)
    )
    hooks.mobility_saved(
        project=blog.project, mobility=mobility, user=None, is_new=True
    )
    commit(blog.session)
    assert (blogs[1].reflection_start, blogs[1].reflection_end) == (
        date(2027, 3, 1),
        date(2027, 3, 14),
    )


def test_other_templates_and_spaces_with_blogs_get_no_starter_blogs(
    blog: BlogSpace,
) -> None:
    hooks = project_hooks(blog.project)
    hooks.space_template_applied(
        project=blog.project, template="blank", user=blog.user("admin")
    )
    blog.make_blog("Our own blog")
    hooks.space_template_applied(
        project=blog.project, template="erasmus_blended", user=blog.user("admin")
    )
    commit(blog.session)
    titles = [
        b.title for b in blog.session.query(Blog).filter_by(project_id=blog.project.id)
    ]
    assert titles == ["Our own blog"]
