"""The catalogues are complete, consistent and compiled.

Strings are extracted afresh from the code (as ``make translations`` does) and every one
must be in every language's catalogue, translated (no empty, no fuzzy entry), with the
same placeholders as the English; and each ``.mo`` must be the compiled ``.po``. When a
test here fails after a code change: ``make translations``, translate what is new, commit.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.catalog import Catalog, Message

from etwincms.translations.tool import (
    LANGUAGES,
    CatalogueSet,
    catalogue_sets,
    compiled,
    extract,
    read_catalogue,
)

SETS = {catalogues.name: catalogues for catalogues in catalogue_sets()}
CASES = [(name, language) for name in SETS for language in LANGUAGES]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")


@cache
def fresh_template(name: str) -> Catalog:
    return extract(SETS[name].sources)


def catalogue(catalogues: CatalogueSet, language: str) -> Catalog:
    path = catalogues.po_path(language)
    assert path.exists(), f"{path} is missing: run `make translations`"
    return read_catalogue(path, language)


def forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize(("name", "language"), CASES)
def test_every_message_is_in_the_catalogue(name: str, language: str) -> None:
    have = catalogue(SETS[name], language)
    missing = [m.id for m in fresh_template(name) if m.id and m.id not in have]
    assert not missing, f"{name}/{language} lacks {len(missing)}: {missing[:20]}"


@pytest.mark.parametrize(("name", "language"), CASES)
def test_every_message_is_translated(name: str, language: str) -> None:
    have = catalogue(SETS[name], language)
    wanted = [m.id for m in fresh_template(name) if m.id and m.id in have]
    untranslated = [
        msgid
        for msgid in wanted
        if have[msgid].fuzzy
        or len(forms(have[msgid]))
        != (have.num_plurals if have[msgid].pluralizable else 1)
        or not all(forms(have[msgid]))
    ]
    assert not untranslated, (
        f"{name}/{language}: {len(untranslated)}: {untranslated[:20]}"
    )


@pytest.mark.parametrize(("name", "language"), CASES)
def test_translations_keep_the_placeholders(name: str, language: str) -> None:
    wrong = []
    for message in catalogue(SETS[name], language):
        if not message.id:
            continue
        wrong += [
            text
            for text in forms(message)
            if text and not placeholders_kept(message, text)
        ]
    assert not wrong, f"{name}/{language}: {wrong[:10]}"


def placeholders_kept(message: Message, text: str) -> bool:
    """The English placeholders, all of them; a plural's singular form may leave out the
    count ("used once"), its other forms keep everything."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    expected = placeholders(ids[-1])
    found = placeholders(text)
    if not message.pluralizable or text == forms(message)[-1]:
        return found == expected
    return set(found) <= set(expected)


@pytest.mark.parametrize(("name", "language"), CASES)
def test_compiled_catalogue_is_up_to_date(name: str, language: str) -> None:
    catalogues = SETS[name]
    mo_path = catalogues.mo_path(language)
    assert mo_path.exists(), f"{mo_path} is missing: run `make translations`"
    assert mo_path.read_bytes() == compiled(catalogues.po_path(language), language), (
        f"{mo_path} is older than its .po: run `make translations`"
    )


def test_polish_has_three_plural_forms() -> None:
    polish = catalogue(SETS["etwincms"], "pl")
    assert polish.num_plurals == 3
    plurals = [m for m in polish if m.pluralizable]
    assert plurals and all(len(forms(m)) == 3 for m in plurals)


def test_every_bundled_plugin_ships_catalogues() -> None:
    assert {"etwincms", "etwincms_wiki", "etwincms_blog"} <= set(SETS)
    for catalogues in SETS.values():
        assert catalogues.directory.is_dir(), catalogues.directory
