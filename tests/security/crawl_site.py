"""The seeded site the authorization crawler visits: two spaces, every plugin, every actor.

Space A is public, with a public and a members-only page, every first-party plugin on,
and one object of each kind; space B is private, with the same objects, and three
plugins (glossary, survey, embed) switched off again after their objects were made.
Actors are the crawler's: anonymous, a site admin, space A's admin, teacher, pupil
lead, pupil and observer, and "other", a teacher who is a member of space B only.
Everything is made through the real services, so every id in a crawled URL is real.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_blog
import etwincms_embed
import etwincms_forum
import etwincms_gallery
import etwincms_glossary
import etwincms_meetings
import etwincms_partners
import etwincms_survey
import etwincms_wiki
from etwincms.db import commit
from etwincms.models import Membership, Page, Project, Role, User, Visibility
from etwincms.services import invites, materials, pages, tokens
from etwincms.services import plugins as space_plugins
from etwincms.testing import Factory
from etwincms_blog import comments as blog_comments
from etwincms_blog import services as blog
from etwincms_embed import services as embed
from etwincms_forum import services as forum
from etwincms_forum.models import Forum
from etwincms_forum.models import Post as ForumPost
from etwincms_gallery import services as gallery
from etwincms_glossary import services as glossary
from etwincms_glossary.services import TermInput
from etwincms_meetings import feeds as meeting_feeds
from etwincms_meetings import followup as meeting_followup
from etwincms_meetings import services as meetings
from etwincms_partners import messaging as partner_messages
from etwincms_partners import services as partners
from etwincms_partners.filters import Filters as PartnerFilters
from etwincms_survey import services as survey
from etwincms_wiki import services as wiki
from etwincms_wiki.models import Revision

PLUGINS = [
    etwincms_blog,
    etwincms_embed,
    etwincms_forum,
    etwincms_gallery,
    etwincms_glossary,
    etwincms_meetings,
    etwincms_partners,
    etwincms_survey,
    etwincms_wiki,
]
ACTORS = (
    "anon",
    "site_admin",
    "admin",
    "teacher",
    "pupil_lead",
    "pupil",
    "observer",
    "other",
)
OFF_IN_B = ("glossary", "survey", "embed")
VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
QUESTIONS = [
    {
        "key": "mood",
        "type": "rating",
        "scale": [1, 5],
        "text": {"en": "How do you feel?"},
    },
    {"key": "note", "type": "long", "text": {"en": "Anything else?"}},
]


@dataclass
class Site:
    """The actors, their API tokens, and the URL values of each crawled target."""

    users: dict[str, User]
    tokens: dict[str, str]
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    common: dict[str, Any] = field(default_factory=dict)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), "olive").save(out, "PNG")
    return out.getvalue()


def build_site(session: Session) -> Site:
    """Seed the whole site and commit it; answer what the crawler needs to fill URLs."""
    make = Factory(session)
    users = make_users(make)
    space_a = make_space_a(make, users)
    b_admin = make.user("b_admin", school=make.school("fr"))
    space_b = make.space(b_admin, title="Space B", languages=["en", "es"])
    make.member(space_b, users["other"], Role.TEACHER, school=make.school("de"))
    b_pupil = make.user("b_pupil", kind="pupil", school=make.school("de"))
    make.member(space_b, b_pupil, Role.PUPIL, school=make.school("de"))
    commit(session)
    secrets, pupil_token = make_tokens(session, users)
    # Someone else's token, for the revoke routes: only the pupil may revoke it.
    site = Site(users, secrets, common={"token_id": pupil_token})
    a_objects = seed_space(session, space_a, users["admin"], users["pupil"])
    site.common |= {"secret": a_objects["secret"], "user_id": users["pupil"].id}
    site.common["feed_token"] = a_objects["feed_token"]  # the pupil's calendar feed
    site.common |= seed_partners(session, users, space_a)  # site-level: no space
    b_objects = seed_space(session, space_b, b_admin, b_pupil)
    for name in OFF_IN_B:
        space_plugins.disable_plugin(session, b_admin, space_b, name)
    commit(session)
    site.values["A"] = a_objects
    site.values["B"] = b_objects
    return site


def make_users(make: Factory) -> dict[str, User]:
    home, partner = make.school("es"), make.school("de")
    return {
        "site_admin": make.user("site_admin", kind="staff", site_admin=True),
        "admin": make.user("admin", school=home),
        "teacher": make.user("teacher", school=partner),
        "pupil_lead": make.user("pupil_lead", kind="pupil", school=home),
        "pupil": make.user("pupil", kind="pupil", school=home),
        "observer": make.user("observer", kind="staff"),
        "other": make.user("other", school=partner),
    }


def make_space_a(make: Factory, users: dict[str, User]) -> Project:
    project = make.space(users["admin"], title="Space A", languages=["en", "es"])
    project.is_public = True
    for role in ("teacher", "pupil_lead", "pupil", "observer"):
        school = (
            users[role].school_id and make.schools["es" if "pupil" in role else "de"]
        )
        make.member(project, users[role], Role(role), school=school or None)
    return project


def make_tokens(session: Session, users: dict[str, User]) -> tuple[dict[str, str], int]:
    """Every actor's read-write API token; and the id of the pupil's."""
    made, ids = {}, {}
    for actor, user in users.items():
        token, made[actor] = tokens.create_token(
            session, user, name="crawler", scopes=["read", "write"]
        )
        ids[actor] = token.id
    commit(session)
    return made, ids["pupil"]


def seed_space(
    session: Session, project: Project, admin: User, pupil: User
) -> dict[str, Any]:
    """One object of every kind in ``project``; answer the URL values that reach them."""
    values: dict[str, Any] = {"slug": project.slug}
    values |= seed_pages(session, project, admin)
    values |= seed_members(session, project, admin, pupil)
    values |= seed_materials(session, project, admin)
    for seed in (seed_forum, seed_blog, seed_wiki, seed_glossary, seed_gallery):
        values |= seed(session, project, admin)
    values |= seed_survey(session, project, admin)
    values |= seed_embed(session, project, admin)
    values |= seed_meetings(session, project, admin, pupil)
    commit(session)
    return values


def seed_pages(session: Session, project: Project, admin: User) -> dict[str, Any]:
    public = pages.create_page(
        session,
        admin,
        project,
        title="Welcome",
        body="Hello",
        visibility=Visibility.PUBLIC,
    )
    members = pages.create_page(session, admin, project, title="Team", body="Our team")
    trashed = pages.create_page(session, admin, project, title="Old", body="Gone")
    pages.trash_page(session, admin, project, trashed)
    commit(session)
    return {
        "public_page": page_values(public),
        "members_page": page_values(members),
        "trashed_page_id": trashed.id,
    }


def page_values(page: Page) -> dict[str, Any]:
    return {"path": page.path, "page_id": page.id}


def seed_members(
    session: Session, project: Project, admin: User, pupil: User
) -> dict[str, Any]:
    link, secret = invites.create_invite_link(session, admin, project, role="teacher")
    membership = session.scalar(
        select(Membership).where(
            Membership.project_id == project.id, Membership.user_id == pupil.id
        )
    )
    assert membership is not None
    return {"link_id": link.id, "secret": secret, "membership_id": membership.id}


def seed_materials(session: Session, project: Project, admin: User) -> dict[str, Any]:
    kept = materials.attach_material(
        session, admin, project, io.BytesIO(png()), filename="a.png"
    )
    trashed = materials.attach_material(
        session, admin, project, io.BytesIO(png()), filename="b.png"
    )
    commit(session)
    materials.delete_material(session, admin, project, trashed)
    return {
        "material_id": kept.id,
        "name": kept.original_name,
        "trashed_material_id": trashed.id,
    }


def seed_forum(session: Session, project: Project, admin: User) -> dict[str, Any]:
    general = session.scalar(select(Forum).where(Forum.project_id == project.id))
    assert general is not None
    topic = forum.create_topic(
        session, admin, project, general, title="Hello", body="Hi all"
    )
    post = session.scalar(select(ForumPost).where(ForumPost.topic_id == topic.id))
    assert post is not None
    return {"forum_id": general.id, "topic_id": topic.id, "forum_post_id": post.id}


def seed_blog(session: Session, project: Project, admin: User) -> dict[str, Any]:
    diary = blog.create_blog(session, admin, project, title="Diary")
    post = blog.create_post(
        session,
        admin,
        project,
        diary,
        title="Day one",
        body="Olives",
        status="published",
    )
    commit(session)
    comment = blog_comments.add_comment(session, admin, project, post, body="Nice")
    return {"blog_id": diary.id, "blog_post_id": post.id, "comment_id": comment.id}


def seed_wiki(session: Session, project: Project, admin: User) -> dict[str, Any]:
    article = wiki.create_article(session, admin, project, title="Olive", body="A tree")
    revision = session.scalar(select(Revision).where(Revision.article_id == article.id))
    assert revision is not None
    return {"article_id": article.id, "revision_id": revision.id}


def seed_glossary(session: Session, project: Project, admin: User) -> dict[str, Any]:
    concept = glossary.create_concept(
        session, admin, project, terms={"en": TermInput("olive")}, category=""
    )
    return {"concept_id": concept.id}


def seed_gallery(session: Session, project: Project, admin: User) -> dict[str, Any]:
    album = gallery.create_album(session, admin, project, title="Trip")
    items, _notes = gallery.upload_items(
        session, admin, project, album, [(io.BytesIO(png()), "a.png")]
    )
    return {"album_id": album.id, "item_id": items[0].id, "variant": "small"}


def seed_survey(session: Session, project: Project, admin: User) -> dict[str, Any]:
    made = survey.create_survey(
        session, admin, project, title="Trip", questions=QUESTIONS, audience="public"
    )
    survey.set_status(session, admin, project, made, "open")
    return {"survey_id": made.id, "key": "mood", "token": made.public_token}


def seed_embed(session: Session, project: Project, admin: User) -> dict[str, Any]:
    item = embed.create(session, admin, project, title="Film", url=VIDEO)
    return {"embed_id": item.id}


def seed_meetings(
    session: Session, project: Project, admin: User, pupil: User
) -> dict[str, Any]:
    """A meeting with pupils (a decision noted) and the pupil's calendar feed."""
    start = datetime(2027, 3, 22, 10, tzinfo=UTC)
    made = meetings.schedule_meeting(
        session, admin, project, title="Call", starts_at=start, audience="everyone"
    )
    decision = meeting_followup.add_decision(session, admin, project, made, "Meet")
    secret = meeting_feeds.new_feed(session, pupil, project)
    return {"meeting_id": made.id, "decision_id": decision.id, "feed_token": secret}


