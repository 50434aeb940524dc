"""The XSS suite over space templates and the fields of a new space.

A plugin's ``register_project_templates`` may hand the core page titles and bodies (and
its own label and description); creating a space from a template makes those pages
through the core's page service, so they must come out of the one sanitizer like any
page a person wrote. A test plugin offers templates made of the corpus (every payload
in the bodies, every 8th in the page titles, nested so breadcrumbs show them); a space
is made from it through the "new space" form with the corpus in every field a person
sets there (title, description, languages, subjects), and the space home, its page
tree, its pages, the dashboard, the admin pages and the form's own error answer are
read back and judged by the oracle (:func:`xss_paths.judge`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from justhtml import JustHTML

from etwincms import hookimpl
from etwincms.hooktypes import ProjectTemplate, TemplatePage
from tests.security import xss_paths
from tests.security.xss_paths import (
    Batch,
    Finding,
    Site,
    batches,
    every,
    indices_of,
    judge,
    packed,
    text_at,
)

EVERYTHING = xss_paths.sendable()
BODIES = batches(EVERYTHING, 200_000)
TITLES = packed(every(xss_paths.SHORT_STEP), 200)
#: Subpages chain this deep (12 slugs of 80 characters fill a path of 1,000).
CHAIN = 6
PAGE_SPOTS = ["title", "h1", "nav.breadcrumbs"]


def template_pages(
    titles: list[Batch], bodies: list[Batch]
) -> tuple[TemplatePage, ...]:
    """Chains of subpages titled with ``titles``, the first ones holding ``bodies``."""
    chains: list[TemplatePage] = []
    for start in range(0, len(titles), CHAIN):
        page: TemplatePage | None = None
        for n in reversed(range(start, min(start + CHAIN, len(titles)))):
            page = TemplatePage(
                title=titles[n].text,
                body=text_at(bodies, n),
                children=(page,) if page else (),
                public=n == 0,
            )
        chains.append(page)
    return tuple(chains)


class HostileTemplates:
    """A plugin whose space templates are made of the corpus."""

    PLUGIN_NAME = "xss_templates"

    @hookimpl
    def register_project_templates(self) -> list[ProjectTemplate]:
        label, description = packed(every(64), 200)[0], batches(every(64), 5000)[0]
        return [
            ProjectTemplate(
                name="corpus",
                label=label.text,
                description=description.text,
                plugins=("wiki",),
                pages=template_pages(TITLES, BODIES),
            ),
            ProjectTemplate(name="bare", label="Bare", plugins=(), pages=()),
        ]


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, database_url: str | None
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("xss-templates")
    with xss_paths.site_with(folder, database_url, [HostileTemplates()]) as built:
        built.app.config["SEARCH_DRAIN"] = "worker"  # nothing here reads the index
        yield built


def new_space(site: Site, fields: dict[str, str], status: int = 302) -> str:
    """Post the "new space" form; answer the space's home (or the form's answer)."""
    answer = site.post("/spaces/new", fields)
    assert answer.status_code == status, answer.status_code
    return answer.location if status == 302 else answer.get_data(as_text=True)


def one_per_line(items: list[tuple[int, str]]) -> str:
    """Markers and payloads as a comma-separated list (languages, subjects)."""
    return ", ".join(f"{xss_paths.marker(i)} {xss_paths.one_line(p)}" for i, p in items)


def test_the_template_form_shows_labels_and_descriptions_escaped(site: Site) -> None:
    form = site.get("/spaces/new")
    label, description = packed(every(64), 200)[0], batches(every(64), 5000)[0]
    spots = ["fieldset label", "fieldset p.meta"]
    assert judge("template form", form, spots, indices_of([label, description])) == []


def test_a_space_from_the_corpus_template(site: Site) -> None:
    fields = {
        "title": TITLES[0].text,
        "description": BODIES[0].text,
        "languages": one_per_line(every(64)),
        "subjects": one_per_line(every(64)),
        "template": "corpus",
    }
    home = new_space(site, fields)
    page = site.get(home)
    findings = judge("space home", page, ["title", "main h1"], TITLES[0].indices)
    findings += judge("space home", page, ["p.lead"], indices_of(BODIES))
    findings += judge("space facts", page, ["dl.facts dd"], indices_of(every(64)))
    findings += judge(
        "page tree", page, ["ul.tree a"], indices_of(TITLES), [t.text for t in TITLES]
    )
    findings += template_pages_served(site, page)
    findings += admin_pages(site, home, fields)
    assert findings == [], "\n".join(map(str, findings))


def template_pages_served(site: Site, home: str) -> list[Finding]:
    """The pages the template made: bodies sanitised, titles escaped; the deepest page
    of each chain shows every title of the chain in its breadcrumbs."""
    links = JustHTML(home, sanitize=False).query("ul.tree a")
    paths = [link.attrs["href"] for link in links]
    findings: list[Finding] = []
    for n, path in enumerate(paths):
        if n < len(BODIES) or n % CHAIN == CHAIN - 1 or n == len(paths) - 1:
            page = site.get(path)
            chain = TITLES[n - n % CHAIN : n]  # the ancestors
            findings += judge(
                f"template page {n}", page, ["nav.breadcrumbs"], indices_of(chain)
            )
            findings += judge(
                f"template page {n}", page, ["title", "h1"], TITLES[n].indices
            )
            if n < len(BODIES):
                findings += judge(
                    "template body", page, ["div.content"], BODIES[n].indices
                )
    return findings


def admin_pages(site: Site, home: str, fields: dict[str, str]) -> list[Finding]:
    """The space's admin pages show its title (and the settings form every field)."""
    findings: list[Finding] = []
    for path in ("-/members", "-/plugins", "-/settings/roles", "-/people", "-/trash"):
        page = site.get(f"{home}{path}")
        findings += judge(path, page, ["title", "p.space-title"], TITLES[0].indices)
    settings = site.get(f"{home}-/settings")
    findings += judge(
        "settings title",
        settings,
        ["input[name=title]"],
        TITLES[0].indices,
        [fields["title"]],
        outer=True,
        attribute="value",
    )
    return findings + judge(
        "settings description",
        settings,
        ["textarea[name=description]"],
        indices_of(BODIES),
        [b.text for b in BODIES],
    )


