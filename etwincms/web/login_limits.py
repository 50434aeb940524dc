"""Sign-in throttling: failed attempts counted per address and per username typed.

Only failures count, so a class of thirty pupils signing in at once behind one school
address is never slowed. Past ``LOGIN_RATE_LIMIT_ADDRESS`` or
``LOGIN_RATE_LIMIT_USERNAME`` the sign-in form answers 429 without checking the
password, whether or not the name exists (no user enumeration). The counters live in
the storage Flask-Limiter is configured with (``RATELIMIT_STORAGE_URI``: ``memory://``
per process, Redis shared between workers), after ``RATELIMIT_KEY_PREFIX`` and a prefix
of their own; usernames are stored hashed. They are counted with the ``limits`` library
directly: a Flask-Limiter here would check every request for route limits it has none of.
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

EXTENSION = "etwincms_login_limits"


class LoginThrottle:
    """The failure counters of one application."""

    def __init__(self, app: Flask) -> None:
        storage = storage_from_string(
            app.config["RATELIMIT_STORAGE_URI"],
            **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}),
        )
        self._strategy = FixedWindowRateLimiter(storage)
        self._rules = {
            "address": parse_many(app.config["LOGIN_RATE_LIMIT_ADDRESS"]),
            "username": parse_many(app.config["LOGIN_RATE_LIMIT_USERNAME"]),
        }
        # Counted outside Flask-Limiter's routes, so its key prefix is added here: sites
        # sharing one Redis keep their counters apart by RATELIMIT_KEY_PREFIX.
        prefix = app.config.get("RATELIMIT_KEY_PREFIX", "")
        self._prefix: tuple[str, ...] = (prefix,) if prefix else ()

    def retry_after(self, username: str) -> int:
        """Seconds until the next attempt is allowed; 0 when it is allowed now."""
        strategy = self._strategy
        waits = [
            strategy.get_window_stats(item, *ids).reset_time - time.time()
            for item, ids in self._counters(username)
            if not strategy.test(item, *ids)
        ]
        return max((max(1, math.ceil(wait)) for wait in waits), default=0)

    def failed(self, username: str) -> None:
        for item, ids in self._counters(username):
            self._strategy.hit(item, *ids)

    def _counters(self, username: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
        keys = {
            "address": request.remote_addr or "",
            "username": username_key(username),
        }
        return [
            (item, (*self._prefix, "login", kind, keys[kind]))  # never the API's keys
            for kind, items in self._rules.items()
            for item in items
        ]


def username_key(username: str) -> str:
    """Typed names (sometimes a password typed in the wrong box) are never stored."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = LoginThrottle(app)


def throttle() -> LoginThrottle:
    return current_app.extensions[EXTENSION]
