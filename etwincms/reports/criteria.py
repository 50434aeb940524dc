"""The eTwinning Quality Label's criteria, and the rule table that files evidence under them.

A contribution is evidence for a criterion when a rule matches it: by the plugin that
made it, by its content type, by the kind of phase it is tagged with, or because it is
an output. The table is plain data (:data:`RULES`) so that it can be read in
docs/reports.md, and extended: :func:`rules` is where plugins' rules will join it.
One item may be evidence for several criteria. eSafety and GDPR is shown by the
moderation decisions and consent records of the audit log (:mod:`.safety`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .model import Evidence, Report


@dataclass(frozen=True, slots=True)
class Criterion:
    """One of the Quality Label's criteria: a code, a name and what evidence shows it."""

    code: str
    title: object
    meaning: object


@dataclass(frozen=True, slots=True)
class Rule:
    """Evidence for ``criterion``: items matching ANY of the given conditions.

    :param plugins: Plugins whose items count (``"core"`` for pages and materials).
    :param types: Content types that count (``"glossary_concept"``).
    :param phase_kinds: Items tagged with a phase of one of these kinds count.
    :param outputs: Items marked as outputs (``Contribution.output``) count.
    """

    criterion: str
    plugins: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    phase_kinds: frozenset[str] = frozenset()
    outputs: bool = False

    def matches(self, item: Evidence, kinds: frozenset[str]) -> bool:
        return (
            item.plugin in self.plugins
            or item.type in self.types
            or bool(self.phase_kinds & kinds)
            or (self.outputs and item.output)
        )


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "innovation",
        _l("Pedagogical innovation and creativity"),
        _l("Pupils reflect, evaluate and create: diaries, blogs, surveys."),
    ),
    Criterion(
        "curriculum",
        _l("Curricular integration"),
        _l(
            "Work that fits the subjects taught: glossaries, articles, teaching materials."
        ),
    ),
    Criterion(
        "collaboration",
        _l("Collaboration between partner schools"),
        _l(
            "Partners work together: forums, meetings, shared articles, the mobility itself."
        ),
    ),
    Criterion(
        "technology",
        _l("Use of technology"),
        _l(
            "Digital tools in use: photo and video albums, embedded tools, online surveys."
        ),
    ),
    Criterion(
        "results",
        _l("Results, impact and documentation"),
        _l(
            "Outputs and dissemination: public pages, albums, glossaries, survey results."
        ),
    ),
    Criterion(
        "esafety",
        _l("eSafety and GDPR"),
        _l("Pupils' content is moderated and their media consent recorded."),
    ),
)

RULES: tuple[Rule, ...] = (
    Rule("innovation", plugins=frozenset({"blog", "survey"})),
    Rule(
        "curriculum",
        plugins=frozenset({"glossary", "wiki"}),
        types=frozenset({"material"}),
    ),
    Rule(
        "collaboration",
        plugins=frozenset({"forum", "meetings", "wiki"}),
        phase_kinds=frozenset({"during"}),
    ),
    Rule(
        "technology",
        plugins=frozenset({"gallery", "embed", "survey"}),
    ),
    Rule("results", phase_kinds=frozenset({"after", "dissemination"}), outputs=True),
)


@dataclass(frozen=True, slots=True)
class CriterionEvidence:
    """A criterion with the items filed under it (and, for eSafety, audit counts)."""

    criterion: Criterion
    items: tuple[Evidence, ...]
    records: tuple[tuple[str, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.items) + sum(count for _, count in self.records)


def rules() -> tuple[Rule, ...]:
    """The rule table in force (today the core's own)."""
    return RULES


def group_by_criteria(
    report: Report, table: Sequence[Rule] | None = None
) -> list[CriterionEvidence]:
    """The report's evidence filed under each criterion, in the criteria's order."""
    table = rules() if table is None else table
    kinds_of = dict(report.phase_kinds)
    return [
        CriterionEvidence(
            criterion,
            tuple(matching(report.evidence, criterion.code, table, kinds_of)),
            report.safety if criterion.code == "esafety" else (),
        )
        for criterion in CRITERIA
    ]


def matching(
    items: Iterable[Evidence],
    code: str,
    table: Sequence[Rule],
    kinds_of: dict[int, str],
) -> Iterable[Evidence]:
    own = [rule for rule in table if rule.criterion == code]
    for item in items:
        kinds = frozenset(kinds_of.get(pid, "") for pid in item.phase_ids)
        if any(rule.matches(item, kinds) for rule in own):
            yield item
