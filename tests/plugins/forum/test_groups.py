"""A working group's own category: opened and renamed with the group, and readable only
by its members, the space's admins and teachers, and site admins.

The group "Rivers" has the pupil lead as its only member; the plain pupil of the same
space is the one who must never learn of it: every page, API operation, list and service
answers them as if the category and its topics did not exist. Groups are changed through
the groups facility's real services and ``etwincms.db.commit``, so the forum hears
``groups_group_saved`` exactly as in production.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.errors import NotFound
from etwincms.groups import services as group_services
from etwincms.groups.models import WorkingGroup
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery, search
from etwincms.testing import SpaceWithMembers
from etwincms_forum import following, groups, policy, queries, services
from etwincms_forum.models import Forum, Post, Subscription, Topic

from .conftest import Browser, ForumSpace, text

MEMBER, OTHER = "pupil_lead", "pupil"
READERS = ("pupil_lead", "teacher", "admin", "site_admin")
NOT_READERS = ("pupil", "observer")


class GroupForum:
    """The forum space with the "Rivers" group (member: the pupil lead)."""

    def __init__(self, forum: ForumSpace) -> None:
        self.forum, self.session = forum, forum.session
        self.group = group_services.create_group(
            self.session,
            forum.user("teacher"),
            forum.project,
            "Rivers",
            [forum.user(MEMBER).id],
        )
        commit(self.session)

    @property
    def category(self) -> Forum:
        found = groups.category_of(self.session, self.forum.project, self.group.id)
        assert found is not None
        return found

    def topic(self, role: str = MEMBER, title: str = "Riverbank plans") -> Topic:
        topic = services.create_topic(
            self.session,
            self.forum.user(role),
            self.forum.project,
            self.category,
            title=title,
            body="Meet at the bridge",
        )
        commit(self.session)
        return topic

    def opening(self, topic: Topic) -> Post:
        post = self.session.scalar(select(Post).where(Post.topic_id == topic.id))
        assert post is not None
        return post


@pytest.fixture
def rivers(forum: ForumSpace) -> GroupForum:
    return GroupForum(forum)


def categories(session: Session, project_id: int) -> list[tuple[str, int | None]]:
    rows = session.execute(
        select(Forum.title, Forum.group_id)
        .where(Forum.project_id == project_id)
        .order_by(Forum.id)
    )
    return [(title, group_id) for title, group_id in rows]


def api_url(forum: ForumSpace, path: str) -> str:
    return f"/api/v1/projects/{forum.project.slug}/forum{path}"


def api_get(browser: Browser, path: str) -> Any:
    return browser.client.get(api_url(browser.forum, path))


def api_post(browser: Browser, path: str, body: dict[str, Any]) -> Any:
    """A script of the signed-in browser session posting with the CSRF header."""
    headers = {"X-CSRFToken": browser.token()}
    return browser.client.post(api_url(browser.forum, path), json=body, headers=headers)


# -- the category follows the group ----------------------------------------------------


def test_creating_a_group_opens_its_category(rivers: GroupForum) -> None:
    forum = rivers.forum
    assert categories(rivers.session, forum.project.id) == [
        ("General", None),
        ("Rivers", rivers.group.id),
    ]
    assert rivers.category.description == "The working group's own forum."


def test_renaming_a_group_renames_its_category_and_keeps_one(
    rivers: GroupForum,
) -> None:
    forum, teacher = rivers.forum, rivers.forum.user("teacher")
    group_services.rename_group(
        rivers.session, teacher, forum.project, rivers.group, "Lakes"
    )
    commit(rivers.session)
    group_services.add_member(
        rivers.session, teacher, forum.project, rivers.group, forum.user(OTHER).id
    )
    commit(rivers.session)
    assert categories(rivers.session, forum.project.id) == [
        ("General", None),
        ("Lakes", rivers.group.id),
    ]


def test_switching_the_forum_on_later_opens_the_groups_categories(
    space: SpaceWithMembers, session: Session
) -> None:
    teacher, admin = space.users["teacher"], space.users["admin"]
    forum = ForumSpace(space, session)  # new spaces may have it on already
    space_plugins.disable_plugin(session, admin, space.project, "forum")
    commit(session)
    group = group_services.create_group(session, teacher, space.project, "Forests")
    commit(session)
    assert categories(session, space.project.id) == [("General", None)]
    space_plugins.enable_plugin(session, admin, forum.project, "forum")
    commit(session)
    assert categories(session, space.project.id) == [
        ("General", None),
        ("Forests", group.id),
    ]


def test_a_category_left_by_an_earlier_group_with_the_same_id_is_not_taken_over(
    rivers: GroupForum,
) -> None:
    """SQLite gives a deleted group's id again: its category must not pass on."""
    old = rivers.category
    old.created_at = rivers.group.created_at - timedelta(days=1)
    rivers.session.flush()
    new = groups.sync_group(rivers.session, None, rivers.forum.project, rivers.group)
    assert new.id != old.id
    assert old.group_id == -rivers.group.id
    assert not policy.may_read_forum(
        rivers.forum.user(MEMBER), rivers.forum.project, old
    )
    assert policy.may_read_forum(
        rivers.forum.user("teacher"), rivers.forum.project, old
    )


