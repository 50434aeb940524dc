"""Changing the blog: blogs and their settings, posts, publishing and scheduling.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions itself (so the web UI, the API and the CLI can never disagree), validates its
input with a :class:`~etwincms.errors.ValidationError` naming the field, and flushes —
the caller commits with ``etwincms.db.commit`` so that queued events reach other plugins
only after the change is stored. Post text is rendered (wiki links, the space's Markdown
extensions) and sanitized here, once, at save. Comments live in :mod:`.comments`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import NotFound, ValidationError
from etwincms.models import Membership, MembershipStatus, Project, User
from etwincms.permissions import require
from etwincms.search import outbox as search_outbox
from etwincms.services import audit
from etwincms.services.revisions import render_page_body
from etwincms.services.validation import required_text

from . import policy, publication
from .models import (
    DEFAULT_WRITERS,
    PHASES,
    VISIBILITIES,
    WRITER_ROLES,
    Blog,
    Post,
    PostTag,
    Traveller,
)

MAX_BODY = 50_000
MAX_TAGS = 10
#: Dates outside these years are typing mistakes (and would overflow at the edges).
FIRST_YEAR, LAST_YEAR = 2000, 2199
UNSET: Any = object()


def search_changed(session: Session, project: Project) -> None:
    """The space's blog documents changed: the index rebuilds them after the commit."""
    search_outbox.enqueue_plugin(session, project, "blog")


# -- blogs ---------------------------------------------------------------------------


def create_blog(
    session: Session, actor: User | None, project: Project, *, title: str, **fields: Any
) -> Blog:
    """A new blog; ``fields`` as :func:`update_blog` takes them."""
    require(actor, "blog.manage", project)
    blog = Blog(project_id=project.id, title="", writer_roles=list(DEFAULT_WRITERS))
    apply_blog_fields(blog, {"title": title, **fields})
    session.add(blog)
    session.flush()
    audit.record(session, actor, "blog.create", project, blog, title=blog.title)
    return blog


def update_blog(
    session: Session, actor: User | None, project: Project, blog: Blog, **fields: Any
) -> None:
    """Change a blog's title, description, visibility, writers or reflection dates."""
    require(actor, "blog.manage", project)
    policy.check_blog(project, blog)
    was_public = blog.is_public
    apply_blog_fields(blog, fields)
    if blog.is_public and not was_public:
        publication.hold_unapproved(session, project, blog)
    audit.record(session, actor, "blog.update", project, blog, fields=sorted(fields))
    search_changed(session, project)  # visibility decides who finds its posts


def apply_blog_fields(blog: Blog, fields: dict[str, Any]) -> None:
    cleaners = {
        "title": lambda v: required_text(v, "title", 200),
        "description": clean_description,
        "visibility": lambda v: one_of(v, VISIBILITIES, "visibility"),
        "writer_roles": clean_roles,
    }
    for name, value in fields.items():
        if name in cleaners:
            setattr(blog, name, cleaners[name](value))
    if "reflection_start" in fields or "reflection_end" in fields:
        start = fields.get("reflection_start", blog.reflection_start)
        end = fields.get("reflection_end", blog.reflection_end)
        blog.reflection_start, blog.reflection_end = clean_dates(start, end)


def clean_description(value: str | None) -> str:
    text = " ".join((value or "").split())
    if len(text) > 500:
        raise ValidationError(
            _("The description is too long (at most 500 characters)."),
            field="description",
        )
    return text


def one_of(value: Any, allowed: Iterable[str], field: str) -> str:
    if value not in tuple(allowed):
        raise ValidationError(
            _("Choose one of: %(choices)s.", choices=", ".join(allowed)), field=field
        )
    return str(value)


def clean_roles(values: Iterable[str] | None) -> list[str]:
    roles = [one_of(value, WRITER_ROLES, "writer_roles") for value in values or ()]
    if not roles:
        raise ValidationError(
            _("Choose at least one role that may post."), field="writer_roles"
        )
    return [role for role in WRITER_ROLES if role in roles]


