"""Survey results: counts per question, splits by school, and pre/post comparison.

Responses are read in the order of their random ids, and free-text answers are listed
sorted, so nothing on the results page follows the order in which people answered.
Groups smaller than the space's ``min_results`` setting are left out of the split by
school, so a school with one respondent does not give that person's answers away.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from etwincms.models import Project, School
from etwincms.plugins import plugin_settings

from .models import Response, Survey
from .questions import label


@dataclass
class Summary:
    """One question's results: ``bars`` (label, count) for charts and tables."""

    question: dict[str, Any]
    title: str
    answered: int = 0
    bars: list[tuple[str, int]] = field(default_factory=list)
    rows: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean: float | None = None


def responses_of(session: Session, survey: Survey) -> list[Response]:
    query = (
        select(Response)
        .where(Response.survey_id == survey.id)
        .options(joinedload(Response.respondent), joinedload(Response.school))
        .order_by(Response.id)
    )
    return list(session.scalars(query))


def summarise(
    survey: Survey, responses: list[Response], languages: list[str]
) -> list[Summary]:
    return [
        summary(q, [r.answers.get(q["key"]) for r in responses], languages)
        for q in survey.questions
        if q["type"] != "section"
    ]


def summary(q: dict[str, Any], values: list[Any], languages: list[str]) -> Summary:
    given = [v for v in values if v is not None]
    result = Summary(q, label(q["text"], languages), answered=len(given))
    kind = q["type"]
    if kind in ("single", "multiple"):
        counts = Counter(
            v for value in given for v in ([value] if kind == "single" else value)
        )
        result.bars = [
            (label(o["text"], languages), counts[o["key"]]) for o in q["options"]
        ]
    elif kind == "rating":
        low, high = q["scale"]
        counts = Counter(given)
        result.bars = [(str(n), counts[n]) for n in range(low, high + 1)]
        result.mean = round(sum(given) / len(given), 2) if given else None
    elif kind == "matrix":
        result.rows = [
            (
                label(row["text"], languages),
                matrix_counts(q, row["key"], given, languages),
            )
            for row in q["rows"]
        ]
    else:
        result.texts = sorted(given, key=str.casefold)
    return result


def matrix_counts(
    q: dict[str, Any], row: str, given: list[dict[str, str]], languages: list[str]
) -> list[tuple[str, int]]:
    counts = Counter(answer.get(row) for answer in given)
    return [(label(o["text"], languages), counts[o["key"]]) for o in q["options"]]


def by_school(
    session: Session,
    project: Project,
    survey: Survey,
    responses: list[Response],
    languages: list[str],
) -> list[tuple[str, list[Summary]]]:
    """Results per partner school, for groups of at least ``min_results`` responses."""
    smallest = int(plugin_settings(project, "survey").get("min_results", 1) or 1)
    groups: dict[int, list[Response]] = {}
    for response in responses:
        if response.school_id is not None:
            groups.setdefault(response.school_id, []).append(response)
    named = []
    for school_id, members in sorted(groups.items()):
        school = session.get(School, school_id)
        if len(members) >= smallest and school is not None:
            title = f"{school.name} ({school.country})"
            named.append((title, summarise(survey, members, languages)))
    return named


@dataclass(frozen=True)
class Change:
    """A rating question asked in both surveys: the mean before and after."""

    title: str
    before: float | None
    after: float | None
    before_n: int
    after_n: int


def comparison(
    session: Session, survey: Survey, earlier: Survey, languages: list[str]
) -> list[Change]:
    """Rating questions with the same key in the linked (earlier) survey and this one."""
    now = {
        s.question["key"]: s
        for s in summarise(survey, responses_of(session, survey), languages)
    }
    then = summarise(earlier, responses_of(session, earlier), languages)
    return [
        Change(
            now[s.question["key"]].title,
            s.mean,
            now[s.question["key"]].mean,
            s.answered,
            now[s.question["key"]].answered,
        )
        for s in then
        if s.question["type"] == "rating" and s.question["key"] in now
    ]
