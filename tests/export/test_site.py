"""The zip's content: its files, links that resolve, nothing fetched from elsewhere,
no members-only content, no pupil's name, the search index and the licence."""

from __future__ import annotations

import io
import re

import pytest

from etwincms.errors import PermissionDenied
from etwincms.export.errors import PluginFailed, PupilNameFound
from etwincms.export.settings import choose_licence
from etwincms.export.site import build_site, export_site

from . import showcase
from .conftest import SECRETS, World, unzip
from .helpers import (
    CSS_URL,
    REMOTE,
    is_external,
    links_of,
    search_index,
    target_in_zip,
    text_files,
)


def test_the_zip_holds_the_site(world: World) -> None:
    files = world.build()
    assert {
        "index.html",
        "LICENSE.txt",
        "README.txt",
        "assets/export.css",
        "assets/search.js",
        "assets/search-index.js",
        "pages/welcome.html",
        "pages/welcome/visit-diary.html",
        "showcase/story.html",
        "showcase/companion.html",
        "showcase/story/drawing.png",
        f"files/{world.picture.id}-glacier-photo.png",
    } <= set(files)
    assert files["showcase/story/drawing.png"] == showcase.PNG
    assert "open the file index.html" in files["README.txt"].decode()
    assert (
        files[f"files/{world.picture.id}-glacier-photo.png"][:8] == b"\x89PNG\r\n\x1a\n"
    )


def test_plugin_paths_never_escape_or_replace_the_exporters_files(world: World) -> None:
    files = world.build()
    assert "escape.html" in files and "index-2.html" in files
    assert not [
        path for path in files if path.startswith(("/", "..")) or "/../" in path
    ]
    assert b"Impostor" not in files["index.html"].split(b"<main")[0]
    assert b"<h1>Test space</h1>" in files["index.html"]


def test_every_link_inside_resolves_to_a_file_of_the_zip(world: World) -> None:
    files = world.build()
    checked = 0
    for path, text in text_files(files).items():
        if not path.endswith(".html"):
            continue
        for tag, attribute, url, rel in links_of(text.encode()).found:
            if url.startswith("#"):
                continue
            if is_external(url):
                assert (tag, attribute) == ("a", "href"), (path, tag, url)
                assert url.startswith(("https://", "http://", "mailto:")), (path, url)
                assert "noopener" in rel, (path, url)
                continue
            assert target_in_zip(path, url) in files, (path, url)
            checked += 1
    assert checked > 40


def test_links_to_exported_pages_become_relative(world: World) -> None:
    files = world.build()
    welcome = files["pages/welcome.html"].decode()
    assert (
        '<a href="welcome/visit-diary.html" class="wikilink" rel="noopener noreferrer">'
        "Visit diary</a>" in welcome
    )
    assert f'src="../files/{world.picture.id}-glacier-photo.png"' in welcome
    diary = files["pages/welcome/visit-diary.html"].decode()
    assert (
        '<a href="../welcome.html" class="wikilink" rel="noopener noreferrer">Welcome</a>'
        in diary
    )
    story = files["showcase/story.html"].decode()
    assert (
        'href="../pages/welcome.html" rel="noopener noreferrer">welcome page</a>'
        in story
    )
    assert (
        'href="companion.html#part" rel="noopener noreferrer">the companion</a>'
        in story
    )
    assert 'src="story/drawing.png"' in story


def test_links_to_what_is_not_exported_become_text(world: World) -> None:
    files = world.build()
    welcome = files["pages/welcome.html"].decode()
    assert "Secret plans" in welcome and "secret-plans" not in welcome
    assert "/-/missing" not in welcome
    story = files["showcase/story.html"].decode()
    assert "the secret plans," in story and "Nowhere" in story
    assert 'href="missing.html"' not in story


