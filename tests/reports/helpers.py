"""Reading a report back from its HTML, CSV and PDF, for the tests to compare."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

from pypdf import PdfReader

DATA_COUNT = re.compile(r'data-count="([^"]+)">(\d+)<')


def html_counts(html: str) -> dict[str, int]:
    """``data-count`` keys of the page and their numbers (``role:pupil`` -> 3)."""
    return {
        key: int(value) for key, value in DATA_COUNT.findall(html.replace("&amp;", "&"))
    }


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def csv_counts(rows: list[dict[str, str]], section: str, *columns: str) -> Counter:
    """The ``count`` of each row of ``section``, keyed by ``columns``."""
    found: Counter[Any] = Counter()
    for row in rows:
        if row["section"] == section:
            key = tuple(row[c] for c in columns)
            found[key[0] if len(key) == 1 else key] += int(row["count"])
    return found


def pdf_text(data: bytes) -> str:
    return "\n".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages
    )


def prefixed(counts: dict[str, int], prefix: str) -> dict[str, int]:
    return {
        k[len(prefix) :]: v
        for k, v in counts.items()
        if k.startswith(prefix) and ":" not in k[len(prefix) :]
    }
