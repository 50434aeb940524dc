"""The sidebar's page tree as each viewer sees it, rendered once and kept until the space
or the site changes.

Building the tree (a row and a permission answer per page) and rendering it (a macro
over every page) was a third of a member's page view. The rendered list is kept in the
page cache's memory (:mod:`etwincms.web.page_cache`) under the viewer, the interface
language, whether they may move pages, and the space's and the site's content stamps,
which :func:`etwincms.services.spaces.get_space` reads with the space. Per request, the
page being shown gets its ``aria-current`` and a mover's list its CSRF token. With
``PAGE_CACHE_VERIFY`` every kept tree is rendered again and compared.
"""

from __future__ import annotations

from flask import current_app, render_template_string
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from ..models import Page, Project, User
from ..permissions import can
from ..services import tree
from ..stamps import wrote
from .page_cache import page_cache

#: Stands for the mover's CSRF token in a kept tree (the token is the session's).
CSRF_SLOT = "etwincms-csrf-token-slot"
CALL_MACRO = (
    '{% from "macros/tree.html" import page_tree with context %}'
    "{{ page_tree(project, nodes, None) }}"
)


class SidebarTree:
    """What the space templates call ``tree``: ``{{ tree.html(page) }}``."""

    def __init__(self, session: Session, viewer: User | None, project: Project) -> None:
        self.session, self.viewer, self.project = session, viewer, project
        self.movable = can(viewer, "page.move", project)

    def html(self, current: Page | None = None) -> Markup:
        """The rendered tree, with ``current`` marked as the page shown."""
        html = self.kept() or self.render()
        if self.movable:
            html = html.replace(
                f'data-csrf="{CSRF_SLOT}"', f'data-csrf="{generate_csrf()}"'
            )
        if current is not None:
            found = f'data-path="{escape(current.path)}"'
            html = html.replace(found, f'{found} aria-current="page"', 1)
        return Markup(html)  # noqa: S704  (our macro's autoescaped output)

    @property
    def nodes(self) -> list[tree.TreeNode]:
        """The tree itself, for a theme that draws it another way (never kept)."""
        return tree.page_tree(self.session, self.viewer, self.project)

    def render(self) -> str:
        return render_template_string(
            CALL_MACRO,
            project=self.project,
            nodes=self.nodes,
            csrf_token=lambda: CSRF_SLOT,
        )

    def kept(self) -> str | None:
        """The kept rendering (kept now if there was none); ``None`` without a cache."""
        cache = page_cache()
        if cache is None or wrote(self.session):
            return None
        key = self.key()
        if key is None:
            return None
        found = cache.get(key)
        if found is None:
            html = self.render()
            cache.keep(key, html.encode())
            return html
        if (
            current_app.config["PAGE_CACHE_VERIFY"]
            and self.render() != found.body.decode()
        ):
            raise AssertionError("sidebar tree changed without a new content stamp")
        return found.body.decode()

    def key(self) -> tuple[object, ...] | None:
        space, site = self.project.content_stamp, self.project.site_stamp
        if space is None or site is None:
            return None
        viewer = self.viewer.id if self.viewer is not None else None
        return ("tree", viewer, str(get_locale()), self.movable, space, site)
