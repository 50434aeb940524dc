"""The interface language: which one a request gets, the switcher, and the catalogues.

A request is served in the signed-in user's language (``User.locale``), else the one a
visitor chose with the switcher (a cookie), else the best match of the browser's
``Accept-Language``, else the site default (``BABEL_DEFAULT_LOCALE``); only languages in
``LANGUAGES`` are ever chosen. The switcher works without JavaScript: visitors send it
with GET (no session, so their pages stay cacheable) and only a cookie is set; signed-in
users POST it (CSRF-checked) and it is saved to their account as well. Catalogues are
read from the core's ``translations`` folder, then from each loaded plugin's.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..db import commit, get_session
from ..errors import ValidationError
from ..services import accounts
from .auth import safe_next
from .helpers import language_name, signed_in_user

bp = Blueprint("i18n", __name__)

LANGUAGE_COOKIE = "etwincms_language"
COOKIE_MAX_AGE = 365 * 24 * 3600
CORE_TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def interface_languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The request's language: the account's, the switcher's, the browser's, the site's."""
    languages = interface_languages()
    user = signed_in_user()
    if user is not None and user.locale in languages:
        return user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    if chosen in languages:
        return chosen
    browser = request.accept_languages.best_match(languages)
    return browser or current_app.config["BABEL_DEFAULT_LOCALE"]


def language_choices() -> list[tuple[str, str]]:
    """``[("es", "Español"), ...]``: the switcher's options, each named in itself.

    Capitalised as the first word of a menu entry (CLDR writes ``español``).
    """
    names = ((code, language_name(code)) for code in interface_languages())
    return [(code, name[:1].upper() + name[1:]) for code, name in names]


@bp.route("/language", methods=["GET", "POST"])
def switch_language() -> ResponseReturnValue:
    """Remember the chosen language and go back to the page the switcher was on."""
    values = request.form if request.method == "POST" else request.args
    code = values.get("language", "")
    back = safe_next(values.get("next"))
    if code not in interface_languages():
        flash(_("Choose a language from the list."), "error")
        return redirect(back)
    if request.method == "POST" and current_user.is_authenticated:
        save_account_language(code)
    response = redirect(back)
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def save_account_language(code: str) -> None:
    user = signed_in_user()
    try:
        accounts.update_profile(get_session(), user, locale=code)
    except ValidationError as error:  # pragma: no cover - code is checked above
        flash(str(error), "error")
        return
    commit()


def translation_directories(plugins: Iterable[Any]) -> list[str]:
    """The core's catalogue folder, then each loaded plugin package's ``translations``.

    Later folders win when two catalogues translate the same message differently, so a
    plugin may word a shared message its own way in its own pages.
    """
    plugin_folders = {
        Path(module_file).resolve().parent / "translations"
        for module_file in (getattr(plugin, "__file__", None) for plugin in plugins)
        if module_file
    }
    plugin_folders.discard(CORE_TRANSLATIONS)
    folders = [CORE_TRANSLATIONS, *sorted(plugin_folders)]
    return [str(folder) for folder in folders if folder.is_dir()]


def init_app(app: Flask) -> None:
    """Point Flask-Babel at every catalogue folder (unless the site configured its own)."""
    plugins = app.extensions["etwincms"].plugins.pm.get_plugins()
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", ";".join(translation_directories(plugins))
    )
    app.register_blueprint(bp)
    app.context_processor(switcher_context)


def switcher_context() -> dict[str, Any]:
    return {"interface_languages": language_choices}
