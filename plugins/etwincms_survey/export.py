"""Published survey results in the space's static dissemination export.

A survey whose results a teacher published (``results_public``) becomes one page,
``survey/results-<id>.html``, when the space is public: for each question the number of
answers, the count per choice (and the mean of a rating), as the results page shows them.
Only aggregates: no respondent, no school, no written answer (they may name someone) —
only how many were given. Below the space's "smallest group" setting, nothing is shown.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import ExportPage
from etwincms.models import Project
from etwincms.plugins import plugin_settings

from . import policy, results
from .contributions import survey_url
from .models import Survey
from .results import Summary


def published(project: Project) -> list[Survey]:
    query = select(Survey).where(
        Survey.project_id == project.id,
        Survey.status != "draft",
        Survey.results_public.is_(True),
    )
    return list(get_session().scalars(query.order_by(Survey.id)))


def bars_table(caption: str, bars: list[tuple[str, int]]) -> Markup:
    rows = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(label, count)
        for label, count in bars
    )
    return Markup(
        '<table><caption>{}</caption><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
    ).format(caption, _("Answer"), _("Responses"), rows)


def question_html(summary: Summary) -> Markup:
    meta = ngettext("%(num)s answer", "%(num)s answers", summary.answered)
    if summary.mean is not None:
        meta += " · " + _("Mean: %(mean)s", mean=summary.mean)
    parts = [Markup("<h2>{}</h2><p>{}</p>").format(summary.title, meta)]
    if summary.bars:
        parts.append(bars_table(summary.title, summary.bars))
    parts.extend(bars_table(label, bars) for label, bars in summary.rows)
    if summary.texts:
        parts.append(
            Markup("<p>{}</p>").format(_("Written answers are not published."))
        )
    return Markup("<section>{}</section>").format(Markup("").join(parts))


def survey_html(project: Project, survey: Survey) -> tuple[str, str]:
    """The page's HTML and its plain text for the export's search."""
    session, languages = get_session(), project.languages or ["en"]
    responses = results.responses_of(session, survey)
    count = len(responses)
    intro = Markup("<p>{}</p><p>{}</p>").format(
        survey.description,
        ngettext("%(num)s response", "%(num)s responses", count),
    )
    smallest = int(plugin_settings(project, "survey").get("min_results", 1) or 1)
    if count < smallest:
        body = Markup("<p>{}</p>").format(_("Too few responses to show the results."))
        return str(intro + body), survey.description
    summaries = results.summarise(survey, responses, languages)
    body = Markup("").join(question_html(s) for s in summaries)
    text = " ".join([survey.description, *(s.title for s in summaries)])
    return str(intro + body), text


def public_export(project: Project) -> list[ExportPage]:
    if not policy.space_is_public(project):
        return []
    pages = []
    for survey in published(project):
        html, text = survey_html(project, survey)
        pages.append(
            ExportPage(
                path=f"survey/results-{survey.id}.html",
                title=_("Results: %(title)s", title=survey.title),
                html=html,
                url=survey_url(project, survey),
                text=text,
            )
        )
    return pages
