"""Pupils never appear in partner finding, and unlisted spaces are found by nothing.

Pupils with a distinctive name are seeded everywhere they could leak from: as members of
a listed space, and (written straight into the tables, as a bug or an import might) with
a discoverable profile and a partner-finding post. Every listing page, every search
result (the finder's and the site's search) and every API answer is then searched for
that name. Spaces that are unlisted, listed but private, or listed and then unlisted
again are looked for with every filter and in search, and found nowhere.
"""

from __future__ import annotations

import pytest

from etwincms.db import commit
from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Role
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery
from etwincms.services.search import search as site_search
from etwincms_partners import filters as vocab
from etwincms_partners import messaging, queries, services
from etwincms_partners.filters import KINDS
from etwincms_partners.models import MemberProfile, PartnerPost

from .conftest import API, PartnersSite, text

SECRET = "Quillfeather"
FILTERS = [
    "",
    "country=ES",
    "language=en",
    "subject=biology",
    "vocational=agriculture",
    "q=quill",
    "age_from=10&age_to=18",
    "partnership_type=etwinning",
]
HIDDEN = ("Hidden Orchard", "Private Grove", "Former Listing", "Quietly Unlisted")


@pytest.fixture
def seeded(site: PartnersSite, session):
    ana = site.teacher("ana", "es")
    site.teacher("lena", "de")
    pupil = site.person("quillfeather", "pupil", "es")
    pupil.display_name = f"Zeb {SECRET}"
    session.add(
        MemberProfile(
            user_id=pupil.id,
            discoverable=True,
            subjects=["biology"],
            languages=["en"],
            about=f"{SECRET} likes biology",
        )
    )
    session.add(PartnerPost(author_id=pupil.id, school_id=pupil.school_id, country="ES",
                            partnership_type="etwinning", looking_for="school",
                            topic=f"{SECRET} trip", languages=["en"], subjects=["biology"],
                            age_min=12, age_max=14))  # fmt: skip
    commit(session)
    site.post("ana", topic="Olive harvest", languages="en", subjects="biology",
              vocational_subjects="agriculture", age_min=12, age_max=16)  # fmt: skip
    site.profile(
        "ana", subjects="biology", languages="en", vocational_subjects="agriculture"
    )
    site.school_profile("ana", languages="en", vocational_areas="agriculture")
    listed = site.space(
        "ana", title="Green Roots", languages=["en"], subjects=["Biology"]
    )
    site.make.member(listed, pupil, Role.PUPIL, school=site.school("es"))
    site.space("ana", title=HIDDEN[0], listed=False, languages=["en"])
    site.space("ana", title=HIDDEN[1], public=False, languages=["en"])
    former = site.space("ana", title=HIDDEN[2], languages=["en"], subjects=["Biology"])
    site.list_space("ana", former, False)
    # Unlisted on the space's Tools page: the core stores the setting and reindexes
    # nothing, yet search must stop showing the listing at once.
    quiet = site.space("ana", title=HIDDEN[3], languages=["en"], subjects=["Biology"])
    space_plugins.update_settings(session, ana, quiet, "partners", {"listed": False})
    commit(session)
    return {"pupil": pupil, "listed": listed, "ana": ana}


def test_pupils_never_appear_and_unlisted_spaces_are_never_found(
    seeded, session, browser, client
):
    no_listing_page_or_api_answer_names_a_pupil(seeded, browser, client)
    pupils_can_neither_use_nor_be_reached(seeded, session, browser, client)
    unlisted_spaces_are_found_by_no_filter_and_no_search(seeded, session, browser)


def no_listing_page_or_api_answer_names_a_pupil(seeded, browser, client):
    browser.login("lena")
    answers = []
    for kind in KINDS:
        for query in FILTERS[:3]:  # the pages show what the API answers
            page = browser.get(f"/?kind={kind}&{query}")
            assert page.status_code == 200
            answers.append(text(page))
        for query in FILTERS:
            api = client.get(f"{API}/{kind}?{query}")
            assert api.status_code == 200
            answers.append(text(api))
    answers.append(text(browser.get(f"/spaces/{seeded['listed'].slug}")))
    answers.append(text(client.get("/search?q=biology")))
    assert all(SECRET not in answer for answer in answers)
    assert "Olive harvest" in "".join(answers)  # the teachers' content is there
    pupil = seeded["pupil"]
    assert browser.get(f"/people/{pupil.id}").status_code == 404
    post_id = pupil_post_id(seeded)
    assert browser.get(f"/posts/{post_id}").status_code == 404
    assert client.get(f"{API}/posts/{post_id}").status_code == 404


def pupil_post_id(seeded) -> int:
    from sqlalchemy import select

    from etwincms.db import get_session

    return get_session().scalar(
        select(PartnerPost.id).where(PartnerPost.author_id == seeded["pupil"].id)
    )


def pupils_can_neither_use_nor_be_reached(seeded, session, browser, client):
    pupil = seeded["pupil"]
    for act in (
        lambda: services.save_member_profile(session, pupil, {"discoverable": True}),
        lambda: services.create_post(session, pupil, {"topic": "x"}),
        lambda: messaging.inbox(session, pupil),
    ):
        with pytest.raises(PermissionDenied):
            act()
    with pytest.raises(NotFound):
        messaging.start_thread(session, seeded["ana"], pupil, subject="Hi", body="Hi")
    browser.login("quillfeather")
    assert browser.get("/").status_code == 403
    assert client.get(f"{API}/posts").status_code == 403


def unlisted_spaces_are_found_by_no_filter_and_no_search(seeded, session, browser):
    everything = []
    for query in FILTERS:
        chosen = vocab.parse(dict(p.split("=") for p in query.split("&") if p))
        everything += [c.title for c in queries.find(session, "spaces", chosen)]
    assert set(everything) == {"Green Roots"}
    user = seeded["ana"]
    for title in ("Green Roots", *HIDDEN):
        hits = site_search(session, user, SearchQuery(text=title.split()[0]))
        listings = [h.title for h in hits.hits if h.type == "partners_listing"]
        assert listings == ([title] if title == "Green Roots" else []), title
    browser.login("lena")
    for project_slug in (
        "hidden-orchard",
        "private-grove",
        "former-listing",
        "quietly-unlisted",
    ):
        assert browser.get(f"/spaces/{project_slug}").status_code == 404
        answer = browser.post(f"/spaces/{project_slug}/contact", {"body": "Hi"})
        assert answer.status_code == 404
