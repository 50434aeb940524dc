"""The core's space templates: "Blank" and "Erasmus+ blended mobility (IVET)".

The blended-mobility template follows the source documents: a space organised by the
phases of the mobility (before, during, after) and dissemination, with the pages
teachers fill first already in place, and the co-creation tools the site has switched on.
The core makes the pages; each tool makes its own starter content (a teachers' bulletin,
a mobility diary, a glossary, evaluation surveys) when it hears ``space_template_applied``,
which :func:`etwincms.services.spaces.create_space` queues once the tools are on.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import hookimpl
from ..hooktypes import ProjectTemplate, TemplatePage

WELCOME = """Welcome to our project space. Introduce the project here: its aims, the partner
schools and what learners will do before, during and after the mobility."""

PHASES = (
    TemplatePage("Welcome", WELCOME, public=True),
    TemplatePage(
        "Partners",
        "One section per partner school: who you are, your vocational programmes, "
        "your teachers.",
        public=True,
    ),
    TemplatePage(
        "Before the mobility",
        "Preparing, planning, connecting: shared goals and the tasks before the visit.",
        children=(
            TemplatePage(
                "Planning", "| When | What | Who |\n|---|---|---|\n|  |  |  |\n"
            ),
            TemplatePage(
                "Icebreakers", "Learners introduce themselves (first names only)."
            ),
            TemplatePage(
                "Glossary", "| English | … | … |\n|---|---|---|\n|  |  |  |\n"
            ),
        ),
    ),
    TemplatePage(
        "During the mobility",
        "Documenting, collaborating, reflecting: fieldwork and weekly reflections.",
        children=(TemplatePage("Mobility diary", "One subpage per week or per team."),),
    ),
    TemplatePage(
        "After the mobility",
        "Consolidating, sharing, upscaling: final products and evaluation.",
        children=(
            TemplatePage("Final products", "Manuals, portfolios, how-to videos…"),
            TemplatePage(
                "Evaluation", "What learners and teachers learned; survey results."
            ),
        ),
    ),
    TemplatePage(
        "Dissemination",
        "What the project shares, with whom, and where. Public: pupils are never named.",
        public=True,
    ),
)

#: Co-creation tools switched on when installed (missing ones are skipped).
BLENDED_PLUGINS = ("forum", "blog", "wiki", "glossary", "gallery", "survey", "embed")


@hookimpl
def register_project_templates() -> list[ProjectTemplate]:
    return [
        ProjectTemplate(
            name="blank",
            label=_l("Blank"),
            description=_l("A Welcome page and the site's default tools."),
            plugins=None,
            pages=(TemplatePage(title="Welcome", body="", public=False),),
        ),
        ProjectTemplate(
            name="erasmus_blended",
            label=_l("Erasmus+ blended mobility (IVET)"),
            description=_l(
                "Pages for each phase (before, during, after the mobility, dissemination), "
                "the co-creation tools switched on, and their starter content: a "
                "teachers' bulletin, a mobility diary with weekly reflections, a "
                "multilingual glossary, pre/post evaluation surveys and a gallery per "
                "mobility."
            ),
            plugins=BLENDED_PLUGINS,
            pages=PHASES,
        ),
    ]
