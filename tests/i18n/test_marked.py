"""Every string users read is marked for translation: in templates and in Python code.

The scanners are :mod:`.template_strings` and :mod:`.python_strings`; a failure names the
file and the text. Mark it with ``_()`` (``_l()`` at import time, ``{{ _("...") }}`` or
``{% trans %}`` in templates), then run ``make translations`` and translate it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from etwincms.translations.tool import ROOT

from .known_unmarked import KNOWN_UNMARKED
from .python_strings import Unmarked, unmarked_in_source, unmarked_strings
from .template_strings import unmarked_in_template, unmarked_texts


def python_files() -> list[Path]:
    return sorted(
        path
        for base in (ROOT / "etwincms", ROOT / "plugins")
        for path in base.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def template_files() -> list[Path]:
    bases = (ROOT / "themes", ROOT / "plugins")
    return sorted(path for base in bases for path in base.rglob("templates/**/*.html"))


def known_key(found: Unmarked) -> tuple[str, str]:
    return found.path.relative_to(ROOT).as_posix(), found.text[:40]


def test_templates_mark_every_text() -> None:
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"], autoescape=True)
    found = unmarked_texts(env, template_files())
    assert not found, "\n".join(map(str, found))


def test_python_marks_every_message() -> None:
    found = unmarked_strings(python_files())
    new = [item for item in found if known_key(item) not in KNOWN_UNMARKED]
    assert not new, "\n".join(map(str, new))


def test_known_unmarked_messages_only_shrink() -> None:
    """An entry that is marked by now must leave the list (so it cannot come back)."""
    still_there = {known_key(item) for item in unmarked_strings(python_files())}
    assert still_there >= KNOWN_UNMARKED, sorted(KNOWN_UNMARKED - still_there)


@pytest.mark.parametrize(
    "source",
    [
        "flash('Saved.')",
        "raise ValidationError(f'Too long: {n}.', field='title')",
        "raise PermissionDenied('page.edit', 'You may not edit this page.')",
        "NavItem('blog', 'Blog', 'blog.index')",
        "Permission(name='x.read', description='Read things')",
        "flash('Saved %s.' % title)",
    ],
)
def test_python_scanner_flags_unmarked_messages(source: str) -> None:
    assert list(unmarked_in_source(Path("example.py"), source))


@pytest.mark.parametrize(
    "source",
    [
        "flash(_('Saved.'))",
        "raise ValidationError(_('Too long: %(n)s.', n=n), field='title')",
        "raise PermissionDenied('page.edit')",
        "NavItem('blog', _l('Blog'), 'blog.index')",
        "flash(message)",
        "flash('…')",
    ],
)
def test_python_scanner_accepts_marked_messages(source: str) -> None:
    assert not list(unmarked_in_source(Path("example.py"), source))


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello</p>",
        '<img src="x.png" alt="A photo">',
        "<p>{{ name }} wrote</p>",
        '<input placeholder="Search">',
    ],
)
def test_template_scanner_flags_unmarked_text(source: str) -> None:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    assert list(unmarked_in_template(env, "example.html", source))


@pytest.mark.parametrize(
    "source",
    [
        '<p>{{ _("Hello") }}</p>',
        "<p>{% trans %}Hello {{ name }}{% endtrans %}</p>",
        '<a class="brand" href="/">etwincms</a> · 2026 — LICENSE.txt',
        '<option value="1"{% if on %} selected{% endif %}>{{ label }}</option>',
        "<script>const words = 'not shown';</script>",
    ],
)
def test_template_scanner_accepts_marked_text(source: str) -> None:
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    assert not list(unmarked_in_template(env, "example.html", source))


@pytest.mark.parametrize(
    "source",
    [
        "class Gone(ValidationError):\n    pass\n\nraise Gone('The link is gone.')",
        "class A(PermissionDenied): ...\nclass B(A): ...\nraise B('x', 'You may not.')",
        "DAMAGED = 'The file is damaged.'\nraise ValidationError(DAMAGED)",
    ],
)
def test_python_scanner_follows_subclasses_and_constants(
    tmp_path: Path, source: str
) -> None:
    path = tmp_path / "example.py"
    path.write_text(source)
    assert unmarked_strings([path])
