"""Each plugin's own catalogues are read: the bundled ones and a third party's.

A plugin ships a ``translations`` folder next to the module it registers; the app adds
it to Flask-Babel's translation directories after the core's (docs/translating.md).
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask_babel import force_locale, gettext

import etwincms_blog
from etwincms.app import create_app
from etwincms.testing import make_config
from etwincms.web.i18n import CORE_TRANSLATIONS, translation_directories


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_blog]


def test_a_bundled_plugins_messages_are_translated(app: Flask) -> None:
    folders = app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    assert folders[0] == str(CORE_TRANSLATIONS)
    assert str(Path(etwincms_blog.__file__).parent / "translations") in folders
    with app.test_request_context("/"):
        for language, expected in {
            "de": "Rundbrief für Lehrkräfte",
            "pl": "Biuletyn nauczycieli",
            "fr": "Bulletin des enseignants",
        }.items():
            with force_locale(language):
                assert gettext("Teachers' bulletin") == expected
                assert gettext("Sign in") != "Sign in"  # the core's catalogue still


def test_a_third_party_plugin_ships_its_own_catalogue(
    tmp_path: Path, database_url: str | None
) -> None:
    package = tmp_path / "my_plugin"
    messages = package / "translations" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    catalogue = Catalog(locale="es")
    catalogue.add("Field trips", "Salidas escolares")
    with (messages / "messages.mo").open("wb") as file:
        write_mo(file, catalogue)
    plugin = types.ModuleType("my_plugin")
    plugin.__file__ = str(package / "__init__.py")
    folders = translation_directories([plugin, object()])
    assert folders == [str(CORE_TRANSLATIONS), str(package / "translations")]
    app = create_app(make_config(tmp_path, database_url), plugins=[plugin])
    with app.test_request_context("/"), force_locale("es"):
        assert gettext("Field trips") == "Salidas escolares"
        assert gettext("Sign in") == "Iniciar sesión"


def test_plugins_without_catalogues_add_no_folder(tmp_path: Path) -> None:
    plugin = types.ModuleType("bare_plugin")
    plugin.__file__ = str(tmp_path / "bare_plugin.py")
    assert translation_directories([plugin]) == [str(CORE_TRANSLATIONS)]
