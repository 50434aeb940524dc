"""Small input checks shared by the services; each raises ValidationError with a field."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

from ..errors import ValidationError

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$")
SLUG_CHARS = re.compile(r"[^a-z0-9]+")
COUNTRY = re.compile(r"^[A-Z]{2}$")


#: The largest database id: ids are 32-bit integers, bigger numbers name nothing.
MAX_ID = 2**31 - 1


def is_database_id(value: int) -> bool:
    """Whether ``value`` could be a row's id (a bigger one makes PostgreSQL refuse the query)."""
    return 0 < value <= MAX_ID


def required_text(value: str | None, field: str, max_length: int) -> str:
    """Strip ``value``; reject it when empty or longer than ``max_length``."""
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(
            _("The %(field)s must not be empty.", field=field), field=field
        )
    if len(text) > max_length:
        raise ValidationError(
            _(
                "The %(field)s is too long (at most %(n)d characters).",
                field=field,
                n=max_length,
            ),
            field=field,
        )
    return text


def slugify(text: str, max_length: int = 80) -> str:
    """``"Über die Mobilität!"`` -> ``"uber-die-mobilitat"``; never empty."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = SLUG_CHARS.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "page"


def numbered_slug(slug: str, n: int, max_length: int = 80) -> str:
    """``slug-n``, ``slug`` shortened so the whole still fits the slug columns (80)."""
    suffix = f"-{n}"
    return slug[: max_length - len(suffix)].rstrip("-") + suffix


#: Every ``numbered_slug`` of a slug starts with this much of it (up to ``-999999``).
NUMBERED_STEM = 80 - 8


def valid_slug(value: str, field: str = "slug") -> str:
    if value != slugify(value) or len(value) > 80:
        raise ValidationError(
            _("Use lowercase letters, digits and dashes only."), field=field
        )
    return value


def valid_username(value: str) -> str:
    username = value.strip().lower()
    if not USERNAME.match(username):
        raise ValidationError(
            _(
                "Usernames are 3-64 characters: lowercase letters, digits, '.', '_' or '-'."
            ),
            field="username",
        )
    return username


def valid_country(value: str) -> str:
    country = value.strip().upper()
    if not COUNTRY.match(country):
        raise ValidationError(
            _("Use the two-letter country code (ISO 3166-1)."), field="country"
        )
    return country