# -- who may read it ---------------------------------------------------------------------


def test_who_may_read_the_category(rivers: GroupForum) -> None:
    project = rivers.forum.project
    for role in READERS:
        assert policy.may_read_forum(rivers.forum.user(role), project, rivers.category)
    for role in (*NOT_READERS, "outsider"):
        user = rivers.forum.user(role)
        assert not policy.may_read_forum(user, project, rivers.category), role
    assert not policy.may_read_forum(None, project, rivers.category)


def test_a_member_and_a_teacher_read_and_post_in_it(
    browser: Browser, rivers: GroupForum
) -> None:
    category = rivers.category
    browser.login(MEMBER)
    assert "Rivers" in text(browser.get("/"))
    started = browser.post(
        f"/f/{category.id}/new", {"title": "Riverbank plans", "body": "Boots"}
    )
    assert started.status_code == 302
    topic = rivers.session.scalar(select(Topic).where(Topic.forum_id == category.id))
    assert topic is not None
    browser.login("teacher")
    assert "Riverbank plans" in text(browser.get(f"/f/{category.id}"))
    replied = browser.post(f"/t/{topic.id}/reply", {"body": "See you there"})
    assert replied.status_code == 302
    browser.login(MEMBER)
    page = text(browser.get(f"/t/{topic.id}"))
    assert "Boots" in page and "See you there" in page
    browser.login("site_admin")
    assert browser.get(f"/t/{topic.id}").status_code == 200


def test_a_member_and_a_teacher_read_and_post_through_the_api(
    browser: Browser, rivers: GroupForum
) -> None:
    category = rivers.category
    browser.login(MEMBER)
    created = api_post(
        browser,
        "/topics",
        {"forum_id": category.id, "title": "Water samples", "body": "Jars"},
    )
    assert created.status_code == 201, created.get_json()
    topic_id = created.get_json()["id"]
    browser.login("teacher")
    listed = api_get(browser, f"/topics?forum_id={category.id}").get_json()
    assert [item["title"] for item in listed["items"]] == ["Water samples"]
    replied = api_post(browser, f"/topics/{topic_id}/posts", {"body": "Label them"})
    assert replied.status_code == 201
    browser.login(MEMBER)
    read = api_get(browser, f"/topics/{topic_id}").get_json()
    assert [p["html"] for p in read["posts"]] == [
        "<p>Jars</p>\n",
        "<p>Label them</p>\n",
    ]


# -- everyone else: as if it did not exist -----------------------------------------------


def test_another_pupil_gets_not_found_for_the_category_a_topic_and_a_post(
    browser: Browser, rivers: GroupForum
) -> None:
    topic = rivers.topic()
    post = rivers.opening(topic)
    category = rivers.category
    for role in NOT_READERS:
        browser.login(role)
        for path in (
            f"/f/{category.id}",
            f"/f/{category.id}/new",
            f"/t/{topic.id}",
            f"/t/{topic.id}?quote={post.id}",
            f"/p/{post.id}/history",
            f"/p/{post.id}/edit",
        ):
            answer = browser.get(path)
            assert answer.status_code == 404, (role, path)
            assert "Rivers" not in text(answer)
            assert "Riverbank" not in text(answer)


def test_another_pupil_does_not_see_the_category_nor_its_topics_in_lists(
    browser: Browser, rivers: GroupForum
) -> None:
    rivers.topic()
    rivers.forum.topic("teacher", "Open to all")
    browser.login(OTHER)
    index = text(browser.get("/"))
    assert "General" in index
    assert "Rivers" not in index
    assert "The working group" not in index
    listing = queries.topic_page(
        rivers.session, rivers.forum.user(OTHER), rivers.forum.project
    )
    assert [row.topic.title for row in listing.rows] == ["Open to all"]
    assert listing.total == 1
    titles = [i["title"] for i in api_get(browser, "/topics").get_json()["items"]]
    assert titles == ["Open to all"]
    browser.login(MEMBER)
    titles = [i["title"] for i in api_get(browser, "/topics").get_json()["items"]]
    assert titles == ["Open to all", "Riverbank plans"]


def test_a_pupil_who_leaves_the_group_no_longer_sees_the_topics_they_followed(
    browser: Browser, rivers: GroupForum
) -> None:
    forum, teacher = rivers.forum, rivers.forum.user("teacher")
    topic = rivers.topic()
    browser.login(MEMBER)
    assert "Riverbank plans" in text(browser.get("/subscriptions"))
    group_services.remove_member(
        rivers.session, teacher, forum.project, rivers.group, forum.user(MEMBER).id
    )
    commit(rivers.session)
    assert rivers.session.get(Subscription, (forum.user(MEMBER).id, topic.id))
    assert "Riverbank plans" not in text(browser.get("/subscriptions"))
    assert (
        queries.subscribed_topics(rivers.session, forum.user(MEMBER), forum.project)
        == []
    )
    assert browser.get(f"/t/{topic.id}").status_code == 404