def test_the_export_requests_nothing_from_any_server(world: World) -> None:
    files = world.build()
    for path, text in text_files(files).items():
        for tag, attribute, url, _rel in (
            links_of(text.encode()).found if path.endswith(".html") else []
        ):
            if is_external(url):
                assert (tag, attribute) == ("a", "href"), (path, tag, attribute, url)
        for url in CSS_URL.findall(text):
            assert not REMOTE.match(url.strip()), (path, url)
        lowered = text.lower()
        for element in (
            "<iframe",
            "<embed",
            "<object",
            '<link rel="preconnect',
            "@import",
        ):
            assert element not in lowered, (path, element)
        if path.endswith(".js"):
            assert not REMOTE.search(text), path
            assert "fetch(" not in text and "XMLHttpRequest" not in text
    story = files["showcase/story.html"].decode()
    assert "evil.example.com" not in story and "tracker.example.com" not in story
    assert (
        '<a href="https://www.youtube.com/embed/abc" rel="noopener noreferrer">Our video</a>'
        in story
    )
    assert (
        '<a href="https://cdn.example.net/far.png" rel="noopener noreferrer">far picture</a>'
        in story
    )


def test_plugin_html_goes_through_the_one_sanitizer(world: World) -> None:
    story = world.build()["showcase/story.html"].decode()
    body = story.split('<div class="export-body">')[1].split("</article>")[0]
    for unsafe in ("<form", "<button", "<marquee", "onmouseover", "steal()", "<script"):
        assert unsafe not in body, unsafe
    assert "Moving" in body and "Send" in body


def test_members_only_content_is_absent(world: World) -> None:
    files = world.build()
    for path, data in files.items():
        for secret in SECRETS:
            assert secret.encode() not in data, (path, secret)
    assert not [
        path
        for path in files
        if "secret" in path or "hidden" in path or "old-news" in path
    ]
    assert not [path for path in files if "private" in path]


def test_no_pupil_name_appears_in_any_file(world: World) -> None:
    files = world.build()
    pupils = [user for user in world.users.values() if user.is_pupil]
    assert len(pupils) == 3
    for path, data in files.items():
        text = data.decode("utf-8", "ignore").lower()
        for pupil in pupils:
            for name in (pupil.display_name, pupil.username):
                assert name.lower() not in text, (path, name)
                assert name.lower() not in path.lower()
    assert "pupil, School ES, ES" in files["showcase/story.html"].decode()


def test_a_plugin_that_leaks_a_pupils_name_stops_the_export(world: World) -> None:
    showcase.LEAK["on"] = True
    with pytest.raises(PupilNameFound) as refused:
        world.build()
    assert "Glacier story" in str(refused.value)
    assert "showcase/story.html" in str(refused.value)


def test_a_failing_plugin_stops_the_export_and_is_named(world: World) -> None:
    showcase.LEAK["fail"] = True
    with pytest.raises(PluginFailed, match="“Showcase” could not hand over"):
        world.build()


def test_a_pupils_name_in_a_core_page_stops_the_export(world: World) -> None:
    from etwincms.services import revisions

    admin = world.users["admin"]
    revisions.save_revision(
        world.session,
        admin,
        world.project,
        world.diary,
        body="Photos by maría lópez.",
        base_number=1,
    )
    with pytest.raises(PupilNameFound, match="Visit diary"):
        world.build()


def test_a_former_pupil_who_wrote_a_page_is_still_guarded(world: World, make) -> None:
    from etwincms.services import members, revisions

    former = make.user("jonas.weber", kind="pupil", school=make.school("de"))
    membership = make.member(world.project, former, "pupil_lead")
    revisions.save_revision(
        world.session,
        former,
        world.project,
        world.diary,
        body="Jonas.Weber was here",
        base_number=1,
    )
    members.remove_member(world.session, world.users["admin"], membership)
    world.session.flush()
    with pytest.raises(PupilNameFound, match="Visit diary"):
        world.build()


def test_the_search_index_holds_the_public_pages_text(world: World) -> None:
    files = world.build()
    entries = {entry["path"]: entry for entry in search_index(files)}
    assert "glacier" in entries["pages/welcome.html"]["text"]
    assert "moraine" in entries["pages/welcome/visit-diary.html"]["text"]
    assert entries["showcase/story.html"]["title"] == "Glacier story"
    assert "crevasses" in entries["showcase/story.html"]["text"]
    everything = files["assets/search-index.js"].decode()
    assert not [secret for secret in SECRETS if secret in everything]
    assert "</" not in everything


