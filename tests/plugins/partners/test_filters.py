"""Filters combine correctly: table-driven over a seeded directory.

The directory has posts, people, schools and listed spaces in several countries,
languages, subjects, vocational subjects, age ranges and partnership types. Each row of
the tables is a filter combination; what it should find is computed here, from the seed
data, with a predicate written independently of the plugin's queries, and compared with
what the finder page and the API answer.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from etwincms.errors import ValidationError
from etwincms_partners import cards, queries
from etwincms_partners import filters as vocab

from .conftest import API, PartnersSite, text

# topic, author, partnership type, languages, subjects, vocational, ages
POSTS = [
    ("Olive harvest", "ana", "etwinning", "es,en", "biology", "agriculture", (14, 16)),
    ("Robots in class", "lena", "ka2", "de,en", "technology", "mechatronics", (12, 15)),
    ("Job shadowing in a bakery", "joao", "ka1_job_shadowing", "pt,en", "", "baking", (16, 19)),
    ("Kitchen placements", "ana", "ka1_placement", "es", "", "catering", (17, 19)),
    ("Water for all", "eleni", "ka2", "el,en", "biology,geography", "", (12, 14)),
    ("Teaching German", "lena", "ka1_teaching", "de", "languages", "", None),
]  # fmt: skip
COUNTRIES = {"ana": "ES", "lena": "DE", "joao": "PT", "eleni": "GR"}
# person: subjects, vocational, languages
PEOPLE = {
    "ana": ("biology", "agriculture", "es,en"),
    "lena": ("technology,physics", "mechatronics", "de,en"),
    "joao": ("", "baking", "pt"),
    "eleni": ("geography", "", "el,en,fr"),
}
# space title, founder, languages, subjects, vocational, ages, partnership type
SPACES = [
    ("Green Roots", "ana", ["en", "es"], ["Agriculture"], "agriculture", (16, 19), "ka2"),
    ("Maker Lab", "lena", ["de"], ["Technology"], "mechatronics", (12, 15), "etwinning"),
    ("Sea and Sun", "eleni", ["el", "en"], ["Geography"], "", (12, 14), "etwinning"),
]  # fmt: skip


@pytest.fixture
def directory(site: PartnersSite) -> PartnersSite:
    for name, country in COUNTRIES.items():
        site.teacher(name, country.lower())
    for topic, author, kind, langs, subjects, vocational, ages in POSTS:
        low, high = ages or (None, None)
        site.post(author, topic=topic, partnership_type=kind, languages=langs,
                  subjects=subjects, vocational_subjects=vocational, age_min=low,
                  age_max=high)  # fmt: skip
    for name, (subjects, vocational, langs) in PEOPLE.items():
        site.profile(name, subjects=subjects, vocational_subjects=vocational,
                     languages=langs)  # fmt: skip
        site.school_profile(name, vocational_areas=vocational, languages=langs)
    for title, founder, langs, subjects, vocational, ages, kind in SPACES:
        project = site.space(founder, title=title, languages=langs, subjects=subjects,
                             age_min=ages[0], age_max=ages[1])  # fmt: skip
        site.list_space(founder, project, True, vocational_subjects=vocational,
                        partnership_type=kind)  # fmt: skip
    site.teacher("reader", "fr")
    return site


def tags(value: str) -> list[str]:
    return [v for v in value.split(",") if v]


def meets(ages: Any, wanted: dict[str, Any]) -> bool:
    low, high = wanted.get("age_from"), wanted.get("age_to")
    if low is None and high is None:
        return True
    if ages is None:
        return False
    return (low is None or ages[1] >= low) and (high is None or ages[0] <= high)


def expected_posts(wanted: dict[str, Any]) -> set[str]:
    found = set()
    for topic, author, kind, langs, subjects, vocational, ages in POSTS:
        words = f"{topic}".lower()
        if (
            wanted.get("country", COUNTRIES[author]) == COUNTRIES[author]
            and wanted.get("language", "*") in [*tags(langs), "*"]
            and wanted.get("subject", "*") in [*tags(subjects), "*"]
            and wanted.get("vocational", "*") in [*tags(vocational), "*"]
            and wanted.get("partnership_type", kind) == kind
            and wanted.get("q", "").lower() in words
            and meets(ages, wanted)
        ):
            found.add(topic)
    return found


def expected_people(wanted: dict[str, Any]) -> set[str]:
    return {
        name.title()
        for name, (subjects, vocational, langs) in PEOPLE.items()
        if wanted.get("country", COUNTRIES[name]) == COUNTRIES[name]
        and wanted.get("language", "*") in [*tags(langs), "*"]
        and wanted.get("subject", "*") in [*tags(subjects), "*"]
        and wanted.get("vocational", "*") in [*tags(vocational), "*"]
    }


def expected_spaces(wanted: dict[str, Any]) -> set[str]:
    return {
        title
        for title, founder, langs, subjects, vocational, ages, kind in SPACES
        if wanted.get("country", COUNTRIES[founder]) == COUNTRIES[founder]
        and wanted.get("language", "*") in [*langs, "*"]
        and wanted.get("subject", "*") in [*(s.lower() for s in subjects), "*"]
        and wanted.get("vocational", "*") in [*tags(vocational), "*"]
        and wanted.get("partnership_type", kind) == kind
        and meets(ages, wanted)
    }


COMBINATIONS: list[dict[str, Any]] = [
    {},
    {"country": "ES"},
    {"language": "en"},
    {"language": "en", "subject": "biology"},
    {"language": "en", "country": "GR"},
    {"subject": "biology", "partnership_type": "ka2"},
    {"vocational": "mechatronics"},
    {"vocational": "agriculture", "language": "es"},
    {"partnership_type": "ka2"},
    {"partnership_type": "etwinning", "language": "de"},
    {"age_from": 16},
    {"age_to": 13},
    {"age_from": 13, "age_to": 15, "language": "en"},
    {"age_from": 15, "age_to": 16, "partnership_type": "ka1_job_shadowing"},
    {"country": "DE", "language": "de", "subject": "languages"},
    {"country": "FR"},
    {"q": "robot"},
    {"q": "water", "country": "GR", "age_to": 12},
    {"language": "fr"},
    {"subject": "geography", "language": "el"},
]


def titles_on_page(html: str) -> set[str]:
    return set(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html))


def test_filters_combine_for_every_kind(directory, browser, client, session):
    """One seeded directory, every table: posts (page and API), people, spaces, schools."""
    posts_on_the_page_and_in_the_api(browser, client)
    people_and_spaces(session)
    schools_and_facets(session)


def posts_on_the_page_and_in_the_api(browser, client):
    browser.login("reader")
    covered = set()
    for wanted in COMBINATIONS:
        expected = expected_posts(wanted)
        covered |= expected
        query = "&".join(f"{k}={v}" for k, v in wanted.items())
        if len(wanted) > 1:  # the page shows what the API answers: a sample suffices
            page = text(browser.get(f"/?kind=posts&{query}"))
            assert titles_on_page(page) == expected, wanted
        items = client.get(f"{API}/posts?{query}").get_json()["items"]
        assert {item["title"] for item in items} == expected, wanted
    assert covered == {post[0] for post in POSTS}  # every post is found by some row


def people_and_spaces(session):
    for wanted in COMBINATIONS:
        chosen = vocab.parse(wanted)
        people = {c.title for c in queries.find(session, "people", chosen)}
        people_filters = {
            k: v for k, v in wanted.items() if k in vocab.APPLIES["people"]
        }
        if "q" not in wanted:
            assert people == expected_people(people_filters), wanted
        spaces = {c.title for c in queries.find(session, "spaces", chosen)}
        if "q" not in wanted:
            assert spaces == expected_spaces(wanted), wanted
    assert {c.title for c in queries.find(session, "spaces", vocab.Filters())} == {
        space[0] for space in SPACES
    }


def schools_and_facets(session):
    schools = queries.find(session, "schools", vocab.parse({"vocational": "baking"}))
    assert [card.countries for card in schools] == [("PT",)]
    both = vocab.parse({"language": "en", "country": "DE"})
    assert [c.title for c in queries.find(session, "schools", both)] == ["School DE"]
    posts = queries.find(session, "posts", vocab.parse({"language": "en"}))
    facets = cards.facets(posts)
    assert facets["partnership_type"] == {
        "ka2": 2,
        "etwinning": 1,
        "ka1_job_shadowing": 1,
    }
    assert facets["countries"]["DE"] == 1 and facets["languages"]["en"] == 4


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"country": "Spain"}, "country"),
        ({"language": "english"}, "language"),
        ({"age_from": "2"}, "age_from"),
        ({"age_to": "old"}, "age_to"),
        ({"partnership_type": "ka9"}, "partnership_type"),
        ({"subject": "a,b"}, "subject"),
    ],
)
def test_bad_filters_are_refused_with_the_field_named(values, field):
    with pytest.raises(ValidationError) as refused:
        vocab.parse(values)
    assert refused.value.field == field


def test_a_bad_filter_is_a_clear_error_on_the_page_and_in_the_api(
    site, browser, client
):
    site.teacher("reader")
    browser.login("reader")
    page = browser.get("/?kind=posts&country=Spain")
    assert page.status_code == 400 and "two-letter" in text(page)
    assert client.get(f"{API}/posts?country=Spain").status_code == 422
    assert browser.get("/?kind=planets").status_code == 400
