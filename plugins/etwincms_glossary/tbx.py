"""TBX, the terminology exchange standard (ISO 30042): writing TBX-Basic, reading TBX.

Export writes the TBX-Basic dialect of TBX 2 (``<martif type="TBX-Basic">``): a header
with the title, then one ``termEntry`` per concept with its ``subjectField`` (the
category) and a ``langSet`` per language holding the ``definition`` and a ``tig`` with
the ``term`` and its ``context`` (the example sentence). Import reads that, the ``ntig``
variant, and TBX 3 (``<tbx>``: ``conceptEntry`` > ``langSec`` > ``termSec``).

Uploaded XML is read with the standard library's expat parser, which fetches no
external DTD; files declaring entities or an internal DTD subset are refused, so entity
expansion attacks never reach the parser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from .records import MAX_FILE, MAX_RECORDS, FormatError, Record
from .services import TermInput

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNSAFE = re.compile(r"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)
MEDIA_TYPE = "application/x-tbx+xml"
# Characters XML 1.0 cannot hold: written as they are, the file could not be read back.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- writing ---------------------------------------------------------------------------


def export(records: Iterable[Record], *, title: str, language: str) -> bytes:
    """A TBX-Basic document (UTF-8 bytes) with one ``termEntry`` per record."""
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: language or "en"})
    root.append(header(title))
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, record in enumerate(records, start=1):
        body.append(term_entry(record, f"c{number}"))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def header(title: str) -> ET.Element:
    martif_header = ET.Element("martifHeader")
    file_desc = ET.SubElement(martif_header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = title
    ET.SubElement(
        ET.SubElement(file_desc, "sourceDesc"), "p"
    ).text = "Exported from an etwincms glossary"
    encoding = ET.SubElement(martif_header, "encodingDesc")
    ET.SubElement(encoding, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    return martif_header


def term_entry(record: Record, entry_id: str) -> ET.Element:
    entry = ET.Element("termEntry", {"id": entry_id})
    if record.category:
        descrip(entry, "subjectField", record.category)
    for language, term in record.terms.items():
        lang_set = ET.SubElement(entry, "langSet", {XML_LANG: language})
        if term.definition:
            descrip(lang_set, "definition", term.definition)
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = NOT_XML.sub("", term.text)
        if term.example:
            descrip(tig, "context", term.example)
    return entry


def descrip(parent: ET.Element, kind: str, text: str) -> None:
    ET.SubElement(parent, "descrip", {"type": kind}).text = NOT_XML.sub("", text)


# -- reading ---------------------------------------------------------------------------


def parse(data: bytes) -> list[Record]:
    """The records of a TBX file.

    :raises FormatError: the file is too big, unsafe, not XML, or not TBX.
    """
    root = safe_root(data)
    if local(root.tag) not in {"martif", "tbx"}:
        raise FormatError("This is not a TBX file (no <martif> or <tbx> root).")
    records = [record_of(entry) for entry in entries(root)]
    if len(records) > MAX_RECORDS:
        raise FormatError(f"At most {MAX_RECORDS} entries per file.")
    return [record for record in records if record.terms]


def safe_root(data: bytes) -> ET.Element:
    """Parse UTF-8 XML that declares no entities and no internal DTD subset."""
    if len(data) > MAX_FILE:
        raise FormatError("The file is too big.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("Save the TBX file as UTF-8.") from None
    if UNSAFE.search(text):
        raise FormatError("Files that declare XML entities are not accepted.")
    try:
        # Safe here: expat loads no external DTD, and entity declarations were refused.
        return ET.fromstring(text.encode("utf-8"))  # noqa: S314
    except ET.ParseError as error:
        raise FormatError(f"The file is not well-formed XML ({error}).") from None


def local(tag: object) -> str:
    """A tag without its namespace (TBX 3 files have one, TBX 2 files do not)."""
    return str(tag).rsplit("}", 1)[-1]


def children(element: ET.Element, *names: str) -> Iterator[ET.Element]:
    return (child for child in element if local(child.tag) in names)


def entries(root: ET.Element) -> Iterator[ET.Element]:
    """``termEntry`` (TBX 2) or ``conceptEntry`` (TBX 3) elements of ``text/body``."""
    for text in children(root, "text"):
        for body in children(text, "body"):
            yield from children(body, "termEntry", "conceptEntry")


def record_of(entry: ET.Element) -> Record:
    terms: dict[str, TermInput] = {}
    for lang_set in children(entry, "langSet", "langSec"):
        language = lang_set.get(XML_LANG, "").strip()
        term = term_of(lang_set)
        if language and term is not None and language not in terms:
            terms[language] = term
    return Record(category=descrip_text(entry, "subjectField"), terms=terms)


def term_of(lang_set: ET.Element) -> TermInput | None:
    groups = list(children(lang_set, "tig", "ntig", "termSec"))
    for group in groups:
        holder = next(children(group, "termGrp"), group)  # ntig wraps term in termGrp
        term = next(children(holder, "term"), None)
        if term is not None and "".join(term.itertext()).strip():
            return TermInput(
                text="".join(term.itertext()).strip(),
                definition=descrip_text(lang_set, "definition"),
                example=descrip_text(group, "context")
                or descrip_text(holder, "context"),
            )
    return None


def descrip_text(parent: ET.Element, kind: str) -> str:
    """The text of the first ``descrip type=kind`` directly or in a ``descripGrp``."""
    for element in parent:
        if local(element.tag) == "descripGrp":
            found = descrip_text(element, kind)
            if found:
                return found
        elif local(element.tag) == "descrip" and element.get("type") == kind:
            return " ".join("".join(element.itertext()).split())
    return ""
