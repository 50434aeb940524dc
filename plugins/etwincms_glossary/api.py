"""The glossary's JSON API, mounted by the core at ``/api/v1/projects/<slug>/glossary/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``glossary_api``: ``GET /concepts`` pages through the space's concepts (newest first,
with the core's cursors; filters by language, text, category and missing language),
``POST /concepts`` adds one, ``GET /concepts/<id>`` reads one with its ``ETag``, and
``PATCH`` and ``DELETE`` change or remove it with ``If-Match`` (428 without, 412 when
stale). Reads answer what the same person sees in the browser (pupils are named only to
those who may see names); writes go through :mod:`.services`, so the API allows exactly
what the glossary's capabilities allow. Errors are the core's ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ID, ListArgs, Strict, list_of
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import policy, queries, services
from .models import Concept
from .services import MAX_TEXT, UNCHANGED, TermInput

blp = Blueprint(
    "glossary_api",
    __name__,
    description="The glossary of a space: concepts and their terms",
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}
LANGUAGE = validate.Regexp(services.LANGUAGE.pattern)

# -- schemas (named Glossary... because component names are shared by the whole API) ----


class GlossaryTermSchema(Schema):
    language = fields.String(required=True)
    text = fields.String(required=True)
    definition = fields.String(required=True)
    example = fields.String(required=True)


class GlossaryConceptSchema(Schema):
    id = fields.Integer(required=True)
    category = fields.String(required=True)
    terms = fields.List(fields.Nested(GlossaryTermSchema), required=True)
    image_id = fields.Integer(required=True, allow_none=True)
    author = fields.String(
        required=True, metadata={"description": "Pupils are named only to members."}
    )
    school = fields.String(required=True, allow_none=True)
    version = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    url = fields.String(required=True, metadata={"description": "The concept's page."})


class GlossaryConceptArgs(ListArgs):
    language = fields.String(
        load_default=None,
        validate=LANGUAGE,
        metadata={"description": "Only concepts named in it."},
    )
    missing = fields.String(
        load_default=None,
        validate=LANGUAGE,
        metadata={"description": "Only concepts with no term in this language."},
    )
    q = fields.String(
        load_default=None,
        validate=validate.Length(max=200),
        metadata={"description": "Text in a term, definition or example."},
    )
    category = fields.String(load_default=None, validate=validate.Length(max=100))


class GlossaryTermInputSchema(Strict):
    text = fields.String(required=True, validate=validate.Length(min=1, max=200))
    definition = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))
    example = fields.String(load_default="", validate=validate.Length(max=MAX_TEXT))


class GlossaryConceptCreateSchema(Strict):
    terms = fields.Dict(
        keys=fields.String(validate=LANGUAGE),
        values=fields.Nested(GlossaryTermInputSchema),
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": 'The term per language code, e.g. {"en": {...}}.'},
    )
    category = fields.String(load_default="", validate=validate.Length(max=100))
    image_id = fields.Integer(load_default=None, allow_none=True, validate=ID)


class GlossaryConceptUpdateSchema(Strict):
    terms = fields.Dict(
        keys=fields.String(validate=LANGUAGE),
        values=fields.Nested(GlossaryTermInputSchema, allow_none=True),
        validate=validate.Length(max=50),
        metadata={
            "description": "Languages to set; null removes that language's term."
        },
    )
    category = fields.String(validate=validate.Length(max=100))
    image_id = fields.Integer(allow_none=True, validate=ID)


GlossaryConceptList = list_of(GlossaryConceptSchema, "GlossaryConceptList")


# -- operations ------------------------------------------------------------------------


@blp.get("/concepts")
@blp.arguments(GlossaryConceptArgs, location="query")
@blp.response(200, GlossaryConceptList)
@documents_errors(blp)
def list_concepts(args: dict[str, Any]) -> dict[str, Any]:
    """The space's concepts, newest first, filtered as asked."""
    session, user, project = get_session(), signed_in_user(), current_project()
    rows = queries.concepts_after(
        session,
        user,
        project,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
        language=args["language"],
        query=args["q"],
        category=args["category"],
        missing_in=args["missing"],
    )
    listing = page_of(rows, args["limit"], key=lambda concept: concept.id)
    listing["items"] = [concept_json(concept) for concept in listing["items"]]
    return listing


@blp.post("/concepts")
@blp.arguments(GlossaryConceptCreateSchema)
@blp.response(201, GlossaryConceptSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def create_concept(data: dict[str, Any]) -> Response:
    """Add a concept with its terms (``glossary.contribute``)."""
    session, user, project = get_session(), member(), current_project()
    concept = services.create_concept(
        session,
        user,
        project,
        terms={code: TermInput(**term) for code, term in data["terms"].items()},
        category=data["category"],
        image_id=data["image_id"],
    )
    commit(session)
    response = answer(concept.id)
    response.status_code = 201
    return response


@blp.get("/concepts/<int:concept_id>")
@blp.response(200, GlossaryConceptSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_concept(concept_id: int) -> Response:
    """A concept with its terms and its ETag."""
    return answer(concept_id)


@blp.patch("/concepts/<int:concept_id>")
@blp.arguments(GlossaryConceptUpdateSchema)
@blp.response(200, GlossaryConceptSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_concept(data: dict[str, Any], concept_id: int) -> Response:
    """Change terms (null removes one), the category or the image; If-Match needed."""
    session, user, project = get_session(), member(), current_project()
    concept = queries.get_concept(session, user, project, concept_id)
    require(user, "glossary.contribute", project)  # before If-Match: refuse first
    check_if_match(etag(concept))
    terms = {
        code: TermInput(**term) if term is not None else None
        for code, term in data.get("terms", {}).items()
    }
    services.update_concept(
        session,
        user,
        project,
        concept,
        terms=terms,
        category=data.get("category"),
        image_id=data.get("image_id", UNCHANGED),
    )
    commit(session)
    return answer(concept_id)


@blp.delete("/concepts/<int:concept_id>")
@blp.response(204)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def delete_concept(concept_id: int) -> None:
    """Delete a concept with its terms (its author or ``glossary.manage``)."""
    session, user, project = get_session(), member(), current_project()
    concept = queries.get_concept(session, user, project, concept_id)
    policy.require_delete(user, project, concept)  # before If-Match: refuse first
    check_if_match(etag(concept))
    services.delete_concept(session, user, project, concept)
    commit(session)


# -- answers ---------------------------------------------------------------------------


def member() -> User:
    """The caller; writing needs one (the core already refused anonymous writes)."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("glossary.contribute")
    return user


def etag(concept: Concept) -> str:
    return f'"g{concept.id}v{concept.version}"'


def answer(concept_id: int) -> Response:
    session, user, project = get_session(), signed_in_user(), current_project()
    concept = queries.get_concept(session, user, project, concept_id)
    return with_etag(GlossaryConceptSchema().dump(concept_json(concept)), etag(concept))


def concept_json(concept: Concept) -> dict[str, Any]:
    user, project = signed_in_user(), current_project()
    school = concept.school
    return {
        "id": concept.id,
        "category": concept.category,
        "terms": [
            {
                "language": t.language,
                "text": t.text,
                "definition": t.definition,
                "example": t.example,
            }
            for t in concept.ordered_terms(project.languages or [])
        ],
        "image_id": concept.image_id,
        "author": queries.author_of(concept, user, project),
        "school": f"{school.name} ({school.country})" if school else None,
        "version": concept.version,
        "created_at": concept.created_at,
        "updated_at": concept.updated_at,
        "url": url_for("glossary.concept", concept_id=concept.id, _external=True),
    }
