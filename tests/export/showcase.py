"""A test plugin for the export: one public story and its companion, full of what the
exporter must fix (links to the live site, external resources, an iframe, a file of its
own, a library picture, paths that try to escape), naming its pupil only publicly.

``LEAK["on"]`` makes it print a pupil's real name and ``LEAK["fail"]`` makes it fail,
to prove the exporter refuses both.
"""

from __future__ import annotations

from markupsafe import escape
from sqlalchemy import select

from etwincms import hookimpl
from etwincms.db import get_session
from etwincms.hooktypes import ExportFile, ExportPage, PluginMeta
from etwincms.models import Material, Membership, Project, Role, User
from etwincms.privacy import shown_name

PLUGIN = PluginMeta(
    name="showcase", title="Showcase", description="Export test plugin."
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
LEAK = {"on": False, "fail": False}


@hookimpl
def register_plugin() -> PluginMeta:
    return PLUGIN


def a_pupil(project: Project) -> User | None:
    return get_session().scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.project_id == project.id, Membership.role == Role.PUPIL)
        .order_by(User.id)
    )


def library_picture(project: Project) -> str:
    found = get_session().scalar(
        select(Material)
        .where(Material.project_id == project.id, Material.media_type.like("image/%"))
        .order_by(Material.id)
    )
    if found is None:
        return ""
    return f'<img src="/s/{project.slug}/-/materials/{found.id}/-/thumbnail" alt="Library photo">'


def story_html(project: Project) -> str:
    pupil = a_pupil(project)
    name = (
        pupil.display_name
        if LEAK["on"] and pupil
        else shown_name(pupil, names_visible=False)
    )
    base = f"/s/{project.slug}"
    return (
        f'<p>Our <a href="{base}/welcome">welcome page</a>, the '
        f'<a href="{base}/secret-plans">secret plans</a>, the '
        '<a href="https://example.org/more">partner site</a> and '
        f'<a href="{base}/-/showcase/companion#part">the companion</a>.</p>'
        '<p><img src="https://cdn.example.net/far.png" alt="far picture"></p>'
        '<iframe src="https://www.youtube.com/embed/abc" title="Our video"><p>x</p></iframe>'
        '<p><img src="story/drawing.png" alt="Drawing"> '
        '<a href="companion.html">Companion again</a> '
        '<a href="missing.html">Nowhere</a></p>'
        f"{library_picture(project)}"
        '<p style="background: url(https://tracker.example.com/t.gif)">Styled</p>'
        '<script src="https://evil.example.com/x.js"></script>'
        '<form action="https://evil.example.com/f"><button>Send</button></form>'
        '<marquee onmouseover="steal()">Moving</marquee>'
        f"<p>Written by {escape(name)} about the glacier.</p>"
    )


@hookimpl
def public_export(project: Project) -> list[ExportPage]:
    if LEAK["fail"]:
        raise RuntimeError("the showcase is broken")
    base = f"/s/{project.slug}/-/showcase"
    return [
        ExportPage(
            path="showcase/story.html",
            title="Glacier story",
            html=story_html(project),
            url=f"{base}/story",
            text="A story about the glacier and its crevasses.",
            files=(ExportFile(path="showcase/story/drawing.png", data=PNG),),
        ),
        ExportPage(
            path="showcase/companion.html",
            title="Companion",
            html='<h2 id="part">Part</h2><p>Back to <a href="story.html">the story</a>.</p>',
            url=f"{base}/companion",
            text="The companion of the story.",
        ),
        ExportPage(path="../escape.html", title="Escaper", html="<p>Out?</p>", url=""),
        ExportPage(path="index.html", title="Impostor", html="<p>Me?</p>", url=""),
    ]
