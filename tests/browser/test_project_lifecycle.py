"""Issue 11's acceptance walk, in a real browser, as a new teacher would do it.

It uses the demo space "green-roots" and its demo users (creating a space from the
Erasmus+ template is already walked through in test_teacher_flows.py): a teacher
defines a mobility, files a page and a blog post under one of its phases, pupils post in
a public blog and wait in the moderation queue (one approved, one rejected), the teacher
records media consent and is refused, with the reason on the page, when an album showing
a pupil without public consent is made public, produces the report pack (CSV and PDF),
and downloads the static export, which is then opened from file:// with every other
request blocked and recorded: no request leaves, every link resolves, search works, and
no pupil's display name or username appears in any of its files.
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from etwincms import demo
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import sign_in as sign_in_demo

pytestmark = pytest.mark.browser

SLUG = "green-roots"
BLOG_TITLE = "Voices from the field"
APPROVED_POST = "Our compost heap"
REJECTED_POST = "My phone number"
PAGE_TITLE = "Packing list for Utrecht"
MOBILITY = "Utrecht 2027"
ALBUM_TITLE = "Greenhouse visit"


def space_url(base: str, rest: str = "") -> str:
    return f"{base}/s/{SLUG}/{rest}"


def sign_in(page: Any, base: str, username: str) -> None:
    """Sign a demo user in and switch their interface to English through the switcher."""
    sign_in_demo(page, base, username)
    if page.locator("html").get_attribute("lang") != "en":
        page.locator("#language-switcher").select_option("en")
        page.locator("form.language-switcher button").click()
        page.wait_for_function("document.documentElement.lang === 'en'")


def demo_pupils() -> list[tuple[str, str]]:
    """(username, display name) of every pupil in the demo space's source file."""
    source = Path(demo.__file__).with_name("space.toml").read_text(encoding="utf-8")
    users = tomllib.loads(source)["users"]
    return [(u["username"], u["display_name"]) for u in users if u["kind"] == "pupil"]


def define_mobility(teacher: Any, base: str) -> None:
    teacher.goto(space_url(base, "-/phases/"))
    teacher.get_by_role("link", name="Add a mobility").click()
    teacher.get_by_label("Title").fill(MOBILITY)
    host = teacher.get_by_label("Host school")
    host.select_option(index=len(host.locator("option").all()) - 1)
    teacher.get_by_label("First day").fill("2027-03-08")
    teacher.get_by_label("Last day").fill("2027-03-19")
    teacher.locator("input[name=participant_ids]").first.check()
    teacher.get_by_role("button", name="Save").click()
    teacher.wait_for_url(re.compile(r"/-/phases/$"))
    mobility = teacher.locator("section.mobility").filter(has_text=MOBILITY)
    assert mobility.locator("ol.phases li").count() == 3
    screenshot(teacher, "lifecycle-phases")


def create_page(teacher: Any, base: str) -> None:
    teacher.goto(space_url(base, "welcome"))
    teacher.get_by_role("link", name="New subpage").click()
    teacher.get_by_label("Title").fill(PAGE_TITLE)
    teacher.get_by_label("Text").fill("Boots, a rain jacket and a notebook.")
    teacher.get_by_role("button", name="Create page").click()
    teacher.locator("h1", has_text=PAGE_TITLE).wait_for()


def create_public_blog(teacher: Any, base: str) -> None:
    teacher.goto(space_url(base, "-/blog/new"))
    teacher.get_by_label("Title").fill(BLOG_TITLE)
    teacher.locator("input[name=visibility][value=public]").check()
    for role in ("teacher", "pupil_lead", "pupil"):
        teacher.locator(f"input[name=writer_roles][value={role}]").check()
    teacher.get_by_role("button", name="Create blog").click()
    teacher.locator("h1", has_text=BLOG_TITLE).wait_for()


def write_post(page: Any, base: str, title: str, text: str) -> None:
    page.goto(space_url(base, "-/blog/"))
    page.get_by_role("link", name=BLOG_TITLE).first.click()
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/-/blog/p/\d+$"))


def file_under_first_phase(teacher: Any, base: str, titles: list[str]) -> None:
    teacher.goto(space_url(base, "-/phases/"))
    mobility = teacher.locator("section.mobility").filter(has_text=MOBILITY)
    mobility.locator("ol.phases li a").first.click()
    teacher.get_by_role("link", name="Add items to this phase").click()
    for title in titles:
        teacher.get_by_label(title, exact=True).first.check()
    teacher.get_by_role("button", name="Add to the phase").click()
    teacher.wait_for_url(re.compile(r"/-/phases/\d+$"))
    listed = teacher.locator("ul.phase-items").all_inner_texts()
    for title in titles:
        assert title in " ".join(listed)
    screenshot(teacher, "lifecycle-phase-view")


