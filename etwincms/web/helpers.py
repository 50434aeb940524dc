"""Things every template and view needs: the locale, navigation, the ``can`` test."""

from __future__ import annotations

from typing import Any

from babel import Locale, UnknownLocaleError
from flask import g, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from ..models import Project, User
from ..permissions import can
from ..plugins import plugin_settings
from ..privacy import shown_name
from ..services.spaces import enabled_plugins
from ..state import get_state


def signed_in_user() -> User | None:
    """The signed-in user object itself (not Flask-Login's proxy), or None.

    Views hand this to services and ``can()``: the proxy costs a lookup on every
    attribute access, which adds up over a tree of a thousand pages.
    """
    if not current_user.is_authenticated:
        return None
    return current_user._get_current_object()  # type: ignore[attr-defined]


def nav_for(project: Project) -> list[dict[str, Any]]:
    """The space's navigation from the core and the plugins the space switched on."""
    hooks = get_state().plugins.project_hooks(enabled_plugins(project))
    user = signed_in_user()
    items = [
        item for batch in hooks.nav_items(project=project, user=user) for item in batch
    ]
    return [
        {
            "key": item.key,
            "label": item.label,
            "url": url_for(item.endpoint, slug=project.slug, **item.endpoint_args),
        }
        for item in sorted(items, key=lambda item: (item.order, item.key))
    ]


def template_context() -> dict[str, Any]:
    return {
        "can": lambda capability, project, obj=None: can(
            current_user, capability, project, obj
        ),
        "nav_for": nav_for,
        "shown_name": shown_name,
        "active_nav": g.get("active_nav"),
        "get_locale": get_locale,
        "plugin_settings": plugin_settings,
        "format_date": format_date,
        "format_datetime": format_datetime,
    }


def space_form_fields(form: Any) -> dict[str, Any]:
    """A space's details from the create or settings form (lists are comma-separated)."""
    return {
        "title": form.get("title", ""),
        "description": form.get("description", "").strip(),
        "languages": split_list(form.get("languages", "")),
        "subjects": split_list(form.get("subjects", "")),
        "start_date": form.get("start_date") or "",
        "end_date": form.get("end_date") or "",
        "erasmus_reference": form.get("erasmus_reference", "").strip() or None,
        "is_public": form.get("is_public") == "1",
    }


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def language_name(code: str) -> str:
    """A language's name in that language (``de`` -> ``Deutsch``); the code if unknown."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
