"""Events: queued on the session with the change, dispatched only after it is committed.

Services call :func:`queue` inside the unit of work. A commit moves the queue to
"committed"; a rollback drops it, so a plugin never hears of a change that did not
happen. :func:`dispatch` (called by :func:`etwincms.db.commit` and after every request)
calls the hooks, through ``project_hooks(project)`` when the event belongs to a space.
Handlers may write with the same session; their own events are dispatched in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

PENDING = "etwincms.events.pending"
COMMITTED = "etwincms.events.committed"
MAX_ROUNDS = 5


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    hook: str
    space: Any
    kwargs: dict[str, Any]
    include: frozenset[str] = frozenset()


def queue(
    session: Session,
    hook: str,
    space: Any = None,
    include: frozenset[str] = frozenset(),
    /,
    **kwargs: Any,
) -> None:
    """Call ``hook(**kwargs)`` after the current transaction commits.

    :param space: The space the event belongs to (only the plugins it switched on hear
        it), or ``None`` for a site-wide event. Positional, so that ``project=`` can be
        one of the hook's own arguments (pass it there too if the hook takes it).
    :param include: Plugins that hear it even if the space has them off (the plugin
        just switched off hears ``plugin_disabled``).
    """
    session.info.setdefault(PENDING, []).append(
        QueuedEvent(hook, space, kwargs, include)
    )


def install(factory: sessionmaker[Session]) -> None:
    """Track commits and rollbacks of every session the factory makes."""
    event.listen(factory, "after_commit", on_commit)
    event.listen(factory, "after_soft_rollback", on_rollback)


def on_commit(session: Session) -> None:
    committed = session.info.setdefault(COMMITTED, [])
    committed.extend(session.info.pop(PENDING, []))


def on_rollback(session: Session, previous_transaction: Any) -> None:
    session.info.pop(PENDING, None)


def hooks_for(item: QueuedEvent) -> Any:
    from .plugins import enabled_plugin_names
    from .state import get_state

    enabled = enabled_plugin_names(item.space) | item.include
    return get_state().plugins.project_hooks(enabled)


def dispatch(session: Session) -> int:
    """Deliver committed events; commit what handlers wrote, and deliver theirs too."""
    from .state import get_state

    delivered = 0
    for _round in range(MAX_ROUNDS):
        ready: list[QueuedEvent] = session.info.pop(COMMITTED, [])
        if not ready:
            break
        for item in ready:
            hooks = hooks_for(item) if item.space is not None else None
            caller = getattr(hooks or get_state().plugins.pm.hook, item.hook)
            caller(**item.kwargs)
            delivered += 1
        # Handlers' writes may be flushed already (a savepoint flushes): commit
        # whenever they left a transaction open, or it would hold the database's lock.
        if session.in_transaction() or session.info.get(PENDING):
            session.commit()
    return delivered
