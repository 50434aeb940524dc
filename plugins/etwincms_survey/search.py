"""Search documents for a space's surveys: title, description and question texts.

Drafts are left out (only those who manage surveys see them). Documents are marked
``public``: who may find them is decided when searching, by ``survey.view`` (the content
type's capability). Answers are never indexed, and no document names a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from .models import Survey


def documents(project: Project) -> Iterator[SearchDocument]:
    surveys = get_session().scalars(
        select(Survey)
        .where(Survey.project_id == project.id, Survey.status != "draft")
        .order_by(Survey.id)
    )
    for survey in surveys:
        yield document(project, survey)


def document(project: Project, survey: Survey) -> SearchDocument:
    texts = [
        text
        for q in survey.questions
        for text in [
            *q["text"].values(),
            *(o for opt in q.get("options", []) for o in opt["text"].values()),
        ]
    ]
    return SearchDocument(
        id=f"survey:{survey.id}",
        project_id=project.id,
        type="survey",
        title=survey.title,
        body="\n".join([survey.description, *texts]),
        url=url_for("survey.show", slug=project.slug, survey_id=survey.id),
        plugin="survey",
        language=(project.languages or ["en"])[0],
        visibility="public",
        updated_at=survey.updated_at,
    )
