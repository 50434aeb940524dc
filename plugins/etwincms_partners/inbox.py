"""The inbox (threads, replies, blocking, reports), the reports page of site
administrators, and saved searches. See :mod:`.web` for the blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from etwincms.db import commit, get_session
from etwincms.errors import ValidationError
from etwincms.models import User

from . import filters as vocab
from . import messaging, queries, services
from .web import bp, failed, render, signed_in, viewer

# -- messages ------------------------------------------------------------------------


@bp.get("/inbox")
def inbox() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    return render("inbox.html", rows=messaging.inbox(session, user))


@bp.get("/inbox/<int:thread_id>")
def thread(thread_id: int) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    page = show_thread(user, thread_id)
    commit(session)  # reading marks the thread read
    return page


def show_thread(
    user: User, thread_id: int, status: int = 200, **context: object
) -> ResponseReturnValue:
    session = get_session()
    found, messages = messaging.read_thread(session, user, thread_id)
    return render(
        "thread.html",
        status,
        thread=found,
        messages=messages,
        blocked=messaging.blocked_ids(session, user),
        others=messaging.others_in(session, found, user),
        **context,
    )


@bp.post("/inbox/<int:thread_id>")
def reply(thread_id: int) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    try:
        messaging.reply(session, user, thread_id, request.form.get("body", ""))
    except ValidationError as error:
        return show_thread(user, thread_id, 422, **failed(error))
    commit(session)
    return redirect(url_for("partners.thread", thread_id=thread_id, _anchor="latest"))


@bp.post("/people/<int:user_id>/message")
def write_to(user_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    card = queries.get_person(session, user_id)
    form = request.form
    try:
        found = messaging.start_thread(
            session,
            user,
            session.get(User, card.id),
            subject=form.get("subject", ""),
            body=form.get("body", ""),
        )
    except ValidationError as error:
        return render("person.html", 422, card=card, may_write=True, **failed(error))
    commit(session)
    flash(_("Your message is sent."), "success")
    return redirect(url_for("partners.thread", thread_id=found.id))


@bp.post("/people/<int:user_id>/block")
def block(user_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    try:
        messaging.block(session, user, user_id)
    except ValidationError as error:
        abort(422, str(error))
    commit(session)
    flash(_("Blocked: this person cannot write to you any more."), "success")
    return redirect(request.form.get("next") or url_for("partners.inbox"))


@bp.post("/people/<int:user_id>/unblock")
def unblock(user_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    messaging.unblock(session, user, user_id)
    commit(session)
    flash(_("Unblocked."), "success")
    return redirect(url_for("partners.inbox"))


@bp.post("/messages/<int:message_id>/report")
def report(message_id: int) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    thread_id = messaging.message_in_thread(session, user, message_id).thread_id
    try:
        messaging.report(session, user, message_id, request.form.get("reason", ""))
    except ValidationError as error:
        return show_thread(user, thread_id, 422, **failed(error))
    commit(session)
    flash(
        _("Thank you: the site's administrators will look at this message."), "success"
    )
    return redirect(url_for("partners.thread", thread_id=thread_id))


# -- reports (site administrators) ---------------------------------------------------


@bp.get("/reports")
def reports() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    return render("reports.html", rows=messaging.open_reports(session, user))


@bp.post("/reports/<int:report_id>")
def resolve(report_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    remove = request.form.get("action") == "remove"
    messaging.resolve(session, user, report_id, remove=remove)
    commit(session)
    flash(_("The report is closed."), "success")
    return redirect(url_for("partners.reports"))


# -- saved searches ------------------------------------------------------------------


@bp.get("/saved")
def saved() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    return render("saved.html", rows=services.saved_searches(session, user))


@bp.post("/saved")
def save_search() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    try:
        kind = vocab.kind_of(request.form.get("kind"))
        chosen = vocab.parse(request.form)
        services.save_search(session, user, request.form.get("name", ""), kind, chosen)
    except ValidationError as error:
        get_session().rollback()
        flash(str(error), "error")
        return redirect(url_for("partners.index"))
    commit(session)
    flash(
        _("Search saved: its new matches are counted under Saved searches."), "success"
    )
    return redirect(url_for("partners.saved"))


@bp.get("/saved/<int:search_id>")
def open_saved(search_id: int) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    found = services.open_saved_search(session, user, search_id)
    target = url_for("partners.index", kind=found.kind, **found.filters)
    commit(session)
    return redirect(target)


@bp.post("/saved/<int:search_id>/delete")
def delete_saved(search_id: int) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    services.delete_search(session, user, search_id)
    commit(session)
    flash(_("The saved search is deleted."), "success")
    return redirect(url_for("partners.saved"))
