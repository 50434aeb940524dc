"""The vocabulary and the filters of partner finding, parsed once for the web and the API.

A :class:`Filters` is what a search asks: free text plus country, language, subject,
vocational subject, an age range and a partnership type. Each kind of result (posts,
people, schools, listed spaces) answers only the filters that make sense for it
(:data:`APPLIES`); the others are left out of its form and ignored. Values are
normalised here (countries upper case, languages lower case, subjects case-folded), so
that the queries compare like with like, and bad input is refused with a message naming
the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from etwincms.errors import ValidationError

PARTNERSHIP_TYPES: dict[str, Any] = {
    "etwinning": _l("eTwinning project"),
    "ka1_job_shadowing": _l("Erasmus+ KA1 mobility: job shadowing"),
    "ka1_teaching": _l("Erasmus+ KA1 mobility: teaching assignment"),
    "ka1_placement": _l("Erasmus+ KA1 mobility: placements"),
    "ka2": _l("Erasmus+ KA2 cooperation partnership"),
}
LOOKING_FOR: dict[str, Any] = {
    "school": _l("A partner school"),
    "teacher": _l("A teacher"),
    "host": _l("A host school or company (placements, job shadowing)"),
    "sending": _l("A school that sends staff or learners"),
}
KINDS: dict[str, Any] = {
    "posts": _l("Partner-finding posts"),
    "people": _l("People"),
    "schools": _l("Schools"),
    "spaces": _l("Projects"),
}
TEXT_FILTERS = ("country", "language", "subject", "vocational")
APPLIES: dict[str, frozenset[str]] = {
    "posts": frozenset({"q", *TEXT_FILTERS, "age_from", "age_to", "partnership_type"}),
    "people": frozenset({"q", *TEXT_FILTERS}),
    "schools": frozenset({"q", "country", "language", "vocational"}),
    "spaces": frozenset({"q", *TEXT_FILTERS, "age_from", "age_to", "partnership_type"}),
}
COUNTRY = re.compile(r"^[A-Z]{2}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_TAG = 80
AGES = (3, 99)


@dataclass(frozen=True, slots=True)
class Filters:
    """One search's filters; empty strings and ``None`` mean "any"."""

    q: str = ""
    country: str = ""
    language: str = ""
    subject: str = ""
    vocational: str = ""
    age_from: int | None = None
    age_to: int | None = None
    partnership_type: str = ""

    def for_kind(self, kind: str) -> Filters:
        """The same filters with those that do not apply to ``kind`` cleared."""
        keep = APPLIES[kind]
        return Filters(**{k: v for k, v in asdict(self).items() if k in keep})

    def as_dict(self) -> dict[str, Any]:
        """The filters that are set, as URL or JSON values."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}


FILTER_NAMES = tuple(f.name for f in fields(Filters))


def parse(values: Mapping[str, Any]) -> Filters:
    """Filters from a query string, a form or JSON; refuse what cannot be right."""
    text = {name: clean_text(values.get(name)) for name in FILTER_NAMES}
    return Filters(
        q=text["q"][:200],
        country=check(text["country"].upper(), COUNTRY, "country"),
        language=check(text["language"].lower(), LANGUAGE, "language"),
        subject=tag(text["subject"], "subject"),
        vocational=tag(text["vocational"], "vocational"),
        age_from=age(text["age_from"], "age_from"),
        age_to=age(text["age_to"], "age_to"),
        partnership_type=choice(text["partnership_type"], PARTNERSHIP_TYPES),
    )


def clean_text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def check(value: str, pattern: re.Pattern[str], field: str) -> str:
    if value and not pattern.match(value):
        raise ValidationError(
            _("%(field)s: use a two-letter code.", field=field), field=field
        )
    return value


def tag(value: str, field: str = "tags") -> str:
    """A subject as stored and compared: case-folded, no commas, at most 80 characters."""
    value = value.casefold()
    if "," in value or len(value) > MAX_TAG:
        raise ValidationError(
            _(
                "%(field)s: one subject of at most %(n)d characters, without commas.",
                field=field,
                n=MAX_TAG,
            ),
            field=field,
        )
    return value


def tags(value: Any, field: str) -> list[str]:
    """A list of tags from a comma-separated string or a list, without duplicates."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    cleaned = [tag(clean_text(item), field) for item in items]
    return list(dict.fromkeys(item for item in cleaned if item))[:20]


def language_codes(value: Any, field: str = "languages") -> list[str]:
    codes = tags(value, field)
    for code in codes:
        check(code, LANGUAGE, field)
    return codes


def age(value: str, field: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not AGES[0] <= int(value) <= AGES[1]:
        raise ValidationError(
            _(
                "%(field)s: an age from %(low)d to %(high)d.",
                field=field,
                low=AGES[0],
                high=AGES[1],
            ),
            field=field,
        )
    return int(value)


def choice(
    value: str, allowed: Mapping[str, Any], field: str = "partnership_type"
) -> str:
    if value and value not in allowed:
        raise ValidationError(
            _(
                "%(field)s: choose one of %(choices)s.",
                field=field,
                choices=", ".join(allowed),
            ),
            field=field,
        )
    return value


def kind_of(value: Any) -> str:
    kind = clean_text(value) or "posts"
    if kind not in KINDS:
        raise ValidationError(
            _("kind: choose one of %(choices)s.", choices=", ".join(KINDS)),
            field="kind",
        )
    return kind
