"""The report pack as a PDF made on the server with fpdf2 (pure Python, no browser).

Text is set in DejaVu Sans when the system has it (every European language, Polish and
Greek included; ``REPORTS_PDF_FONT`` names another TTF); without it, in the PDF's
built-in Helvetica, with letters it lacks folded to their plain form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from flask import current_app
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from . import labels
from .criteria import group_by_criteria
from .model import Report

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
FAMILY = "ReportSans"
#: Letters that have no decomposition to a Latin-1 base (NFKD leaves them whole).
FOLDS = {
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "\u0131": "i",  # dotless i
    "œ": "oe",
    "Œ": "OE",
    "€": "EUR",
}


def report_pdf(report: Report, *, compress: bool = True) -> bytes:
    """The report as PDF bytes (``compress=False`` leaves the text readable, for tests)."""
    pdf = ReportPdf(unicode_font())
    pdf.compress = compress
    pdf.set_title(_("Report: %(space)s", space=report.space_title))
    pdf.set_creator("etwincms")
    pdf.add_page()
    write_heading(pdf, report)
    write_contributions(pdf, report)
    write_mobilities(pdf, report)
    write_phases(pdf, report)
    write_outputs(pdf, report)
    write_quality_label(pdf, report)
    return bytes(pdf.output())


def unicode_font() -> Path | None:
    configured = current_app.config.get("REPORTS_PDF_FONT")
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


class ReportPdf(FPDF):
    """An A4 page with the report's font, headings, paragraphs and tables."""

    def __init__(self, font: Path | None) -> None:
        super().__init__(format="A4")
        self.unicode = font is not None
        if font is not None:
            self.add_font(FAMILY, "", str(font))
            bold = font.with_name(font.stem + "-Bold" + font.suffix)
            self.add_font(FAMILY, "B", str(bold if bold.is_file() else font))
        self.family_name = FAMILY if self.unicode else "helvetica"
        self.set_auto_page_break(auto=True, margin=15)

    def text_of(self, text: object) -> str:
        return str(text) if self.unicode else latin1(str(text))

    def heading(self, text: object, size: int = 13) -> None:
        self.set_font(self.family_name, "B", size)
        self.ln(3)
        self.multi_cell(
            0, 7, self.text_of(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def paragraph(self, text: object, link: str | None = None) -> None:
        self.set_font(self.family_name, "", 10)
        self.multi_cell(
            0,
            5,
            self.text_of(text),
            link=link,
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def rows(self, header: Sequence[object], body: Iterable[Sequence[object]]) -> None:
        self.set_font(self.family_name, "", 9)
        with self.table(first_row_as_headings=True, line_height=5) as table:
            for values in [header, *body]:
                row = table.row()
                for value in values:
                    row.cell(self.text_of(value))
        self.ln(2)


def latin1(text: str) -> str:
    """Keep what Latin-1 has; fold other letters to their base (ź -> z, ł -> l)."""
    folded = []
    for char in text:
        if char.encode("latin-1", "ignore") or char in FOLDS:
            folded.append(FOLDS.get(char, char))
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
        folded.append(base or "?")
    return "".join(folded)


def write_heading(pdf: ReportPdf, report: Report) -> None:
    pdf.heading(_("Report: %(space)s", space=report.space_title), size=16)
    pdf.paragraph(period_text(report))
    if report.school:
        pdf.paragraph(_("School: %(school)s", school=report.school))
    if report.phase:
        pdf.paragraph(_("Phase: %(phase)s", phase=report.phase))
    pdf.paragraph(_("Made on %(when)s", when=format_datetime(report.generated_at)))


def period_text(report: Report) -> str:
    start, end = report.filters.starts_on, report.filters.ends_on
    if start is None and end is None:
        return _("Period: the whole project")
    return _(
        "Period: %(start)s to %(end)s",
        start=format_date(start) if start else "…",
        end=format_date(end) if end else "…",
    )


def write_contributions(pdf: ReportPdf, report: Report) -> None:
    pdf.heading(_("Contributions: %(count)d", count=report.total))
    if not report.total:
        pdf.paragraph(_("Nothing was made in this period."))
        return
    pdf.rows(
        (_("Role"), _("Contributions")),
        ((labels.role_label(role), count) for role, count in report.by_role),
    )
    pdf.rows(
        (_("School"), _("Contributions")),
        ((labels.school_label(school), count) for school, count in report.by_school),
    )
    pdf.rows(
        (_("School"), _("Role"), _("Kind"), _("Contributions")),
        (
            (
                labels.school_label(c.school),
                labels.role_label(c.role),
                labels.type_label(c.type),
                c.count,
            )
            for c in report.cells
        ),
    )


def write_mobilities(pdf: ReportPdf, report: Report) -> None:
    pdf.heading(_("Mobilities: %(count)d", count=len(report.mobilities)))
    for row in report.mobilities:
        pdf.paragraph(
            _(
                "%(title)s, %(start)s to %(end)s, hosted by %(host)s: %(count)d participants",
                title=row.title,
                start=format_date(row.starts_on) if row.starts_on else "…",
                end=format_date(row.ends_on) if row.ends_on else "…",
                host=labels.school_label(row.host_school),
                count=row.participants,
            )
        )
        by_school = ((labels.school_label(s), n) for s, n in row.by_school)
        by_role = ((labels.role_label(r), n) for r, n in row.by_role)
        pdf.rows((_("School or role"), _("Participants")), [*by_school, *by_role])


def write_phases(pdf: ReportPdf, report: Report) -> None:
    if not report.phases:
        return
    pdf.heading(_("Phases"))
    pdf.rows(
        (_("Phase"), _("Kind"), _("Contributions")),
        (
            (row.title, labels.phase_kind_label(row.kind), row.total)
            for row in report.phases
        ),
    )


def write_outputs(pdf: ReportPdf, report: Report) -> None:
    pdf.heading(_("Outputs: %(count)d", count=len(report.outputs)))
    for item in report.outputs:
        pdf.paragraph(f"{item.title} ({labels.type_label(item.type)})")
        pdf.paragraph(item.url, link=item.url)


def write_quality_label(pdf: ReportPdf, report: Report) -> None:
    pdf.heading(_("Quality Label evidence"))
    pdf.rows(
        (_("Criterion"), _("Evidence")),
        ((group.criterion.title, group.count) for group in group_by_criteria(report)),
    )
    if report.safety:
        pdf.rows(
            (_("eSafety and GDPR"), _("Records")),
            ((labels.action_label(action), count) for action, count in report.safety),
        )
