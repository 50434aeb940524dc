"""Password hashing with argon2id, and generated one-time passwords for pupils.

The hasher's cost comes from configuration (``PASSWORD_HASH``: ``"default"`` is
argon2-cffi's RFC 9106 low-memory profile; ``"fast"`` is for test suites only).
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

#: No 0/O, 1/l/I: one-time passwords are read off paper by children.
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


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


def one_time_password() -> str:
    """A password like ``k7mp-x3rt-9wha``: easy to copy from a printed class list."""
    groups = ("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(3))
    return "-".join(groups)
