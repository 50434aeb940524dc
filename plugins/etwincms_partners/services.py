"""Profiles, partner-finding posts, saved searches and a space's listing: the writes.

Views and the API call these, so both ask the same questions: ``can()`` with the
site-level capabilities of :mod:`.declarations` (teachers only: a pupil can never hold a
profile or publish a post), and a school's profile only by that school's teachers.
Descriptions are Markdown rendered through the core's one pipeline (Markdown, then the
one sanitizer); short fields are normalised by :mod:`.filters`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.content.render import render_markdown
from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import Project, School, User, UserKind
from etwincms.permissions import can, require
from etwincms.search.outbox import enqueue_plugin
from etwincms.services import plugins as space_plugins

from . import directory, messaging, queries
from . import filters as vocab
from .cards import Card
from .models import MemberProfile, PartnerPost, SavedSearch, SchoolProfile

MAX_DESCRIPTION = 5000
MAX_SAVED = 20


def markdown(text: str, field: str = "description") -> tuple[str, str]:
    text = (text or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError(
            _("At most %(n)s characters.", n=MAX_DESCRIPTION), field=field
        )
    return text, render_markdown(text) if text else ""


# -- profiles ------------------------------------------------------------------------


def member_profile(session: Session, user: User) -> MemberProfile | None:
    return session.get(MemberProfile, user.id)


def save_member_profile(
    session: Session, user: User, values: dict[str, Any]
) -> MemberProfile:
    """Create or change the teacher's own profile (``discoverable`` lists it)."""
    require(user, "partners.profile", None)
    teachers_only(user)
    about = " ".join(str(values.get("about") or "").split())
    if len(about) > 1000:
        raise ValidationError(_("At most 1000 characters."), field="about")
    profile = session.get(MemberProfile, user.id) or MemberProfile(user_id=user.id)
    profile.discoverable = bool(values.get("discoverable"))
    profile.available = bool(values.get("available"))
    profile.subjects = vocab.tags(values.get("subjects"), "subjects")
    profile.vocational_subjects = vocab.tags(
        values.get("vocational_subjects"), "vocational_subjects"
    )
    profile.languages = vocab.language_codes(values.get("languages"))
    profile.about, profile.updated_at = about, utcnow()
    session.add(profile)
    session.flush()
    return profile


def own_school(session: Session, user: User) -> School:
    """The school whose profile ``user`` may edit: their own."""
    require(user, "partners.profile", None)
    school = session.get(School, user.school_id) if user.school_id else None
    if school is None:
        raise ValidationError(_("Your account belongs to no school."))
    return school


def save_school_profile(
    session: Session, user: User, values: dict[str, Any]
) -> SchoolProfile:
    school = own_school(session, user)
    profile = session.get(SchoolProfile, school.id) or SchoolProfile(
        school_id=school.id
    )
    profile.vocational_areas = vocab.tags(
        values.get("vocational_areas"), "vocational_areas"
    )
    profile.languages = vocab.language_codes(values.get("languages"))
    profile.description, profile.description_html = markdown(
        str(values.get("description") or "")
    )
    profile.updated_by_id, profile.updated_at = user.id, utcnow()
    session.add(profile)
    session.flush()
    return profile


# -- posts ---------------------------------------------------------------------------


def teachers_only(user: User) -> None:
    """Posts and profiles are teachers' (only those are ever listed); a site
    administrator who is not a teacher is told so."""
    if user.kind is not UserKind.TEACHER:
        raise ValidationError(_("Only teachers' posts and profiles are listed."))


def create_post(session: Session, user: User, values: dict[str, Any]) -> PartnerPost:
    require(user, "partners.post", None)
    teachers_only(user)
    school = session.get(School, user.school_id) if user.school_id else None
    post = PartnerPost(
        author_id=user.id,
        school_id=school.id if school else None,
        country=school.country if school else "",
    )
    apply_post(post, values)
    session.add(post)
    session.flush()
    return post


def update_post(
    session: Session, user: User, post_id: int, values: dict[str, Any]
) -> PartnerPost:
    post = editable_post(session, user, post_id)
    apply_post(post, values)
    return post


def close_post(session: Session, user: User, post_id: int) -> PartnerPost:
    post = editable_post(session, user, post_id)
    post.closed = True
    return post


def editable_post(session: Session, user: User, post_id: int) -> PartnerPost:
    """The author's own post (site admins may change any). Others' posts and absent ids
    are refused alike (403), so the refusal does not tell whether an id exists."""
    found = session.get(PartnerPost, post_id)
    mine = found is not None and found.author_id == user.id
    if not mine and not can(user, "partners.moderate", None):
        raise PermissionDenied("partners.post")
    require(user, "partners.post", None)
    _card, post = queries.get_post(session, post_id, user)
    return post


