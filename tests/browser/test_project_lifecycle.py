"""Issue 11's acceptance walk, in a real browser, as a new teacher would do it.

María (a demo teacher) creates a new public space from the Erasmus+ template and invites
a partner school's teacher (Katrin, who accepts). In that space she creates accounts for
two pupils from a class list (one signs in and chooses a password) and defines a
mobility with them, hosted by her school (the space's first partner): its phases before,
during and after are made, and the gallery makes the mobility's album. She files content
of four tools under every phase (a page and the pre-mobility survey before, a bulletin
post and the album during, the evaluation survey after, the Dissemination page and the
glossary for dissemination), and each phase view lists its items. The pupil writes twice
in the template's public mobility diary; both posts wait in the moderation queue, one is
approved, the other rejected with a reason the pupil then reads, and a visitor sees only
the approved one. María records a pupil's media consent (members only) and is refused,
with the reason on the page, when an album showing that pupil is made public; she
produces the report pack (CSV and PDF) and downloads the static export, which is opened
from file:// with every other request blocked and recorded: no request leaves, every
link resolves, search finds the approved post, and no pupil's display name, first name
or username (the new pupils' and the demo's) appears in any of its files.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from etwincms import demo
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import sign_in as sign_in_demo

pytestmark = pytest.mark.browser

SPACE_TITLE = "Citrus Exchange 2027"
CLASS_LIST = ("Carla Jiménez Soler", "Hugo Martín Roig")
BULLETIN = "Teachers' bulletin"
DIARY = "Mobility diary"
APPROVED_POST = "Our compost heap"
REJECTED_POST = "My phone number"
TEACHER_POST = "Arrival day"
PAGE_TITLE = "Packing list for Utrecht"
MOBILITY = "Utrecht 2027"
#: What is filed under each of the mobility's phases (before, during, after) and under
#: dissemination: (title, whether it is a core page), four tools in all.
FILED = (
    ((PAGE_TITLE, True), ("Pre-mobility expectations", False)),
    ((TEACHER_POST, False), (MOBILITY, False)),
    (("Post-mobility evaluation", False),),
)
DISSEMINATED = (("Dissemination", True), ("Glossary", False))
ALBUM_TITLE = "Greenhouse visit"
NEW_PASSWORD = "my-own-secret-9"


def sign_in(page: Any, base: str, username: str) -> None:
    """Sign a demo user in and switch their interface to English through the switcher."""
    sign_in_demo(page, base, username)
    english(page)


def english(page: Any) -> None:
    if page.locator("html").get_attribute("lang") != "en":
        page.locator("#language-switcher").select_option("en")
        page.locator("form.language-switcher button").click()
        page.wait_for_function("document.documentElement.lang === 'en'")


def demo_pupils() -> list[tuple[str, str]]:
    """(username, display name) of every pupil in the demo space's source file."""
    source = Path(demo.__file__).with_name("space.toml").read_text(encoding="utf-8")
    users = tomllib.loads(source)["users"]
    return [(u["username"], u["display_name"]) for u in users if u["kind"] == "pupil"]


def first_name(name: str) -> str:
    return name.split()[0]


def create_space(teacher: Any, base: str) -> str:
    """The new space's address (``.../s/<slug>/``), public, from the Erasmus+ template."""
    teacher.goto(f"{base}/spaces/new")
    teacher.get_by_label("Project title").fill(SPACE_TITLE)
    teacher.get_by_label("Erasmus+ blended mobility (IVET)").check()
    teacher.get_by_label("Public landing page", exact=False).check()
    teacher.get_by_role("button", name="Create the space").click()
    teacher.wait_for_url(re.compile(r"/s/[a-z0-9-]+/$"))
    return teacher.url


def invite_partner_teacher(teacher: Any, partner: Any, space: str, base: str) -> None:
    teacher.goto(f"{space}-/people")
    teacher.get_by_label("Username or email").fill("katrin")
    teacher.locator("#invite-role").select_option("teacher")
    teacher.get_by_role("button", name="Invite", exact=True).click()
    sign_in(partner, base, "katrin")
    partner.goto(f"{base}/account/invitations")
    card = partner.locator("li.card").filter(has_text=SPACE_TITLE)
    card.get_by_role("button", name="Accept and join").click()
    partner.goto(f"{space}-/members")
    assert "Katrin Albers" in partner.locator("main").inner_text()


