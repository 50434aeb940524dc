"""Building the report pack of a space: a few queries, then one pass over contributions.

Contributions come from every switched-on plugin and the core through the
``space_contributions`` hook. Memberships, schools, phases, tags and mobilities are read
once each; every count is then made in memory, so a space with ten thousand items costs
the same handful of queries as one with ten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..hooktypes import Contribution
from ..models import Project
from ..plugins import project_hooks
from . import people, phase_source, safety
from .filters import ReportFilters
from .model import ROLE_ORDER, Cell, Evidence, MobilityRow, PhaseRow, Report
from .phase_source import MobilityInfo, PhaseInfo


@dataclass(frozen=True, slots=True)
class SpaceFacts:
    """What the report reads from the database, once."""

    authors: dict[int, people.Author]
    schools: dict[int, str]
    phases: list[PhaseInfo]
    tags: dict[str, set[int]]
    mobilities: list[MobilityInfo]


def build_report(
    session: Session, project: Project, filters: ReportFilters, base_url: str = ""
) -> Report:
    """The report of ``project`` for ``filters``; links start with ``base_url``.

    :raises ValidationError: when the school or phase filter names none of the space's.
    """
    facts = read_facts(session, project)
    check_filters(facts, filters)
    evidence = tuple(select_evidence(contributions(project), facts, filters, base_url))
    return Report(
        space_title=project.title,
        space_slug=project.slug,
        filters=filters,
        generated_at=datetime.now(UTC),
        school=facts.schools.get(filters.school_id or 0, ""),
        phase=next((p.title for p in facts.phases if p.id == filters.phase_id), ""),
        total=len(evidence),
        **tallies(evidence),
        mobilities=tuple(mobility_rows(facts, filters)),
        phases=tuple(phase_rows(facts, filters, evidence)),
        outputs=tuple(item for item in evidence if item.output),
        evidence=evidence,
        safety=tuple(safety.counts(session, project, filters)),
        phase_kinds=tuple((phase.id, phase.kind) for phase in facts.phases),
    )


def read_facts(session: Session, project: Project) -> SpaceFacts:
    authors = people.authors(session, project)
    member_schools = {a.school_id for a in authors.values() if a.school_id is not None}
    schools = people.schools(session, project, member_schools)
    has_phases = phase_source.available()
    return SpaceFacts(
        authors=authors,
        schools={sid: people.school_label(school) for sid, school in schools.items()},
        phases=phase_source.phases(session, project) if has_phases else [],
        tags=phase_source.tags(session, project) if has_phases else {},
        mobilities=phase_source.mobilities(session, project) if has_phases else [],
    )


def check_filters(facts: SpaceFacts, filters: ReportFilters) -> None:
    if filters.school_id is not None and filters.school_id not in facts.schools:
        raise ValidationError(_("This school is not a partner of the space."), "school")
    if filters.phase_id is not None and all(
        p.id != filters.phase_id for p in facts.phases
    ):
        raise ValidationError(_("This phase is not one of the space's."), "phase")


def contributions(project: Project) -> Iterator[Contribution]:
    """Every contribution of the core and the space's plugins, once each."""
    seen: set[str] = set()
    for batch in project_hooks(project).space_contributions(project=project):
        for item in batch or ():
            if item.id not in seen:
                seen.add(item.id)
                yield item


def select_evidence(
    items: Iterable[Contribution],
    facts: SpaceFacts,
    filters: ReportFilters,
    base_url: str,
) -> Iterator[Evidence]:
    """The contributions inside the filters, oldest first, as :class:`Evidence`."""
    for item in sorted(items, key=lambda c: (aware(c.created_at), c.id)):
        author = facts.authors.get(item.author_id or 0, people.NOBODY)
        phase_ids = frozenset(facts.tags.get(item.id, ()))
        if inside(filters, item, author, phase_ids):
            school = facts.schools.get(author.school_id or 0, "")
            yield evidence_of(item, author, school, phase_ids, base_url)


