"""Questions of a survey as plain data: checking a definition and checking answers.

A question is a dict ``{"key", "type", "text": {lang: str}, "required", "options",
"rows", "scale"}``. Types: ``single`` and ``multiple`` choice (``options``), ``rating``
(a Likert scale from ``scale[0]`` to ``scale[1]``), ``short`` and ``long`` text,
``matrix`` (``rows``, each answered with one of ``options``) and ``section`` (a heading
that asks nothing). Texts are per language; :func:`label` picks the reader's. Keys are
short ``[a-z0-9_]`` names, so they are safe in CSV headers and in HTML ids, and the same
key in a pre- and a post-mobility survey marks the same question for comparison.
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from etwincms.errors import ValidationError

TYPES = ("single", "multiple", "rating", "short", "long", "matrix", "section")
CHOICES = ("single", "multiple", "matrix")
KEY = re.compile(r"^[a-z0-9_]{1,40}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$")
MAX_QUESTIONS, MAX_OPTIONS, MAX_TEXT = 100, 30, 1000
MAX_SHORT, MAX_LONG = 300, 5000


def invalid(message: str, field: str = "questions") -> ValidationError:
    return ValidationError(message, field=field)


def texts(given: Any, what: str) -> dict[str, str]:
    """``{lang: text}`` with at least one non-empty text."""
    if isinstance(given, str):
        given = {"en": given}
    if not isinstance(given, dict):
        raise invalid(f"The {what} needs a text.")
    cleaned = {
        str(lang): " ".join(str(text).split())[:MAX_TEXT]
        for lang, text in given.items()
        if isinstance(text, str) and text.strip()
    }
    if not cleaned or not all(LANGUAGE.match(lang) for lang in cleaned):
        raise invalid(f"The {what} needs a text in at least one language.")
    return cleaned


def choices(given: Any, what: str) -> list[dict[str, Any]]:
    """Options or matrix rows: ``[{"key", "text"}]``, keys unique."""
    if not isinstance(given, list) or not 1 <= len(given) <= MAX_OPTIONS:
        raise invalid(f"Give between 1 and {MAX_OPTIONS} {what}.")
    items = [
        {"key": checked_key(item, n), "text": texts(item.get("text"), what)}
        for n, item in enumerate(given)
        if isinstance(item, dict)
    ]
    if len(items) != len(given) or len({i["key"] for i in items}) != len(items):
        raise invalid(f"Each of the {what} needs its own key and a text.")
    return items


def checked_key(item: dict[str, Any], n: int) -> str:
    key = str(item.get("key") or f"o{n + 1}")
    if not KEY.match(key):
        raise invalid(_("“%(key)s” is not a key: use a-z, 0-9 and _.", key=key[:40]))
    return key


def question(given: Any) -> dict[str, Any]:
    """A checked copy of one question definition."""
    if not isinstance(given, dict) or given.get("type") not in TYPES:
        raise invalid(
            _("Each question needs a type: %(types)s.", types=", ".join(TYPES))
        )
    kind = given["type"]
    cleaned: dict[str, Any] = {
        "key": checked_key(given, 0) if given.get("key") else "",
        "type": kind,
        "text": texts(given.get("text"), "question"),
        "required": bool(given.get("required")) and kind != "section",
    }
    if kind in CHOICES:
        cleaned["options"] = choices(given.get("options"), "options")
    if kind == "matrix":
        cleaned["rows"] = choices(given.get("rows"), "rows")
    if kind == "rating":
        cleaned["scale"] = scale(given.get("scale", [1, 5]))
    return cleaned


def scale(given: Any) -> list[int]:
    if (
        not isinstance(given, list | tuple)
        or len(given) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in given)
        or not 0 <= given[0] < given[1] <= 10
    ):
        raise invalid(_("A rating scale goes from a low to a high number, 0 to 10."))
    return [given[0], given[1]]


def question_list(given: Any) -> list[dict[str, Any]]:
    """Checked questions; missing keys become ``q1``, ``q2``...; keys unique."""
    if not isinstance(given, list) or len(given) > MAX_QUESTIONS:
        raise invalid(_("A survey has at most %(n)d questions.", n=MAX_QUESTIONS))
    cleaned = [question(item) for item in given]
    used = {q["key"] for q in cleaned if q["key"]}
    for q in cleaned:
        if not q["key"]:
            q["key"] = fresh_key(used)
            used.add(q["key"])
    if len({q["key"] for q in cleaned}) != len(cleaned):
        raise invalid(_("Two questions have the same key."))
    return cleaned


def fresh_key(used: set[str]) -> str:
    n = 1
    while f"q{n}" in used:
        n += 1
    return f"q{n}"


def label(texts_by_language: dict[str, str], languages: list[str]) -> str:
    """The text in the first of ``languages`` that has one, else any."""
    for lang in languages:
        if texts_by_language.get(lang):
            return texts_by_language[lang]
    return next(iter(texts_by_language.values()), "")


# -- answers -----------------------------------------------------------------------------


def answer_of(q: dict[str, Any], value: Any) -> Any:
    """A checked answer to ``q``, or ``None`` when left empty."""
    kind = q["type"]
    if value in (None, "", [], {}):
        return None
    if kind == "single":
        return option(q, value)
    if kind == "multiple":
        return many(q, value)
    if kind == "rating":
        return rating(q, value)
    if kind in ("short", "long"):
        return free_text(value, MAX_SHORT if kind == "short" else MAX_LONG)
    if kind == "matrix":
        return matrix(q, value)
    return None


def option(q: dict[str, Any], value: Any) -> str:
    keys = [o["key"] for o in q["options"]]
    if value not in keys:
        raise invalid(_("Choose one of the options."), field=q["key"])
    return str(value)


def many(q: dict[str, Any], value: Any) -> list[str] | None:
    chosen = [value] if isinstance(value, str) else value
    if not isinstance(chosen, list):
        raise invalid(_("Choose among the options."), field=q["key"])
    picked = {option(q, item) for item in chosen}
    return [o["key"] for o in q["options"] if o["key"] in picked] or None


def rating(q: dict[str, Any], value: Any) -> int:
    low, high = q["scale"]
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if isinstance(value, bool | float) or not low <= number <= high:
        raise invalid(
            _("Choose a number from %(low)d to %(high)d.", low=low, high=high),
            field=q["key"],
        )
    return number


def free_text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str) or len(value) > limit:
        raise invalid(_("Write at most %(n)d characters.", n=limit), field="answers")
    return value.strip().replace("\r\n", "\n") or None


def matrix(q: dict[str, Any], value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        raise invalid(_("Answer the rows of the table."), field=q["key"])
    rows = {r["key"] for r in q["rows"]}
    if not set(value) <= rows:
        raise invalid(_("Answer the rows of the table."), field=q["key"])
    checked = {row: option(q, v) for row, v in value.items() if v not in (None, "")}
    return {
        r["key"]: checked[r["key"]] for r in q["rows"] if r["key"] in checked
    } or None


def answers_of(survey_questions: list[dict[str, Any]], given: Any) -> dict[str, Any]:
    """Checked answers to the survey: required ones present, unknown keys refused."""
    if not isinstance(given, dict):
        raise invalid(_("Answers are given per question."), field="answers")
    by_key = {q["key"]: q for q in survey_questions if q["type"] != "section"}
    unknown = set(given) - set(by_key)
    if unknown:
        raise invalid(
            _("There is no question %(key)s.", key=sorted(unknown)[0][:40]), "answers"
        )
    answers = {}
    for key, q in by_key.items():
        value = answer_of(q, given.get(key))
        if value is None and q["required"]:
            raise invalid(_("Please answer every required question."), field=key)
        if value is not None:
            answers[key] = value
    return answers
