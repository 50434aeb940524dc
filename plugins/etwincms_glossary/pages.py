"""The glossary's reading pages: the alphabetical list per language with search, a
concept, missing translations, the print view, exports, flashcards and the quiz.

All of them need ``glossary.view`` (through :mod:`.queries`); none changes anything, so
the quiz's answer is a POST only to carry its CSRF-protected form, and nothing is stored.
Authors are shown as :func:`etwincms.privacy.shown_name` decides: pupils are never named
to visitors of a public glossary.
"""

from __future__ import annotations

import math
import random

from flask import Response, request
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.permissions import can
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import csvfile, exchange, policy, practice, queries, tbx
from .models import Concept
from .web import bp, chosen_language, render


def everything() -> list[Concept]:
    return queries.all_concepts(get_session(), signed_in_user(), current_project())


@bp.get("/")
def index() -> ResponseReturnValue:
    project, user = current_project(), signed_in_user()
    concepts = everything()
    language = chosen_language()
    letter, query = request.args.get("letter", ""), request.args.get("q", "").strip()
    category = request.args.get("category", "")
    rows = queries.listing(
        concepts, language, letter=letter, query=query, category=category
    )
    per_page = plugin_settings(project, "glossary").get("per_page", 50)
    pages = max(1, math.ceil(len(rows) / per_page))
    page = max(1, min(request.args.get("page", 1, type=int), pages))
    return render(
        "index.html",
        rows=rows[(page - 1) * per_page : page * per_page],
        page=page,
        pages=pages,
        total=len(concepts),
        language=language,
        letters=queries.letters(concepts, language),
        letter=letter,
        query=query,
        category=category,
        categories=queries.categories(concepts),
        may_contribute=policy.may_contribute(user, project),
        may_manage=policy.is_manager(user, project),
    )


@bp.get("/c/<int:concept_id>")
def concept(concept_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    found = queries.get_concept(session, user, project, concept_id)
    return render(
        "concept.html",
        concept=found,
        author=queries.author_of(found, user, project),
        show_image=found.image_id is not None and can(user, "material.view", project),
        may_edit=policy.may_contribute(user, project),
        may_delete=policy.may_delete(user, project, found),
    )


@bp.get("/missing")
def missing() -> ResponseReturnValue:
    project, user = current_project(), signed_in_user()
    language = chosen_language()
    rows = queries.missing(everything(), language, project)
    return render(
        "missing.html",
        rows=rows,
        language=language,
        may_contribute=policy.may_contribute(user, project),
    )


@bp.get("/print")
def print_view() -> ResponseReturnValue:
    project = current_project()
    concepts = everything()
    language = chosen_language()
    ordered = queries.listing(concepts, language) + queries.missing(
        concepts, language, project
    )
    return render("print.html", rows=ordered, language=language)


@bp.get("/export.<any(csv, tbx):kind>")
def export(kind: str) -> Response:
    project = current_project()
    concepts = everything()
    languages = exchange.export_languages(project, concepts)
    records = exchange.records_of(concepts, languages)
    if kind == "csv":
        body: str | bytes = csvfile.export(records, languages)
        media_type = csvfile.MEDIA_TYPE + "; charset=utf-8"
    else:
        body = tbx.export(
            records, title=project.title, language=languages[0] if languages else "en"
        )
        media_type = tbx.MEDIA_TYPE
    response = Response(body, mimetype=media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{project.slug}-glossary.{kind}"'
    )
    return response


@bp.get("/cards")
def cards() -> ResponseReturnValue:
    source, target = chosen_language("source"), chosen_language("target", fallback=1)
    found = practice.cards(everything(), source, target, random.SystemRandom())
    return render("cards.html", cards=found, source=source, target=target)


@bp.route("/quiz", methods=["GET", "POST"])
def quiz() -> ResponseReturnValue:
    source, target = chosen_language("source"), chosen_language("target", fallback=1)
    concepts = everything()
    result = None
    if request.method == "POST":
        result = quiz_answer(concepts, target)
    question = practice.question(concepts, source, target, random.SystemRandom())
    return render(
        "quiz.html", question=question, result=result, source=source, target=target
    )


def quiz_answer(concepts: list[Concept], target: str) -> dict[str, object] | None:
    wanted = request.form.get("concept_id", type=int)
    asked = next((c for c in concepts if c.id == wanted), None)
    if asked is None:
        return None
    answer = request.form.get("answer", "")
    term = asked.term_in(target)
    return {
        "right": practice.is_right(asked, target, answer),
        "answer": term.text if term else "",
        "concept": asked,
    }
