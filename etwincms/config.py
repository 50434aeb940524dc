"""Configuration loading: defaults, then the instance file, then the environment, then tests.

Each layer overrides the one before: :data:`DEFAULTS`, the instance file
``<instance>/etwincms.toml``, environment variables named ``ETWINCMS_<KEY>`` and finally
the mapping passed to ``create_app(config)``. Environment values are parsed as TOML
scalars when they look like one (``true``, ``42``, ``["a", "b"]``), else kept as strings.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import StartupError

ENV_PREFIX = "ETWINCMS_"
INSTANCE_FILE = "etwincms.toml"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "SQL_ECHO": False,
    "PLUGINS": None,  # None: every installed plugin; a list: only those
    "RETENTION_DISABLE_AFTER_DAYS": 30,  # pupils in no active space: disabled after (days)
    "RETENTION_ERASE_AFTER_DAYS": 365,  # ... and erased through the privacy hooks after
    "SAFE_MODE": False,  # boot the core alone
    "DEFAULT_PLUGINS": None,  # plugins on in a new space; None: every installed one
    "TRACE_HOOKS": False,
    "THEME": "default",
    "MAX_MATERIAL_BYTES": 50 * 1024 * 1024,
    "SPACE_QUOTA_BYTES": 2 * 1024**3,  # files a space may keep in all; 0: no limit
    "STORAGE_DIR": None,  # None: <instance>/materials
    "BABEL_DEFAULT_LOCALE": "en",
    "LANGUAGES": ["en", "es", "de", "fr", "it", "pl"],  # those with complete catalogues
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # None: Secure cookies when PREFERRED_URL_SCHEME is "https" (see secure_cookies).
    "SESSION_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_DURATION": 14 * 24 * 3600,  # seconds "remember me" lasts
    "PUPIL_REMEMBER_DURATION": 8 * 3600,  # shorter for pupils: shared school computers
    # A browser session ends unused this long, or this long after sign-in; 0: never.
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_MAX_HOURS": 12,
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-* we believe
    "HSTS_MAX_AGE": 365 * 24 * 3600,  # sent only on requests that came over HTTPS
    "CONTENT_IMAGE_SOURCES": ["https:"],  # CSP img-src besides 'self'; [] for none
    # Failed sign-ins (limits syntax), counted per address and per username typed.
    "LOGIN_RATE_LIMIT_ADDRESS": "30 per minute; 300 per hour",
    "LOGIN_RATE_LIMIT_USERNAME": "5 per minute; 20 per hour",
    # Requests per token (or per address for anonymous callers) to /api/; limits syntax.
    "API_RATE_LIMIT": "600 per minute",
    # memory:// counts per process; use redis://... when several workers serve the site.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Visitors' pages kept per process (MB; 0: none), at most this many seconds; see
    # etwincms/web/page_cache.py. VERIFY renders every hit again and compares (tests).
    "PAGE_CACHE_MB": 16,
    "PAGE_CACHE_SECONDS": 300,
    "PAGE_CACHE_VERIFY": False,
    "SEARCH_BACKEND": "whoosh",
    "SEARCH_INDEX_DIR": None,  # None: <instance>/search
    # Who applies the search outbox after a commit: background (a thread of the web
    # process; one process), inline (the request, before it answers) or worker
    # (`etwincms search worker`; several processes).
    "SEARCH_DRAIN": "background",
    # Text extraction from uploaded documents (etwincms.extraction). Mode: "thread" (a
    # background thread of the web process), "worker" (`etwincms search worker`) or "off"
    # (only `etwincms search rebuild`); None: worker when SEARCH_DRAIN is "worker", off
    # under TESTING, else thread.
    "EXTRACT_MODE": None,
    "EXTRACT_MAX_BYTES": 25 * 1024 * 1024,  # larger files are not read (not_extracted)
    "EXTRACT_TIMEOUT": 60,  # seconds of wall-clock time (and of CPU) per file
    "EXTRACT_MEMORY_BYTES": 512 * 1024 * 1024,  # the reader process's address space
    "EXTRACT_MAX_CHARS": 1_000_000,  # text kept (and indexed) per file
}


def instance_path_from(config: Mapping[str, Any] | None) -> Path:
    """Return the instance folder: test config, then ``ETWINCMS_INSTANCE_PATH``, then ./instance."""
    explicit = (config or {}).get("INSTANCE_PATH") or os.environ.get(
        ENV_PREFIX + "INSTANCE_PATH"
    )
    return Path(explicit or Path.cwd() / "instance").resolve()


def load_config(
    instance_path: Path,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merge the four configuration layers and fill in derived defaults."""
    config = dict(DEFAULTS)
    config.update(read_instance_file(instance_path / INSTANCE_FILE))
    config.update(read_environment(os.environ if environ is None else environ))
    config.update(overrides or {})
    config["INSTANCE_PATH"] = str(instance_path)
    config["DATABASE_URL"] = config["DATABASE_URL"] or sqlite_url(instance_path)
    config["STORAGE_DIR"] = config["STORAGE_DIR"] or str(instance_path / "materials")
    secure_cookies(config)
    return config


def secure_cookies(config: dict[str, Any]) -> None:
    """Cookies are Secure (sent over HTTPS only) when the site is served over HTTPS,
    unless ``SESSION_COOKIE_SECURE`` says otherwise; the remember-me cookie follows."""
    if config["SESSION_COOKIE_SECURE"] is None:
        config["SESSION_COOKIE_SECURE"] = config.get("PREFERRED_URL_SCHEME") == "https"
    if config["REMEMBER_COOKIE_SECURE"] is None:
        config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]


def sqlite_url(instance_path: Path) -> str:
    """The embedded default database: a SQLite file in the instance folder."""
    return f"sqlite:///{instance_path / 'etwincms.db'}"


def read_instance_file(path: Path) -> dict[str, Any]:
    """Read ``etwincms.toml``; keys are upper-cased to match Flask's config style."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise StartupError(f"{path} is not valid TOML: {exc}") from exc
    return {key.upper(): value for key, value in data.items()}


def read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Collect ``ETWINCMS_*`` variables (except the instance path, read earlier)."""
    return {
        name.removeprefix(ENV_PREFIX): parse_env_value(value)
        for name, value in environ.items()
        if name.startswith(ENV_PREFIX) and name != ENV_PREFIX + "INSTANCE_PATH"
    }


def parse_env_value(raw: str) -> Any:
    """Parse ``true``/``42``/``["a"]`` as TOML values; anything else stays a string.

    A comma-separated plain list (``forum,blog``) becomes a list, which is how operators
    usually write ``ETWINCMS_PLUGINS``.
    """
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        pass
    if "," in raw and "://" not in raw:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def write_instance_file(path: Path, values: Mapping[str, str]) -> None:
    """Write simple string settings to a new instance file (used by ``etwincms init``)."""
    lines = [f"{key.lower()} = {quote_toml(value)}" for key, value in values.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


def quote_toml(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
