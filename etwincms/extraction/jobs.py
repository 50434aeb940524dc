"""The database side of extraction: which materials wait, and recording their outcome.

The database is the queue: ``text_status = 'pending'``, oldest first. No transaction is
held while the child process runs (that may take a minute): the material's few fields
are read, the transaction ends, and the outcome is written in a new one only if the
material is still pending. Writing it changes the material, so the same commit queues
its re-index in the search outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models.material import Material, TextStatus
from ..storage import Storage
from . import errors, runner
from .runner import Limits, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """What extracting one material needs, read before its transaction ends."""

    material_id: int
    size: int
    sha256: str
    storage_key: str


def pending_ids(
    session: Session, limit: int | None = None, skip: Collection[int] = ()
) -> list[int]:
    """Ids of materials waiting for extraction, oldest first."""
    query = select(Material.id).where(Material.text_status == TextStatus.PENDING)
    if skip:
        query = query.where(Material.id.not_in(list(skip)))
    return list(session.scalars(query.order_by(Material.id).limit(limit)))


def extract_one(
    session: Session, material_id: int, storage: Storage, limits: Limits
) -> Outcome | None:
    """Extract one pending material and record the outcome (the caller commits).

    None when the material is gone or no longer pending.
    """
    job = read_job(session, material_id)
    session.rollback()  # end the read transaction before the slow part
    if job is None:
        return None
    outcome = same_bytes_outcome(session, job) or run_job(job, storage, limits)
    material = session.get(Material, material_id)
    if material is None or material.text_status != TextStatus.PENDING:
        return None
    record(material, outcome)
    return outcome


def read_job(session: Session, material_id: int) -> Job | None:
    material = session.get(Material, material_id)
    if material is None or material.text_status != TextStatus.PENDING:
        return None
    return Job(material.id, material.size, material.sha256, material.storage_key)


def same_bytes_outcome(session: Session, job: Job) -> Outcome | None:
    """Another material with the same bytes was extracted already: reuse its text."""
    text = session.scalar(
        select(Material.extracted_text)
        .where(
            Material.sha256 == job.sha256,
            Material.text_status == TextStatus.EXTRACTED,
        )
        .limit(1)
    )
    session.rollback()
    return Outcome("extracted", text=text) if text else None


def run_job(job: Job, storage: Storage, limits: Limits) -> Outcome:
    if job.size > limits.max_bytes:
        return Outcome("not_extracted", reason=errors.TOO_LARGE)
    try:
        stream = storage.open(job.storage_key)
    except OSError:
        return Outcome("not_extracted", reason=errors.MISSING)
    with stream:
        return runner.run(stream, limits)


def record(material: Material, outcome: Outcome) -> None:
    material.text_status = TextStatus(outcome.status)
    material.extracted_text = outcome.text if outcome.status == "extracted" else None
    material.text_reason = outcome.reason if outcome.status != "extracted" else None


def record_failure(session: Session, material_id: int, reason: str) -> None:
    """Mark a material not extracted when extracting it failed outside the child."""
    session.rollback()
    material = session.get(Material, material_id)
    if material is not None and material.text_status == TextStatus.PENDING:
        record(material, Outcome("not_extracted", reason=reason))


def extract_pending(
    session: Session,
    storage: Storage,
    config: Mapping[str, Any],
    *,
    commit: Callable[[Session], None],
    limit: int | None = None,
    skip: Collection[int] = (),
) -> list[int]:
    """Extract up to ``limit`` pending materials, committing each; answer their ids."""
    limits = Limits.from_config(config)
    done = pending_ids(session, limit, skip)
    for material_id in done:
        extract_safely(session, material_id, storage, limits)
        commit(session)
    return done


def extract_safely(
    session: Session, material_id: int, storage: Storage, limits: Limits
) -> None:
    """Like :func:`extract_one`, but a failure here marks the material, never loops."""
    try:
        extract_one(session, material_id, storage, limits)
    except Exception:
        log.exception("reading the text of material %s failed", material_id)
        record_failure(session, material_id, errors.CRASHED)


def counts(session: Session) -> dict[str, int]:
    """How many materials are in each text status."""
    rows = session.execute(
        select(Material.text_status, func.count()).group_by(Material.text_status)
    )
    return {TextStatus(status).value: number for status, number in rows}