@pytest.mark.parametrize("step", xss_paths.steps())
def test_new_space_fields(site: Site, step: int) -> None:
    """A space per title (from the bare template), with languages and subjects; each
    home is read back, then the dashboard listing them all."""
    titles, lists = packed(every(step), 200), packed(every(step), 1000)
    findings: list[Finding] = []
    for n in range(max(len(titles), len(lists))):
        title = text_at(titles, n, f"Space {n}")
        listed = text_at(lists, n).replace(" xssmark", ", xssmark")
        fields = {"title": title, "languages": listed, "subjects": listed}
        page = site.get(new_space(site, fields | {"template": "bare"}))
        shown = indices_of(titles[n : n + 1])
        findings += judge("new space", page, ["title", "main h1"], shown, [title])
        expected = indices_of(lists[n : n + 1])
        findings += judge("new space facts", page, ["dl.facts dd"], expected)
    dashboard = site.get("/spaces")
    findings += judge(
        "dashboard",
        dashboard,
        ["main h2"],
        indices_of(titles),
        [t.text for t in titles],
    )
    assert findings == [], "\n".join(map(str, findings))


def test_the_refused_form_echoes_every_field_escaped(site: Site) -> None:
    fields = {
        "title": TITLES[1].text,
        "description": BODIES[0].text,
        "languages": one_per_line(every(64)),
        "subjects": one_per_line(every(64)),
        "start_date": "2026-05-01",
        "end_date": "2026-04-01",  # before the start: refused, the form comes back
        "template": "corpus",
    }
    form = new_space(site, fields, status=400)
    findings = judge(
        "refused title",
        form,
        ["input[name=title]"],
        TITLES[1].indices,
        [fields["title"]],
        outer=True,
        attribute="value",
    )
    findings += judge(
        "refused description",
        form,
        ["textarea[name=description]"],
        indices_of(BODIES),
        [fields["description"]],
    )
    for name in ("languages", "subjects"):
        findings += judge(
            f"refused {name}",
            form,
            [f"input[name={name}]"],
            indices_of(every(64)),
            outer=True,
        )
    assert findings == [], "\n".join(map(str, findings))


def test_long_titles_alike_get_slugs_that_fit(site: Site) -> None:
    """Found by this suite on PostgreSQL: a second space (or page) with the title of
    another, 80 slug characters long, got ``<slug>-2``, too long for the column (500)."""
    spaces = [new_space(site, {"title": "b" * 100, "template": "bare"}) for _n in "12"]
    made = [site.api("POST", "/pages", json={"title": "a" * 100}) for _n in "12"]
    assert [answer.status_code for answer in made] == [201, 201]
    slugs = [path.strip("/").rsplit("/", 1)[-1] for path in spaces]
    slugs += [answer.get_json()["slug"] for answer in made]
    assert [len(slug) for slug in slugs] == [80, 80, 80, 80]
    assert slugs[1].endswith("-2") and slugs[3].endswith("-2")
