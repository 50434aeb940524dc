"""The glossary in the project lifecycle: contributions, the moderation queue, the static
export and the Erasmus+ template's starter words.

A pupil's entry waits for a teacher before visitors of a public glossary read it (pages,
search, tooltips); teachers' entries never wait. Decisions go through the core's
moderation queue as a teacher makes them.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from etwincms import events
from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.export.site import build_site
from etwincms.moderation import queue
from etwincms.moderation.consent import record_shown
from etwincms.plugins import project_hooks
from etwincms.services import spaces
from etwincms_glossary import services
from etwincms_glossary.models import Concept
from etwincms_glossary.services import TermInput

from .conftest import Browser, GlossarySpace, text


def mine(batches: list) -> list:
    return [
        item for batch in batches for item in batch or () if item.plugin == "glossary"
    ]


def waiting_ids(glossary: GlossarySpace) -> list[str]:
    entries = queue.waiting(glossary.session, glossary.user("admin"), glossary.project)
    return [entry.item_id for entry in entries]


def approve(glossary: GlossarySpace, concept: Concept, yes: bool = True) -> None:
    queue.decide(
        glossary.session,
        glossary.user("admin"),
        glossary.project,
        f"glossary_concept:{concept.id}",
        approve=yes,
    )


def test_every_concept_and_the_glossary_itself_are_contributions(
    glossary: GlossarySpace,
) -> None:
    compost = glossary.concept("teacher", en="compost", es="compostaje")
    worm = glossary.concept("pupil", en="worm")
    project = glossary.project
    found = {
        c.id: c
        for c in mine(project_hooks(project).space_contributions(project=project))
    }
    assert set(found) == {
        f"glossary:{project.id}",
        f"glossary_concept:{compost.id}",
        f"glossary_concept:{worm.id}",
    }
    assert found[f"glossary:{project.id}"].output
    assert found[f"glossary_concept:{compost.id}"].title == "compost · compostaje"
    assert found[f"glossary_concept:{worm.id}"].author_id == glossary.user("pupil").id
    assert not any(c.public for c in found.values())  # the glossary is not public yet
    glossary.make_public()
    found = {
        c.id: c
        for c in mine(project_hooks(project).space_contributions(project=project))
    }
    assert found[f"glossary_concept:{compost.id}"].public
    assert not found[f"glossary_concept:{worm.id}"].public  # waits for a teacher


def test_a_pupils_entry_waits_and_visitors_do_not_see_it(
    glossary: GlossarySpace, browser: Browser
) -> None:
    glossary.make_public()
    glossary.concept("teacher", en="compost")
    worm = glossary.concept("pupil", en="earthworm")
    assert waiting_ids(glossary) == [f"glossary_concept:{worm.id}"]
    batches = project_hooks(glossary.project).pending_publications(
        project=glossary.project
    )
    assert [p.excerpt for b in batches for p in b if p.item.plugin == "glossary"] == [
        "en: earthworm"
    ]
    browser.login(None)
    listing = text(browser.get("/"))
    assert "compost" in listing and "earthworm" not in listing
    assert browser.get(f"/c/{worm.id}").status_code == 404
    browser.login("observer")
    assert "earthworm" in text(browser.get("/"))  # members read it meanwhile
    browser.login("pupil")
    page = text(browser.get(f"/c/{worm.id}"))
    assert "approval: visitors of a public glossary do not see this entry" in page


def test_approving_publishes_and_rejecting_keeps_it_for_members(
    glossary: GlossarySpace, browser: Browser
) -> None:
    glossary.make_public()
    worm = glossary.concept("pupil", en="earthworm")
    soil = glossary.concept("pupil_lead", en="soil")
    approve(glossary, worm)
    approve(glossary, soil, yes=False)
    assert waiting_ids(glossary) == []
    browser.login(None)
    listing = text(browser.get("/"))
    assert "earthworm" in listing and "soil" not in listing
    session = glossary.session
    services.update_concept(
        session,
        glossary.user("pupil"),
        glossary.project,
        session.get(Concept, worm.id),
        terms={"es": TermInput("lombriz")},
    )
    commit(session)
    assert waiting_ids(glossary) == [
        f"glossary_concept:{worm.id}"
    ]  # changed: waits again
    assert "earthworm" not in text(browser.get("/"))


def test_an_entry_showing_a_pupil_without_consent_is_refused(
    glossary: GlossarySpace,
) -> None:
    worm = glossary.concept("pupil", en="earthworm")
    item = f"glossary_concept:{worm.id}"
    record_shown(glossary.session, glossary.project, item, [glossary.user("pupil").id])
    commit(glossary.session)
    with pytest.raises(ValidationError, match="without consent for public use"):
        approve(glossary, worm)
    assert waiting_ids(glossary) == [item]


def test_other_ids_are_left_to_other_tools(glossary: GlossarySpace) -> None:
    decide = project_hooks(glossary.project).decide_publication
    teacher = glossary.user("teacher")
    for item in ("glossary_concept:999999", "blog_post:1", "glossary_concept:x"):
        answer = decide(
            project=glossary.project, item_id=item, approve=True, actor=teacher
        )
        assert answer is None


def test_the_export_holds_public_approved_entries_without_names(
    glossary: GlossarySpace,
) -> None:
    project = glossary.project
    assert mine_pages(glossary) == []  # not public: nothing to export
    glossary.make_public()
    glossary.concept("teacher", en="compost", es="compostaje")
    glossary.concept("pupil", en="earthworm")
    services.update_concept(
        glossary.session,
        glossary.user("teacher"),
        project,
        glossary.session.scalars(select(Concept).order_by(Concept.id)).first(),
        terms={"de": TermInput("Kompost", "<script>alert(1)</script> Erde")},
    )
    commit(glossary.session)
    [page] = mine_pages(glossary)
    assert page.path == "glossary/index.html"
    assert '<dt lang="es">compostaje</dt>' in page.html
    assert "earthworm" not in page.html + page.text  # still waiting
    assert "<script" not in page.html and "&lt;script&gt;" in page.html
    for user in glossary.users.values():
        assert user.display_name not in page.html and user.username not in page.html
    assert "http" not in page.html


def mine_pages(glossary: GlossarySpace) -> list:
    batches = project_hooks(glossary.project).public_export(project=glossary.project)
    return [page for batch in batches for page in batch or ()]


def test_the_erasmus_template_starts_a_multilingual_glossary(
    glossary: GlossarySpace,
) -> None:
    project, admin = glossary.project, glossary.user("admin")
    for template in ("erasmus_blended", "erasmus_blended", "blank"):
        events.queue(
            glossary.session,
            "space_template_applied",
            project,
            project=project,
            template=template,
            user=admin,
        )
        commit(glossary.session)
    concepts = glossary.session.scalars(select(Concept).order_by(Concept.id)).all()
    assert [c.term_in("es").text for c in concepts] == [
        "movilidad",
        "centro de acogida",
        "prácticas en empresa",
    ]
    assert {t.language for c in concepts for t in c.terms} == {"en", "es", "de"}
    assert all(c.publication == "" for c in concepts)  # a teacher's: nothing waits


def test_the_static_export_holds_the_glossary_and_no_pupils_name(
    glossary: GlossarySpace,
) -> None:
    glossary.make_public()
    glossary.concept("teacher", en="compost", es="compostaje")
    glossary.approve(glossary.concept("pupil", en="earthworm"))
    glossary.concept("pupil_lead", en="secret")  # waits: not exported
    files = static_site(glossary)
    page = files["glossary/index.html"].decode()
    assert "compostaje" in page and "earthworm" in page and "secret" not in page
    pupils = [glossary.user("pupil"), glossary.user("pupil_lead")]
    for name, data in files.items():
        for pupil in pupils:
            assert pupil.display_name.encode() not in data, name
            assert pupil.username.encode() not in data, name


def static_site(glossary: GlossarySpace) -> dict[str, bytes]:
    target = io.BytesIO()
    build_site(glossary.session, glossary.project, target)
    with zipfile.ZipFile(target) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_space_made_from_the_erasmus_template_has_the_starter_glossary(
    glossary: GlossarySpace,
) -> None:
    session = glossary.session
    project = spaces.create_space(
        session, glossary.user("admin"), title="Blended", template="erasmus_blended"
    )
    commit(session)
    made = session.scalars(
        select(Concept).where(Concept.project_id == project.id).order_by(Concept.id)
    )
    assert [c.term_in("en").text for c in made] == [
        "mobility",
        "host school",
        "work placement",
    ]
