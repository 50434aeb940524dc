"""CSV export of a survey's responses, and reading that CSV back.

One row per response, in the order of the random response ids (not of submission). The
columns: ``response`` (the random id), ``respondent`` and ``submitted_at`` for named
surveys only, ``school`` when kept, then one column per question (a matrix: one per row,
``key.row``). Choices are written as option keys (several joined by ``;``), ratings as
numbers, texts as typed. A cell that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return) is written with a leading ``'``, and a leading
``'`` is doubled; :func:`parse` undoes exactly that, so the export round-trips.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .models import Response, Survey

MEDIA_TYPE = "text/csv"
FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")


def columns(survey: Survey) -> list[tuple[str, str, str | None]]:
    """``(header, question key, matrix row)`` for each answer column."""
    found: list[tuple[str, str, str | None]] = []
    for q in survey.questions:
        if q["type"] == "matrix":
            found += [
                (f"{q['key']}.{row['key']}", q["key"], row["key"]) for row in q["rows"]
            ]
        elif q["type"] != "section":
            found.append((q["key"], q["key"], None))
    return found


def headers(survey: Survey, with_school: bool) -> list[str]:
    people = [] if survey.anonymous else ["respondent", "submitted_at"]
    school = ["school"] if with_school else []
    return ["response", *people, *school, *(c[0] for c in columns(survey))]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA) else text


def export(survey: Survey, responses: list[Response], names: dict[int, str]) -> str:
    """The CSV text; ``names`` gives the respondent's name by user id (named surveys)."""
    with_school = any(r.school_id is not None for r in responses)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(survey, with_school))
    for response in responses:
        writer.writerow(row_of(survey, response, names, with_school))
    return out.getvalue()


def row_of(
    survey: Survey, response: Response, names: dict[int, str], with_school: bool
) -> list[str]:
    row = [response.id]
    if not survey.anonymous:
        when = response.submitted_at.isoformat() if response.submitted_at else ""
        row += [names.get(response.respondent_id or 0, ""), when]
    if with_school:
        row.append(response.school.name if response.school else "")
    for _header, key, sub in columns(survey):
        value = response.answers.get(key)
        row.append(cell(value.get(sub) if sub and isinstance(value, dict) else value))
    return row


def parse(survey: Survey, text: str) -> dict[str, dict[str, Any]]:
    """The answers per response id, as stored, from an exported CSV."""
    reader = csv.DictReader(io.StringIO(text))
    kinds = {q["key"]: q["type"] for q in survey.questions}
    return {row["response"]: answers_from(survey, kinds, row) for row in reader}


def answers_from(
    survey: Survey, kinds: dict[str, str], row: dict[str, str]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for header, key, sub in columns(survey):
        raw = row.get(header, "")
        if raw == "":
            continue
        if sub is not None:
            answers.setdefault(key, {})[sub] = raw
        else:
            answers[key] = value_of(kinds[key], raw)
    return answers


def value_of(kind: str, raw: str) -> Any:
    if kind == "multiple":
        return raw.split(";")
    if kind == "rating":
        return int(raw)
    return raw[1:] if raw.startswith("'") else raw
