"""Template functions that let plugins into the theme: slots, assets, actions, context.

Every call goes through ``project_hooks(project)`` when the page belongs to a space, so a
plugin appears only where it is switched on. Plugin HTML is escaped unless the plugin
returned ``Markup`` (it then vouches for it); unknown slot names fail loudly in tests and
debug, so a typo in a theme is found at once.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask.signals import before_render_template
from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..plugins import project_hooks
from ..state import get_state
from .helpers import signed_in_user

#: The slots themes offer (documented in docs/themes.md).
SLOTS = ("head", "body_end", "space_home", "page_footer", "sidebar", "site_nav")
#: Slots of the whole site: every installed plugin answers, inside a space or not.
SITE_SLOTS = frozenset({"site_nav"})


def hooks_for(project: Any) -> Any:
    return (
        project_hooks(project) if project is not None else get_state().plugins.pm.hook
    )


@pass_context
def slot(context: Context, name: str) -> Markup:
    """``{{ slot("page_footer") }}``: the joined HTML of every plugin for that slot."""
    if name not in SLOTS:
        if current_app.testing or current_app.debug:
            raise KeyError(f"unknown template slot {name!r}; known: {SLOTS}")
        return Markup("")
    project = None if name in SITE_SLOTS else context.get("project")
    parts = hooks_for(project).template_slot(slot=name, context=dict(context))
    return Markup("").join(
        part if isinstance(part, Markup) else escape(part) for part in parts
    )


@pass_context
def assets(context: Context, kind: str) -> Markup:
    """``<link>`` or ``<script>`` tags for the assets plugins added to this page."""
    template = getattr(context, "name", "") or ""
    batches = hooks_for(context.get("project")).extra_assets(
        template=template, project=context.get("project")
    )
    tags = [
        asset_tag(asset.url, kind)
        for batch in batches
        for asset in batch
        if asset.kind == kind
    ]
    return Markup("\n").join(tags)


def asset_tag(url: str, kind: str) -> Markup:
    if kind == "css":
        return Markup('<link rel="stylesheet" href="{}">').format(url)
    return Markup('<script src="{}" defer></script>').format(url)


def item_actions(item: Any, project: Any) -> list[Any]:
    """The actions plugins offer on ``item`` for the signed-in user."""
    batches = project_hooks(project).item_actions(
        item=item, project=project, user=signed_in_user()
    )
    return [action for batch in batches for action in batch]


def admin_items(project: Any) -> list[Any]:
    batches = project_hooks(project).project_admin_items(
        project=project, user=signed_in_user()
    )
    return sorted(
        (item for batch in batches for item in batch), key=lambda i: (i.order, i.key)
    )


def add_extra_context(
    sender: Flask, template: Template, context: dict[str, Any]
) -> None:
    """``extra_template_context``: plugins add variables (never replacing the view's)."""
    project = context.get("project")
    batches = hooks_for(project).extra_template_context(
        template=template.name or "", project=project, request=request
    )
    for extra in batches:
        for key, value in (extra or {}).items():
            context.setdefault(key, value)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        slot=slot, assets=assets, item_actions=item_actions, admin_items=admin_items
    )
    before_render_template.connect(add_extra_context, app)