def seed_partners(
    session: Session, users: dict[str, User], space_a: Project
) -> dict[str, Any]:
    """Partner finding (site-level): space A listed (its admin founded it), a post by
    A's admin, the teacher's discoverable profile, the admin's school's profile, a
    thread from the teacher to the admin with the message reported by the admin, and
    the teacher's saved search."""
    admin, teacher = users["admin"], users["teacher"]
    space_plugins.enable_plugin(session, admin, space_a, "partners")
    commit(session)
    partners.set_listing(session, admin, space_a, {"listed": True})
    post = partners.create_post(
        session,
        admin,
        {"topic": "Olives", "partnership_type": "etwinning", "looking_for": "school"},
    )
    partners.save_member_profile(session, teacher, {"discoverable": True})
    partners.save_school_profile(session, admin, {"languages": "es"})
    thread = partner_messages.start_thread(
        session, teacher, admin, subject="Hi", body="Hello"
    )
    message_id = partner_messages.read_thread(session, admin, thread.id)[1][0][0].id
    report = partner_messages.report(session, admin, message_id, "spam")
    saved = partners.save_search(session, teacher, "Mine", "posts", PartnerFilters())
    commit(session)
    return {
        "partners_post_id": post.id,
        "partners_user_id": teacher.id,
        "partners_space": space_a.slug,
        "school_id": admin.school_id,
        "thread_id": thread.id,
        "message_id": message_id,
        "report_id": report.id,
        "search_id": saved.id,
    }