def test_the_licence_is_on_every_page_and_in_license_txt(world: World) -> None:
    choose_licence(world.session, world.users["teacher"], world.project, "cc-by-sa-4.0")
    files = world.build()
    label = "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) >= 7
    for path in pages:
        html = files[path].decode()
        assert label in html, path
        assert (
            'href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener'
            in html
        )
    licence = files["LICENSE.txt"].decode()
    assert (
        label in licence
        and "https://creativecommons.org/licenses/by-sa/4.0/" in licence
    )


def test_the_home_page_presents_the_project(world: World) -> None:
    from datetime import date

    world.project.description = "Farming & glaciers"
    world.project.erasmus_reference = "2025-1-ES01-KA122-VET-000123"
    world.project.start_date, world.project.end_date = (
        date(2025, 9, 1),
        date(2026, 6, 30),
    )
    index = world.build()["index.html"].decode()
    assert "Farming &amp; glaciers" in index
    assert "<dd>School ES, City (ES)</dd>" in index
    assert "2025-1-ES01-KA122-VET-000123" in index
    assert "Sep 1, 2025 \u2013 Jun 30, 2026" in index


def test_the_default_licence_is_all_rights_reserved(world: World) -> None:
    files = world.build()
    assert "All rights reserved" in files["LICENSE.txt"].decode()


def test_pages_are_accessible_documents(world: World) -> None:
    files = world.build()
    for path in (path for path in files if path.endswith(".html")):
        html = files[path].decode()
        assert html.startswith('<!doctype html>\n<html lang="en">'), path
        for landmark in ("<header", '<main id="main"', "<footer", 'role="search"'):
            assert landmark in html, (path, landmark)
        assert len(re.findall(r"<h1[ >]", html)) == 1, path
        assert '<label for="export-search-q">' in html


def test_the_space_language_is_the_pages_language(world: World) -> None:
    world.project.languages = ["de", "en"]
    files = world.build()
    assert files["pages/welcome.html"].startswith(b'<!doctype html>\n<html lang="de">')


def test_only_admins_and_teachers_may_export(world: World) -> None:
    for role in ("admin", "teacher"):
        export_site(world.session, world.users[role], world.project, io.BytesIO())
    for role in ("pupil", "pupil_lead", "observer", "outsider", None):
        user = world.users[role] if role else None
        with pytest.raises(PermissionDenied):
            export_site(world.session, user, world.project, io.BytesIO())


def test_an_archived_space_can_still_be_exported(world: World) -> None:
    from etwincms.services.spaces import archive_space

    archive_space(world.session, world.users["admin"], world.project)
    target = io.BytesIO()
    export_site(world.session, world.users["teacher"], world.project, target)
    assert "pages/welcome.html" in unzip(target.getvalue())
    with pytest.raises(PermissionDenied):
        export_site(world.session, world.users["pupil"], world.project, io.BytesIO())


@pytest.mark.parametrize("change", ["private", "draft"])
def test_a_space_visitors_cannot_read_exports_no_page(
    world: World, change: str
) -> None:
    from etwincms.models import ProjectStatus

    if change == "private":
        world.project.is_public = False
    else:
        world.project.status = ProjectStatus.DRAFT
    files = world.build()
    assert not [path for path in files if path.startswith("pages/")]
    assert "showcase/story.html" in files  # the plugin decides for its own content


def test_a_space_without_public_pages_exports_its_index(world: World, make) -> None:
    other = make.space(world.users["outsider"], title="Quiet space")
    target = io.BytesIO()
    summary = build_site(world.session, other, target)
    files = unzip(target.getvalue())
    assert not [path for path in files if path.startswith(("pages/", "files/"))]
    assert summary.pages == 4  # the showcase plugin's only
    assert "Quiet space" in files["index.html"].decode()
    assert 'id="export-pages"' not in files["index.html"].decode()