def inside(
    filters: ReportFilters,
    item: Contribution,
    author: people.Author,
    phase_ids: frozenset[int],
) -> bool:
    """Whether the item falls in the range, the school and the phase filtered on."""
    return (
        filters.covers(item.created_at)
        and filters.school_id in (None, author.school_id)
        and (filters.phase_id is None or filters.phase_id in phase_ids)
    )


def evidence_of(
    item: Contribution,
    author: people.Author,
    school: str,
    phase_ids: frozenset[int],
    base_url: str,
) -> Evidence:
    return Evidence(
        id=item.id,
        type=item.type,
        plugin=item.plugin,
        title=item.title,
        url=absolute(base_url, item.url),
        created_at=aware(item.created_at),
        public=item.public,
        output=item.output,
        role=author.role,
        school=school,
        phase_ids=phase_ids,
    )


def tallies(evidence: tuple[Evidence, ...]) -> dict[str, tuple]:
    """Counts by role, by school, by type, and by all three together."""
    cells = Counter((e.school, e.role, e.type) for e in evidence)
    return {
        "by_role": ordered_roles(Counter(e.role for e in evidence)),
        "by_school": sorted_counts(Counter(e.school for e in evidence)),
        "by_type": sorted_counts(Counter(e.type for e in evidence)),
        "cells": tuple(
            Cell(school, role, type_, count)
            for (school, role, type_), count in sorted(
                cells.items(), key=lambda kv: (kv[0][0], role_rank(kv[0][1]), kv[0][2])
            )
        ),
    }


def mobility_rows(facts: SpaceFacts, filters: ReportFilters) -> Iterator[MobilityRow]:
    """Mobilities that overlap the range (and belong to the phase filtered on)."""
    wanted = phase_mobility(facts, filters)
    for mobility in facts.mobilities:
        if wanted is not None and mobility.id != wanted:
            continue
        if not overlaps(mobility, filters):
            continue
        yield mobility_row(mobility, facts, filters)


def mobility_row(
    mobility: MobilityInfo, facts: SpaceFacts, filters: ReportFilters
) -> MobilityRow:
    found = [facts.authors.get(uid, people.NOBODY) for uid in mobility.participant_ids]
    if filters.school_id is not None:
        found = [a for a in found if a.school_id == filters.school_id]
    return MobilityRow(
        id=mobility.id,
        title=mobility.title,
        host_school=facts.schools.get(mobility.host_school_id or 0, ""),
        starts_on=mobility.starts_on,
        ends_on=mobility.ends_on,
        participants=len(found),
        by_school=sorted_counts(
            Counter(facts.schools.get(a.school_id or 0, "") for a in found)
        ),
        by_role=ordered_roles(Counter(a.role for a in found)),
    )


def phase_mobility(facts: SpaceFacts, filters: ReportFilters) -> int | None:
    """The mobility of the phase filtered on, if the filter names a mobility's phase."""
    phase = next((p for p in facts.phases if p.id == filters.phase_id), None)
    return phase.mobility_id if phase is not None else None


def overlaps(mobility: MobilityInfo, filters: ReportFilters) -> bool:
    if filters.starts_on and mobility.ends_on and mobility.ends_on < filters.starts_on:
        return False
    return not (
        filters.ends_on and mobility.starts_on and mobility.starts_on > filters.ends_on
    )


def phase_rows(
    facts: SpaceFacts, filters: ReportFilters, evidence: tuple[Evidence, ...]
) -> Iterator[PhaseRow]:
    for phase in facts.phases:
        if filters.phase_id is not None and phase.id != filters.phase_id:
            continue
        tagged = Counter(e.type for e in evidence if phase.id in e.phase_ids)
        yield PhaseRow(
            id=phase.id,
            title=phase.title,
            kind=phase.kind,
            starts_on=phase.starts_on,
            ends_on=phase.ends_on,
            total=sum(tagged.values()),
            by_type=sorted_counts(tagged),
        )


def ordered_roles(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple((role, counts[role]) for role in ROLE_ORDER if counts[role])


def role_rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


def sorted_counts(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items()))


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def absolute(base_url: str, url: str) -> str:
    if url.startswith(("http://", "https://")) or not base_url:
        return url
    return base_url.rstrip("/") + "/" + url.lstrip("/")
