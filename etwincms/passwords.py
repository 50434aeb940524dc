"""Password hashing with argon2id, the rules a chosen password must follow, and generated
one-time passwords for pupils.

The hasher's cost comes from configuration (``PASSWORD_HASH``: ``"default"`` is
argon2-cffi's RFC 9106 low-memory profile; ``"fast"`` is for test suites only). The rules
are OWASP ASVS 5.0's (V6.2): a minimum length, a generous maximum, no composition rules,
and no password from a list of the most common ones or equal to the username.
"""

from __future__ import annotations

import secrets
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext

from .errors import ValidationError

#: No 0/O, 1/l/I: one-time passwords are read off paper by children.
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_LENGTH = 8
#: ASVS asks for at least 64; the cap only bounds the work of hashing what is sent.
MAX_LENGTH = 256
#: Sent when no such user exists, so that a wrong name costs as long as a wrong password.
DUMMY_PASSWORD = "not-a-password-anyone-has"  # noqa: S105


def make_hasher(profile: str) -> PasswordHasher:
    if profile == "fast":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def verify(hasher: PasswordHasher, stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def acceptable(password: str, username: str = "", field: str = "password") -> str:
    """Return ``password`` when it follows the rules, else raise ValidationError."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            gettext("Passwords need at least %(n)d characters.", n=MIN_LENGTH), field
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            gettext("Passwords can have at most %(n)d characters.", n=MAX_LENGTH), field
        )
    folded = password.strip().lower()
    if folded in common_passwords():
        raise ValidationError(
            gettext("That password is one of the most used: choose another."), field
        )
    if username and folded == username.strip().lower():
        raise ValidationError(gettext("Your password cannot be your username."), field)
    return password


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (lowercased, 8 characters or more: shorter ones fail anyway)."""
    text = (
        resources.files("etwincms")
        .joinpath("data/common_passwords.txt")
        .read_text("utf-8")
    )
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def one_time_password() -> str:
    """A password like ``k7mp-x3rt-9wha``: easy to copy from a printed class list."""
    groups = ("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(3))
    return "-".join(groups)
