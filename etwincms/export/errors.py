"""Why an export was not made: each reason is a ValidationError with a message a teacher
can act on, shown by the page, the API (409) and the command line alike."""

from __future__ import annotations

from ..errors import ValidationError


class ExportRefused(ValidationError):
    """The export was not made; nothing was written where the caller can see it."""


class PupilNameFound(ExportRefused):
    """A file of the export would show a pupil's name."""


class PluginFailed(ExportRefused):
    """A plugin could not hand over its public content (its error is in the log)."""