def add_pupils(teacher: Any, space: str) -> list[tuple[str, str, str]]:
    """(name, username, one-time password) of the class list's new accounts."""
    teacher.goto(f"{space}-/people/pupils")
    teacher.get_by_label("Class list").fill("\n".join(CLASS_LIST) + "\n")
    teacher.get_by_role("button", name="Create accounts").click()
    rows = teacher.locator("table tbody tr")
    rows.first.wait_for()
    found = [row.locator("td").all_inner_texts() for row in rows.all()]
    return [(name.strip(), user.strip(), word.strip()) for name, user, word in found]


def first_sign_in(pupil: Any, base: str, username: str, password: str) -> None:
    pupil.goto(f"{base}/login")
    pupil.get_by_label("Username").fill(username)
    pupil.get_by_label("Password").fill(password)
    pupil.get_by_role("button", name="Sign in").click()
    pupil.wait_for_url(re.compile(r"/account/password"))
    pupil.get_by_label("Current password").fill(password)
    pupil.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    pupil.get_by_label("New password again").fill(NEW_PASSWORD)
    pupil.get_by_role("button", name="Change password").click()
    pupil.wait_for_url(lambda url: "/account/password" not in url)
    english(pupil)


def define_mobility(teacher: Any, space: str) -> None:
    teacher.goto(f"{space}-/phases/")
    teacher.get_by_role("link", name="Add a mobility").click()
    teacher.get_by_label("Title").fill(MOBILITY)
    teacher.get_by_label("Host school").select_option(index=1)
    teacher.get_by_label("First day").fill("2027-03-08")
    teacher.get_by_label("Last day").fill("2027-03-19")
    for name in CLASS_LIST:  # pupils are listed by a short name ("Carla J.")
        teacher.get_by_label(re.compile(rf"^{first_name(name)}\b")).check()
    teacher.get_by_role("button", name="Save").click()
    teacher.wait_for_url(re.compile(r"/-/phases/$"))
    mobility = teacher.locator("section.mobility").filter(has_text=MOBILITY)
    expect(mobility.locator("ol.phases li")).to_have_count(3)
    screenshot(teacher, "lifecycle-phases")


def create_page(teacher: Any, space: str) -> None:
    teacher.goto(f"{space}welcome")
    teacher.get_by_role("link", name="New subpage").click()
    teacher.get_by_label("Title").fill(PAGE_TITLE)
    teacher.get_by_label("Text").fill("Boots, a rain jacket and a notebook.")
    teacher.get_by_role("button", name="Create page").click()
    teacher.locator("h1", has_text=PAGE_TITLE).wait_for()


def write_post(page: Any, space: str, blog: str, title: str, text: str) -> None:
    page.goto(f"{space}-/blog/")
    page.get_by_role("link", name=blog).first.click()
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/-/blog/p/\d+$"))


def open_surveys(teacher: Any, space: str) -> None:
    """The template's evaluation surveys are drafts until a teacher opens them."""
    for title in ("Pre-mobility expectations", "Post-mobility evaluation"):
        teacher.goto(f"{space}-/survey/")
        teacher.get_by_role("link", name=title).first.click()
        teacher.get_by_role("button", name="Open the survey").click()
        teacher.get_by_role("button", name="Open the survey").wait_for(state="detached")


def file_under_every_phase(teacher: Any, space: str) -> None:
    teacher.goto(f"{space}-/phases/")
    mobility = teacher.locator("section.mobility").filter(has_text=MOBILITY)
    phases = mobility.locator("ol.phases li > a:not(.action)").evaluate_all(
        "as => as.map(a => a.href)"
    )
    dissemination = teacher.locator(
        "section.dissemination ol.phases li > a:not(.action)"
    )
    phases.append(dissemination.evaluate("a => a.href"))
    assert len(phases) == 4
    for address, items in zip(phases, [*FILED, DISSEMINATED], strict=True):
        file_under_phase(teacher, address, items)
    teacher.goto(phases[1])  # during the mobility: a blog post and the album
    screenshot(teacher, "lifecycle-phase-view")


