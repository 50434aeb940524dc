"""Exceptions shared by services, views, the API and the CLI.

Services raise these; each interface translates them into its own shape (an HTTP status,
a flash message, a CLI error). Keeping them in one module lets every interface agree on
what went wrong without importing each other.
"""

from __future__ import annotations


class EtwinError(Exception):
    """Base class of every error etwincms raises on purpose."""


class StartupError(EtwinError):
    """The application cannot start: bad configuration or a broken plugin."""


class PermissionDenied(EtwinError):
    """The actor may not do this (``can()`` answered no)."""

    def __init__(self, capability: str, message: str | None = None) -> None:
        self.capability = capability
        super().__init__(message or f"Not allowed: {capability}")


class NotFound(EtwinError):
    """The object does not exist, or the actor may not know that it exists."""


class ValidationError(EtwinError):
    """Input was rejected; ``field`` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class EditConflict(EtwinError):
    """A save was based on a revision that is no longer the current one.

    Carries both texts so that nothing typed is lost: ``mine`` is what the user tried to
    save, ``theirs`` is the body of the revision that landed in between.
    """

    def __init__(
        self, *, base_number: int, current_number: int, mine: str, theirs: str
    ) -> None:
        self.base_number = base_number
        self.current_number = current_number
        self.mine = mine
        self.theirs = theirs
        super().__init__(
            f"Edit conflict: based on revision {base_number}, "
            f"but revision {current_number} is current"
        )
