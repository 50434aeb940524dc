"""The glossary's answers to the privacy hooks: export everything, erase the person."""

from __future__ import annotations

from sqlalchemy import select

from etwincms.db import Base, commit
from etwincms.services import privacy
from etwincms_glossary.models import Concept, Term

from .conftest import Browser, GlossarySpace, text


def people_columns() -> list[str]:
    """Every glossary column that points at a user account."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name.startswith("glossary_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    )


def test_every_people_column_is_covered() -> None:
    assert people_columns() == ["glossary_concept.author_id", "glossary_term.author_id"]


def test_the_export_lists_concepts_and_terms(glossary: GlossarySpace) -> None:
    glossary.concept("pupil", category="Soil", en="humus", es="humus")
    pupil = glossary.user("pupil")
    data = privacy.export_personal_data(glossary.session, pupil, pupil)["glossary"]
    assert [c["category"] for c in data["concepts"]] == ["Soil"]
    assert sorted(t["language"] for t in data["terms"]) == ["en", "es"]
    assert data["terms"][0]["text"] == "humus"


def test_erasing_keeps_the_terms_and_forgets_the_author(
    browser: Browser, glossary: GlossarySpace
) -> None:
    concept = glossary.concept("pupil", en="humus")
    pupil = glossary.user("pupil")
    privacy.erase_personal_data(glossary.session, glossary.user("site_admin"), pupil)
    commit(glossary.session)
    glossary.session.expire_all()
    assert glossary.session.scalar(select(Concept.author_id)) is None
    assert glossary.session.scalar(select(Term.author_id)) is None
    browser.login("teacher")
    page = text(browser.get(f"/c/{concept.id}"))
    assert "humus" in page
    assert "a former member" in page