def file_under_phase(
    teacher: Any, address: str, items: tuple[tuple[str, bool], ...]
) -> None:
    """Tick the items on the phase's "Add items" page; the phase view then lists them."""
    teacher.goto(address)
    teacher.get_by_role("link", name="Add items to this phase").click()
    for title, is_page in items:
        candidate = teacher.locator("ul.phase-candidates li").filter(
            has=teacher.get_by_text(title, exact=True)
        )
        pages = teacher.locator("span.meta", has_text="Pages")
        chosen = (
            candidate.filter(has=pages) if is_page else candidate.filter(has_not=pages)
        )
        chosen.first.locator("input[type=checkbox]").check()
    teacher.get_by_role("button", name="Add to the phase").click()
    teacher.wait_for_url(re.compile(r"/-/phases/\d+$"))
    listed = " ".join(teacher.locator("ul.phase-items").all_inner_texts())
    for title, _is_page in items:
        assert title in listed, (title, listed)


def decide(teacher: Any, space: str, title: str, action: str, reason: str = "") -> None:
    teacher.goto(f"{space}-/moderation/")
    entry = teacher.locator("li.moderation-item").filter(has_text=title)
    if reason:
        entry.locator("input[name=reason]").fill(reason)
    entry.get_by_role("button", name=action).click()
    teacher.wait_for_url(re.compile(r"/-/moderation/$"))
    teacher.locator("li.moderation-item").filter(has_text=title).wait_for(
        state="detached"
    )


def moderate(teacher: Any, pupil: Any, visitor: Any, space: str) -> None:
    teacher.goto(f"{space}-/moderation/")
    queue = teacher.locator("ul.moderation-queue").inner_text()
    assert APPROVED_POST in queue and REJECTED_POST in queue
    screenshot(teacher, "lifecycle-moderation")
    decide(teacher, space, APPROVED_POST, "Approve and publish")
    decide(teacher, space, REJECTED_POST, "Reject", "No phone numbers in public.")
    pupil.goto(f"{space}-/moderation/mine")
    assert "No phone numbers in public." in pupil.locator("main").inner_text()
    visitor.goto(f"{space}-/blog/")
    visitor.get_by_role("link", name=DIARY).first.click()
    expect(visitor.locator("main")).to_contain_text(APPROVED_POST)
    shown = visitor.locator("main").inner_text()
    assert APPROVED_POST in shown and REJECTED_POST not in shown


def test_the_project_lifecycle(new_page: Any, live_server: str, tmp_path: Path) -> None:
    teacher, partner = new_page(locale="en-GB"), new_page(locale="en-GB")
    sign_in(teacher, live_server, "maria")
    new_space = create_space(teacher, live_server)
    sidebar = teacher.locator("nav.sidebar")
    expect(sidebar.get_by_role("link", name="Mobility diary")).to_have_count(1)
    screenshot(teacher, "lifecycle-new-space")
    invite_partner_teacher(teacher, partner, new_space, live_server)

    space = new_space
    accounts = add_pupils(teacher, space)
    assert [name for name, _, _ in accounts] == list(CLASS_LIST)
    pupil = new_page(locale="en-GB")
    first_sign_in(pupil, live_server, accounts[0][1], accounts[0][2])

    define_mobility(teacher, space)
    create_page(teacher, space)
    write_post(teacher, space, BULLETIN, TEACHER_POST, "We met our hosts.")
    open_surveys(teacher, space)
    file_under_every_phase(teacher, space)

    write_post(pupil, space, DIARY, APPROVED_POST, "It is warm inside.")
    write_post(pupil, space, DIARY, REJECTED_POST, "Call me on 600 000 000.")
    moderate(teacher, pupil, new_page(locale="en-GB"), space)

    refuse_album_without_consent(teacher, space, first_name(CLASS_LIST[1]))
    download_report(teacher, space, tmp_path)
    site = download_export(teacher, space, tmp_path)
    check_export_offline(new_page, site)
    pupils = [(user, name) for name, user, _ in accounts] + demo_pupils()
    check_no_pupil_named(site, pupils)