def clean_dates(
    start: date | None, end: date | None
) -> tuple[date | None, date | None]:
    """Both dates or neither, the end not before the start, at most a year apart."""
    if (start is None) != (end is None):
        raise ValidationError(
            _("Give both the first and the last day."), field="reflection_end"
        )
    if start is not None and end is not None:
        if not (start.year >= FIRST_YEAR and end.year <= LAST_YEAR):
            raise ValidationError(
                _("Choose days between 2000 and 2199."), field="reflection_start"
            )
        if end < start:
            raise ValidationError(
                _("The last day is before the first."), field="reflection_end"
            )
        if (end - start).days > 366:
            raise ValidationError(
                _("Ask for reflections over a year at most."), field="reflection_end"
            )
    return start, end


def set_travellers(
    session: Session, actor: User, project: Project, blog: Blog, user_ids: Iterable[int]
) -> None:
    """Name the members who went on the mobility (ids of non-members are refused)."""
    require(actor, "blog.manage", project)
    policy.check_blog(project, blog)
    wanted = set(user_ids)
    members = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.project_id == project.id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.user_id.in_(wanted),
            )
        )
    )
    if wanted - members:
        raise ValidationError(
            _("Only members of the space can be travellers."), field="travellers"
        )
    session.execute(delete(Traveller).where(Traveller.blog_id == blog.id))
    session.add_all(Traveller(blog_id=blog.id, user_id=uid) for uid in sorted(wanted))
    session.flush()
    audit.record(session, actor, "blog.travellers", project, blog, count=len(wanted))


def traveller_ids(session: Session, blog: Blog) -> set[int]:
    return set(
        session.scalars(select(Traveller.user_id).where(Traveller.blog_id == blog.id))
    )


# -- posts ---------------------------------------------------------------------------


def required_body(value: str | None) -> str:
    """Post text: not empty, not huge; inner whitespace kept (it matters in Markdown)."""
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("The text must not be empty."), field="body")
    if len(text) > MAX_BODY:
        raise ValidationError(
            _("The text is too long (at most %(n)d characters).", n=MAX_BODY),
            field="body",
        )
    return text


