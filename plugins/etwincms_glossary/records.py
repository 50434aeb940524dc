"""Glossary entries as plain data, the common ground of the CSV and TBX formats.

A :class:`Record` is what a file says about one concept: its category and a term per
language. Files are read into records and records are written to files without the
database; :mod:`.exchange` turns records into concepts and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .services import TermInput

#: Guards for uploaded files: a glossary file is small, and so are its fields.
MAX_FILE = 5 * 1024 * 1024
MAX_RECORDS = 5000


@dataclass(frozen=True, slots=True)
class Record:
    category: str = ""
    terms: dict[str, TermInput] = field(default_factory=dict)


class FormatError(ValueError):
    """The file is not a glossary file this plugin can read; the message says why."""