def refuse_album_without_consent(teacher: Any, space: str, pupil: str) -> None:
    """The pupil's consent is members-only; an album showing them cannot go public."""
    teacher.goto(f"{space}-/moderation/consent")
    row = teacher.locator("table.consent tbody tr").filter(has_text=pupil)
    row.locator("select[name=level]").select_option("members")
    row.locator("input[name=note]").fill("Form signed by a parent")
    row.get_by_role("button", name="Save").click()
    teacher.locator("table.consent tbody tr").filter(has_text="Form signed").wait_for()
    teacher.goto(f"{space}-/gallery/new")
    teacher.get_by_label("Title").fill(ALBUM_TITLE)
    teacher.get_by_role("button", name="Create album").click()
    teacher.wait_for_url(re.compile(r"/-/gallery/a/\d+$"))
    album_id = teacher.url.rsplit("/", 1)[1]
    teacher.goto(f"{space}-/moderation/shown?item=gallery_album:{album_id}")
    teacher.get_by_label(re.compile(rf"^{pupil}\b")).check()
    teacher.get_by_role("button", name="Save").click()
    teacher.goto(f"{space}-/gallery/a/{album_id}/settings")
    teacher.locator("input[name=visibility][value=public]").check()
    teacher.get_by_role("button", name="Save").click()
    alert = teacher.get_by_role("alert")
    alert.wait_for()
    assert "without consent for public use" in alert.inner_text()
    screenshot(teacher, "lifecycle-consent-refused")


def download(page: Any, link_name: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).click()
    target = folder / started.value.suggested_filename
    started.value.save_as(target)
    return target


def download_report(teacher: Any, space: str, folder: Path) -> None:
    teacher.goto(f"{space}-/reports/")
    teacher.locator("h1", has_text="Report for the programme").wait_for()
    assert MOBILITY in teacher.locator("main").inner_text()
    screenshot(teacher, "lifecycle-report")
    csv_text = download(teacher, "Download CSV", folder).read_text(encoding="utf-8-sig")
    assert MOBILITY in csv_text
    assert download(teacher, "Download PDF", folder).read_bytes().startswith(b"%PDF")


def download_export(teacher: Any, space: str, folder: Path) -> Path:
    teacher.goto(f"{space}-/export/")
    archive = download(teacher, "Download the export (zip)", folder)
    site = folder / "site"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(site)
    found = sorted(site.rglob("index.html"), key=lambda path: len(path.parts))
    assert found, "the export has no index.html"
    return found[0].parent


class Links(HTMLParser):
    """Every href and src of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//")):
                continue  # external links (the licence) are plain links, never loaded
            path = unquote(parts.path)
            resolved = (page.parent / path) if path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def check_export_offline(new_page: Any, site: Path) -> None:
    visitor = new_page(locale="en-GB")
    leaked: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            leaked.append(route.request.url)
            route.abort()

    visitor.route("**/*", only_files)
    visitor.goto((site / "index.html").as_uri())
    assert broken_links(site) == []
    for href in visitor.locator("main a[href]").evaluate_all(
        "as => as.map(a => a.href)"
    ):
        if href.startswith("file://"):
            visitor.goto(href)
            assert visitor.locator("h1").count() >= 1, href
    visitor.goto((site / "index.html").as_uri())
    visitor.get_by_label("Search this site").fill("compost")
    visitor.get_by_label("Search this site").press("Enter")
    results = visitor.locator("[data-export-list]")
    results.get_by_role("link", name=APPROVED_POST).wait_for()
    screenshot(visitor, "lifecycle-export-offline")
    assert leaked == []


def spellings(username: str, name: str) -> list[re.Pattern[str]]:
    """A pupil's username, full name and first name, as written in HTML, text or JSON.

    Whole words only: some are also common words ("daan"); JSON may escape accents.
    """
    words = {username, name, name.split()[0]}
    written = {form for word in words for form in (word, json.dumps(word)[1:-1])}
    return [re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.I) for form in written]


def check_no_pupil_named(site: Path, pupils: list[tuple[str, str]]) -> None:
    assert pupils
    patterns = {name: spellings(user, name) for user, name in pupils}
    files = [path for path in site.rglob("*") if path.is_file()]
    assert len(files) > 3
    found = []
    for path in files:
        text = html.unescape(path.read_bytes().decode("utf-8", errors="replace"))
        for name, forms in patterns.items():
            found += [
                f"{path.relative_to(site)}: {name}" for f in forms if f.search(text)
            ]
    assert found == []
