"""The glossary's side of the plugin contract: declarations, its published events,
search documents, and a core that works without it."""

from __future__ import annotations

import io
from typing import Any

import pytest

import etwincms_glossary
from etwincms import hookimpl
from etwincms.db import commit
from etwincms.plugins import project_hooks
from etwincms.services import plugins as space_plugins
from etwincms.state import get_state
from etwincms_glossary import services
from etwincms_glossary.services import TermInput

from .conftest import Browser, GlossarySpace


class Listener:
    """A toy plugin that builds on the glossary through its published hooks only."""

    PLUGIN_NAME = "listener"

    def __init__(self) -> None:
        self.heard: list[tuple[Any, ...]] = []

    @hookimpl(optionalhook=True)
    def glossary_concept_saved(
        self, concept: Any, project: Any, user: Any, is_new: bool
    ) -> None:
        texts = sorted(t.text for t in concept.terms)
        self.heard.append(("saved", texts, user.username, is_new))

    @hookimpl(optionalhook=True)
    def glossary_concept_deleted(
        self, concept_id: int, project: Any, user: Any
    ) -> None:
        self.heard.append(("deleted", concept_id, user.username))

    @hookimpl(optionalhook=True)
    def glossary_imported(
        self, project: Any, user: Any, created: int, updated: int
    ) -> None:
        self.heard.append(("imported", created, updated))


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    return [etwincms_glossary, listener]


def test_declarations_are_registered(glossary: GlossarySpace) -> None:
    registries = get_state().registries
    assert registries.plugins["glossary"].title == "Glossary"
    for capability in ("view", "contribute", "manage"):
        assert f"glossary.{capability}" in registries.permissions.by_name
    assert not registries.permissions["glossary.manage"].pupil_grantable
    assert (
        registries.content_types["glossary_concept"].view_capability == "glossary.view"
    )
    keys = [spec.key for spec in registries.settings["glossary"]]
    assert keys == ["public", "tooltips", "per_page"]


def test_the_glossary_publishes_its_events_to_plugins_on_in_the_space(
    browser: Browser, glossary: GlossarySpace, listener: Listener
) -> None:
    space_plugins.enable_plugin(glossary.session, None, glossary.project, "listener")
    commit(glossary.session)
    concept = glossary.concept("pupil", en="hoe")
    services.update_concept(
        glossary.session,
        glossary.user("teacher"),
        glossary.project,
        concept,
        terms={"es": TermInput("azada")},
    )
    commit(glossary.session)
    concept_id = concept.id
    services.delete_concept(
        glossary.session, glossary.user("teacher"), glossary.project, concept
    )
    commit(glossary.session)
    browser.login("teacher")
    browser.post(
        "/import",
        {"file": (io.BytesIO(b"en,es\nrake,rastrillo\n"), "t.csv")},
        content_type="multipart/form-data",
    )
    assert listener.heard == [
        ("saved", ["hoe"], "pupil_user", True),
        ("saved", ["azada", "hoe"], "teacher_user", False),
        ("deleted", concept_id, "teacher_user"),
        ("imported", 1, 0),
    ]


def test_no_event_reaches_a_plugin_switched_off_or_for_a_rolled_back_change(
    glossary: GlossarySpace, listener: Listener
) -> None:
    space_plugins.disable_plugin(glossary.session, None, glossary.project, "listener")
    commit(glossary.session)
    glossary.concept("pupil", en="hoe")
    space_plugins.enable_plugin(glossary.session, None, glossary.project, "listener")
    commit(glossary.session)
    services.create_concept(
        glossary.session,
        glossary.user("pupil"),
        glossary.project,
        terms={"en": TermInput("draft")},
    )
    glossary.session.rollback()
    commit(glossary.session)
    assert listener.heard == []


def test_search_documents_name_no_one(glossary: GlossarySpace) -> None:
    concept = glossary.concept("pupil", category="Soil", en="humus", es="mantillo")
    batches = project_hooks(glossary.project).search_documents(project=glossary.project)
    (document,) = [d for batch in batches for d in batch]
    assert document.id == f"glossary_concept:{concept.id}"
    assert document.title == "humus · mantillo"
    assert document.visibility == "members"  # a pupil's entry waits for a teacher
    assert "Pupil" not in document.title + document.body
    glossary.approve(concept)
    batches = project_hooks(glossary.project).search_documents(project=glossary.project)
    (document,) = [d for batch in batches for d in batch]
    assert document.visibility == "public"  # who finds it: glossary.view decides
