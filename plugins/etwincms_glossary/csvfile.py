"""The glossary as CSV: one row per concept, one column per language.

Columns: ``category``, then the term in each language (the column is the language's
code, ``en``, ``es``...), then ``definition:<code>`` and ``example:<code>`` for each.
Reading accepts commas, semicolons (what spreadsheets in many European locales write) or
tabs, a UTF-8 byte order mark, and any subset of those columns. Cells that a spreadsheet
would run as a formula are written with a leading apostrophe, which reading removes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .records import MAX_FILE, MAX_RECORDS, FormatError, Record
from .services import LANGUAGE, TermInput

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MEDIA_TYPE = "text/csv"


def export(records: Iterable[Record], languages: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(languages))
    for record in records:
        writer.writerow([defused(cell) for cell in row(record, languages)])
    return out.getvalue()


def header(languages: list[str]) -> list[str]:
    return [
        "category",
        *languages,
        *(f"definition:{code}" for code in languages),
        *(f"example:{code}" for code in languages),
    ]


def row(record: Record, languages: list[str]) -> list[str]:
    terms = [record.terms.get(code) for code in languages]
    return [
        record.category,
        *(t.text if t else "" for t in terms),
        *(t.definition if t else "" for t in terms),
        *(t.example if t else "" for t in terms),
    ]


def defused(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def restored(cell: str | None) -> str:
    text = (cell or "").strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def parse(data: bytes) -> list[Record]:
    """The records of a CSV file.

    :raises FormatError: too big, not UTF-8, or no column names a language.
    """
    if len(data) > MAX_FILE:
        raise FormatError("The file is too big.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("Save the CSV file as UTF-8.") from None
    # newline="": a cell may hold a carriage return (the csv module's own rule).
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect_of(text))
    languages = [
        n.strip() for n in reader.fieldnames or [] if LANGUAGE.match(n.strip())
    ]
    if not languages:
        raise FormatError("No column is named after a language (en, es, de...).")
    records = [record_of(line, languages) for line in reader]
    if len(records) > MAX_RECORDS:
        raise FormatError(f"At most {MAX_RECORDS} rows per file.")
    return [record for record in records if record.terms]


def dialect_of(text: str) -> type[csv.Dialect]:
    try:
        sniffed = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        return csv.excel
    # The header alone shows no quoting, so the sniffer guesses "no doubled quotes":
    # every spreadsheet (and our export) doubles them inside quoted cells.
    sniffed.doublequote = True
    return sniffed


def record_of(line: dict[str, str | None], languages: list[str]) -> Record:
    cells = {(key or "").strip(): value for key, value in line.items()}
    terms = {
        code: TermInput(
            text=restored(cells.get(code)),
            definition=restored(cells.get(f"definition:{code}")),
            example=restored(cells.get(f"example:{code}")),
        )
        for code in languages
        if restored(cells.get(code))
    }
    return Record(category=restored(cells.get("category")), terms=terms)
