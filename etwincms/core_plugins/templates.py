"""The core's space template: "Blank" (the site's default plugins, a Welcome page)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import ProjectTemplate, TemplatePage


@hookimpl
def register_project_templates() -> list[ProjectTemplate]:
    return [
        ProjectTemplate(
            name="blank",
            label=_l("Blank"),
            description=_l("A Welcome page and the site's default tools."),
            plugins=None,
            pages=(TemplatePage(title="Welcome", body="", public=False),),
        )
    ]