def decide(teacher: Any, base: str, title: str, action: str, reason: str = "") -> None:
    teacher.goto(space_url(base, "-/moderation/"))
    entry = teacher.locator("li.moderation-item").filter(has_text=title)
    if reason:
        entry.locator("input[name=reason]").fill(reason)
    entry.get_by_role("button", name=action).click()
    teacher.wait_for_url(re.compile(r"/-/moderation/$"))
    teacher.locator("li.moderation-item").filter(has_text=title).wait_for(
        state="detached"
    )


def test_the_project_lifecycle(new_page: Any, live_server: str, tmp_path: Path) -> None:
    teacher = new_page(locale="en-GB")
    sign_in(teacher, live_server, "maria")
    define_mobility(teacher, live_server)
    create_page(teacher, live_server)
    create_public_blog(teacher, live_server)
    write_post(teacher, live_server, "Arrival day", "We met our hosts.")
    file_under_first_phase(teacher, live_server, [PAGE_TITLE, "Arrival day"])

    pupil = new_page(locale="en-GB")
    sign_in(pupil, live_server, "pablo")
    write_post(pupil, live_server, APPROVED_POST, "It is warm inside.")
    write_post(pupil, live_server, REJECTED_POST, "Call me on 600 000 000.")
    teacher.goto(space_url(live_server, "-/moderation/"))
    queue = teacher.locator("ul.moderation-queue").inner_text()
    assert APPROVED_POST in queue and REJECTED_POST in queue
    screenshot(teacher, "lifecycle-moderation")
    decide(teacher, live_server, APPROVED_POST, "Approve and publish")
    decide(teacher, live_server, REJECTED_POST, "Reject", "No phone numbers in public.")

    refuse_album_without_consent(teacher, live_server)
    download_report(teacher, live_server, tmp_path)
    site = download_export(teacher, live_server, tmp_path)
    check_export_offline(new_page, site)
    check_no_pupil_named(site)


def refuse_album_without_consent(teacher: Any, base: str) -> None:
    """Pablo's consent is members-only; an album showing him cannot go public."""
    teacher.goto(space_url(base, "-/moderation/consent"))
    row = teacher.locator("table.consent tbody tr").filter(has_text="Pablo R.")
    row.locator("select[name=level]").select_option("members")
    row.locator("input[name=note]").fill("Form signed by a parent")
    row.get_by_role("button", name="Save").click()
    teacher.locator("table.consent tbody tr").filter(has_text="Form signed").wait_for()
    teacher.goto(space_url(base, "-/gallery/new"))
    teacher.get_by_label("Title").fill(ALBUM_TITLE)
    teacher.get_by_role("button", name="Create album").click()
    teacher.wait_for_url(re.compile(r"/-/gallery/a/\d+$"))
    album_id = teacher.url.rsplit("/", 1)[1]
    teacher.goto(space_url(base, f"-/moderation/shown?item=gallery_album:{album_id}"))
    teacher.get_by_label(re.compile(r"^Pablo R\.")).check()
    teacher.get_by_role("button", name="Save").click()
    teacher.goto(space_url(base, f"-/gallery/a/{album_id}/settings"))
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


def download_report(teacher: Any, base: str, folder: Path) -> None:
    teacher.goto(space_url(base, "-/reports/"))
    teacher.locator("h1", has_text="Report for the programme").wait_for()
    assert MOBILITY in teacher.locator("main").inner_text()
    screenshot(teacher, "lifecycle-report")
    csv_text = download(teacher, "Download CSV", folder).read_text(encoding="utf-8-sig")
    assert MOBILITY in csv_text
    assert download(teacher, "Download PDF", folder).read_bytes().startswith(b"%PDF")


def download_export(teacher: Any, base: str, folder: Path) -> Path:
    teacher.goto(space_url(base, "-/export/"))
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
    for html in site.rglob("*.html"):
        parser = Links()
        parser.feed(html.read_text(encoding="utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//")):
                continue  # external links (the licence) are plain links, never loaded
            path = unquote(parts.path)
            resolved = (html.parent / path) if path else html
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{html.relative_to(site)} -> {target}")
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


def check_no_pupil_named(site: Path) -> None:
    pupils = demo_pupils()
    assert pupils
    found = []
    for path in (p for p in site.rglob("*") if p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        for username, name in pupils:
            # usernames are common words ("daan"), so match them as whole words only
            if name.lower() in text or re.search(rf"\b{re.escape(username)}\b", text):
                found.append(f"{path.relative_to(site)}: {name} / {username}")
    assert found == []
