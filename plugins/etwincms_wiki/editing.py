"""The wiki's writing pages, on the blueprint of :mod:`.views`: create (from a red
link too), edit with conflicts, revert, discuss, and teachers' buttons.

Nothing typed is lost: a refused save shows the form again with the text as sent, and a
save that lost a race shows both versions (merged by the core's ``merge3`` where the
edits touched different lines) with the user's text ready to save again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms.content.diff import line_diff, merge3
from etwincms.db import commit, get_session
from etwincms.errors import EditConflict, NotFound, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import discussion, moderation, queries, services, translations
from .models import Article
from .views import bp, load, render, show_talk

Action = Callable[[Session, User, Project, Article], None]
ACTIONS: dict[str, Action] = {
    "protect": lambda s, u, p, a: moderation.set_protected(s, u, p, a, True),
    "unprotect": lambda s, u, p, a: moderation.set_protected(s, u, p, a, False),
    "publish": lambda s, u, p, a: moderation.set_public(s, u, p, a, True),
    "unpublish": lambda s, u, p, a: moderation.set_public(s, u, p, a, False),
    "unlink": translations.unlink,
}


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field}


def text_field(name: str) -> str:
    return request.form.get(name, "").replace("\r\n", "\n")


def base_number() -> int:
    try:
        return int(request.form.get("base", ""))
    except ValueError:
        raise ValidationError(
            _("The form is incomplete; reload the page."), "base"
        ) from None


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    require(user, "wiki.create", project)
    if request.method == "GET":
        form = {"title": request.args.get("title", ""), "language": ""}
        return render("edit.html", article=None, form=form, base=0)
    form = {
        name: request.form.get(name, "") for name in ("title", "language", "summary")
    }
    try:
        article = services.create_article(
            get_session(), user, project, body=text_field("body"), **form
        )
    except ValidationError as error:
        form["body"] = text_field("body")
        return render(
            "edit.html", 400, article=None, form=form, base=0, **failed(error)
        )
    commit()
    return redirect(url_for("wiki.article", article_id=article.id))


@bp.route("/a/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    require(user, "wiki.edit", project, article)
    if request.method == "GET":
        revision = queries.current_revision(session, article)
        form = {"title": article.title, "body": revision.body if revision else ""}
        return render(
            "edit.html", article=article, form=form, base=article.current_number
        )
    return save(article)


def save(article: Article) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    form = {"title": request.form.get("title", ""), "body": text_field("body")}
    summary = request.form.get("summary", "")
    try:
        services.save_revision(
            session,
            user,
            project,
            article,
            base_number=base_number(),
            summary=summary,
            **form,
        )
    except EditConflict as conflict:
        return conflict_view(article, conflict, form["title"], summary)
    except ValidationError as error:
        base = request.form.get("base", "")
        form["summary"] = summary
        return render(
            "edit.html", 400, article=article, form=form, base=base, **failed(error)
        )
    commit()
    flash(_("Saved."), "info")
    return redirect(url_for("wiki.article", article_id=article.id))


def conflict_view(
    article: Article, conflict: EditConflict, title: str, summary: str
) -> ResponseReturnValue:
    """Both versions; a merge when the edits touched different lines. Status 409."""
    session = get_session()
    session.rollback()
    base = base_text(session, article, conflict.base_number)
    merged = merge3(base, conflict.mine, conflict.theirs) if base is not None else None
    return render(
        "conflict.html",
        409,
        article=article,
        conflict=conflict,
        merged=merged,
        title=title,
        summary=summary,
        theirs_diff=line_diff(conflict.theirs, conflict.mine),
    )


def base_text(session: Session, article: Article, number: int) -> str | None:
    """The text the editor started from; None when the form named no real revision."""
    if number == 0:
        return ""
    try:
        return services.get_revision(session, article, number).body
    except NotFound:
        return None


@bp.post("/a/<int:article_id>/revert")
def revert(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    number = request.form.get("number", type=int) or 0
    services.revert(session, user, project, article, number)
    commit()
    flash(_("Revision %(n)s is the current text again.", n=number), "info")
    return redirect(url_for("wiki.article", article_id=article.id))


@bp.post("/a/<int:article_id>/talk")
def comment(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    body = request.form.get("body", "")
    try:
        posted = discussion.add_comment(session, user, project, article, body)
    except ValidationError as error:
        return show_talk(article, 400, body=body, **failed(error))
    commit()
    return redirect(
        url_for("wiki.talk", article_id=article.id, _anchor=f"c{posted.id}")
    )


@bp.post(f"/a/<int:article_id>/<any({', '.join(ACTIONS)}):action>")
def article_action(article_id: int, action: str) -> ResponseReturnValue:
    """Protect, unprotect, publish, unpublish, leave the language versions: one button each."""
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    ACTIONS[action](session, user, project, article)
    commit()
    return redirect(url_for("wiki.article", article_id=article.id))


@bp.post("/a/<int:article_id>/versions")
def link_version(article_id: int) -> ResponseReturnValue:
    """Mark the article called ``title`` as a language version of this one."""
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    other = queries.find_by_title(session, user, project, request.form.get("title", ""))
    try:
        if other is None:
            raise ValidationError(_("There is no article with that title."), "title")
        translations.link(session, user, project, article, other)
    except ValidationError as error:
        failed(error)
        flash(str(error), "error")
        return redirect(url_for("wiki.article", article_id=article.id))
    commit()
    return redirect(url_for("wiki.article", article_id=article.id))


@bp.post("/r/<int:revision_id>/review")
def review(revision_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    revision = queries.get_revision_by_id(session, user, project, revision_id)
    moderation.mark_reviewed(session, user, project, revision)
    commit()
    if request.form.get("back") == "history":  # a fixed choice: no open redirect
        return redirect(url_for("wiki.history", article_id=revision.article_id))
    return redirect(url_for("wiki.unreviewed"))