def clean_tags(value: str | Iterable[str] | None) -> list[str]:
    """Comma-separated text or a list: lower-case, de-duplicated, at most ten."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if len(tag) > 40:
            raise ValidationError(_("A tag has at most 40 characters."), field="tags")
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_("At most %(n)d tags.", n=MAX_TAGS), field="tags")
    return tags


def clean_phase(value: str | None) -> str | None:
    return one_of(value, PHASES, "phase") if value else None


def create_post(
    session: Session,
    actor: User,
    project: Project,
    blog: Blog,
    *,
    title: str,
    body: str,
    tags: str | Iterable[str] | None = None,
    phase: str | None = None,
    status: str = "draft",
    publish_at: datetime | None = None,
) -> Post:
    """Write a post: a draft, published now, or scheduled for ``publish_at``."""
    policy.check_blog(project, blog)
    policy.require_post(actor, project, blog)
    post = Post(
        blog_id=blog.id, project_id=project.id, author_id=actor.id, status="draft"
    )
    post.title, post.phase = required_text(title, "title", 200), clean_phase(phase)
    set_body(session, project, post, required_body(body))
    post.tags = [PostTag(tag=tag) for tag in clean_tags(tags)]
    session.add(post)
    apply_status(session, actor, project, post, status, publish_at)
    publication.after_save(actor, project, blog, post)
    session.flush()
    audit.record(session, actor, "blog.post_create", project, post, title=post.title)
    search_changed(session, project)
    return post


def set_body(session: Session, project: Project, post: Post, body: str) -> None:
    post.body, post.body_html = body, render_page_body(session, project, body)


def edit_post(
    session: Session,
    actor: User,
    project: Project,
    post: Post,
    *,
    title: str = UNSET,
    body: str = UNSET,
    tags: str | Iterable[str] = UNSET,
    phase: str | None = UNSET,
    status: str = UNSET,
    publish_at: datetime | None = UNSET,
) -> None:
    """Change what is given; authors their own posts, moderators any (and unpublish)."""
    blog = blog_of(session, project, post)
    policy.require_edit(actor, project, blog, post)
    if title is not UNSET:
        post.title = required_text(title, "title", 200)
    if body is not UNSET:
        set_body(session, project, post, required_body(body))
    if tags is not UNSET:
        post.tags = [PostTag(tag=tag) for tag in clean_tags(tags)]
    if phase is not UNSET:
        post.phase = clean_phase(phase)
    if status is not UNSET or publish_at is not UNSET:
        wanted = post.status if status is UNSET else status
        when = post.publish_at if publish_at is UNSET else publish_at
        apply_status(session, actor, project, post, wanted, when)
    publication.after_save(actor, project, blog, post)
    post.edited_at = utcnow()
    session.flush()
    audit.record(session, actor, "blog.post_edit", project, post)
    search_changed(session, project)


def apply_status(
    session: Session,
    actor: User | None,
    project: Project,
    post: Post,
    status: str,
    publish_at: datetime | None,
) -> None:
    """Draft, published (from now, or since it first went live) or scheduled. Going
    to "published" is announced once (a scheduled post is announced when due)."""
    now, was_live, announced = (
        utcnow(),
        post.is_live(utcnow()),
        post.status == "published",
    )
    one_of(status, ("draft", "scheduled", "published"), "status")
    if status == "draft":
        post.status, post.publish_at = "draft", None
    elif status == "published":
        post.status, post.publish_at = "published", post.publish_at if was_live else now
    else:
        if publish_at is None or as_utc(publish_at) <= now:
            raise ValidationError(
                _("Schedule the post for a time to come."), field="publish_at"
            )
        post.status, post.publish_at = "scheduled", as_utc(publish_at)
    if post.status == "published" and not announced:
        announce(session, project, post, actor)


def as_utc(moment: datetime) -> datetime:
    """Times without a zone are taken as UTC (the forms say so)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a time between 2000 and 2199."), field="publish_at"
        )
    return (
        moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    )


def announce(session: Session, project: Project, post: Post, user: User | None) -> None:
    session.flush()
    events.queue(
        session, "blog_post_published", project, post=post, project=project, user=user
    )


def delete_post(session: Session, actor: User, project: Project, post: Post) -> None:
    """Delete a post with its comments (authors their own, moderators any)."""
    blog = blog_of(session, project, post)
    policy.require_edit(actor, project, blog, post)
    audit.record(session, actor, "blog.post_delete", project, post, title=post.title)
    session.delete(post)
    session.flush()
    search_changed(session, project)


def blog_of(session: Session, project: Project, post: Post) -> Blog:
    blog = session.get(Blog, post.blog_id)
    if blog is None or post.project_id != project.id or blog.project_id != project.id:
        raise NotFound(f"post {post.id}")
    return blog


def publish_due(session: Session, project: Project) -> int:
    """Scheduled posts whose time has come become published: other plugins hear of
    them and search finds them. Run when the space's blog is read (no cron needed)."""
    due = list(
        session.scalars(
            select(Post).where(
                Post.project_id == project.id,
                Post.status == "scheduled",
                Post.publish_at <= utcnow(),
            )
        )
    )
    for post in due:
        post.status = "published"
        announce(session, project, post, None)
    if due:
        search_changed(session, project)
    return len(due)


def rerender(session: Session, project: Project) -> None:
    """Render every post and comment of the space again: the plugins switched on there
    (glossary tooltips, embeds...) decide what Markdown becomes, and they changed."""
    from .models import Comment

    posts = list(session.scalars(select(Post).where(Post.project_id == project.id)))
    for post in posts:
        post.body_html = render_page_body(session, project, post.body)
    found = session.scalars(
        select(Comment).where(Comment.post_id.in_([p.id for p in posts]))
    )
    for comment in found:
        comment.body_html = render_page_body(session, project, comment.body)