def test_another_pupil_cannot_reply_subscribe_or_start_a_topic(
    browser: Browser, rivers: GroupForum
) -> None:
    topic = rivers.topic()
    category = rivers.category
    browser.login(OTHER)
    assert browser.post(f"/t/{topic.id}/reply", {"body": "Hi"}).status_code == 404
    assert browser.post(f"/t/{topic.id}/subscribe").status_code == 404
    new = browser.post(f"/f/{category.id}/new", {"title": "Mine", "body": "Hi"})
    assert new.status_code == 404
    assert api_get(browser, f"/topics/{topic.id}").status_code == 404
    assert api_get(browser, f"/topics?forum_id={category.id}").status_code == 404
    body = {"forum_id": category.id, "title": "Mine", "body": "Hi"}
    assert api_post(browser, "/topics", body).status_code == 404
    assert (
        api_post(browser, f"/topics/{topic.id}/posts", {"body": "Hi"}).status_code
        == 404
    )
    other = rivers.forum.user(OTHER)
    assert rivers.session.get(Subscription, (other.id, topic.id)) is None
    count = rivers.session.scalar(select(Post.id).where(Post.author_id == other.id))
    assert count is None


def test_the_services_refuse_another_pupil_as_not_found(rivers: GroupForum) -> None:
    """Whatever calls them (a view, the API, a script), the services check too."""
    topic = rivers.topic()
    session, project = rivers.session, rivers.forum.project
    other = rivers.forum.user(OTHER)
    with pytest.raises(NotFound):
        services.reply(session, other, project, topic, body="Hi")
    with pytest.raises(NotFound):
        following.subscribe(session, other, project, topic)
    with pytest.raises(NotFound):
        services.create_topic(
            session, other, project, rivers.category, title="T", body="B"
        )
    with pytest.raises(NotFound):
        queries.get_post(session, other, project, rivers.opening(topic).id)


def test_after_the_group_is_deleted_only_teachers_read_its_category(
    browser: Browser, rivers: GroupForum
) -> None:
    topic = rivers.topic()
    category_id = rivers.category.id
    group_services.delete_group(
        rivers.session, rivers.forum.user("teacher"), rivers.forum.project, rivers.group
    )
    commit(rivers.session)
    assert rivers.session.get(WorkingGroup, rivers.group.id) is None
    browser.login(MEMBER)
    assert browser.get(f"/t/{topic.id}").status_code == 404
    assert browser.get(f"/f/{category_id}").status_code == 404
    assert "Rivers" not in text(browser.get("/"))
    browser.login("teacher")
    assert browser.get(f"/t/{topic.id}").status_code == 200
    assert "Rivers" in text(browser.get("/"))


# -- search ---------------------------------------------------------------------------


def topics_found(rivers: GroupForum, role: str) -> list[str]:
    found = search(rivers.session, rivers.forum.user(role), SearchQuery("kingfisher"))
    return sorted(hit.title for hit in found.hits if hit.type == "forum_topic")


def test_group_topics_are_found_by_members_and_teachers_only(
    rivers: GroupForum,
) -> None:
    rivers.topic(title="Kingfisher survey")
    rivers.forum.topic("teacher", "Kingfisher photos")
    for role in READERS:
        assert topics_found(rivers, role) == [
            "Kingfisher photos",
            "Kingfisher survey",
        ], role
    assert topics_found(rivers, OTHER) == ["Kingfisher photos"]
    for role in NOT_READERS:
        assert "Kingfisher survey" not in topics_found(rivers, role), role


def test_other_pupils_search_counts_have_no_trace_of_group_topics(
    rivers: GroupForum,
) -> None:
    rivers.topic(title="Kingfisher survey")
    rivers.forum.topic("teacher", "Kingfisher photos")
    found = search(rivers.session, rivers.forum.user(OTHER), SearchQuery("kingfisher"))
    assert found.total == len(found.hits) == 2  # the photos topic and its opening post
    assert found.facets["type"] == {"forum_topic": 1, "forum_post": 1}


def test_a_new_member_finds_the_groups_topics_and_a_former_one_does_not(
    rivers: GroupForum,
) -> None:
    rivers.topic(title="Kingfisher survey")
    teacher, project = rivers.forum.user("teacher"), rivers.forum.project
    pupil = rivers.forum.user(OTHER)
    group_services.add_member(rivers.session, teacher, project, rivers.group, pupil.id)
    commit(rivers.session)
    assert topics_found(rivers, OTHER) == ["Kingfisher survey"]
    group_services.remove_member(
        rivers.session, teacher, project, rivers.group, pupil.id
    )
    commit(rivers.session)
    assert topics_found(rivers, OTHER) == []


def test_a_deleted_groups_topics_are_found_by_teachers_only(
    rivers: GroupForum,
) -> None:
    rivers.topic(title="Kingfisher survey")
    group_services.delete_group(
        rivers.session, rivers.forum.user("teacher"), rivers.forum.project, rivers.group
    )
    commit(rivers.session)
    assert topics_found(rivers, MEMBER) == []
    assert topics_found(rivers, "teacher") == ["Kingfisher survey"]