def apply_post(post: PartnerPost, values: dict[str, Any]) -> None:
    topic = " ".join(str(values.get("topic") or "").split())
    if not topic or len(topic) > 200:
        raise ValidationError(
            _("Give the post a topic (200 characters at most)."), "topic"
        )
    post.topic = topic
    post.partnership_type = required_choice(
        values, "partnership_type", vocab.PARTNERSHIP_TYPES
    )
    post.looking_for = required_choice(values, "looking_for", vocab.LOOKING_FOR)
    post.languages = vocab.language_codes(values.get("languages"))
    post.subjects = vocab.tags(values.get("subjects"), "subjects")
    post.vocational_subjects = vocab.tags(
        values.get("vocational_subjects"), "vocational_subjects"
    )
    post.age_min = vocab.age(vocab.clean_text(values.get("age_min")), "age_min")
    post.age_max = vocab.age(vocab.clean_text(values.get("age_max")), "age_max")
    post.starts_on = day(values.get("starts_on"), "starts_on")
    post.ends_on = day(values.get("ends_on"), "ends_on")
    check_ranges(post)
    post.description, post.description_html = markdown(
        str(values.get("description") or "")
    )


def required_choice(values: dict[str, Any], field: str, allowed: dict[str, Any]) -> str:
    value = vocab.clean_text(values.get(field))
    if not value:
        raise ValidationError(_("Choose one."), field=field)
    return vocab.choice(value, allowed, field)


def day(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value), "%Y-%m-%d").date()
    except ValueError:
        raise ValidationError(
            _("Use a date such as 2027-03-01."), field=field
        ) from None


def check_ranges(post: PartnerPost) -> None:
    if post.age_min and post.age_max and post.age_min > post.age_max:
        raise ValidationError(_("The youngest age is above the oldest."), "age_max")
    if post.starts_on and post.ends_on and post.starts_on > post.ends_on:
        raise ValidationError(_("The end comes before the start."), "ends_on")


# -- saved searches ------------------------------------------------------------------


def save_search(
    session: Session, user: User, name: str, kind: str, found: vocab.Filters
) -> SavedSearch:
    require(user, "partners.view", None)
    owned = session.scalars(
        select(SavedSearch.id).where(SavedSearch.user_id == user.id)
    )
    if len(list(owned)) >= MAX_SAVED:
        raise ValidationError(
            _("Delete a saved search first (%(n)s at most).", n=MAX_SAVED)
        )
    name = " ".join((name or "").split())[:120] or _("My search")
    saved = SavedSearch(
        user_id=user.id,
        name=name,
        kind=vocab.kind_of(kind),
        filters=found.for_kind(kind).as_dict(),
        seen_at=utcnow(),
    )
    session.add(saved)
    session.flush()
    return saved


def saved_search(session: Session, user: User, search_id: int) -> SavedSearch:
    """One's own saved search; others' do not exist for one (404, pupils too)."""
    saved = session.get(SavedSearch, search_id)
    if saved is None or saved.user_id != user.id:
        raise NotFound(f"saved search {search_id}")
    require(user, "partners.view", None)
    return saved


def saved_searches(session: Session, user: User) -> list[tuple[SavedSearch, int]]:
    """The user's saved searches, each with how many matches are new since last seen."""
    require(user, "partners.view", None)
    found = session.scalars(
        select(SavedSearch)
        .where(SavedSearch.user_id == user.id)
        .order_by(SavedSearch.id)
    )
    return [(saved, len(new_matches(session, saved))) for saved in found]


def new_matches(session: Session, saved: SavedSearch) -> list[Card]:
    cards = queries.find(session, saved.kind, vocab.parse(saved.filters))
    return [card for card in cards if card.since and card.since > saved.seen_at]


def open_saved_search(session: Session, user: User, search_id: int) -> SavedSearch:
    saved = saved_search(session, user, search_id)
    saved.seen_at = utcnow()
    return saved


def delete_search(session: Session, user: User, search_id: int) -> None:
    session.delete(saved_search(session, user, search_id))


# -- a space's listing ---------------------------------------------------------------


def set_listing(
    session: Session, actor: User, project: Project, values: dict[str, Any]
) -> dict[str, Any]:
    """Change the space's listing settings and refresh its document in search at once."""
    stored = space_plugins.update_settings(session, actor, project, "partners", values)
    enqueue_plugin(session, project, "partners")
    return stored


def contact_founder(
    session: Session, sender: User, slug: str, subject: str, body: str
) -> Any:
    """Write to a listed space's founding teacher, who stays without an address."""
    project = directory.get_listed_space(session, slug)
    founder = directory.founder_of(session, project)
    return messaging.start_thread(
        session,
        sender,
        founder,
        subject=subject or project.title,
        body=body,
        project=project,
    )


def reply_to_post(session: Session, sender: User, post_id: int, body: str) -> Any:
    """Answer a post: a thread with its author, in their inbox."""
    _card, post = queries.get_post(session, post_id, sender)
    if post.closed:
        raise ValidationError(_("This post is closed."), "body")
    if post.author_id == sender.id:
        raise ValidationError(_("This is your own post."), "body")
    author = session.get(User, post.author_id) if post.author_id else None
    return messaging.start_thread(
        session, sender, author, subject=post.topic, body=body, post=post
    )
